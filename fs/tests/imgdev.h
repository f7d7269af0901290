/*
 * A struct blkdev over a disk image file, for host tests. imgdev_open maps
 * the file privately and refuses writes: tests patch bytes to corrupt the
 * volume, and imgdev_reset throws the patches away without touching the
 * file. imgdev_open_rw maps it shared: the library's writes reach the
 * file, for fsck.fat and mtools to check.
 */
#ifndef IMGDEV_H
#define IMGDEV_H

#include <stdint.h>
#include "../fat.h"

struct imgdev {
	struct blkdev dev;
	const char *path;
	uint8_t *data;
	uint64_t size;
	unsigned long reads;   /* device read calls, to check merging */
	uint64_t last_lba;     /* the last read: where, how many, its hint */
	uint32_t last_count, last_ahead;
	int fail;              /* nonzero: every read fails with -FAT_EIO */
	int rw;                /* opened with imgdev_open_rw */
	unsigned long writes, wsectors;  /* device write calls and sectors */
	uint64_t data_lba;     /* writes at or past it are also counted in: */
	unsigned long data_writes, data_sectors;
	long wfail_after;      /* >= 0: writes after this many fail (EIO) */
};

int imgdev_open(struct imgdev *d, const char *path);
int imgdev_open_rw(struct imgdev *d, const char *path);
int imgdev_reset(struct imgdev *d);
void imgdev_sync(struct imgdev *d);
void imgdev_close(struct imgdev *d);

#endif
