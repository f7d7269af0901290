/*
 * Names: 8.3 short names as text, long names assembled from LFN entries
 * (UTF-16 to UTF-8), and the case-insensitive compare used by lookup.
 * A long name is only believed when its run is complete, in sequence, and
 * carries the checksum of the short entry that follows it; otherwise the
 * short name is used, as the FAT spec asks.
 */
#include "fat_int.h"

void lfn_reset(struct lfn_run *l)
{
	l->count = 0;
	l->expect = 0;
	l->done = 0;
}

/* The 13 UTF-16 units of one LFN entry, in name order. */
static void lfn_units(const uint8_t *ent, uint16_t *u)
{
	int i;

	for (i = 0; i < 5; i++)
		u[i] = ld16(ent + LDIR_Name1 + 2 * i);
	for (i = 0; i < 6; i++)
		u[5 + i] = ld16(ent + LDIR_Name2 + 2 * i);
	for (i = 0; i < 2; i++)
		u[11 + i] = ld16(ent + LDIR_Name3 + 2 * i);
}

/*
 * Adds one LFN entry. Runs are stored last piece first: the entry with
 * LDIR_LAST starts a run of n entries, then n-1 .. 1 must follow, all
 * with the same checksum. Anything else drops the run.
 */
void lfn_add(struct lfn_run *l, const uint8_t *ent)
{
	uint8_t ord = ent[LDIR_Ord];
	uint8_t n = ord & LDIR_ORD_MASK;
	uint8_t sum = ent[LDIR_Chksum];

	if ((ord & ~(LDIR_LAST | LDIR_ORD_MASK)) || n == 0 ||
	    n > LFN_MAX_ENTRIES || ent[LDIR_Type] != 0 ||
	    ld16(ent + LDIR_FstClusLO) != 0) {
		lfn_reset(l);
		return;
	}
	if (ord & LDIR_LAST) {
		l->count = n;
		l->sum = sum;
		l->done = 0;
	} else if (l->expect != n || l->sum != sum) {
		lfn_reset(l);
		return;
	}
	lfn_units(ent, l->units + (n - 1) * LFN_UNITS);
	l->expect = n - 1;
	l->done = (n == 1);
}

/* The checksum of an 8.3 name that each of its LFN entries carries. */
uint8_t lfn_checksum(const uint8_t *name11)
{
	uint8_t sum = 0;
	int i;

	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name11[i]);
	return sum;
}

/* Appends code point cp as UTF-8 at out[*len]; 0 if it does not fit. */
static int put_utf8(char *out, size_t *len, uint32_t cp)
{
	uint8_t b[4];
	size_t k, nb;

	if (cp < 0x80) {
		b[0] = (uint8_t)cp;
		nb = 1;
	} else if (cp < 0x800) {
		b[0] = (uint8_t)(0xC0 | (cp >> 6));
		b[1] = (uint8_t)(0x80 | (cp & 0x3F));
		nb = 2;
	} else if (cp < 0x10000) {
		b[0] = (uint8_t)(0xE0 | (cp >> 12));
		b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (uint8_t)(0x80 | (cp & 0x3F));
		nb = 3;
	} else {
		b[0] = (uint8_t)(0xF0 | (cp >> 18));
		b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (uint8_t)(0x80 | (cp & 0x3F));
		nb = 4;
	}
	if (*len + nb > FAT_NAME_MAX)
		return 0;
	for (k = 0; k < nb; k++)
		out[(*len)++] = (char)b[k];
	return 1;
}

/*
 * Converts nunits of UTF-16 to UTF-8. Refuses unpaired surrogates, control
 * characters and '/', which would make the name unusable in a path.
 */
static int utf16_to_utf8(const uint16_t *u, size_t nunits,
			 char out[FAT_NAME_MAX + 1])
{
	size_t i, len = 0;
	uint32_t cp;

	for (i = 0; i < nunits; i++) {
		cp = u[i];
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < nunits &&
		    u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (u[i + 1] - 0xDC00);
			i++;
		} else if (cp >= 0xD800 && cp <= 0xDFFF) {
			return 0;
		}
		if (cp < 0x20 || cp == '/' || !put_utf8(out, &len, cp))
			return 0;
	}
	out[len] = '\0';
	return 1;
}

static int is_dot_name(const char *s)
{
	return s[0] == '.' && (s[1] == '\0' || (s[1] == '.' && s[2] == '\0'));
}

/* Does the complete run in l belong to short entry ent? Its entries then
 * sit right before ent, and are deleted or moved with it. */
int lfn_owns(const struct lfn_run *l, const uint8_t *ent)
{
	return l->done && l->sum == lfn_checksum(ent + DIR_Name);
}

/*
 * The long name for short entry ent, in UTF-8, if the preceding LFN run
 * belongs to it. Returns 0 (use the short name) if not, or if the long
 * name is empty, ".", "..", or longer than FAT_NAME_MAX bytes as UTF-8.
 */
int lfn_name(const struct lfn_run *l, const uint8_t *ent,
	     char out[FAT_NAME_MAX + 1])
{
	size_t n = 0, max = (size_t)l->count * LFN_UNITS;

	if (!lfn_owns(l, ent))
		return 0;
	while (n < max && l->units[n] != 0)
		n++;
	if (n == 0 || !utf16_to_utf8(l->units, n, out))
		return 0;
	return !is_dot_name(out);
}

/* One 8.3 byte as text: OEM code page bytes are unknown here, so '_'. */
static char short_char(uint8_t c, int lower)
{
	if (c < 0x20 || c >= 0x7F || c == '/')
		return '_';
	if (lower && c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return (char)c;
}

/*
 * "BASE.EXT" from the space-padded 11-byte name. NTRes bits mark an
 * all-lowercase base or extension: how Windows and mtools store names like
 * "readme.txt" without spending an LFN entry on them.
 */
void short_name(const uint8_t *ent, char out[SHORT_NAME_MAX])
{
	const uint8_t *nm = ent + DIR_Name;
	int lb = (ent[DIR_NTRes] & NTRES_LOWER_BASE) != 0;
	int le = (ent[DIR_NTRes] & NTRES_LOWER_EXT) != 0;
	int i, blen = 8, elen = 3, k = 0;

	while (blen > 0 && nm[blen - 1] == ' ')
		blen--;
	while (elen > 0 && nm[8 + elen - 1] == ' ')
		elen--;
	for (i = 0; i < blen; i++) {
		uint8_t c = (i == 0 && nm[0] == DIRENT_KANJI) ? DIRENT_FREE : nm[i];

		out[k++] = short_char(c, lb);
	}
	if (blen == 0)
		out[k++] = '_';  /* corrupt, but keep the entry nameable */
	if (elen > 0)
		out[k++] = '.';
	for (i = 0; i < elen; i++)
		out[k++] = short_char(nm[8 + i], le);
	out[k] = '\0';
}

static char fold(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Is a[0..alen) equal to the string b, ignoring ASCII case? */
int name_eq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (b[i] == '\0' || fold(a[i]) != fold(b[i]))
			return 0;
	return b[alen] == '\0';
}
