/*
 * Directory changes: reading and writing one file's short entry, finding
 * room for new entries (reusing deleted slots, growing the directory by
 * zeroed clusters), choosing an alias, and fat_create, fat_unlink and
 * fat_rmdir. fat_rename, built on the same pieces, is in fat_rename.c.
 */
#include "fat_int.h"

int name_is_dot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/* The sector holding the entry at byte pos of the directory whose chain
 * starts at first. */
static int dir_sector(struct fat_vol *v, uint32_t first, uint32_t pos,
		      uint64_t *lba)
{
	struct fat_node d;
	uint32_t clus;
	int r;

	if (pos >= FAT_DIR_MAX_BYTES)
		return -FAT_EIO;
	memset(&d, 0, sizeof(d));
	d.first_cluster = first;
	r = fat_seek(v, &d, pos / v->clus_bytes, &clus);
	if (r < 0)
		return r;
	if (clus == 0)
		return -FAT_EIO;
	*lba = fat_clus_lba(v, clus) + (pos % v->clus_bytes) / FAT_SECTOR_SIZE;
	return 0;
}

/*
 * Reads the sector holding f's short entry into v->scratch and points
 * *ent at the entry. It must still be f's: live, not a long-name piece,
 * starting at cluster first (f's as the disk knows it). A node left stale
 * by a rename or unlink then fails with -FAT_EIO instead of overwriting
 * another file's entry.
 */
int dirent_load(struct fat_vol *v, const struct fat_node *f, uint32_t first,
		uint64_t *lba, uint8_t **ent)
{
	uint8_t *e;
	int r;

	if (f->is_root || f->dir_offset % DIR_ENTRY_SIZE != 0)
		return -FAT_EIO;
	r = dir_sector(v, f->dir_cluster, f->dir_offset, lba);
	if (r == 0)
		r = fat_dev_read(v, *lba, 1, v->scratch);
	if (r < 0)
		return r;
	e = v->scratch + f->dir_offset % FAT_SECTOR_SIZE;
	if (e[DIR_Name] == DIRENT_FREE || e[DIR_Name] == DIRENT_END ||
	    (e[DIR_Attr] & ATTR_LONG_MASK) == ATTR_LONG_NAME ||
	    dirent_cluster(e) != first)
		return -FAT_EIO;
	*ent = e;
	return 0;
}

/*
 * Writes back the sector dirent_load read. WRITE ORDER: the FAT is flushed
 * first, so an entry never reaches the disk before the clusters it names
 * are allocated there (and data, written before the FAT, comes first).
 */
int dirent_store(struct fat_vol *v, uint64_t lba)
{
	int r = fat_flush(v);

	if (r < 0)
		return r;
	return fat_dev_write(v, lba, 1, v->scratch);
}

/* Sets the write (and for a new entry, creation) time and access date. */
void dirent_stamp(struct fat_vol *v, uint8_t *ent, int created)
{
	uint16_t date, time;

	fat_stamp(v, &date, &time);
	st16(ent + DIR_WrtDate, date);
	st16(ent + DIR_WrtTime, time);
	st16(ent + DIR_LstAccDate, date);
	if (created) {
		ent[DIR_CrtTimeTenth] = 0;
		st16(ent + DIR_CrtDate, date);
		st16(ent + DIR_CrtTime, time);
	}
}

/*
 * Writes n entries from ents at byte pos of dir, or with ents NULL marks
 * them deleted. Sectors go out last first: the short entry, which makes a
 * file exist or vanish, is written before its long-name pieces. Flushes
 * the FAT first (the write order, see dirent_store).
 */
int dir_put(struct fat_vol *v, const struct fat_node *dir, uint32_t pos,
	    const uint8_t *ents, uint32_t n)
{
	uint32_t i = n, lo, sec;
	uint64_t lba;
	int r = fat_flush(v);

	while (r == 0 && i > 0) {
		sec = (pos + (i - 1) * DIR_ENTRY_SIZE) / FAT_SECTOR_SIZE;
		for (lo = i - 1; lo > 0; lo--)
			if ((pos + (lo - 1) * DIR_ENTRY_SIZE) / FAT_SECTOR_SIZE != sec)
				break;
		r = dir_sector(v, dir->first_cluster, pos + lo * DIR_ENTRY_SIZE, &lba);
		if (r == 0)
			r = fat_dev_read(v, lba, 1, v->scratch);
		for (; r == 0 && i > lo; i--) {
			uint8_t *e = v->scratch +
				     (pos + (i - 1) * DIR_ENTRY_SIZE) % FAT_SECTOR_SIZE;

			if (ents != NULL)
				memcpy(e, ents + (i - 1) * DIR_ENTRY_SIZE, DIR_ENTRY_SIZE);
			else
				e[DIR_Name] = DIRENT_FREE;
		}
		if (r == 0)
			r = fat_dev_write(v, lba, 1, v->scratch);
	}
	return r;
}

/* A directory's chain: bounded by the longest directory there may be. */
int dir_chain_check(struct fat_vol *v, const struct fat_node *d,
		    uint32_t *nclus)
{
	uint32_t last;

	return fat_chain_len(v, d->first_cluster,
			     FAT_DIR_MAX_BYTES / v->clus_bytes, nclus, &last);
}

/* A file's chain must hold exactly the clusters its size needs: longer
 * means cross-linked or looping, and freeing it would hurt another file. */
int file_chain_check(struct fat_vol *v, const struct fat_node *f,
		     uint32_t *nclus)
{
	uint32_t need = (uint32_t)(((uint64_t)f->size + v->clus_bytes - 1) /
				   v->clus_bytes);
	uint32_t len, last;
	int r;

	*nclus = 0;
	if (need == 0)
		return f->first_cluster == 0 ? 0 : -FAT_EIO;
	r = fat_chain_len(v, f->first_cluster, need, &len, &last);
	if (r < 0)
		return r;
	if (len != need)
		return -FAT_EIO;
	*nclus = len;
	return 0;
}

/* Adds n zeroed clusters to the end of directory dir. */
static int dir_grow(struct fat_vol *v, const struct fat_node *dir, uint32_t n)
{
	uint32_t len, tail, start, got;
	int r;

	r = fat_chain_len(v, dir->first_cluster, FAT_DIR_MAX_BYTES / v->clus_bytes,
			  &len, &tail);
	if (r < 0)
		return r;
	if ((uint64_t)(len + n) * v->clus_bytes > FAT_DIR_MAX_BYTES)
		return -FAT_ENOSPC;
	while (n > 0) {
		r = fat_find_run(v, tail + 1, n, &start, &got);
		if (r == 0)
			r = fat_zero_clusters(v, start, got);
		if (r == 0)
			r = fat_link_run(v, tail, start, got);
		if (r < 0)
			return r;
		tail = start + got - 1;
		n -= got;
	}
	return 0;
}

/* Is entry e free for reuse? After the end marker every slot is. */
static int slot_free(const uint8_t *e, int *past_end)
{
	if (e[DIR_Name] == DIRENT_END)
		*past_end = 1;
	return *past_end || e[DIR_Name] == DIRENT_FREE;
}

/*
 * Finds n consecutive free slots in dir (deleted entries, or the space
 * after the end marker), growing the directory when the run reaches the
 * end of its chain. *pos gets the first slot; *past_end is set if the
 * run reaches past the end marker (see dir_keep_end).
 */
static int dir_reserve(struct fat_vol *v, const struct fat_node *dir,
		       uint32_t n, uint32_t *pos, int *past_end)
{
	struct dir_iter it;
	const uint8_t *e;
	uint32_t run = 0, need;
	int r;

	*past_end = 0;
	dir_iter_init(&it, dir, 0);
	while ((r = dir_iter_raw(v, &it, &e)) == 1) {
		if (!slot_free(e, past_end)) {
			run = 0;
		} else if (++run == n) {
			*pos = it.pos + DIR_ENTRY_SIZE - n * DIR_ENTRY_SIZE;
			return 0;
		}
		it.pos += DIR_ENTRY_SIZE;
	}
	if (r < 0)
		return r;
	/* The run at the end continues into new, zeroed clusters. */
	need = (n - run) * DIR_ENTRY_SIZE;
	r = dir_grow(v, dir, (need + v->clus_bytes - 1) / v->clus_bytes);
	*pos = it.pos - run * DIR_ENTRY_SIZE;
	return r;
}

/*
 * Slots after the end marker are free whatever bytes they hold, but a
 * reader stops only at a 0 byte. If new entries were put past the end
 * marker and the slot after them (at pos) is not 0, it is zeroed to be
 * the end marker again.
 */
static int dir_keep_end(struct fat_vol *v, const struct fat_node *dir,
			uint32_t pos)
{
	static const uint8_t zero[DIR_ENTRY_SIZE];
	struct dir_iter it;
	const uint8_t *e;
	int r;

	dir_iter_init(&it, dir, pos);
	r = dir_iter_raw(v, &it, &e);
	if (r <= 0)
		return r;  /* the run ended with the chain */
	if (e[DIR_Name] == DIRENT_END)
		return 0;
	return dir_put(v, dir, pos, zero, 1);
}

/* Marks, in a window of 256 numbers from lo, the tails ~k already used
 * with nn's basis; *basis_used if the plain basis is taken. */
static int scan_tails(struct fat_vol *v, const struct fat_node *dir,
		      const struct new_name *nn, uint32_t lo, uint8_t used[32],
		      int *basis_used)
{
	struct dir_iter it;
	const uint8_t *e;
	uint32_t k;
	int r;

	memset(used, 0, 32);
	*basis_used = 0;
	dir_iter_init(&it, dir, 0);
	while ((r = dir_iter_raw(v, &it, &e)) == 1) {
		if (e[DIR_Name] == DIRENT_END)
			break;
		it.pos += DIR_ENTRY_SIZE;
		if (e[DIR_Name] == DIRENT_FREE ||
		    (e[DIR_Attr] & ATTR_LONG_MASK) == ATTR_LONG_NAME)
			continue;
		if (memcmp(e + DIR_Name, nn->basis, 11) == 0)
			*basis_used = 1;
		k = name_tail_of(nn, e + DIR_Name);
		if (k >= lo && k - lo < 256)
			used[(k - lo) / 8] |= (uint8_t)(1 << ((k - lo) % 8));
	}
	return r < 0 ? r : 0;
}

/*
 * Chooses the alias of a long name: the basis itself when it needs no
 * tail and is free, else the basis with the lowest unused ~k, as Windows
 * does for its first few (it then switches to hashes; plain numbers are
 * as valid). One directory pass per 256 numbers tried.
 */
static int pick_alias(struct fat_vol *v, const struct fat_node *dir,
		      struct new_name *nn)
{
	uint8_t used[32];
	uint32_t lo, k;
	int r, basis_used;

	for (lo = 1; lo <= 999999; lo += 256) {
		r = scan_tails(v, dir, nn, lo, used, &basis_used);
		if (r < 0)
			return r;
		if (lo == 1 && !nn->tail && !basis_used) {
			memcpy(nn->name11, nn->basis, 11);
			return 0;
		}
		for (k = 0; k < 256 && lo + k <= 999999; k++) {
			if (!(used[k / 8] & (1 << (k % 8)))) {
				name_tail(nn, lo + k);
				return 0;
			}
		}
	}
	return -FAT_ENOSPC;
}

/*
 * Adds the entries for name nn to dir: the long-name pieces, if any, and
 * the short entry ent (attributes, cluster, size and times filled in by the
 * caller; its name and case bits are set here). *out, if not NULL, gets
 * the new node. The caller has checked that the name is not taken.
 */
int dir_add(struct fat_vol *v, const struct fat_node *dir,
	    struct new_name *nn, uint8_t *ent, struct fat_node *out)
{
	uint8_t ents[NAME_MAX_SLOTS * DIR_ENTRY_SIZE];
	uint32_t n = nn->nlfn + 1u, pos;
	int r, past_end;

	if (nn->nlfn > 0) {
		r = pick_alias(v, dir, nn);
		if (r < 0)
			return r;
	}
	memcpy(ent + DIR_Name, nn->name11, 11);
	ent[DIR_NTRes] = nn->ntres;
	lfn_build(nn, ents);
	memcpy(ents + nn->nlfn * DIR_ENTRY_SIZE, ent, DIR_ENTRY_SIZE);
	r = dir_reserve(v, dir, n, &pos, &past_end);
	if (r == 0)
		r = dir_put(v, dir, pos, ents, n);
	if (r == 0 && past_end)
		r = dir_keep_end(v, dir, pos + n * DIR_ENTRY_SIZE);
	if (r < 0)
		return r;
	if (out != NULL)
		dirent_node(ent, dir, pos + nn->nlfn * DIR_ENTRY_SIZE, out);
	return 0;
}

/* "." or ".." (name11) for a new directory's first sector. */
static void dot_entry(uint8_t *e, const char *name11, uint32_t clus,
		      const uint8_t *like)
{
	memcpy(e, like, DIR_ENTRY_SIZE);
	memcpy(e + DIR_Name, name11, 11);
	e[DIR_Attr] = FAT_ATTR_DIRECTORY;
	e[DIR_NTRes] = 0;
	st16(e + DIR_FstClusHI, (uint16_t)(clus >> 16));
	st16(e + DIR_FstClusLO, (uint16_t)clus);
	st32(e + DIR_FileSize, 0);
}

/* ".." names the root as cluster 0, whatever the root's cluster is. */
static uint32_t parent_ref(const struct fat_vol *v, const struct fat_node *d)
{
	return d->is_root || d->first_cluster == v->root_cluster ?
	       0 : d->first_cluster;
}

/* The first cluster of a new directory: zeroed, with "." and "..",
 * allocated in the FAT only once written. */
static int new_dir_cluster(struct fat_vol *v, const struct fat_node *parent,
			   const uint8_t *ent, uint32_t *clus)
{
	uint32_t c, n;
	int r = fat_find_run(v, v->last_alloc + 1, 1, &c, &n);

	if (r == 0)
		r = fat_zero_clusters(v, c, 1);
	if (r < 0)
		return r;
	dot_entry(v->scratch, ".          ", c, ent);
	dot_entry(v->scratch + DIR_ENTRY_SIZE, "..         ",
		  parent_ref(v, parent), ent);
	r = fat_dev_write(v, fat_clus_lba(v, c), 1, v->scratch);
	if (r == 0)
		r = fat_link_run(v, 0, c, 1);
	*clus = c;
	return r;
}

int fat_create(struct fat_vol *v, const struct fat_node *dir,
	       const char *name, uint8_t attr, struct fat_node *out)
{
	const uint8_t ok = FAT_ATTR_READ_ONLY | FAT_ATTR_HIDDEN |
			   FAT_ATTR_SYSTEM | FAT_ATTR_ARCHIVE | FAT_ATTR_DIRECTORY;
	uint8_t ent[DIR_ENTRY_SIZE];
	struct new_name nn;
	struct fat_node old;
	uint32_t clus = 0;
	size_t len = strlen(name);
	int r = fat_writable(v);

	if (r < 0)
		return r;
	if (!(dir->attr & FAT_ATTR_DIRECTORY))
		return -FAT_ENOTDIR;
	if (attr & ~ok)
		return -FAT_EINVAL;
	r = name_parse(name, len, &nn);
	if (r < 0)
		return r;
	r = dir_lookup(v, dir, name, len, &old, NULL);
	if (r != -FAT_ENOENT)
		return r == 0 ? -FAT_EEXIST : r;
	memset(ent, 0, sizeof(ent));
	ent[DIR_Attr] = (attr & FAT_ATTR_DIRECTORY) ? attr : attr | FAT_ATTR_ARCHIVE;
	dirent_stamp(v, ent, 1);
	if (attr & FAT_ATTR_DIRECTORY) {
		r = new_dir_cluster(v, dir, ent, &clus);
		if (r < 0)
			return fat_done(v, r);
		st16(ent + DIR_FstClusHI, (uint16_t)(clus >> 16));
		st16(ent + DIR_FstClusLO, (uint16_t)clus);
	}
	r = dir_add(v, dir, &nn, ent, out);
	if (r < 0 && clus != 0)
		fat_chain_free(v, clus, 1);  /* best effort: else a lost cluster */
	return fat_done(v, r);
}

/* Does directory d hold anything but "." and ".."? */
int dir_is_empty(struct fat_vol *v, const struct fat_node *d)
{
	struct dir_iter it;
	struct fat_dirent de;
	char sname[SHORT_NAME_MAX];
	int r;

	dir_iter_init(&it, d, 0);
	r = dir_iter_next(v, &it, &de, sname);
	if (r < 0)
		return r;
	return r == 0 ? 0 : -FAT_ENOTEMPTY;
}

/* Points d's ".." entry at parent (after a move to another directory). */
int dir_set_dotdot(struct fat_vol *v, const struct fat_node *d,
		   const struct fat_node *parent)
{
	struct dir_iter it;
	const uint8_t *e;
	uint8_t ent[DIR_ENTRY_SIZE];
	uint32_t c = parent_ref(v, parent);
	int r;

	dir_iter_init(&it, d, 0);
	while ((r = dir_iter_raw(v, &it, &e)) == 1 && e[DIR_Name] != DIRENT_END) {
		if (memcmp(e + DIR_Name, "..         ", 11) == 0) {
			memcpy(ent, e, DIR_ENTRY_SIZE);
			st16(ent + DIR_FstClusHI, (uint16_t)(c >> 16));
			st16(ent + DIR_FstClusLO, (uint16_t)c);
			return dir_put(v, d, it.pos, ent, 1);
		}
		it.pos += DIR_ENTRY_SIZE;
	}
	return r < 0 ? r : -FAT_EIO;  /* a subdirectory without ".." */
}

/*
 * fat_unlink and fat_rmdir. WRITE ORDER for removal: the entries go
 * first, then the clusters are freed, so no entry on disk ever names a
 * free cluster; an interruption leaves lost clusters, not a cross-link.
 */
static int remove_entry(struct fat_vol *v, const struct fat_node *dir,
			const char *name, int want_dir, int keep_chain)
{
	struct fat_node n;
	uint32_t nclus = 0;
	uint8_t nlfn;
	size_t len = strlen(name);
	int r = fat_writable(v);

	if (r < 0)
		return r;
	r = dir_lookup(v, dir, name, len, &n, &nlfn);
	if (r < 0)
		return r;
	if (n.is_root)
		return want_dir ? -FAT_EBUSY : -FAT_EISDIR;
	if (name_is_dot(name, len))
		return want_dir ? -FAT_EINVAL : -FAT_EISDIR;
	if (want_dir && !(n.attr & FAT_ATTR_DIRECTORY))
		return -FAT_ENOTDIR;
	if (!want_dir && (n.attr & FAT_ATTR_DIRECTORY))
		return -FAT_EISDIR;
	if (want_dir) {
		r = dir_chain_check(v, &n, &nclus);
		if (r == 0)
			r = dir_is_empty(v, &n);
	} else {
		r = file_chain_check(v, &n, &nclus);
	}
	if (r == 0)
		r = dir_put(v, dir, n.dir_offset - nlfn * DIR_ENTRY_SIZE, NULL,
			    nlfn + 1u);
	if (r == 0 && nclus > 0 && !keep_chain)
		r = fat_chain_free(v, n.first_cluster, nclus);
	return fat_done(v, r);
}

int fat_unlink(struct fat_vol *v, const struct fat_node *dir,
	       const char *name)
{
	return remove_entry(v, dir, name, 0, 0);
}

int fat_unlink_keep(struct fat_vol *v, const struct fat_node *dir,
		    const char *name)
{
	return remove_entry(v, dir, name, 0, 1);
}

int fat_orphan_free(struct fat_vol *v, struct fat_node *f)
{
	uint32_t nclus = 0;
	int r = fat_writable(v);

	if (r == 0)
		r = file_chain_check(v, f, &nclus);
	if (r == 0 && nclus > 0)
		r = fat_chain_free(v, f->first_cluster, nclus);
	if (r == 0) {
		f->first_cluster = 0;
		f->size = 0;
		fat_runs_clear(f);
	}
	return fat_done(v, r);
}

int fat_rmdir(struct fat_vol *v, const struct fat_node *dir,
	      const char *name)
{
	return remove_entry(v, dir, name, 1, 0);
}
