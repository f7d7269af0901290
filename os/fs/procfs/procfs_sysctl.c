/*
 * /proc/sys: the kernel's settings as files, as Linux's sysctl tree
 * (its kernel/sysctl.c). One table holds every entry, directories and
 * files alike, each naming its directory by index; a file has a
 * generator for its text and, if it may be written, a handler that
 * takes the written text. procfs.c makes the nodes (PK_SYSCTL, the
 * entry's index) and asks this file for lookups, listings, reads and
 * writes.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "fs/procfs/procfs.h"

static int ostype(struct pbuf *b) { pb_printf(b, "Linux\n"); return 0; }
static int osrelease(struct pbuf *b) { pb_printf(b, "%s\n", UTS_RELEASE); return 0; }
static int randomize_get(struct pbuf *b) { pb_printf(b, "%d\n", va_randomize()); return 0; }

static bool space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* kernel/hostname and kernel/domainname: uname's names (kern/uts.c) */
static int uts_show(struct pbuf *b, int which)
{
	char name[UTS_LEN + 1];

	uts_get(which, name);
	pb_printf(b, "%s\n", name);
	return 0;
}

/* As Linux's proc_dostring writes one: up to its first newline or NUL,
 * at most 64 bytes kept; the whole write taken. */
static long uts_store(int which, const char *text, size_t n)
{
	size_t len = 0;

	while (len < n && len < UTS_LEN && text[len] != '\n' && text[len] != 0)
		len++;
	uts_set(which, text, len);
	return (long)n;
}

static int hostname_get(struct pbuf *b) { return uts_show(b, UTS_NODENAME); }
static int domainname_get(struct pbuf *b) { return uts_show(b, UTS_DOMAINNAME); }
static long hostname_set(const char *t, size_t n) { return uts_store(UTS_NODENAME, t, n); }
static long domainname_set(const char *t, size_t n) { return uts_store(UTS_DOMAINNAME, t, n); }

/*
 * One int as Linux's proc_dointvec reads it: blanks, an optional '-',
 * a number in C's notation (0x hex, 0 octal), then a blank or the end;
 * the blanks after it are taken too. The bytes taken, or -EINVAL.
 */
static long parse_int(const char *s, size_t n, int *out)
{
	size_t i = 0;
	bool neg = false;
	uint64_t v = 0, base = 10;

	while (i < n && space(s[i]))
		i++;
	if (i < n && s[i] == '-' && n - i > 1) {
		neg = true;
		i++;
	}
	if (i >= n || s[i] < '0' || s[i] > '9')
		return -EINVAL;
	if (s[i] == '0' && i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
		if (i >= n || space(s[i]))
			return -EINVAL;	/* "0x" alone: a 0, then an x */
	} else if (s[i] == '0') {
		base = 8;
	}
	for (; i < n && !space(s[i]); i++) {
		char c = s[i] | 0x20;	/* 'A'..'F' as 'a'..'f' */
		uint64_t d = c >= '0' && c <= '9' ? (uint64_t)(c - '0')
			   : c >= 'a' && c <= 'f' ? (uint64_t)(c - 'a' + 10) : base;
		if (d >= base || (v = v * base + d) > (uint64_t)INT32_MAX + neg)
			return -EINVAL;
	}
	while (i < n && space(s[i]))
		i++;
	*out = neg ? (int)-(int64_t)v : (int)v;
	return (long)i;
}

static long randomize_set(const char *text, size_t n)
{
	int level;
	long used = parse_int(text, n, &level);

	if (used >= 0)
		va_randomize_set(level);
	return used;
}

/* The tree: entry 0 is /proc/sys itself. */
static const struct sysctl {
	const char *name;
	int dir;		/* the entry of its directory */
	uint32_t mode;
	int (*gen)(struct pbuf *b);
	long (*set)(const char *text, size_t n);	/* bytes taken, or -errno */
} table[] = {
	{ "sys", -1, S_IFDIR | 0555, NULL, NULL },
	{ "kernel", 0, S_IFDIR | 0555, NULL, NULL },
	{ "domainname", 1, S_IFREG | 0644, domainname_get, domainname_set },
	{ "hostname", 1, S_IFREG | 0644, hostname_get, hostname_set },
	{ "osrelease", 1, S_IFREG | 0444, osrelease, NULL },
	{ "ostype", 1, S_IFREG | 0444, ostype, NULL },
	{ "randomize_va_space", 1, S_IFREG | 0644, randomize_get, randomize_set },
};
#define NSYSCTL (int)(sizeof(table) / sizeof(table[0]))

uint32_t sysctl_mode(int i) { return table[i].mode; }
int sysctl_parent(int i) { return table[i].dir; }
const char *sysctl_name(int i) { return table[i].name; }

int sysctl_lookup(int dir, const char *name)
{
	for (int i = 0; i < NSYSCTL; i++)
		if (table[i].dir == dir && strcmp(table[i].name, name) == 0)
			return i;
	return -ENOENT;
}

int sysctl_next(int dir, int from)
{
	for (int i = from; i < NSYSCTL; i++)
		if (table[i].dir == dir)
			return i;
	return -ENOENT;
}

int sysctl_read(int i, struct pbuf *b)
{
	return table[i].gen ? table[i].gen(b) : -EISDIR;
}

/* A write of the text in u at off: as Linux's, the whole of it at 0 (a
 * page at most), and at any other offset taken and ignored (its
 * sysctl_writes_strict). */
long sysctl_write(int i, uint64_t off, struct uio *u)
{
	uint64_t n = MIN(u->resid, (uint64_t)PGSIZE - 1);
	char *text;

	if (!table[i].set)
		return (table[i].mode & S_IFMT) == S_IFDIR ? -EISDIR : -EIO;
	if (off != 0)
		return uio_advance(u, (long)u->resid);
	if (!(text = kalloc()))
		return -ENOMEM;
	long got = uio_move(u, text, n, true);
	if (got >= 0)
		got = table[i].set(text, (size_t)got);
	kfree(text);
	return got;
}
