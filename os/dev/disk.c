/*
 * The disks the block layer sees, whatever drives them: each driver
 * adds its disks here at boot (virtio-blk: vda, vdb ...; the SPI SD
 * card: mmcblk0), and the block cache and bdev.c reach them by number,
 * 0 being the first added (the root disk).
 */
#include "kern/kern.h"
#include "dev/dev.h"

static struct disk {
	char name[8];
	uint64_t devno;		/* Linux's device number of the whole disk */
	uint64_t nsect;
	bool read_only;
	int unit;		/* the driver's own number for it */
	disk_rw_fn rw;
	disk_rwv_fn rwv;	/* NULL if the driver takes one buffer at a time */
} disks[NDISK];		/* filled at boot, then read-only */
static int ndisks;

/* Makes a disk of the driver's unit; returns its number, or -ENOSPC. */
int disk_add(const char *name, uint64_t devno, uint64_t nsect, bool read_only,
	     int unit, disk_rw_fn rw, disk_rwv_fn rwv)
{
	if (ndisks == NDISK)
		return -ENOSPC;
	struct disk *d = &disks[ndisks];
	strlcpy(d->name, name, sizeof(d->name));
	d->devno = devno;
	d->nsect = nsect;
	d->read_only = read_only;
	d->unit = unit;
	d->rw = rw;
	d->rwv = rwv;
	return ndisks++;
}

int disk_count(void) { return ndisks; }
uint64_t disk_capacity(int n) { return n >= 0 && n < ndisks ? disks[n].nsect : 0; }
bool disk_read_only(int n) { return n >= 0 && n < ndisks && disks[n].read_only; }
const char *disk_name(int n) { return n >= 0 && n < ndisks ? disks[n].name : "?"; }
uint64_t disk_devno(int n) { return n >= 0 && n < ndisks ? disks[n].devno : 0; }

/* Reads or writes count sectors at lba of disk n; buf as virtio_blk_rw says. */
int disk_io(int n, uint64_t lba, uint32_t count, void *buf, bool write)
{
	if (n < 0 || n >= ndisks)
		return -ENXIO;
	return disks[n].rw(disks[n].unit, lba, count, buf, write);
}

/* The sectors of the nv buffers of v, one after the other from lba: in
 * one request where the driver can, else a request per buffer. */
int disk_iov(int n, uint64_t lba, const struct bvec *v, int nv, bool write)
{
	if (n < 0 || n >= ndisks)
		return -ENXIO;
	if (disks[n].rwv)
		return disks[n].rwv(disks[n].unit, lba, v, nv, write);
	for (int i = 0; i < nv; i++) {
		int err = disks[n].rw(disks[n].unit, lba, v[i].len / SECTOR_SIZE, v[i].buf, write);
		if (err < 0)
			return err;
		lba += v[i].len / SECTOR_SIZE;
	}
	return 0;
}
