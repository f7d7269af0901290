/*
 * Helpers for the write tests: each group gets a fresh 64 MiB FAT32 image
 * made by mkfs.fat, changes it through the library, and then has fsck.fat
 * and mtools (programs that share no code with the library) check it.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "check.h"

/* Runs cmd with the shell; its stdout and stderr go to out (may be NULL).
 * Returns the exit status. */
int run_cmd(const char *cmd, char *out, size_t size)
{
	char full[4096];
	size_t n = 0, k;
	char buf[4096];
	FILE *p;
	int st;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	p = popen(full, "r");
	if (!p)
		return -1;
	while ((k = fread(buf, 1, sizeof(buf), p)) > 0) {
		if (out && n + 1 < size) {
			if (k > size - n - 1)
				k = size - n - 1;
			memcpy(out + n, buf, k);
			n += k;
		}
	}
	if (out && size > 0)
		out[n] = '\0';
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int fresh_image(struct ctx *c)
{
	char cmd[2048];

	imgdev_close(&c->img);
	snprintf(c->img_path, sizeof(c->img_path), "%s/w.img", c->work);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && rm -f '%s' && "
		 "mkfs.fat -F 32 -n TESTVOL -i 12345678 -C '%s' 65536",
		 c->work, c->img_path, c->img_path);
	if (run_cmd(cmd, NULL, 0) != 0)
		return -1;
	if (imgdev_open_rw(&c->img, c->img_path) != 0)
		return -1;
	c->part_lba = 0;
	if (mount(c) != 0)
		return -1;
	c->img.data_lba = c->vol.data_lba;
	return 0;
}

/*
 * fsck.fat -n must exit 0 and print only its version line and the summary
 * "IMG: N files, U/T clusters"; anything else is a complaint. Syncs the
 * volume (FSInfo) first. used/total (may be NULL) get U and T.
 */
int fsck_clean(struct ctx *c, uint32_t *used, uint32_t *total)
{
	char cmd[1024], out[8192], *l2;
	unsigned u = 0, t = 0, files;
	int st, ok;

	EXPECT_EQ(0, fat_sync(&c->vol), "fat_sync");
	imgdev_sync(&c->img);
	snprintf(cmd, sizeof(cmd), "fsck.fat -n '%s'", c->img_path);
	st = run_cmd(cmd, out, sizeof(out));
	l2 = strchr(out, '\n');
	ok = st == 0 && l2 != NULL && !strncmp(out, "fsck.fat ", 9) &&
	     sscanf(strstr(l2, ": ") ? strstr(l2, ": ") : "", ": %u files, %u/%u clusters",
		    &files, &u, &t) == 3 &&
	     strchr(l2 + 1, '\n') != NULL && strchr(l2 + 1, '\n')[1] == '\0' &&
	     (size_t)(strstr(l2, ": ") - l2 - 1) == strlen(c->img_path);
	if (!EXPECT(ok, "fsck.fat -n is clean (status %d)", st))
		printf("%s", out);
	if (used)
		*used = u;
	if (total)
		*total = t;
	return ok;
}

/* mcopy's copy of ::path equals want[0..len). */
int tool_file_eq(struct ctx *c, const char *path, const uint8_t *want,
		 size_t len)
{
	char cmd[2048], out[1024], host[600];
	uint8_t *got;
	size_t n;
	FILE *f;
	int st, ok;

	imgdev_sync(&c->img);
	snprintf(host, sizeof(host), "%s/out.bin", c->work);
	snprintf(cmd, sizeof(cmd), "rm -f '%s' && mcopy -n -i '%s' '::%s' '%s'",
		 host, c->img_path, path, host);
	st = run_cmd(cmd, out, sizeof(out));
	if (!EXPECT_EQ(0, st, "mcopy ::%s: %s", path, out))
		return 0;
	f = fopen(host, "rb");
	got = malloc(len + 1);
	n = f ? fread(got, 1, len + 1, f) : 0;
	if (f)
		fclose(f);
	ok = EXPECT_EQ(len, n, "size of ::%s by mcopy", path) &&
	     EXPECT(!memcmp(got, want, len), "bytes of ::%s by mcopy", path);
	free(got);
	return ok;
}

static int mdir_out(struct ctx *c, const char *dir, const char *flags,
		    char *out, size_t size)
{
	char cmd[1024];

	imgdev_sync(&c->img);
	snprintf(cmd, sizeof(cmd), "mdir %s -i '%s' '::%s'", flags, c->img_path, dir);
	return run_cmd(cmd, out, size);
}

/* mdir's listing of dir contains text (e.g. "VERYLO~1 TXT"). */
int mdir_has(struct ctx *c, const char *dir, const char *text)
{
	static char out[1 << 20];

	if (mdir_out(c, dir, "-a", out, sizeof(out)) != 0)
		return 0;
	return strstr(out, text) != NULL;
}

/* Entries mdir -b lists in dir ("." and ".." not included). */
int mdir_count(struct ctx *c, const char *dir)
{
	static char out[1 << 20];
	int n = 0;
	char *p;

	if (mdir_out(c, dir, "-b -a", out, sizeof(out)) != 0)
		return -1;
	for (p = out; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	return n;
}

/* Creates dir/name (dir a path) and returns its node. */
struct fat_node make(struct ctx *c, const char *dir, const char *name,
		     uint8_t attr)
{
	struct fat_node d = walk(c, dir), n;
	int r = fat_create(&c->vol, &d, name, attr, &n);

	EXPECT_EQ(0, r, "fat_create(\"%s\", \"%s\")", dir, name);
	return n;
}

void put(struct ctx *c, struct fat_node *f, uint64_t off, const void *buf,
	 size_t n)
{
	long r = fat_write(&c->vol, f, off, buf, n);

	EXPECT_EQ(n, r, "fat_write(off %llu, %zu bytes)", (unsigned long long)off, n);
}

void pattern(uint8_t *buf, size_t n, unsigned seed)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
}

/* The library reads path back as want[0..n), through a fresh lookup. */
int read_eq(struct ctx *c, const char *path, const uint8_t *want, size_t n)
{
	struct fat_node f = walk(c, path);
	uint8_t *buf = malloc(n + 16);
	long got = fat_read(&c->vol, &f, 0, buf, n + 16);
	int ok = EXPECT_EQ(n, f.size, "size of %s", path) &&
		 EXPECT_EQ(n, got, "read of %s", path) &&
		 EXPECT(!memcmp(buf, want, n), "bytes of %s", path);

	free(buf);
	return ok;
}

/* Free clusters counted in FAT #0 on the disk image. */
uint32_t count_free(struct ctx *c)
{
	const uint8_t *fat = disk(c, c->vol.fat_lba);
	uint32_t k, n = 0;

	for (k = 2; k < c->vol.nclusters + 2; k++)
		n += (ld32(fat + 4 * k) & FAT32_MASK) == 0;
	return n;
}

/* FSInfo's free count as on the disk image. */
uint32_t fsinfo_free(struct ctx *c)
{
	return ld32(disk(c, c->vol.fsinfo_lba) + FSI_Free_Count);
}
