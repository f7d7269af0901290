/* File-backed block device for the host tests; see imgdev.h. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "imgdev.h"

static int img_read(void *ctx, uint64_t lba, uint32_t count, void *buf, uint32_t ahead)
{
	struct imgdev *d = ctx;
	uint64_t off = lba * FAT_SECTOR_SIZE;
	uint64_t len = (uint64_t)count * FAT_SECTOR_SIZE;

	d->reads++;
	d->last_lba = lba;
	d->last_count = count;
	d->last_ahead = ahead;
	if (d->fail || count == 0 || off > d->size || len > d->size - off)
		return -FAT_EIO;
	memcpy(buf, d->data + off, len);
	return 0;
}

static int img_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct imgdev *d = ctx;
	uint64_t off = lba * FAT_SECTOR_SIZE;
	uint64_t len = (uint64_t)count * FAT_SECTOR_SIZE;

	if (!d->rw)
		return -FAT_EIO;  /* read-only tests must never write */
	if (d->wfail_after >= 0 && d->writes >= (unsigned long)d->wfail_after)
		return -FAT_EIO;
	d->writes++;
	d->wsectors += count;
	if (d->data_lba != 0 && lba >= d->data_lba) {
		d->data_writes++;
		d->data_sectors += count;
	}
	if (count == 0 || off > d->size || len > d->size - off)
		return -FAT_EIO;
	memcpy(d->data + off, buf, len);
	return 0;
}

static int img_map(struct imgdev *d)
{
	struct stat st;
	int fd = open(d->path, d->rw ? O_RDWR : O_RDONLY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -1;
	}
	d->size = (uint64_t)st.st_size;
	d->data = mmap(NULL, d->size, PROT_READ | PROT_WRITE,
		       d->rw ? MAP_SHARED : MAP_PRIVATE, fd, 0);
	close(fd);
	if (d->data == MAP_FAILED) {
		d->data = NULL;
		return -1;
	}
	return 0;
}

int imgdev_open(struct imgdev *d, const char *path)
{
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->dev.ctx = d;
	d->dev.read = img_read;
	d->dev.write = img_write;
	d->wfail_after = -1;
	return img_map(d);
}

int imgdev_open_rw(struct imgdev *d, const char *path)
{
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->rw = 1;
	d->dev.ctx = d;
	d->dev.read = img_read;
	d->dev.write = img_write;
	d->wfail_after = -1;
	return img_map(d);
}

/* Makes the library's writes visible in the file for fsck and mtools. */
void imgdev_sync(struct imgdev *d)
{
	if (d->data && d->rw)
		msync(d->data, d->size, MS_SYNC);
}

int imgdev_reset(struct imgdev *d)
{
	imgdev_close(d);
	d->fail = 0;
	return img_map(d);
}

void imgdev_close(struct imgdev *d)
{
	if (d->data)
		munmap(d->data, d->size);
	d->data = NULL;
}
