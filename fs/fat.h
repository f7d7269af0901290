/*
 * FAT32 library: plain C, no kernel includes. It reads (and, later, writes)
 * a FAT32 volume through the small block-device interface below, so the same
 * code runs in the kernel over virtio-blk or an SD card, and on the host over
 * an image file for unit tests and fuzzing.
 *
 * Every function returns 0 (or a count) on success and a negative Linux
 * errno (-FAT_EIO, -FAT_ENOENT, ...) on failure. Every number read from the
 * disk is untrusted: cluster numbers are range checked, chain walks are
 * bounded by the cluster count.
 *
 * Locking: the library keeps no global state; the caller serialises all
 * calls on one fat_vol (the kernel holds its filesystem sleep lock).
 */
#ifndef FAT_H
#define FAT_H

#include <stdint.h>
#include <stddef.h>

/* Linux errno values, so the kernel can return them unchanged. */
#define FAT_ENOENT        2
#define FAT_EIO           5
#define FAT_ENOMEM       12
#define FAT_ENOTDIR      20
#define FAT_EISDIR       21
#define FAT_EINVAL       22
#define FAT_ENAMETOOLONG 36

#define FAT_SECTOR_SIZE 512
#define FAT_NAME_MAX    255

/* A disk of 512-byte sectors. read/write return 0 or a negative errno. */
struct blkdev {
	void *ctx;
	int (*read)(void *ctx, uint64_t lba, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t lba, uint32_t count, const void *buf);
};

/* Directory entry attribute bits. */
#define FAT_ATTR_READ_ONLY 0x01
#define FAT_ATTR_HIDDEN    0x02
#define FAT_ATTR_SYSTEM    0x04
#define FAT_ATTR_VOLUME_ID 0x08
#define FAT_ATTR_DIRECTORY 0x10
#define FAT_ATTR_ARCHIVE   0x20

/* A mounted volume: geometry from the BPB, validated at mount. */
struct fat_vol {
	struct blkdev *dev;
	uint64_t part_lba;        /* first sector of the volume on the disk */
	uint32_t sec_per_clus;
	uint32_t clus_bytes;      /* sec_per_clus * 512 */
	uint32_t fat_lba;         /* first sector of FAT #0, volume-relative */
	uint32_t fat_sectors;     /* sectors per FAT */
	uint32_t nfats;
	uint32_t data_lba;        /* first sector of cluster 2, volume-relative */
	uint32_t nclusters;       /* valid clusters are 2 .. nclusters + 1 */
	uint32_t root_cluster;
	/* one cached FAT sector: chain walks touch the same sector repeatedly */
	uint32_t fat_cache_lba;   /* 0 = empty (sector 0 is never a FAT sector) */
	uint8_t fat_cache[FAT_SECTOR_SIZE];
	uint8_t scratch[FAT_SECTOR_SIZE];  /* for unaligned data and dir reads */
};

/*
 * A file or directory. Found by fat_lookup/fat_walk; also the state of an
 * open file: the chain cache remembers the last cluster reached so that
 * sequential reads and seeks forward cost O(1) FAT lookups each.
 */
struct fat_node {
	uint32_t first_cluster;   /* 0: empty file */
	uint32_t size;            /* bytes; 0 for directories */
	uint8_t attr;
	uint8_t is_root;
	uint32_t dir_cluster;     /* where this node's entry lives (for writes) */
	uint32_t dir_offset;      /* byte offset of the short entry in that dir */
	uint16_t wdate, wtime;    /* last-write date and time, FAT encoding */
	uint32_t chain_index;     /* cluster index (offset / clus_bytes) ... */
	uint32_t chain_cluster;   /* ... and the cluster number there; 0 = none */
};

/* One entry as fat_readdir returns it. */
struct fat_dirent {
	char name[FAT_NAME_MAX + 1];  /* UTF-8, long name if present */
	struct fat_node node;
};

/* Reads and checks the BPB of the FAT32 volume starting at part_lba.
 * Refuses anything that is not a sane FAT32 volume with -FAT_EINVAL. */
int fat_mount(struct fat_vol *v, struct blkdev *dev, uint64_t part_lba);

/* The root directory. */
void fat_root(const struct fat_vol *v, struct fat_node *out);

/* Finds one name (case-insensitive; "." and ".." work, also in the root)
 * in directory dir. -FAT_ENOENT if absent, -FAT_ENOTDIR if dir is not one. */
int fat_lookup(struct fat_vol *v, const struct fat_node *dir,
	       const char *name, struct fat_node *out);

/* Resolves a path: absolute from the root, or relative to start (root if
 * start is NULL). Empty components and "." are skipped, ".." goes up. */
int fat_walk(struct fat_vol *v, const struct fat_node *start,
	     const char *path, struct fat_node *out);

/* Reads up to n bytes at offset off of file f into buf; returns the count
 * (0 at or past end of file). Contiguous clusters become one multi-sector
 * device read straight into buf. Updates f's chain cache. */
long fat_read(struct fat_vol *v, struct fat_node *f, uint64_t off,
	      void *buf, size_t n);

/* Directory iteration: *pos starts at 0 and is advanced past the entry
 * returned. Returns 1 with *de filled, 0 at the end, or -errno. Skips
 * deleted entries, volume labels, and "." / "..". */
int fat_readdir(struct fat_vol *v, const struct fat_node *dir,
		uint32_t *pos, struct fat_dirent *de);

#endif
