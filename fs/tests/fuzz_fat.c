/*
 * libFuzzer target for the FAT library: mounts a mutated volume, walks and
 * reads every directory and file, then creates, writes, renames and
 * deletes on it, and walks it again.
 *
 * A FAT32 volume has at least 65525 clusters, far too big for a fuzzer
 * input. So a base image (made by fuzz_base.sh with mkfs.fat and mtools)
 * is loaded once, and the input is laid over its non-zero sectors, in
 * order: the boot sector, FSInfo, the used FAT sectors of both FATs, the
 * directories and the small files. The seed (written when FUZZ_FAT_SEED
 * names a file) is those sectors unchanged, so every mutation lands in a
 * BPB, FAT, directory or data sector. The library's writes go to an
 * overlay that is thrown away after each run.
 *
 * Environment: FUZZ_FAT_BASE = the base image (required).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../fat.h"

#define TABLE_MAX   64     /* sectors the input can patch */
#define OVERLAY_MAX 1024   /* sectors the library may write in one run */
#define HASH_SLOTS  2048

static const uint8_t *base;
static uint64_t base_sectors;
static uint64_t table[TABLE_MAX];   /* patchable sectors, ascending */
static int ntable;
static int16_t *slot_of;            /* sector -> table index, or -1 */

/* The run's input and its overlay of written sectors. */
static const uint8_t *in;
static size_t in_len;
static uint64_t ov_lba[HASH_SLOTS];  /* lba + 1; 0 = empty slot */
static uint16_t ov_idx[HASH_SLOTS];
static uint8_t ov_data[OVERLAY_MAX][FAT_SECTOR_SIZE];
static int nov;

static int ov_find(uint64_t lba, int add)
{
	uint32_t h = (uint32_t)(lba * 2654435761u) % HASH_SLOTS;

	while (ov_lba[h] != 0 && ov_lba[h] != lba + 1)
		h = (h + 1) % HASH_SLOTS;
	if (ov_lba[h] == lba + 1)
		return ov_idx[h];
	if (!add || nov == OVERLAY_MAX)
		return -1;
	ov_lba[h] = lba + 1;
	ov_idx[h] = (uint16_t)nov;
	return nov++;
}

/* One sector as this run sees it: written, patched by the input, or base. */
static void sector(uint64_t lba, uint8_t *out)
{
	int k = ov_find(lba, 0);
	size_t off, n;

	if (k >= 0) {
		memcpy(out, ov_data[k], FAT_SECTOR_SIZE);
		return;
	}
	memcpy(out, base + lba * FAT_SECTOR_SIZE, FAT_SECTOR_SIZE);
	if (slot_of[lba] < 0)
		return;
	off = (size_t)slot_of[lba] * FAT_SECTOR_SIZE;
	if (off >= in_len)
		return;
	n = in_len - off < FAT_SECTOR_SIZE ? in_len - off : FAT_SECTOR_SIZE;
	memcpy(out, in + off, n);
}

static int dev_read(void *ctx, uint64_t lba, uint32_t count, void *buf, uint32_t ahead)
{
	uint32_t i;

	(void)ctx;
	(void)ahead;
	if (lba >= base_sectors || count > base_sectors - lba)
		return -FAT_EIO;
	for (i = 0; i < count; i++)
		sector(lba + i, (uint8_t *)buf + (size_t)i * FAT_SECTOR_SIZE);
	return 0;
}

static int dev_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	uint32_t i;
	int k;

	(void)ctx;
	if (lba >= base_sectors || count > base_sectors - lba)
		return -FAT_EIO;
	for (i = 0; i < count; i++) {
		k = ov_find(lba + i, 1);
		if (k < 0)
			return -FAT_EIO;  /* a full overlay is a failing disk */
		memcpy(ov_data[k], (const uint8_t *)buf + (size_t)i * FAT_SECTOR_SIZE,
		       FAT_SECTOR_SIZE);
	}
	return 0;
}

static int is_zero(const uint8_t *p)
{
	int i;

	for (i = 0; i < FAT_SECTOR_SIZE; i++)
		if (p[i])
			return 0;
	return 1;
}

static void write_seed(const char *path)
{
	FILE *f = fopen(path, "wb");
	int i;

	if (!f)
		return;
	for (i = 0; i < ntable; i++)
		fwrite(base + table[i] * FAT_SECTOR_SIZE, 1, FAT_SECTOR_SIZE, f);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("FUZZ_FAT_BASE"), *seed = getenv("FUZZ_FAT_SEED");
	struct stat st;
	uint64_t s;
	int fd;

	(void)argc, (void)argv;
	fd = path ? open(path, O_RDONLY) : -1;
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "fuzz_fat: set FUZZ_FAT_BASE to a FAT32 image\n");
		exit(2);
	}
	base_sectors = (uint64_t)st.st_size / FAT_SECTOR_SIZE;
	base = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	slot_of = malloc(base_sectors * sizeof(*slot_of));
	if (base == MAP_FAILED || !slot_of)
		exit(2);
	for (s = 0; s < base_sectors; s++) {
		slot_of[s] = -1;
		if (ntable < TABLE_MAX && !is_zero(base + s * FAT_SECTOR_SIZE)) {
			slot_of[s] = (int16_t)ntable;
			table[ntable++] = s;
		}
	}
	if (seed)
		write_seed(seed);
	return 0;
}

/* ---- what each run does with the volume ---- */

static uint8_t buf[1 << 16];

static void walk_dir(struct fat_vol *v, struct fat_node *dir, int depth)
{
	struct fat_dirent de;
	struct fat_node n;
	uint32_t pos = 0;
	int k = 0;

	while (k++ < 64 && fat_readdir(v, dir, &pos, &de) == 1) {
		fat_lookup(v, dir, de.name, &n);
		if (de.node.attr & FAT_ATTR_DIRECTORY) {
			if (depth < 4)
				walk_dir(v, &de.node, depth + 1);
		} else {
			fat_read(v, &de.node, 0, buf, sizeof(buf));
			fat_read(v, &de.node, de.node.size / 2, buf, 1000);
		}
	}
}

/* A file or directory in root to change: the first one readdir gives. */
static int first_entry(struct fat_vol *v, struct fat_node *root, int want_dir,
		       char *name)
{
	struct fat_dirent de;
	uint32_t pos = 0;
	int k = 0;

	while (k++ < 64 && fat_readdir(v, root, &pos, &de) == 1) {
		if (!!(de.node.attr & FAT_ATTR_DIRECTORY) == want_dir) {
			memcpy(name, de.name, sizeof(de.name));
			return 1;
		}
	}
	return 0;
}

static void change(struct fat_vol *v, struct fat_node *root)
{
	char name[FAT_NAME_MAX + 1];
	struct fat_node f, d, n;
	long i;

	for (i = 0; i < 3000; i++)
		buf[i] = (uint8_t)i;
	if (fat_create(v, root, "A new file with a long name.txt", 0, &f) == 0) {
		fat_write(v, &f, 0, buf, 3000);
		fat_write(v, &f, 10000, buf, 100);
		fat_truncate(v, &f, 1234);
	}
	if (fat_create(v, root, "newdir", FAT_ATTR_DIRECTORY, &d) == 0 &&
	    fat_create(v, &d, "inner.txt", 0, &n) == 0)
		fat_write(v, &n, 0, buf, 700);
	if (first_entry(v, root, 0, name)) {
		if (fat_lookup(v, root, name, &n) == 0)
			fat_write(v, &n, n.size, buf, 600);
		fat_rename(v, root, name, &d, "moved here");
		fat_unlink(v, &d, "moved here");
		fat_unlink(v, root, name);
	}
	if (first_entry(v, root, 1, name)) {
		fat_rename(v, root, name, root, "Renamed Directory");
		fat_rmdir(v, root, "Renamed Directory");
	}
	fat_sync(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fat_vol v;
	struct blkdev dev = { NULL, dev_read, dev_write };
	struct fat_node root;

	in = data;
	in_len = size;
	memset(ov_lba, 0, sizeof(ov_lba));
	nov = 0;
	if (fat_mount(&v, &dev, 0) != 0)
		return 0;
	fat_root(&v, &root);
	walk_dir(&v, &root, 0);
	change(&v, &root);
	walk_dir(&v, &root, 0);
	if (v.free_count != FAT_FREE_UNKNOWN && v.free_count > v.nclusters)
		abort();  /* the library's count must stay possible */
	return 0;
}
