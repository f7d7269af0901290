/*
 * Host tests for the FAT32 read path. Images are made by dosfstools and
 * mtools from a host tree (mkimg.sh); every file and directory listing is
 * compared with that tree, then images are corrupted in memory to check
 * that bad BPBs, FATs and directories give errors, not hangs or overruns.
 *
 * usage: test_fat [-w WORKDIR] SRC_DIR FAT16_IMG IMG[@LBA]...
 * With -w, the write tests (test_write.c) run too, on images in WORKDIR.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "check.h"

/* ---- host side ---- */

static uint8_t *load_host(const struct ctx *c, const char *rel, size_t *len)
{
	char path[4096];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", c->src, rel);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

struct ent {
	char name[FAT_NAME_MAX + 1];
	uint32_t size;
	int isdir;
};

static int ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

/* Host directory rel as a sorted list; returns the count. */
static int list_host(const struct ctx *c, const char *rel, struct ent *e, int max)
{
	char path[4096];
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", c->src, rel);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)) != NULL && n < max) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", c->src, rel, d->d_name);
		stat(path, &st);
		snprintf(e[n].name, sizeof(e[n].name), "%s", d->d_name);
		e[n].isdir = S_ISDIR(st.st_mode);
		e[n].size = e[n].isdir ? 0 : (uint32_t)st.st_size;
		n++;
	}
	closedir(dir);
	qsort(e, (size_t)n, sizeof(*e), ent_cmp);
	return n;
}

/* Calls fn for every regular file (files) or directory below rel. */
static void each_host(struct ctx *c, const char *rel, int files,
		      void (*fn)(struct ctx *, const char *))
{
	static struct ent e[512];
	struct ent *mine;
	char sub[4096];
	int i, n = list_host(c, rel, e, 512);

	if (!files)
		fn(c, rel);
	if (n <= 0)
		return;
	mine = malloc(sizeof(*mine) * (size_t)n);
	memcpy(mine, e, sizeof(*mine) * (size_t)n);
	for (i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", mine[i].name);
		if (mine[i].isdir)
			each_host(c, sub, files, fn);
		else if (files)
			fn(c, sub);
	}
	free(mine);
}

/* ---- tests on every image ---- */

static void mount_geometry(struct ctx *c)
{
	struct fat_node root;

	EXPECT_EQ(c->vol.sec_per_clus * 512, c->vol.clus_bytes, "clus_bytes");
	EXPECT(c->vol.nclusters >= 65525, "FAT32 cluster count");
	fat_root(&c->vol, &root);
	EXPECT(root.is_root && root.first_cluster == c->vol.root_cluster &&
	       (root.attr & FAT_ATTR_DIRECTORY), "fat_root node");
}

static void compare_dir(struct ctx *c, const char *rel)
{
	static struct ent host[512], img[512];
	struct fat_dirent de;
	struct fat_node dir = walk(c, rel), found;
	uint32_t pos = 0;
	int nh = list_host(c, rel, host, 512), ni = 0, i, r;

	while ((r = fat_readdir(&c->vol, &dir, &pos, &de)) == 1 && ni < 512) {
		snprintf(img[ni].name, sizeof(img[ni].name), "%s", de.name);
		img[ni].isdir = (de.node.attr & FAT_ATTR_DIRECTORY) != 0;
		img[ni].size = de.node.size;
		EXPECT_EQ(dir.first_cluster, de.node.dir_cluster, "dir_cluster of %s", de.name);
		r = fat_lookup(&c->vol, &dir, de.name, &found);
		EXPECT(r == 0 && same_node(&found, &de.node),
		       "lookup of readdir name \"%s/%s\" finds the same entry", rel, de.name);
		ni++;
	}
	EXPECT_EQ(0, r, "readdir end of \"%s\"", rel);
	qsort(img, (size_t)ni, sizeof(*img), ent_cmp);
	EXPECT_EQ(nh, ni, "entry count of \"%s\"", rel);
	for (i = 0; i < nh && i < ni; i++) {
		EXPECT(!strcmp(host[i].name, img[i].name), "name in \"%s\": \"%s\" vs \"%s\"",
		       rel, host[i].name, img[i].name);
		EXPECT_EQ(host[i].isdir, img[i].isdir, "is-dir of %s/%s", rel, img[i].name);
		EXPECT_EQ(host[i].size, img[i].size, "size of %s/%s", rel, img[i].name);
	}
}

static void readdir_matches_host(struct ctx *c)
{
	each_host(c, "", 0, compare_dir);
}

/* Reads [off, off+len) of f and compares with the host bytes. */
static void check_range(struct ctx *c, struct fat_node *f, const char *rel,
			const uint8_t *want, size_t size, uint64_t off, size_t len)
{
	uint8_t *buf = malloc(len + 1);
	size_t exp = off >= size ? 0 : (size - off < len ? size - off : len);
	long got = fat_read(&c->vol, f, off, buf, len);

	if (EXPECT_EQ(exp, got, "fat_read(%s, off %llu, len %zu)", rel,
		      (unsigned long long)off, len) && exp > 0)
		EXPECT(!memcmp(buf, want + off, exp), "bytes of %s at %llu+%zu", rel,
		       (unsigned long long)off, len);
	free(buf);
}

static void compare_file(struct ctx *c, const char *rel)
{
	size_t size, i, j, cb = c->vol.clus_bytes;
	uint8_t *want = load_host(c, rel, &size);
	struct fat_node f = walk(c, rel);
	const uint64_t offs[] = { 0, 1, 2, 255, 511, 512, 513, 1000, 4095, 4096,
				  4097, 3 * cb + 7, (size / 2) | 1, size - 1,
				  size - 511, size };
	const size_t lens[] = { 1, 2, 511, 512, 513, 4096, 4097, 3 * cb + 1,
				size, size + 100 };

	EXPECT_EQ(size, f.size, "size of %s", rel);
	check_range(c, &f, rel, want, size, 0, size + 16);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		for (j = 0; j < sizeof(lens) / sizeof(lens[0]); j++)
			if (offs[i] <= size && lens[j] > 0)
				check_range(c, &f, rel, want, size, offs[i], lens[j]);
	free(want);
}

static void read_files_match_host(struct ctx *c)
{
	each_host(c, "", 1, compare_file);
}

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Sequential chunks use the chain cache; random offsets seek backwards. */
static void sequential_and_random_reads(struct ctx *c)
{
	size_t size, chunk, off, k;
	const size_t chunks[] = { 1000, 4096, 777, 65536 };
	uint8_t *want = load_host(c, "big.bin", &size);
	struct fat_node f = walk(c, "big.bin");

	for (k = 0; k < 4; k++) {
		chunk = chunks[k];
		for (off = 0; off < size; off += chunk)
			check_range(c, &f, "big.bin", want, size, off, chunk);
	}
	for (k = 0; k < 300; k++) {
		off = rnd() % (size + 1);
		check_range(c, &f, "big.bin", want, size, off, rnd() % 70000);
	}
	free(want);
}

/* A contiguous file costs a few reads; the fragmented one is in pieces. */
static void contiguous_clusters_merge(struct ctx *c)
{
	struct fat_node big = walk(c, "big.bin"), frag = walk(c, "fragmented.bin");
	uint8_t *buf = malloc(big.size);
	uint32_t n, breaks = 0, clus = frag.first_cluster, next;
	unsigned long before;

	mount(c);
	before = c->img.reads;
	EXPECT_EQ(big.size, fat_read(&c->vol, &big, 0, buf, big.size), "read big.bin");
	n = (uint32_t)(c->img.reads - before);
	/* one data read, plus one per FAT sector the chain spans, plus one */
	EXPECT(n <= big.size / c->vol.clus_bytes / 128 + 4,
	       "device reads for contiguous big.bin: %u", n);
	for (; fat_next(&c->vol, clus, &next) == 0 && next != 0; clus = next)
		breaks += next != clus + 1;
	EXPECT(breaks >= 3, "fragmented.bin has %u discontinuities", breaks);
	free(buf);
}

/*
 * fat_extent: the sectors it names, read from the image directly, hold
 * the file's bytes, over every file and from every sector offset of a
 * few; extents end at the file's end (rounded to a sector) and never
 * span a discontinuity; bad offsets are refused.
 */
static void extent_file(struct ctx *c, const char *rel)
{
	size_t size;
	uint8_t *want = load_host(c, rel, &size);
	struct fat_node f = walk(c, rel);
	const uint64_t maxes[] = { 512, 4096, 65536, ~0ULL };
	uint64_t lba, bytes;

	for (size_t m = 0; m < sizeof(maxes) / sizeof(maxes[0]); m++) {
		uint64_t off = 0, pieces = 0, bad = 0;
		while (off < size) {
			if (fat_extent(&c->vol, &f, off, maxes[m], &lba, &bytes) != 0 || bytes == 0 ||
			    bytes % 512 || (maxes[m] < ~0ULL && bytes > maxes[m] + 511)) {
				bad++;
				break;
			}
			const uint8_t *disk_bytes = c->img.data + (c->part_lba + lba) * 512;
			uint64_t n = off + bytes > size ? size - off : bytes;
			bad += memcmp(disk_bytes, want + off, n) != 0;
			off += bytes;
			pieces++;
		}
		EXPECT(bad == 0 && off >= size && off < size + 512,
		       "%s: extents of at most %llu bytes hold its bytes (%llu pieces)", rel,
		       (unsigned long long)maxes[m], (unsigned long long)pieces);
	}
	if (size > 0) {
		EXPECT_EQ(-FAT_EINVAL, fat_extent(&c->vol, &f, 1, 512, &lba, &bytes),
			  "%s: an offset inside a sector", rel);
		EXPECT_EQ(-FAT_EINVAL, fat_extent(&c->vol, &f, (size + 511) / 512 * 512, 512, &lba,
						  &bytes), "%s: an offset at the end", rel);
	}
	free(want);
}

static void extents_match_host(struct ctx *c)
{
	struct fat_node big = walk(c, "big.bin"), frag = walk(c, "fragmented.bin");
	uint64_t lba, bytes, off = 0, pieces = 0;

	each_host(c, "", 1, extent_file);
	EXPECT_EQ(0, fat_extent(&c->vol, &big, 0, ~0ULL, &lba, &bytes), "big.bin in one");
	EXPECT_EQ((big.size + 511) / 512 * 512, bytes, "contiguous big.bin is one extent");
	while (off < frag.size && fat_extent(&c->vol, &frag, off, ~0ULL, &lba, &bytes) == 0) {
		off += bytes;
		pieces++;
	}
	EXPECT(pieces >= 4, "fragmented.bin is in %llu extents", (unsigned long long)pieces);
	EXPECT_EQ(-FAT_EISDIR, fat_extent(&c->vol, &(struct fat_node){ .attr = FAT_ATTR_DIRECTORY },
					  0, 512, &lba, &bytes), "a directory");
}

/*
 * Read-ahead hints: after a read of file data, the sectors hinted to
 * follow are the file's, in the same contiguous run (up to the end of
 * its last cluster), and mostly as many as the run has, up to
 * FAT_AHEAD_MAX: a hint stops short only where knowing more would take
 * a FAT read of its own (the first read of a file, a FAT sector's end).
 */
static void hints_follow(struct ctx *c, const char *rel, uint64_t step)
{
	struct fat_node f = walk(c, rel);
	uint64_t cb = c->vol.clus_bytes, bad = 0, reads = 0, shorter = 0;
	uint8_t buf[512];

	for (uint64_t off = 0; off < f.size; off += step) {
		uint64_t lba, bytes, len = 1 + off % 300;
		if (len > 512 - off % 512)
			len = 512 - off % 512;	/* one sector: its read is the device's last */
		long n = fat_read(&c->vol, &f, off, buf, len);
		uint64_t last_lba = c->img.last_lba, count = c->img.last_count;
		uint64_t ahead = c->img.last_ahead;
		if (n <= 0 || fat_extent(&c->vol, &f, off / 512 * 512, ~0ULL, &lba, &bytes) != 0) {
			bad++;
			continue;
		}
		/* the run as the device sees it: to the end of its last cluster */
		uint64_t in_clus = off / 512 * 512 % cb;
		uint64_t run_end = c->part_lba + lba + (in_clus + bytes + cb - 1) / cb * cb / 512 -
				   in_clus / 512;
		uint64_t could = run_end - last_lba - count;
		if (could > FAT_AHEAD_MAX)
			could = FAT_AHEAD_MAX;
		bad += last_lba != c->part_lba + lba || last_lba + count + ahead > run_end;
		shorter += ahead < could;
		reads++;
	}
	EXPECT(bad == 0 && reads > 0, "%s: %llu of %llu reads every %llu bytes hint past their run",
	       rel, (unsigned long long)bad, (unsigned long long)reads, (unsigned long long)step);
	EXPECT(shorter * 10 <= reads, "%s: %llu of %llu reads every %llu bytes hint short of it",
	       rel, (unsigned long long)shorter, (unsigned long long)reads,
	       (unsigned long long)step);
}

static void readahead_hints(struct ctx *c)
{
	hints_follow(c, "big.bin", 4099);
	hints_follow(c, "big.bin", 65536 * 3 + 512);
	hints_follow(c, "fragmented.bin", 700);
	/* a directory read cannot tell */
	struct fat_node r, n;
	fat_root(&c->vol, &r);
	mount(c);
	fat_root(&c->vol, &r);
	EXPECT_EQ(0, fat_lookup(&c->vol, &r, "big.bin", &n), "lookup after a fresh mount");
	EXPECT_EQ(FAT_AHEAD_UNKNOWN, c->img.last_ahead, "a directory read hints nothing");
}

static void names_and_case(struct ctx *c)
{
	static const char *const same[][2] = {
		{ "small.txt", "SMALL.TXT" },
		{ "small.txt", "Small.Txt" },
		{ "README.TXT", "readme.txt" },
		{ "Long File Name With Spaces.txt", "LONG FILE NAME WITH SPACES.TXT" },
		{ "Long File Name With Spaces.txt", "LONGFI~1.TXT" },
		{ "café résumé.txt", "CAFé RéSUMé.TXT" },
		{ "d1/d2/d3/d4/deep.txt", "D1/d2/D3/d4/DEEP.TXT" },
		{ "d1/Sub Dir Two/In Sub Dir.txt", "/d1/sub dir two/in sub dir.TXT" },
		{ "a.b.c.d", "A.B.C.D" },
	};
	struct fat_node a, b;
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		a = walk(c, same[i][0]);
		b = walk(c, same[i][1]);
		EXPECT(same_node(&a, &b), "\"%s\" and \"%s\" are one file",
		       same[i][0], same[i][1]);
	}
	EXPECT_EQ(-FAT_ENOENT, fat_walk(&c->vol, NULL, "CAFÉ RÉSUMÉ.TXT", &a),
		  "case folding is ASCII only");
}

static void dot_and_dotdot(struct ctx *c)
{
	static const char *const roots[] = { "", "/", ".", "..", "/..", "../..",
					     "d1/..", "d1/d2/../..", "//./d1/../" };
	struct fat_node n, d1, d2, start;
	size_t i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		n = walk(c, roots[i]);
		EXPECT(n.is_root && n.first_cluster == c->vol.root_cluster,
		       "\"%s\" is the root", roots[i]);
	}
	d1 = walk(c, "d1");
	d2 = walk(c, "d1/d2");
	n = walk(c, "d1/d2/..");
	EXPECT(same_node(&n, &d1) && n.wdate == d1.wdate, "d1/d2/.. is d1 (entry too)");
	n = walk(c, "d1/d2/d3/d4/../../..");
	EXPECT(same_node(&n, &d1), "d1/d2/d3/d4/../../.. is d1");
	n = walk(c, "d1/./d2//d3/../");
	EXPECT(same_node(&n, &d2), "d1/./d2//d3/../ is d1/d2");
	EXPECT_EQ(0, fat_lookup(&c->vol, &d2, ".", &n), "lookup .");
	EXPECT(same_node(&n, &d2), "lookup(d2, \".\") is d2");
	start = d2;
	EXPECT_EQ(0, fat_walk(&c->vol, &start, "../../small.txt", &n), "relative ..");
	EXPECT_EQ(11, n.size, "relative walk reaches small.txt");
	EXPECT_EQ(0, fat_walk(&c->vol, &start, "/d1", &n), "absolute from start");
	EXPECT(same_node(&n, &d1), "absolute path ignores start");
}

static void error_codes(struct ctx *c)
{
	char longname[300];
	struct fat_node n, f = walk(c, "small.txt"), e = walk(c, "empty.dat");
	struct fat_node d = walk(c, "d1");
	struct fat_dirent de;
	uint32_t pos = 0;
	uint8_t buf[64];

	memset(longname, 'a', 256);
	longname[256] = '\0';
	EXPECT_EQ(-FAT_ENOENT, fat_walk(&c->vol, NULL, "nope", &n), "nope");
	EXPECT_EQ(-FAT_ENOENT, fat_walk(&c->vol, NULL, "d1/nope/x", &n), "d1/nope/x");
	EXPECT_EQ(-FAT_ENOTDIR, fat_walk(&c->vol, NULL, "small.txt/x", &n), "file/x");
	EXPECT_EQ(-FAT_ENOTDIR, fat_walk(&c->vol, NULL, "small.txt/", &n), "file/");
	EXPECT_EQ(-FAT_ENOTDIR, fat_walk(&c->vol, NULL, "small.txt/..", &n), "file/..");
	EXPECT_EQ(-FAT_ENOTDIR, fat_lookup(&c->vol, &f, "x", &n), "lookup in file");
	EXPECT_EQ(-FAT_ENOTDIR, fat_readdir(&c->vol, &f, &pos, &de), "readdir of file");
	EXPECT_EQ(-FAT_ENOENT, fat_lookup(&c->vol, &d, "", &n), "empty name");
	EXPECT_EQ(-FAT_ENAMETOOLONG, fat_lookup(&c->vol, &d, longname, &n), "256 chars");
	EXPECT_EQ(-FAT_EISDIR, fat_read(&c->vol, &d, 0, buf, 1), "read of a dir");
	EXPECT_EQ(0, fat_read(&c->vol, &e, 0, buf, 64), "read of empty file");
	EXPECT_EQ(0, fat_read(&c->vol, &f, 11, buf, 64), "read at EOF");
	EXPECT_EQ(0, fat_read(&c->vol, &f, 1u << 31, buf, 64), "read far past EOF");
	EXPECT_EQ(0, fat_read(&c->vol, &f, 0, buf, 0), "read of 0 bytes");
	EXPECT_EQ(4, fat_read(&c->vol, &f, 7, buf, 64), "read across EOF");
	pos = 1;
	EXPECT_EQ(-FAT_EINVAL, fat_readdir(&c->vol, &d, &pos, &de), "unaligned pos");
}

static void big_directory(struct ctx *c)
{
	struct fat_node many = walk(c, "many");
	struct fat_dirent de;
	uint32_t pos = 0, p, deleted = 0;
	int n = 0, r;

	while ((r = fat_readdir(&c->vol, &many, &pos, &de)) == 1)
		n++;
	EXPECT_EQ(200, n, "entries in many/");
	EXPECT(pos > c->vol.clus_bytes, "many/ spans clusters (end at %u)", pos);
	EXPECT_EQ(0, fat_readdir(&c->vol, &many, &pos, &de), "readdir stays at end");
	for (p = 0; p < pos; p += 32)
		deleted += *raw_entry(c, many.first_cluster, p) == 0xE5;
	EXPECT(deleted >= 4, "many/ holds deleted entries (%u)", deleted);
	EXPECT_EQ(0, fat_walk(&c->vol, NULL, "many/file number 199 of the big dir.txt",
			      &many), "last file of many/");
	EXPECT_EQ(-FAT_ENOENT, fat_walk(&c->vol, NULL, "many/gone 050 with long name.txt",
					&many), "deleted file is gone");
}

static void device_errors(struct ctx *c)
{
	struct fat_node f = walk(c, "big.bin"), d = walk(c, "d1"), n;
	struct fat_dirent de;
	uint32_t pos = 0;
	uint8_t buf[1024];

	c->img.fail = 1;
	EXPECT_EQ(-FAT_EIO, fat_read(&c->vol, &f, 0, buf, sizeof(buf)), "read");
	EXPECT_EQ(-FAT_EIO, fat_readdir(&c->vol, &d, &pos, &de), "readdir");
	EXPECT_EQ(-FAT_EIO, fat_lookup(&c->vol, &d, "d2", &n), "lookup");
	EXPECT_EQ(-FAT_EIO, mount(c), "mount");
	c->img.fail = 0;
}

static const struct test {
	const char *name;
	void (*fn)(struct ctx *);
	int every_image;  /* else only on the first image */
} tests[] = {
	{ "mount_geometry", mount_geometry, 1 },
	{ "readdir_matches_host", readdir_matches_host, 1 },
	{ "read_files_match_host", read_files_match_host, 1 },
	{ "sequential_and_random_reads", sequential_and_random_reads, 1 },
	{ "contiguous_clusters_merge", contiguous_clusters_merge, 1 },
	{ "names_and_case", names_and_case, 1 },
	{ "dot_and_dotdot", dot_and_dotdot, 1 },
	{ "error_codes", error_codes, 1 },
	{ "big_directory", big_directory, 1 },
	{ "device_errors", device_errors, 1 },
	{ "extents_match_host", extents_match_host, 1 },
	{ "readahead_hints", readahead_hints, 1 },
	{ "bpb_rejected", bpb_rejected, 0 },
	{ "chain_corruption", chain_corruption, 0 },
	{ "long_name_corruption", long_name_corruption, 0 },
};

/* Groups run and failed: the suite's result counts groups, not checks. */
static int groups, groups_failed;

static void run(struct ctx *c, const struct test *t)
{
	int c0 = checks, f0 = failed;

	groups++;
	if (imgdev_reset(&c->img) != 0 || mount(c) != 0) {
		checks++;
		failed++;
		groups_failed++;
		printf("FAIL %s [%s]: cannot mount %s\n", t->name, c->tag, c->img.path);
		return;
	}
	t->fn(c);
	if (failed == f0) {
		printf("ok   %s [%s]: %d checks\n", t->name, c->tag, checks - c0);
	} else {
		groups_failed++;
		printf("FAIL %s [%s]: %d of %d checks failed\n", t->name, c->tag,
		       failed - f0, checks - c0);
	}
}

int main(int argc, char **argv)
{
	static struct ctx c;
	char *at;
	size_t i;
	int a;

	if (argc > 2 && !strcmp(argv[1], "-w")) {
		c.work = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: %s [-w WORKDIR] SRC_DIR FAT16_IMG IMG[@LBA]...\n",
			argv[0]);
		return 2;
	}
	c.src = argv[1];
	c.fat16 = argv[2];
	for (a = 3; a < argc; a++) {
		at = strchr(argv[a], '@');
		c.part_lba = at ? strtoull(at + 1, NULL, 0) : 0;
		if (at)
			*at = '\0';
		c.tag = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
		if (imgdev_open(&c.img, argv[a]) != 0) {
			printf("FAIL open %s\n", argv[a]);
			failed++;
			groups++;
			groups_failed++;
			continue;
		}
		for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
			if (tests[i].every_image || a == 3)
				run(&c, &tests[i]);
		imgdev_close(&c.img);
	}
	if (c.work) {
		setenv("MTOOLS_SKIP_CHECK", "1", 1);
		setenv("LC_ALL", "C.UTF-8", 1);  /* mtools' long names are UTF-8 */
		write_tests(&c, &groups, &groups_failed);
	}
	printf("%d checks, %d failed\n", checks, failed);
	printf("fs: %d passed, %d failed\n", groups - groups_failed, groups_failed);
	return failed != 0;
}
