/*
 * seekdir: a getdents64 record's d_off, given back to lseek, brings the
 * listing back to the entry after it (what musl's and glibc's seekdir
 * do with telldir's cookie), on every type: FAT (/), tmpfs (/tmp), procfs (/proc),
 * devfs (/dev). The output is Linux's (run-host.sh compares).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define MAXENT 400

struct d64 {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

static char names[MAXENT][64];
static int64_t offs[MAXENT];

static char buf[8192];

/* The first entry getdents64 gives from fd's place: its name into
 * name, its d_off; 0 at the end. */
static int
first(int fd, char *name, int64_t *off)
{
	long n = syscall3(SYS_getdents64, fd, (long)buf, sizeof buf);
	if (n <= 0)
		return 0;
	struct d64 *d = (struct d64 *)buf;
	snprintf(name, 64, "%.63s", d->name);
	*off = d->off;
	return 1;
}

/* Every entry of fd from its start, into names and offs; the count. */
static int
list(int fd)
{
	long got;
	int n = 0;

	while ((got = syscall3(SYS_getdents64, fd, (long)buf, sizeof buf)) > 0)
		for (long at = 0; at < got && n < MAXENT; n++) {
			struct d64 *d = (struct d64 *)(buf + at);
			snprintf(names[n], 64, "%.63s", d->name);
			offs[n] = d->off;
			at += d->reclen;
		}
	return n;
}

/* Whether every d_off of path's listing brings back the entry after
 * it; *past: an entry after the last's d_off, *again: lseek to 0 gives
 * the first back. */
static int
offsets_hold(const char *path, int *past, int *again)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	int bad = 0;
	char name[64];
	int64_t off;

	if (fd < 0)
		fail();
	int n = list(fd);
	for (int i = 0; i + 1 < n; i++) {
		lseek(fd, offs[i], SEEK_SET);
		if (!first(fd, name, &off) || strcmp(name, names[i + 1]) || off != offs[i + 1])
			bad++;
	}
	lseek(fd, offs[n - 1], SEEK_SET);
	*past = first(fd, name, &off);
	lseek(fd, 0, SEEK_SET);
	*again = first(fd, name, &off) && !strcmp(name, names[0]);
	close(fd);
	return !bad;
}

/* tries: how many listings may be taken: /proc's entries come and go
 * with the machine's processes (the host's, in the linux suite, while
 * other suites run), which moves the entry after a pid that ended. */
static void
check_dir(const char *path, int tries)
{
	int past, again, held;

	while (!(held = offsets_hold(path, &past, &again)) && --tries > 0)
		;
	printf("%s: every d_off brings back the entry after it: %s; after the last, the end: %s; "
	       "0 the first: %s\n", path, held ? "yes" : "no", past ? "no" : "yes", again ? "yes" : "no");
}

int
main(void)
{
	mkdir("/tmp/seekdir.d", 0755);
	for (int i = 0; i < 40; i++) {
		char p[64];
		snprintf(p, sizeof p, "/tmp/seekdir.d/f%d", i);
		close(open(p, O_CREAT | O_WRONLY, 0644));
	}
	check_dir("/", 1);
	check_dir("/tmp/seekdir.d", 1);
	check_dir("/proc", 10);
	check_dir("/dev", 1);
	for (int i = 0; i < 40; i++) {
		char p[64];
		snprintf(p, sizeof p, "/tmp/seekdir.d/f%d", i);
		unlink(p);
	}
	rmdir("/tmp/seekdir.d");
	printf("seekdir done\n");
	return 0;
}
