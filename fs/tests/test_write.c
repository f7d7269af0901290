/*
 * Host tests for the FAT32 write path: file data, truncation, FSInfo, a
 * full disk, device errors and corrupt chains; the table of all write
 * groups (directory ones are in test_dirw.c). Each group runs on a fresh
 * image and ends with fsck.fat; contents are checked with mtools too.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

static void fixed_clock(void *ctx, uint16_t *date, uint16_t *time)
{
	(void)ctx;
	*date = FAT_DATE(2030, 6, 15);
	*time = FAT_TIME(12, 34, 56);
}

static void overwrite_append_gap(struct ctx *c)
{
	static uint8_t want[50000], buf[50000];
	struct fat_node f = make(c, "/", "data.bin", 0);
	size_t k;

	c->vol.clock = fixed_clock;
	pattern(want, 5000, 1);
	put(c, &f, 0, want, 5000);
	pattern(buf, 600, 2);
	memcpy(want + 100, buf, 600);
	put(c, &f, 100, buf, 600);             /* overwrite inside */
	pattern(buf, 3000, 3);
	memcpy(want + 5000, buf, 3000);
	put(c, &f, 5000, buf, 3000);           /* append */
	pattern(buf, 100, 4);
	memcpy(want + 20000, buf, 100);        /* 8000..20000 stays zero */
	put(c, &f, 20000, buf, 100);           /* write past the end */
	pattern(buf, 1030, 5);
	memcpy(want + 7990, buf, 1030);        /* across the old end and gap */
	put(c, &f, 7990, buf, 1030);
	EXPECT_EQ(20100, f.size, "size after the gap write");
	read_eq(c, "data.bin", want, 20100);
	for (k = 0; k < 20100; k += 777) {     /* odd pieces, unaligned */
		pattern(buf, 777, (unsigned)k);
		memcpy(want + 20100 + k, buf, 777);
		put(c, &f, 20100 + k, buf, 777);
	}
	read_eq(c, "data.bin", want, 20100 + k);
	tool_file_eq(c, "/data.bin", want, 20100 + k);
	EXPECT(mdir_has(c, "/", "2030-06-15  12:34"), "write time from the clock");
	EXPECT_EQ(FAT_DATE(2030, 6, 15), f.wdate, "node's write date");
	fsck_clean(c, NULL, NULL);
}

/* utimensat's part: the times land in the entry (mtools sees them), in
 * the node, and in a fresh lookup; a stale node is refused. */
static void set_times(struct ctx *c)
{
	struct fat_node f = make(c, "/", "old.txt", 0), g, root;
	uint16_t wdate = FAT_DATE(1999, 12, 31), wtime = FAT_TIME(23, 59, 58);
	uint16_t adate = FAT_DATE(2001, 2, 3);

	put(c, &f, 0, "then\n", 5);
	EXPECT_EQ(0, fat_set_times(&c->vol, &f, wdate, wtime, adate), "fat_set_times");
	EXPECT_EQ(wtime, f.wtime, "node's write time");
	g = walk(c, "/old.txt");
	EXPECT_EQ(wdate, g.wdate, "write date read back");
	EXPECT_EQ(wtime, g.wtime, "write time read back");
	EXPECT_EQ(adate, g.adate, "access date read back");
	EXPECT(mdir_has(c, "/", "1999-12-31  23:59"), "mdir shows the write time");
	fat_root(&c->vol, &root);
	EXPECT_EQ(0, fat_set_times(&c->vol, &root, wdate, wtime, adate), "the root: nothing to do");
	EXPECT_EQ(0, fat_unlink(&c->vol, &root, "old.txt"), "unlink");
	EXPECT_EQ(-FAT_EIO, fat_set_times(&c->vol, &f, wdate, wtime, adate), "a stale node");
	fsck_clean(c, NULL, NULL);
}

static void create_and_write(struct ctx *c)
{
	static uint8_t a[10000], b[1];
	struct fat_node f, g;

	f = make(c, "/", "hello.txt", 0);
	put(c, &f, 0, "hello, world\n", 13);
	g = make(c, "/", "sub", FAT_ATTR_DIRECTORY);
	EXPECT(g.attr & FAT_ATTR_DIRECTORY, "mkdir gives a directory node");
	f = make(c, "/sub", "inner file.bin", 0);
	pattern(a, sizeof(a), 9);
	put(c, &f, 0, a, sizeof(a));
	make(c, "/", "empty.dat", 0);
	read_eq(c, "hello.txt", (const uint8_t *)"hello, world\n", 13);
	read_eq(c, "sub/inner file.bin", a, sizeof(a));
	read_eq(c, "empty.dat", b, 0);
	tool_file_eq(c, "/hello.txt", (const uint8_t *)"hello, world\n", 13);
	tool_file_eq(c, "/sub/inner file.bin", a, sizeof(a));
	tool_file_eq(c, "/empty.dat", b, 0);
	fsck_clean(c, NULL, NULL);
}

static void truncate_both_ways(struct ctx *c)
{
	static uint8_t want[10000];
	struct fat_node f = make(c, "/", "t.bin", 0), n;
	uint32_t free0 = c->vol.free_count;

	pattern(want, sizeof(want), 7);
	put(c, &f, 0, want, sizeof(want));
	EXPECT_EQ(free0 - 20, c->vol.free_count, "20 clusters for 10000 bytes");
	EXPECT_EQ(0, fat_truncate(&c->vol, &f, 3000), "shrink to 3000");
	EXPECT_EQ(free0 - 6, c->vol.free_count, "14 clusters freed");
	read_eq(c, "t.bin", want, 3000);
	EXPECT_EQ(0, fat_truncate(&c->vol, &f, 3000), "same size");
	EXPECT_EQ(0, fat_truncate(&c->vol, &f, 7000), "grow to 7000");
	memset(want + 3000, 0, 4000);
	read_eq(c, "t.bin", want, 7000);
	tool_file_eq(c, "/t.bin", want, 7000);
	fsck_clean(c, NULL, NULL);
	EXPECT_EQ(0, fat_truncate(&c->vol, &f, 0), "truncate to 0");
	EXPECT_EQ(0, f.first_cluster, "no cluster at size 0");
	EXPECT_EQ(free0, c->vol.free_count, "all clusters back");
	n = walk(c, "t.bin");
	EXPECT(n.size == 0 && n.first_cluster == 0, "entry says empty");
	put(c, &f, 0, want, 100);
	read_eq(c, "t.bin", want, 100);
	EXPECT_EQ(0, fat_truncate(&c->vol, &f, 50), "shrink inside a cluster");
	tool_file_eq(c, "/t.bin", want, 50);
	fsck_clean(c, NULL, NULL);
}

static void many_cluster_files(struct ctx *c)
{
	const size_t big = 4 << 20;
	uint8_t *want = malloc(big);
	struct fat_node f = make(c, "/", "four MiB in pieces.bin", 0);
	struct fat_node g = make(c, "/", "whole.bin", 0);
	size_t off, n;

	pattern(want, big, 11);
	for (off = 0; off < big; off += n) {
		n = off % 3 ? 100000 : 65536 + 17;
		if (n > big - off)
			n = big - off;
		put(c, &f, off, want + off, n);
	}
	put(c, &g, 0, want, big);
	read_eq(c, "four MiB in pieces.bin", want, big);
	read_eq(c, "whole.bin", want, big);
	tool_file_eq(c, "/four MiB in pieces.bin", want, big);
	tool_file_eq(c, "/whole.bin", want, big);
	fsck_clean(c, NULL, NULL);
	free(want);
}

/*
 * A 4 MiB write to an empty volume: one device request for the data (its
 * clusters are contiguous), one FAT write per FAT sector touched. Writes
 * in the data region also count the directory entry's sector: one more.
 */
static void writes_merge(struct ctx *c)
{
	const size_t big = 4 << 20;
	uint8_t *buf = malloc(big);
	struct fat_node f = make(c, "/", "merge.bin", 0);
	unsigned long w0 = c->img.writes, d0 = c->img.data_writes;
	unsigned long s0 = c->img.data_sectors;
	uint32_t fat_secs = (uint32_t)(big / c->vol.clus_bytes / 128 + 1);

	pattern(buf, big, 12);
	put(c, &f, 0, buf, big);
	EXPECT_EQ(1 + 1, c->img.data_writes - d0, "data writes for 4 MiB, + entry");
	EXPECT_EQ(big / 512 + 1, c->img.data_sectors - s0, "sectors of them");
	/* + the entry, + FSInfo marked unknown (the first change since mount) */
	EXPECT(c->img.writes - w0 <= 3 + fat_secs * c->vol.nfats,
	       "all writes for 4 MiB: %lu", c->img.writes - w0);
	d0 = c->img.data_writes;
	s0 = c->img.data_sectors;
	put(c, &f, 512 * 3, buf, 1 << 20);
	EXPECT_EQ(1 + 1, c->img.data_writes - d0, "overwrite of 1 MiB aligned, + entry");
	EXPECT_EQ(2048 + 1, c->img.data_sectors - s0, "sectors of them");
	d0 = c->img.data_writes;
	put(c, &f, 100, buf, 1 << 20);
	EXPECT_EQ(3 + 1, c->img.data_writes - d0, "unaligned: head, middle, tail, + entry");
	free(buf);
	fsck_clean(c, NULL, NULL);
}

static void fsinfo_matches(struct ctx *c)
{
	static uint8_t buf[300000];
	char cmd[1024], out[4096], *p;
	struct fat_node f = make(c, "/", "a.bin", 0), g = make(c, "/", "b", FAT_ATTR_DIRECTORY);
	uint32_t used, total, fc;
	unsigned mfree = 0;

	EXPECT_EQ(FAT_FREE_UNKNOWN, fsinfo_free(c), "FSInfo says unknown once changed");
	put(c, &f, 0, buf, sizeof(buf));
	g = make(c, "/b", "c.bin", 0);
	put(c, &g, 0, buf, 5000);
	EXPECT_EQ(0, fat_truncate(&c->vol, &f, 1000), "truncate");
	fsck_clean(c, &used, &total);
	EXPECT_EQ(count_free(c), fsinfo_free(c), "FSInfo free = FAT count");
	EXPECT_EQ(total - used, fsinfo_free(c), "FSInfo free = fsck's count");
	snprintf(cmd, sizeof(cmd), "minfo -i '%s'", c->img_path);
	run_cmd(cmd, out, sizeof(out));
	p = strstr(out, "free clusters=");
	EXPECT(p && sscanf(p, "free clusters=%u", &mfree) == 1 &&
	       mfree == fsinfo_free(c), "minfo's free clusters %u", mfree);
	EXPECT_EQ(0, fat_free_clusters(&c->vol, &fc), "fat_free_clusters");
	EXPECT_EQ(count_free(c), fc, "fat_free_clusters count");
	c->vol.free_count = FAT_FREE_UNKNOWN;
	EXPECT_EQ(0, fat_free_clusters(&c->vol, &fc), "fat_free_clusters, counting");
	EXPECT_EQ(count_free(c), fc, "counted free clusters");
	fsck_clean(c, NULL, NULL);
}

/* Fills the disk: short write, then ENOSPC; nothing else harmed. */
static void full_disk(struct ctx *c)
{
	const size_t chunk = 1 << 20;
	uint8_t *buf = malloc(chunk), keep[100000];
	struct fat_node k1 = make(c, "/", "keep1.bin", 0), fill, e;
	uint32_t fc;
	uint64_t off = 0;
	long r = 0;
	int i;

	pattern(keep, sizeof(keep), 21);
	put(c, &k1, 0, keep, sizeof(keep));
	make(c, "/", "keep dir", FAT_ATTR_DIRECTORY);
	k1 = make(c, "/keep dir", "keep2.txt", 0);
	put(c, &k1, 0, "still here\n", 11);
	fill = make(c, "/", "fill.bin", 0);
	pattern(buf, chunk, 22);
	for (i = 0; i < 100; i++) {
		r = fat_write(&c->vol, &fill, off, buf, chunk);
		if (r != (long)chunk)
			break;
		off += chunk;
	}
	EXPECT(r > 0 && r < (long)chunk, "a short write when the disk fills (%ld)", r);
	off += (uint64_t)(r > 0 ? r : 0);
	EXPECT_EQ(-FAT_ENOSPC, fat_write(&c->vol, &fill, off, buf, chunk), "then ENOSPC");
	EXPECT_EQ(0, c->vol.free_count, "free count 0");
	EXPECT_EQ(off, fill.size, "size is what was written");
	EXPECT_EQ(0, fat_create(&c->vol, &(struct fat_node){ .first_cluster =
		  c->vol.root_cluster, .attr = FAT_ATTR_DIRECTORY, .is_root = 1 },
		  "e.txt", 0, &e), "an empty file needs no cluster");
	EXPECT_EQ(-FAT_ENOSPC, fat_write(&c->vol, &e, 0, buf, 1), "1 byte: ENOSPC");
	EXPECT_EQ(-FAT_ENOSPC, fat_write(&c->vol, &e, 5000, buf, 1), "gap: ENOSPC");
	EXPECT_EQ(0, e.size, "nothing written");
	EXPECT_EQ(-FAT_ENOSPC, fat_create(&c->vol, &(struct fat_node){ .first_cluster =
		  c->vol.root_cluster, .attr = FAT_ATTR_DIRECTORY, .is_root = 1 },
		  "newdir", FAT_ATTR_DIRECTORY, NULL), "mkdir: ENOSPC");
	EXPECT_EQ(-FAT_ENOSPC, fat_truncate(&c->vol, &e, 10), "truncate up: ENOSPC");
	fsck_clean(c, NULL, NULL);
	EXPECT_EQ(0, fsinfo_free(c), "FSInfo says 0 free");
	tool_file_eq(c, "/keep1.bin", keep, sizeof(keep));
	tool_file_eq(c, "/keep dir/keep2.txt", (const uint8_t *)"still here\n", 11);
	EXPECT_EQ(0, fat_unlink(&c->vol, &(struct fat_node){ .first_cluster =
		  c->vol.root_cluster, .attr = FAT_ATTR_DIRECTORY, .is_root = 1 },
		  "fill.bin"), "unlink the filler");
	EXPECT_EQ(0, fat_free_clusters(&c->vol, &fc), "free count");
	EXPECT_EQ(count_free(c), fc, "free count after unlink");
	fsck_clean(c, NULL, NULL);
	free(buf);
}

static void limits_and_errors(struct ctx *c)
{
	struct fat_node f = make(c, "/", "f.txt", 0), d = walk(c, "/"), n;
	struct blkdev ro;
	uint8_t b[600] = { 0 };

	EXPECT_EQ(-FAT_EFBIG, fat_write(&c->vol, &f, FAT_FILE_MAX, b, 1), "write at 4 GiB - 1");
	EXPECT_EQ(-FAT_EFBIG, fat_truncate(&c->vol, &f, 1ull << 32), "truncate to 4 GiB");
	EXPECT_EQ(0, fat_write(&c->vol, &f, 0, b, 0), "zero bytes");
	EXPECT_EQ(-FAT_EISDIR, fat_write(&c->vol, &d, 0, b, 1), "write to a dir");
	EXPECT_EQ(-FAT_EISDIR, fat_truncate(&c->vol, &d, 0), "truncate a dir");
	EXPECT_EQ(-FAT_ENOTDIR, fat_create(&c->vol, &f, "x", 0, NULL), "create in a file");
	/* a device without write: read-only */
	ro = c->img.dev;
	ro.write = NULL;
	c->vol.dev = &ro;
	EXPECT_EQ(-FAT_EROFS, fat_write(&c->vol, &f, 0, b, 1), "EROFS write");
	EXPECT_EQ(-FAT_EROFS, fat_create(&c->vol, &d, "y", 0, NULL), "EROFS create");
	EXPECT_EQ(-FAT_EROFS, fat_unlink(&c->vol, &d, "f.txt"), "EROFS unlink");
	EXPECT_EQ(-FAT_EROFS, fat_rename(&c->vol, &d, "f.txt", &d, "g"), "EROFS rename");
	c->vol.dev = &c->img.dev;
	/* device write errors */
	c->img.wfail_after = (long)c->img.writes;
	EXPECT_EQ(-FAT_EIO, fat_write(&c->vol, &f, 0, b, 600), "EIO write");
	EXPECT_EQ(-FAT_EIO, fat_create(&c->vol, &d, "z", FAT_ATTR_DIRECTORY, NULL), "EIO mkdir");
	c->img.wfail_after = -1;
	mount(c);
	f = walk(c, "f.txt");
	EXPECT_EQ(0, f.size, "failed write left the file empty");
	EXPECT_EQ(-FAT_ENOENT, fat_walk(&c->vol, NULL, "z", &n), "failed mkdir left nothing");
	fsck_clean(c, NULL, NULL);
}

/* Chains that loop or run into another file: writes refuse, with EIO. */
static void corrupt_chain_writes(struct ctx *c)
{
	static uint8_t b[3000];
	struct fat_node a = make(c, "/", "a.bin", 0), bb = make(c, "/", "b.bin", 0), d;
	uint32_t last;

	put(c, &a, 0, b, 3000);
	put(c, &bb, 0, b, 3000);
	d = walk(c, "/");
	last = chain_at(c, a.first_cluster, 5);
	fat_set(c, last, a.first_cluster);           /* a loops */
	mount(c);
	a = walk(c, "a.bin");
	EXPECT_EQ(-FAT_EIO, fat_write(&c->vol, &a, 3000, b, 10), "append to a loop");
	EXPECT_EQ(-FAT_EIO, fat_write(&c->vol, &a, 0, b, 10), "write to a loop");
	EXPECT_EQ(-FAT_EIO, fat_truncate(&c->vol, &a, 100), "truncate a loop");
	EXPECT_EQ(-FAT_EIO, fat_unlink(&c->vol, &d, "a.bin"), "unlink a loop");
	fat_set(c, last, bb.first_cluster);          /* a runs into b */
	mount(c);
	a = walk(c, "a.bin");
	EXPECT_EQ(-FAT_EIO, fat_write(&c->vol, &a, 3000, b, 10), "append, cross-linked");
	EXPECT_EQ(-FAT_EIO, fat_unlink(&c->vol, &d, "a.bin"), "unlink, cross-linked");
	EXPECT_EQ(-FAT_EIO, fat_rename(&c->vol, &d, "b.bin", &d, "a.bin"),
		  "rename over a cross-linked file");
	fat_set(c, last, c->vol.nclusters + 5);      /* a leaves the volume */
	mount(c);
	a = walk(c, "a.bin");
	EXPECT_EQ(-FAT_EIO, fat_write(&c->vol, &a, 3000, b, 10), "append, out of range");
	bb = walk(c, "b.bin");
	raw_entry(c, bb.dir_cluster, bb.dir_offset)[DIR_FileSize + 1] = 0x40;
	mount(c);
	bb = walk(c, "b.bin");
	EXPECT_EQ(-FAT_EIO, fat_write(&c->vol, &bb, 0, b, 10), "size past the chain");
	EXPECT_EQ(-FAT_EIO, fat_unlink(&c->vol, &d, "b.bin"), "unlink, short chain");
}

/* A node left behind by a rename or unlink must not write into the slot. */
static void stale_nodes(struct ctx *c)
{
	struct fat_node d = walk(c, "/"), f = make(c, "/", "old.txt", 0), g;

	put(c, &f, 0, "abc", 3);
	EXPECT_EQ(0, fat_rename(&c->vol, &d, "old.txt", &d, "new.txt"), "rename");
	EXPECT_EQ(-FAT_EIO, fat_write(&c->vol, &f, 3, "d", 1), "stale node refused");
	g = walk(c, "new.txt");
	f.dir_cluster = g.dir_cluster;
	f.dir_offset = g.dir_offset;
	put(c, &f, 3, "d", 1);
	read_eq(c, "new.txt", (const uint8_t *)"abcd", 4);
	EXPECT_EQ(0, fat_unlink(&c->vol, &d, "new.txt"), "unlink");
	EXPECT_EQ(-FAT_EIO, fat_write(&c->vol, &f, 4, "e", 1), "unlinked node refused");
	fsck_clean(c, NULL, NULL);
}

/* A few operations in a row; stops at the first failure. */
static int op_sequence(struct ctx *c, const uint8_t *data)
{
	struct fat_node d = walk(c, "/"), f, g, sub;
	int r;

	r = fat_create(&c->vol, &d, "A long file name.txt", 0, &f);
	if (r == 0)
		r = fat_write(&c->vol, &f, 0, data, 5000) == 5000 ? 0 : -1;
	if (r == 0)
		r = fat_write(&c->vol, &f, 5000, data, 3000) == 3000 ? 0 : -1;
	if (r == 0)
		r = fat_create(&c->vol, &d, "sub dir", FAT_ATTR_DIRECTORY, &sub);
	if (r == 0)
		r = fat_create(&c->vol, &sub, "in.txt", 0, &g);
	if (r == 0)
		r = fat_write(&c->vol, &g, 0, data, 700) == 700 ? 0 : -1;
	if (r == 0)
		r = fat_truncate(&c->vol, &f, 1000);
	if (r == 0)
		r = fat_unlink(&c->vol, &d, "old.bin");
	if (r == 0)
		r = fat_rename(&c->vol, &d, "A long file name.txt", &sub, "moved.txt");
	if (r == 0)
		r = fat_rmdir(&c->vol, &d, "old dir");
	return r;
}

/*
 * What fsck.fat may find after an interruption, none of which loses data
 * that was on disk before the operation under way:
 * - FAT #1 not yet updated like FAT #0 (every FAT sector goes to both);
 * - clusters no file owns, or a chain longer than the size (an append
 *   linked before its size was written; a shrink whose frees were cut);
 * - the free count still "unknown" (marked so before the FAT changed);
 * - a long name without its short entry;
 * - after a cut rename, the file under both names ("share clusters"):
 *   fsck keeps the first name, which is the old one.
 * Lines naming a file ("/path") introduce one of these.
 */
static int benign(const char *line, const char *img)
{
	static const char *const ok[] = { "fsck.fat ", "Leaving filesystem",
		"FATs differ but appear to be intact", "Using first FAT",
		"Free cluster summary uninitialized", "Reclaimed",
		"unused clusters", "cluster chain length is >", "Truncating file to",
		"Orphaned long file name", "share clusters",
		"Truncating second to 0 bytes", "cluster chain length is 0 bytes" };
	size_t i;

	if (line[0] == '/')
		return 1;
	if (strncmp(line, img, strlen(img)) == 0 && strstr(line, " files, "))
		return 1;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strstr(line, ok[i]) != NULL)
			return 1;
	return 0;
}

/* Sets up the files an interrupted sequence must not harm. */
static void before_sequence(struct ctx *c, const uint8_t *old, size_t n)
{
	struct fat_node d = walk(c, "/"), f;

	f = make(c, "/", "keep.bin", 0);
	put(c, &f, 0, old, n);
	f = make(c, "/", "old.bin", 0);
	put(c, &f, 0, old, n);
	make(c, "/", "old dir", FAT_ATTR_DIRECTORY);
	(void)d;
	EXPECT_EQ(0, fat_sync(&c->vol), "sync");
}

/*
 * The device fails after k writes of op_sequence, for every k: what was on
 * disk before stays intact (mcopy), and fsck.fat finds nothing worse than
 * lost clusters, orphaned long-name pieces or an unknown free count.
 */
static void interrupted_ops(struct ctx *c)
{
	static uint8_t data[8000], old[3000];
	char cmd[1024], out[8192], *line, *save;
	unsigned long base;
	long k, total;

	pattern(data, sizeof(data), 31);
	pattern(old, sizeof(old), 32);
	before_sequence(c, old, sizeof(old));
	base = c->img.writes;
	EXPECT_EQ(0, op_sequence(c, data), "the whole sequence");
	total = (long)(c->img.writes - base);
	fsck_clean(c, NULL, NULL);
	for (k = 0; k < total; k++) {
		if (fresh_image(c) != 0)
			break;
		before_sequence(c, old, sizeof(old));
		c->img.wfail_after = (long)c->img.writes + k;
		EXPECT(op_sequence(c, data) != 0, "sequence cut after %ld writes", k);
		c->img.wfail_after = -1;
		tool_file_eq(c, "/keep.bin", old, sizeof(old));
		snprintf(cmd, sizeof(cmd), "fsck.fat -n '%s'", c->img_path);
		run_cmd(cmd, out, sizeof(out));
		for (line = strtok_r(out, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			EXPECT(benign(line, c->img_path), "cut after %ld of %ld writes,"
			       " fsck.fat says: %s", k, total, line);
	}
}

static const struct wtest {
	const char *name;
	void (*fn)(struct ctx *);
} wtests[] = {
	{ "create_and_write", create_and_write },
	{ "set_times", set_times },
	{ "overwrite_append_gap", overwrite_append_gap },
	{ "truncate_both_ways", truncate_both_ways },
	{ "many_cluster_files", many_cluster_files },
	{ "writes_merge", writes_merge },
	{ "fsinfo_matches", fsinfo_matches },
	{ "full_disk", full_disk },
	{ "limits_and_errors", limits_and_errors },
	{ "corrupt_chain_writes", corrupt_chain_writes },
	{ "stale_nodes", stale_nodes },
	{ "interrupted_ops", interrupted_ops },
	{ "create_names", create_names },
	{ "name_errors", name_errors },
	{ "long_name_aliases", long_name_aliases },
	{ "deleted_slot_reuse", deleted_slot_reuse },
	{ "dir_grows", dir_grows },
	{ "unlink_files", unlink_files },
	{ "mkdir_rmdir", mkdir_rmdir },
	{ "rename_cases", rename_cases },
	{ "dcache_lookups", dcache_lookups },
	{ "dcache_big_dir", dcache_big_dir },
	{ "runs_fragmented", runs_fragmented },
	{ "runs_truncate_extend", runs_truncate_extend },
	{ "runs_cut_writes", runs_cut_writes },
	{ "runs_cached_ahead", runs_cached_ahead },
};

void write_tests(struct ctx *c, int *groups, int *groups_failed)
{
	size_t i;
	int c0, f0;

	for (i = 0; i < sizeof(wtests) / sizeof(wtests[0]); i++) {
		c0 = checks;
		f0 = failed;
		(*groups)++;
		if (fresh_image(c) != 0) {
			checks++;
			failed++;
			(*groups_failed)++;
			printf("FAIL %s [write]: cannot make an image in %s\n",
			       wtests[i].name, c->work);
			continue;
		}
		wtests[i].fn(c);
		if (failed == f0) {
			printf("ok   %s [write]: %d checks\n", wtests[i].name, checks - c0);
		} else {
			(*groups_failed)++;
			printf("FAIL %s [write]: %d of %d checks failed\n", wtests[i].name,
			       failed - f0, checks - c0);
		}
	}
	imgdev_close(&c->img);
}
