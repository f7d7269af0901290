/*
 * FAT32 library: plain C, no kernel includes. It reads and writes
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
 *
 * Open files: a struct fat_node is the only copy of a file's size, first
 * cluster and entry position the library sees. Every fat_node through
 * which a file is written must be the one shared by all its users (an
 * inode), or be refreshed with fat_lookup after another node changed it.
 */
#ifndef FAT_H
#define FAT_H

#include <stdint.h>
#include <stddef.h>

/* Linux errno values, so the kernel can return them unchanged. */
#define FAT_ENOENT        2
#define FAT_EIO           5
#define FAT_ENOMEM       12
#define FAT_EBUSY        16
#define FAT_EEXIST       17
#define FAT_ENOTDIR      20
#define FAT_EISDIR       21
#define FAT_EINVAL       22
#define FAT_EFBIG        27
#define FAT_ENOSPC       28
#define FAT_EROFS        30
#define FAT_ENAMETOOLONG 36
#define FAT_ENOTEMPTY    39

#define FAT_SECTOR_SIZE 512
#define FAT_NAME_MAX    255
#define FAT_FILE_MAX    0xFFFFFFFFu  /* largest file size: 4 GiB - 1 */
#define FAT_FREE_UNKNOWN 0xFFFFFFFFu /* fat_vol.free_count when not known */

/* FAT timestamps: date and time of day as directory entries store them. */
#define FAT_DATE(y, m, d) ((uint16_t)((((y) - 1980) << 9) | ((m) << 5) | (d)))
#define FAT_TIME(h, m, s) ((uint16_t)(((h) << 11) | ((m) << 5) | ((s) / 2)))

/*
 * A disk of 512-byte sectors. read/write return 0 or a negative errno.
 * A NULL write makes the volume read-only: changes give -FAT_EROFS.
 * read's ahead is a hint for a device that reads ahead: how many of the
 * sectors right after these the library expects to want soon, all of
 * the same file's contiguous clusters (or of the FAT its chain needs);
 * FAT_AHEAD_UNKNOWN where it cannot tell (directories, the boot sector).
 */
#define FAT_AHEAD_UNKNOWN 0xFFFFFFFFu
#define FAT_AHEAD_MAX 128  /* never hinted beyond: a device reads ahead less */
struct blkdev {
	void *ctx;
	int (*read)(void *ctx, uint64_t lba, uint32_t count, void *buf, uint32_t ahead);
	int (*write)(void *ctx, uint64_t lba, uint32_t count, const void *buf);
};

/* Directory entry attribute bits. */
#define FAT_ATTR_READ_ONLY 0x01
#define FAT_ATTR_HIDDEN    0x02
#define FAT_ATTR_SYSTEM    0x04
#define FAT_ATTR_VOLUME_ID 0x08
#define FAT_ATTR_DIRECTORY 0x10
#define FAT_ATTR_ARCHIVE   0x20

/* Where a name was last found in a directory (fat_dcache.c). */
struct fat_dcache_slot {
	uint32_t dir;             /* the directory's first cluster */
	uint32_t hash;            /* of the directory and the folded name */
	uint32_t where;           /* DCACHE_USED | the short entry's index in
				     the directory << 5 | its long-name entries */
	uint32_t clus;            /* the disk cluster of its first entry (0:
				     unknown), trusted */
	uint32_t links;           /* while chain_changes is this */
};

/* Slots in sets of FAT_DCACHE_WAYS: a directory of 1000 names keeps
 * every one (about two names a set). 80 KiB a volume. */
#define FAT_DCACHE_SLOTS 4096
#define FAT_DCACHE_WAYS 8

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
	uint32_t fat_ahead;       /* FAT sectors the chain walk under way may
				     still need after the next (a read-ahead
				     hint), or FAT_AHEAD_UNKNOWN */
	/* one cached FAT sector: chain walks touch the same sector repeatedly */
	uint32_t fat_cache_lba;   /* 0 = empty (sector 0 is never a FAT sector) */
	_Alignas(4) uint8_t fat_cache[FAT_SECTOR_SIZE];  /* aligned: fat_contig */
	uint8_t fat_dirty;        /* fat_cache differs from the disk */
	uint8_t fsinfo_stale;     /* disk's FSInfo says "unknown": sync it */
	uint32_t fsinfo_lba;      /* FSInfo sector; 0 = none */
	uint32_t free_count;      /* free clusters, or FAT_FREE_UNKNOWN */
	uint32_t last_alloc;      /* FSInfo's hint: free clusters are looked for
				     after it (0: none known) */
	uint8_t scratch[FAT_SECTOR_SIZE];  /* for unaligned data and dir reads */
	struct fat_dcache_slot dcache[FAT_DCACHE_SLOTS];  /* remembered lookups */
	uint32_t dcache_hand;     /* picks the way a full set gives up */
	uint32_t chain_changes;   /* FAT links changed or cut: a cluster
				     remembered at an index of a chain holds
				     while this has not moved */
	/*
	 * Timestamps for new and written entries: local time, FAT encoded
	 * (FAT_DATE, FAT_TIME). NULL gives 2026-01-01 00:00. fat_mount
	 * clears both fields; set them after it.
	 */
	void (*clock)(void *ctx, uint16_t *date, uint16_t *time);
	void *clock_ctx;
};

/*
 * A run of a node's chain: clusters index .. index + len - 1 of the file
 * are the disk clusters cluster .. cluster + len - 1. len 0: unused.
 */
struct fat_run {
	uint32_t index, cluster, len;
};

#define FAT_NRUNS 4  /* runs cached per node */

/*
 * A file or directory. Found by fat_lookup/fat_walk; also the state of an
 * open file: the run cache remembers the runs of contiguous clusters met
 * while walking the chain, so that a read or seek into a known run costs
 * no FAT lookup, and extending a run costs a scan of FAT entries, not a
 * call per cluster. fat_write and fat_truncate keep it right.
 */
struct fat_node {
	uint32_t first_cluster;   /* 0: empty file */
	uint32_t size;            /* bytes; 0 for directories */
	uint8_t attr;
	uint8_t is_root;
	uint8_t orphan;           /* its name is gone (fat_unlink_keep): no entry to update */
	uint32_t dir_cluster;     /* where this node's entry lives (for writes) */
	uint32_t dir_offset;      /* byte offset of the short entry in that dir */
	uint16_t wdate, wtime;    /* last-write date and time, FAT encoding */
	uint16_t adate;           /* last-access date */
	struct fat_run runs[FAT_NRUNS];
	uint8_t run_last;         /* the run most recently walked into */
} __attribute__((aligned(8)));  /* copied whole (a directory's into each
				 * lookup's iterator): the kernel's memcpy
				 * copies words only between addresses
				 * aligned alike */

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
 * device read straight into buf. Updates f's run cache. */
long fat_read(struct fat_vol *v, struct fat_node *f, uint64_t off,
	      void *buf, size_t n);

/*
 * Where file f's bytes from off (a multiple of 512, below f's size) lie
 * on the volume, for a caller that reads them itself (straight into
 * pages): *lba, the volume-relative sector holding byte off, and
 * *bytes, how many bytes from there are f's and in contiguous sectors,
 * at most max, in whole sectors (rounded up: the file's last sector is
 * named whole, past the end of the file but never past its cluster). Returns 0, -FAT_EINVAL for an
 * unaligned or too large off, or -FAT_EIO for a chain that does not
 * reach it. Updates f's run cache.
 */
int fat_extent(struct fat_vol *v, struct fat_node *f, uint64_t off,
	       uint64_t max, uint64_t *lba, uint64_t *bytes);

/* Directory iteration: *pos starts at 0 and is advanced past the entry
 * returned. Returns 1 with *de filled, 0 at the end, or -errno. Skips
 * deleted entries, volume labels, and "." / "..". */
int fat_readdir(struct fat_vol *v, const struct fat_node *dir,
		uint32_t *pos, struct fat_dirent *de);

/*
 * ---- Writing ----
 * Every change reaches the disk before the call returns, in an order that
 * lets an interruption lose at most the operation under way: new data,
 * then the FAT, then the directory entry that points at them; a removed
 * entry is written before the clusters it held are freed. Only FSInfo's
 * free count waits for fat_sync (until then the disk says "unknown").
 * All return -FAT_EROFS on a device without write, -FAT_EIO on device
 * errors and on corrupt chains (looping, cross-linked, not matching the
 * size).
 */

/*
 * Creates an empty file, or with FAT_ATTR_DIRECTORY in attr a directory
 * (one zeroed cluster holding "." and ".."), in dir; *out (may be NULL)
 * is its node. attr may hold READ_ONLY, HIDDEN, SYSTEM, ARCHIVE,
 * DIRECTORY; files always get ARCHIVE. -FAT_EEXIST if the name or 8.3
 * alias exists (ignoring ASCII case). Names are UTF-8; -FAT_EINVAL for
 * "", ".", "..", control characters, any of " * / : < > ? \ |, invalid
 * UTF-8, or a trailing '.' or ' ' (Windows would drop them silently);
 * -FAT_ENAMETOOLONG over 255 UTF-16 units or 255 bytes. A name that is
 * 8.3 with each part all upper or all lower case gets one short entry
 * (NTRes case bits); others get VFAT long-name entries and an alias
 * like LONGNA~1.TXT. -FAT_ENOSPC if the disk or the directory (65536
 * entries) is full.
 */
int fat_create(struct fat_vol *v, const struct fat_node *dir,
	       const char *name, uint8_t attr, struct fat_node *out);

/*
 * Writes n bytes from buf at offset off of file f; returns the count.
 * Past the end the file grows (a gap is zero-filled); the directory entry
 * gets the new size, first cluster and write time, and f is updated the
 * same (size, first_cluster, wdate/wtime, run cache). A full disk gives
 * a short count, or -FAT_ENOSPC if nothing was written; a write at or past
 * 4 GiB - 1 gives -FAT_EFBIG (one reaching past it is cut short).
 */
long fat_write(struct fat_vol *v, struct fat_node *f, uint64_t off,
	       const void *buf, size_t n);

/* Sets f's size: a shorter file frees the clusters past the end, a
 * longer one is zero-filled. f and its entry are updated as by write. */
int fat_truncate(struct fat_vol *v, struct fat_node *f, uint64_t size);

/* Removes a file (-FAT_EISDIR for a directory) and frees its clusters.
 * Nodes of the file become invalid: do not write through them. */
int fat_unlink(struct fat_vol *v, const struct fat_node *dir,
	       const char *name);

/* Removes a file's name but keeps its clusters, for a file still open:
 * the caller marks its node an orphan (node->orphan = 1: writes and
 * truncates then change the node alone) and frees the clusters with
 * fat_orphan_free once the file is closed. Until then a check of the
 * volume finds them lost. */
int fat_unlink_keep(struct fat_vol *v, const struct fat_node *dir,
		    const char *name);

/* Frees an orphan's clusters; it is empty after. */
int fat_orphan_free(struct fat_vol *v, struct fat_node *f);

/* Removes an empty directory: -FAT_ENOTDIR if not one, -FAT_ENOTEMPTY
 * unless it holds only "." and "..", -FAT_EBUSY for the root, -FAT_EINVAL
 * for "." or "..". */
int fat_rmdir(struct fat_vol *v, const struct fat_node *dir,
	      const char *name);

/*
 * Renames olddir/oldname to newdir/newname, also across directories.
 * An existing newname is replaced if it is a file and oldname is too,
 * or both are directories and the new one is empty (else -FAT_EISDIR,
 * -FAT_ENOTDIR, -FAT_ENOTEMPTY); its clusters are freed. A directory
 * cannot move into itself or below (-FAT_EINVAL); a moved directory's
 * ".." is updated. The file keeps its clusters, but its entry moves:
 * an open node of it must take dir_cluster and dir_offset from a fresh
 * fat_lookup(newdir, newname) before it is written again; nodes of a
 * replaced file become invalid. Renaming to the same name is a no-op;
 * to the same name in another case changes the case.
 */
int fat_rename(struct fat_vol *v, const struct fat_node *olddir,
	       const char *oldname, const struct fat_node *newdir,
	       const char *newname);

/* fat_rename, but a replaced file's clusters are kept: it is still
 * open, and becomes an orphan (fat_unlink_keep). */
int fat_rename_keep(struct fat_vol *v, const struct fat_node *olddir,
		    const char *oldname, const struct fat_node *newdir,
		    const char *newname);

/* Sets f's last-write date and time and last-access date (FAT_DATE,
 * FAT_TIME), in its entry and in f. Nothing to do for the root, which has
 * no entry. */
int fat_set_times(struct fat_vol *v, struct fat_node *f, uint16_t wdate,
		  uint16_t wtime, uint16_t adate);

/* Sets or clears FAT_ATTR_READ_ONLY in f's entry and in f. Nothing to
 * do for the root. */
int fat_set_readonly(struct fat_vol *v, struct fat_node *f, int ro);

/* Writes FSInfo (free count and next-free hint). Call before shutdown,
 * and whenever a correct free count on disk matters. */
int fat_sync(struct fat_vol *v);

/* The number of free clusters; counts them in the FAT (once) if FSInfo
 * did not give a believable count. */
int fat_free_clusters(struct fat_vol *v, uint32_t *count);

#endif
