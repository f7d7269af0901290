/*
 * A struct blkdev over a disk image file, for host tests. The file is
 * mapped privately: tests patch bytes to corrupt the volume, and
 * imgdev_reset throws the patches away without touching the file.
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
	int fail;              /* nonzero: every read fails with -FAT_EIO */
};

int imgdev_open(struct imgdev *d, const char *path);
int imgdev_reset(struct imgdev *d);
void imgdev_close(struct imgdev *d);

#endif
