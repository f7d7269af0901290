/*
 * Corrupt volumes: each test patches the privately mapped image (a bad
 * BPB, a FAT chain that loops or leaves the volume, a broken long name)
 * and checks for the right error, which must come promptly.
 */
#include <string.h>
#include "check.h"

struct patch {
	const char *what;
	unsigned off, size;
	uint32_t val;
};

void bpb_rejected(struct ctx *c)
{
	static const struct patch bad[] = {
		{ "sec_per_clus 0", BPB_SecPerClus, 1, 0 },
		{ "sec_per_clus 3", BPB_SecPerClus, 1, 3 },
		{ "bytes/sector 1024", BPB_BytsPerSec, 2, 1024 },
		{ "bytes/sector 4096", BPB_BytsPerSec, 2, 4096 },
		{ "reserved 0", BPB_RsvdSecCnt, 2, 0 },
		{ "nfats 0", BPB_NumFATs, 1, 0 },
		{ "nfats 3", BPB_NumFATs, 1, 3 },
		{ "root entries 512", BPB_RootEntCnt, 2, 512 },
		{ "FATSz16 set", BPB_FATSz16, 2, 32 },
		{ "FATSz32 0", BPB_FATSz32, 4, 0 },
		{ "FAT too small", BPB_FATSz32, 4, 8 },
		{ "FAT fills volume", BPB_FATSz32, 4, 0x7FFFFFFF },
		{ "total 100", BPB_TotSec32, 4, 100 },
		{ "TotSec16 disagrees", BPB_TotSec16, 2, 1234 },
		{ "root cluster 0", BPB_RootClus, 4, 0 },
		{ "root cluster 1", BPB_RootClus, 4, 1 },
		{ "root cluster past end", BPB_RootClus, 4, 0x0FFFFFF0 },
		{ "no 55AA", BS_Signature, 2, 0 },
		{ "no jump", BS_JmpBoot, 1, 0 },
		{ "FSVer 1", BPB_FSVer, 2, 1 },
	};
	struct imgdev f16;
	struct fat_vol v;
	uint8_t *bs;
	uint32_t val;
	size_t i, k;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		imgdev_reset(&c->img);
		bs = disk(c, 0);
		val = bad[i].val;
		for (k = 0; k < bad[i].size; k++)
			bs[bad[i].off + k] = (uint8_t)(val >> (8 * k));
		EXPECT_EQ(-FAT_EINVAL, mount(c), "mount with %s", bad[i].what);
	}
	/* twice the cluster size halves the count, to under 65525 */
	imgdev_reset(&c->img);
	disk(c, 0)[BPB_SecPerClus] *= 2;
	EXPECT_EQ(-FAT_EINVAL, mount(c), "mount with too few clusters for FAT32");
	imgdev_reset(&c->img);
	EXPECT_EQ(0, mount(c), "mount after undoing patches");
	if (imgdev_open(&f16, c->fat16) == 0) {
		EXPECT_EQ(-FAT_EINVAL, fat_mount(&v, &f16.dev, 0), "mount FAT16 image");
		imgdev_close(&f16);
	} else {
		EXPECT(0, "open %s", c->fat16);
	}
}

/* Patches the FAT, remounts, then reads all of big.bin. */
static long read_big_after(struct ctx *c, uint32_t k, uint32_t val, int rel)
{
	static uint8_t buf[3 << 20];
	struct fat_node f;
	uint32_t c0;

	imgdev_reset(&c->img);
	mount(c);
	f = walk(c, "big.bin");
	c0 = f.first_cluster;
	fat_set(c, c0 + k, rel ? c0 + val : val);
	mount(c);
	return fat_read(&c->vol, &f, 0, buf, f.size);
}

void chain_corruption(struct ctx *c)
{
	uint32_t end = c->vol.nclusters + 2, last;
	struct fat_node many, n;
	struct fat_dirent de;
	uint32_t pos = 0;
	uint8_t buf[512], *e;
	long i;
	int r = 1;

	EXPECT_EQ(-FAT_EIO, read_big_after(c, 2, 2, 1), "cluster pointing to itself");
	EXPECT_EQ(-FAT_EIO, read_big_after(c, 5, 2, 1), "loop of four clusters");
	EXPECT_EQ(-FAT_EIO, read_big_after(c, 1, end, 0), "next cluster past end");
	EXPECT_EQ(-FAT_EIO, read_big_after(c, 1, 1, 0), "next cluster 1");
	EXPECT_EQ(-FAT_EIO, read_big_after(c, 1, FAT32_BAD, 0), "bad cluster mark");
	EXPECT_EQ(-FAT_EIO, read_big_after(c, 1, 0, 0), "free cluster in chain");
	EXPECT_EQ(-FAT_EIO, read_big_after(c, 1, 0x0FFFFFFF, 0), "chain ends early");
	EXPECT_EQ(3 << 20, read_big_after(c, 1, 0xF0000000 + 2, 1),
		  "reserved top bits of a FAT entry are ignored");

	/* a file whose entry names a cluster past the end, or none */
	imgdev_reset(&c->img);
	mount(c);
	n = walk(c, "size4097.bin");
	e = raw_entry(c, n.dir_cluster, n.dir_offset);
	e[DIR_FstClusHI] = 0xF0;
	mount(c);
	n = walk(c, "size4097.bin");
	EXPECT_EQ(-FAT_EIO, fat_read(&c->vol, &n, 0, buf, 512), "entry cluster past end");
	memset(e + DIR_FstClusHI, 0, 2);
	memset(e + DIR_FstClusLO, 0, 2);
	mount(c);
	n = walk(c, "size4097.bin");
	EXPECT_EQ(-FAT_EIO, fat_read(&c->vol, &n, 0, buf, 512), "size but no cluster");

	/* a subdirectory starting past the end */
	n = walk(c, "d1/d2");
	raw_entry(c, n.dir_cluster, n.dir_offset)[DIR_FstClusHI + 1] = 0xF0;
	mount(c);
	EXPECT_EQ(-FAT_EIO, fat_walk(&c->vol, NULL, "d1/d2/mid.txt", &n), "dir past end");

	/* a directory chain looping before its end marker: bounded by size */
	imgdev_reset(&c->img);
	mount(c);
	many = walk(c, "many");
	last = chain_at(c, many.first_cluster, 2);
	fat_set(c, last, many.first_cluster);
	mount(c);
	EXPECT_EQ(-FAT_EIO, fat_lookup(&c->vol, &many, "nope", &n), "lookup in looping dir");
	for (i = 0; i < 10000000 && r == 1; i++)
		r = fat_readdir(&c->vol, &many, &pos, &de);
	EXPECT_EQ(-FAT_EIO, r, "readdir of looping dir ends with EIO (after %ld)", i);
	fat_set(c, many.first_cluster, many.first_cluster);
	mount(c);
	EXPECT_EQ(-FAT_EIO, fat_lookup(&c->vol, &many, "nope", &n), "dir self loop");
	imgdev_reset(&c->img);
	mount(c);
}

/* Name of the root entry whose short entry is at dir_offset off. */
static void name_at(struct ctx *c, uint32_t off, char *out)
{
	struct fat_node root;
	struct fat_dirent de;
	uint32_t pos = 0;

	fat_root(&c->vol, &root);
	out[0] = '\0';
	while (fat_readdir(&c->vol, &root, &pos, &de) == 1)
		if (de.node.dir_offset == off)
			strcpy(out, de.name);
}

/* Throws away earlier patches; the raw short entry of path. */
static uint8_t *fresh_entry(struct ctx *c, const char *path, struct fat_node *n)
{
	imgdev_reset(&c->img);
	mount(c);
	*n = walk(c, path);
	return raw_entry(c, n->dir_cluster, n->dir_offset);
}

void long_name_corruption(struct ctx *c)
{
	const char *lfn = "Long File Name With Spaces.txt";
	char name[FAT_NAME_MAX + 1];
	struct fat_node n;
	uint8_t *e;
	int k;

	e = fresh_entry(c, lfn, &n);
	EXPECT_EQ(0x43, e[-96], "three LFN entries before the short one");
	e[-32 + LDIR_Chksum]++;
	name_at(c, n.dir_offset, name);
	EXPECT(!strcmp(name, "LONGFI~1.TXT"), "one bad checksum: got \"%s\"", name);
	for (k = 2; k <= 3; k++)
		e[-32 * k + LDIR_Chksum] = e[-32 + LDIR_Chksum];
	name_at(c, n.dir_offset, name);
	EXPECT(!strcmp(name, "LONGFI~1.TXT"), "run checksum not the entry's: \"%s\"", name);
	EXPECT_EQ(-FAT_ENOENT, fat_walk(&c->vol, NULL, lfn, &n), "long name gone");
	EXPECT_EQ(0, fat_walk(&c->vol, NULL, "longfi~1.txt", &n), "alias still works");

	e = fresh_entry(c, lfn, &n);
	e[-64 + LDIR_Ord] = 3;
	name_at(c, n.dir_offset, name);
	EXPECT(!strcmp(name, "LONGFI~1.TXT"), "out-of-sequence LFN: \"%s\"", name);
	e = fresh_entry(c, lfn, &n);
	e[-32 + LDIR_Name1] = '/';
	name_at(c, n.dir_offset, name);
	EXPECT(!strcmp(name, "LONGFI~1.TXT"), "'/' in a long name: \"%s\"", name);

	e = fresh_entry(c, "README.TXT", &n);
	e[DIR_NTRes] = NTRES_LOWER_BASE | NTRES_LOWER_EXT;
	name_at(c, n.dir_offset, name);
	EXPECT(!strcmp(name, "readme.txt"), "NTRes 0x18: \"%s\"", name);
	e[DIR_NTRes] = NTRES_LOWER_BASE;
	name_at(c, n.dir_offset, name);
	EXPECT(!strcmp(name, "readme.TXT"), "NTRes 0x08: \"%s\"", name);
	imgdev_reset(&c->img);
	mount(c);
}
