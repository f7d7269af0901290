/*
 * fat_set_times: a file's last-write date and time and its last-access
 * date, as utimensat(2) sets them. FAT keeps the write time to 2 seconds
 * and the access time to the day. fat_set_readonly: its READ_ONLY bit,
 * which chmod(2) sets as Linux's vfat does.
 */
#include "fat_int.h"

int fat_set_times(struct fat_vol *v, struct fat_node *f, uint16_t wdate,
		  uint16_t wtime, uint16_t adate)
{
	uint64_t lba;
	uint8_t *e;
	int r;

	r = fat_writable(v);
	if (r < 0)
		return r;
	if (f->is_root)
		return 0;	/* the root has no entry to keep times in */
	if (!f->orphan) {	/* an orphan's are kept in f alone */
		r = dirent_load(v, f, f->first_cluster, &lba, &e);
		if (r < 0)
			return r;
		st16(e + DIR_WrtDate, wdate);
		st16(e + DIR_WrtTime, wtime);
		st16(e + DIR_LstAccDate, adate);
	}
	f->wdate = wdate;
	f->wtime = wtime;
	f->adate = adate;
	return f->orphan ? 0 : fat_done(v, dirent_store(v, lba));
}

int fat_set_readonly(struct fat_vol *v, struct fat_node *f, int ro)
{
	uint64_t lba;
	uint8_t *e;
	int r;

	r = fat_writable(v);
	if (r < 0)
		return r;
	if (f->is_root)
		return 0;
	uint8_t attr = ro ? f->attr | FAT_ATTR_READ_ONLY : f->attr & ~FAT_ATTR_READ_ONLY;
	if (!f->orphan) {	/* an orphan's is kept in f alone */
		r = dirent_load(v, f, f->first_cluster, &lba, &e);
		if (r < 0)
			return r;
		e[DIR_Attr] = attr;
	}
	f->attr = attr;
	return f->orphan ? 0 : fat_done(v, dirent_store(v, lba));
}
