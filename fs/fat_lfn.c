/*
 * Names for new entries: checking a UTF-8 name against FAT's rules, the
 * 8.3 short entry it gets (directly, with NTRes case bits, when it fits;
 * else an alias made by the FAT spec's basis-name and numeric-tail
 * algorithm), and the VFAT long-name entries that carry it as typed.
 * Only ASCII has an 8.3 form here: the OEM code page is unknown, so other
 * characters become '_' in an alias and always need a long name.
 */
#include "fat_int.h"

/* Characters an 8.3 name may hold besides letters and digits. */
static int short_special(uint32_t c)
{
	const char *ok = "$%'-_@~`!(){}^#&";

	for (; *ok != '\0'; ok++)
		if ((uint32_t)(uint8_t)*ok == c)
			return 1;
	return 0;
}

static int is_upper(uint32_t c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_lower(uint32_t c)
{
	return c >= 'a' && c <= 'z';
}

static int short_ok(uint32_t c)
{
	return is_upper(c) || is_lower(c) || (c >= '0' && c <= '9') ||
	       short_special(c);
}

/* Characters no FAT name may hold: control characters and the ones
 * Windows reserves for paths and wildcards. */
static int long_bad(uint32_t c)
{
	const char *bad = "\"*/:<>?\\|";

	if (c < 0x20 || c == 0x7F)
		return 1;
	for (; *bad != '\0'; bad++)
		if ((uint32_t)(uint8_t)*bad == c)
			return 1;
	return 0;
}

/*
 * Decodes one UTF-8 code point at s[*i]. Refuses overlong forms,
 * surrogates and values past U+10FFFF: bytes that are not a character
 * cannot be stored as UTF-16.
 */
static int utf8_next(const uint8_t *s, size_t len, size_t *i, uint32_t *cp)
{
	static const uint32_t min[4] = { 0, 0x80, 0x800, 0x10000 };
	uint32_t c = s[*i];
	size_t k, n;

	if (c < 0x80)
		n = 0;
	else if ((c & 0xE0) == 0xC0)
		n = 1, c &= 0x1F;
	else if ((c & 0xF0) == 0xE0)
		n = 2, c &= 0x0F;
	else if ((c & 0xF8) == 0xF0)
		n = 3, c &= 0x07;
	else
		return 0;
	if (n > len - *i - 1)
		return 0;
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[*i + k] & 0x3F);
	}
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*i += n + 1;
	*cp = c;
	return 1;
}

/* UTF-8 to UTF-16 with FAT's rules; sets nn->units and nn->nunits. */
static int to_units(const char *name, size_t len, struct new_name *nn)
{
	const uint8_t *s = (const uint8_t *)name;
	size_t i = 0;
	uint32_t cp, n = 0;

	while (i < len) {
		if (!utf8_next(s, len, &i, &cp) || long_bad(cp))
			return -FAT_EINVAL;
		if (n + 1 + (cp >= 0x10000) > FAT_NAME_MAX)
			return -FAT_ENAMETOOLONG;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			nn->units[n++] = (uint16_t)(0xD800 + (cp >> 10));
			cp = 0xDC00 + (cp & 0x3FF);
		}
		nn->units[n++] = (uint16_t)cp;
	}
	nn->nunits = n;
	return 0;
}

/* Case of one part of an 8.3 name: 0 upper (or no letters), 1 lower,
 * -1 mixed. */
static int part_case(const char *p, size_t n)
{
	int up = 0, lo = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		up |= is_upper((uint8_t)p[i]);
		lo |= is_lower((uint8_t)p[i]);
	}
	return up && lo ? -1 : lo;
}

/*
 * Is name a valid 8.3 name, ignoring case? (At most 8 characters, then
 * optionally a dot and 1 to 3 more, all allowed in short names.) *dot gets
 * the dot's index, or len if there is none.
 */
static int fits_83(const char *name, size_t len, size_t *dot)
{
	size_t i;

	*dot = len;
	for (i = 0; i < len; i++) {
		if (name[i] == '.' && *dot == len && i > 0)
			*dot = i;
		else if (!short_ok((uint8_t)name[i]))
			return 0;
	}
	return *dot <= 8 && len - *dot <= 4;
}

static uint8_t upper(uint32_t c)
{
	return (uint8_t)(is_lower(c) ? c - 'a' + 'A' : c);
}

/* The second half of a character outside the BMP: one '_' is enough. */
static int is_low_surrogate(uint16_t u)
{
	return u >= 0xDC00 && u <= 0xDFFF;
}

/* The basis name (FAT spec): upper case, spaces and leading dots dropped,
 * up to 8 characters before the first dot and 3 after the last. Returns
 * whether anything was lost (replaced with '_'). */
static int make_basis(struct new_name *nn)
{
	const uint16_t *u = nn->units;
	uint32_t i = 0, last = nn->nunits, n, lossy = 0;

	memset(nn->basis, ' ', 11);
	while (i < nn->nunits && u[i] == '.')
		i++;
	for (n = i; n < nn->nunits; n++)
		if (u[n] == '.')
			last = n;
	for (n = 0; i < nn->nunits && u[i] != '.' && n < 8; i++) {
		if (u[i] == ' ' || is_low_surrogate(u[i]))
			continue;
		lossy |= !short_ok(u[i]);
		nn->basis[n++] = short_ok(u[i]) ? upper(u[i]) : '_';
	}
	if (n == 0)
		nn->basis[n++] = '_', lossy = 1;
	nn->baselen = (uint8_t)n;
	for (i = last + 1, n = 8; i < nn->nunits && n < 11; i++) {
		if (u[i] == ' ' || is_low_surrogate(u[i]))
			continue;
		lossy |= !short_ok(u[i]);
		nn->basis[n++] = short_ok(u[i]) ? upper(u[i]) : '_';
	}
	return (int)lossy;
}

/* An 8.3 name stored as such: case kept by NTRes bits, no long name. */
static int short_only(const char *name, size_t len, struct new_name *nn)
{
	size_t dot, i;
	int bc, ec;

	if (!fits_83(name, len, &dot))
		return 0;
	bc = part_case(name, dot);
	ec = dot < len ? part_case(name + dot + 1, len - dot - 1) : 0;
	if (bc < 0 || ec < 0)
		return 0;
	memset(nn->name11, ' ', 11);
	for (i = 0; i < dot; i++)
		nn->name11[i] = upper((uint8_t)name[i]);
	for (i = dot + 1; i < len; i++)
		nn->name11[8 + i - dot - 1] = upper((uint8_t)name[i]);
	nn->ntres = (uint8_t)((bc ? NTRES_LOWER_BASE : 0) |
			      (ec ? NTRES_LOWER_EXT : 0));
	nn->nlfn = 0;
	return 1;
}

int name_parse(const char *name, size_t len, struct new_name *nn)
{
	size_t dot;
	int r;

	if (len == 0 || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return -FAT_EINVAL;
	if (len > FAT_NAME_MAX)
		return -FAT_ENAMETOOLONG;
	/* Windows drops trailing dots and spaces; refusing them keeps the
	 * name on disk the one asked for. */
	if (name[len - 1] == '.' || name[len - 1] == ' ')
		return -FAT_EINVAL;
	r = to_units(name, len, nn);
	if (r < 0)
		return r;
	if (short_only(name, len, nn))
		return 0;
	nn->ntres = 0;
	nn->nlfn = (uint8_t)((nn->nunits + LFN_UNITS - 1) / LFN_UNITS);
	/* A name that is 8.3 but for its mixed case keeps its basis as is. */
	nn->tail = (uint8_t)(make_basis(nn) || !fits_83(name, len, &dot));
	memcpy(nn->name11, nn->basis, 11);
	return 0;
}

static uint32_t ndigits(uint32_t k)
{
	uint32_t d = 1;

	while (k >= 10) {
		k /= 10;
		d++;
	}
	return d;
}

/* name11 = basis with numeric tail ~k (1 <= k <= 999999): the base is cut
 * so that base, '~' and the digits fit in 8. */
void name_tail(struct new_name *nn, uint32_t k)
{
	uint32_t d = ndigits(k), keep = 7 - d, i;

	if (keep > nn->baselen)
		keep = nn->baselen;
	memcpy(nn->name11, nn->basis, 11);
	memset(nn->name11, ' ', 8);
	memcpy(nn->name11, nn->basis, keep);
	nn->name11[keep] = '~';
	for (i = d; i > 0; i--, k /= 10)
		nn->name11[keep + i] = (uint8_t)('0' + k % 10);
}

/* If short name s is nn's basis with a tail ~k, returns k; else 0. */
uint32_t name_tail_of(const struct new_name *nn, const uint8_t *s)
{
	uint32_t p, i, k = 0, d;

	if (memcmp(s + 8, nn->basis + 8, 3) != 0)
		return 0;
	for (p = 0; p < 8 && s[p] != '~'; p++)
		;
	for (i = p + 1; i < 8 && s[i] >= '0' && s[i] <= '9'; i++)
		k = k * 10 + (s[i] - '0');
	d = i - p - 1;
	if (p == 8 || d == 0 || s[p + 1] == '0' || (i < 8 && s[i] != ' '))
		return 0;
	if (p != (nn->baselen < 7 - d ? nn->baselen : 7 - d))
		return 0;
	return memcmp(s, nn->basis, p) == 0 ? k : 0;
}

/*
 * The LFN entries for nn, in disk order (the last piece first, marked
 * LDIR_LAST), each carrying the checksum of the final short name. The
 * name ends with a 0 unit if it does not fill the last entry; the rest
 * is 0xFFFF, as the spec asks.
 */
void lfn_build(const struct new_name *nn, uint8_t *ents)
{
	static const uint8_t at[LFN_UNITS] = { 1, 3, 5, 7, 9, 14, 16, 18,
					       20, 22, 24, 28, 30 };
	uint8_t sum = lfn_checksum(nn->name11);
	uint32_t k, j, idx;
	uint16_t u;
	uint8_t *e;

	for (k = 1; k <= nn->nlfn; k++) {
		e = ents + (nn->nlfn - k) * DIR_ENTRY_SIZE;
		memset(e, 0, DIR_ENTRY_SIZE);
		e[LDIR_Ord] = (uint8_t)(k | (k == nn->nlfn ? LDIR_LAST : 0));
		e[LDIR_Attr] = ATTR_LONG_NAME;
		e[LDIR_Chksum] = sum;
		for (j = 0; j < LFN_UNITS; j++) {
			idx = (k - 1) * LFN_UNITS + j;
			u = idx < nn->nunits ? nn->units[idx] :
			    idx == nn->nunits ? 0 : 0xFFFF;
			st16(e + at[j], u);
		}
	}
}
