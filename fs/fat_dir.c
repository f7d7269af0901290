/*
 * Directories: iterating entries across a directory's cluster chain (the
 * FAT32 root is an ordinary chain too), lookup of one name, and path walks.
 * Positions are byte offsets into the directory, always a multiple of 32.
 */
#include "fat_int.h"

void dir_iter_init(struct dir_iter *it, const struct fat_node *dir,
		      uint32_t pos)
{
	it->dir = *dir;
	fat_runs_clear(&it->dir);
	it->pos = pos;
	it->end = UINT32_MAX;	/* none but the directory's */
	it->lba = 0;
	it->nlfn = 0;
	lfn_reset(&it->lfn);
}

/*
 * Points *ent at the raw entry at it->pos, loading its sector into
 * v->scratch. Returns 1, 0 past the end of the chain or at it->end, or
 * -errno.
 */
int dir_iter_raw(struct fat_vol *v, struct dir_iter *it,
		    const uint8_t **ent)
{
	uint32_t clus;
	uint64_t lba;
	int r;

	if (it->pos >= it->end)
		return 0;
	r = fat_seek(v, &it->dir, it->pos / v->clus_bytes, &clus);
	if (r < 0)
		return r;
	if (clus == 0)
		return 0;
	if (it->pos >= FAT_DIR_MAX_BYTES)
		return -FAT_EIO;  /* longer than any directory may be: a loop */
	lba = fat_clus_lba(v, clus) + (it->pos % v->clus_bytes) / FAT_SECTOR_SIZE;
	if (lba != it->lba) {
		it->lba = 0;
		r = fat_dev_read(v, lba, 1, v->scratch);
		if (r < 0)
			return r;
		it->lba = lba;
	}
	*ent = v->scratch + it->pos % FAT_SECTOR_SIZE;
	return 1;
}

static int is_dot_entry(const uint8_t *ent)
{
	return memcmp(ent + DIR_Name, ".          ", 11) == 0 ||
	       memcmp(ent + DIR_Name, "..         ", 11) == 0;
}

uint32_t dirent_cluster(const uint8_t *ent)
{
	return ((uint32_t)ld16(ent + DIR_FstClusHI) << 16) |
	       ld16(ent + DIR_FstClusLO);
}

/* A node from short entry ent found at byte offset pos of directory dir. */
void dirent_node(const uint8_t *ent, const struct fat_node *dir,
		       uint32_t pos, struct fat_node *out)
{
	memset(out, 0, sizeof(*out));
	out->first_cluster = dirent_cluster(ent);
	out->attr = ent[DIR_Attr];
	if (!(out->attr & FAT_ATTR_DIRECTORY))
		out->size = ld32(ent + DIR_FileSize);
	out->dir_cluster = dir->first_cluster;
	out->dir_offset = pos;
	out->wtime = ld16(ent + DIR_WrtTime);
	out->wdate = ld16(ent + DIR_WrtDate);
	out->adate = ld16(ent + DIR_LstAccDate);
}

/*
 * The next live entry: deleted entries, volume labels and "." / ".." are
 * skipped, LFN entries are gathered into the name. sname gets the 8.3
 * name. Returns 1, 0 at the end of the directory, or -errno.
 */
int dir_iter_next(struct fat_vol *v, struct dir_iter *it,
		     struct fat_dirent *de, char sname[SHORT_NAME_MAX])
{
	const uint8_t *ent;
	uint8_t attr;
	int r;

	for (;;) {
		r = dir_iter_raw(v, it, &ent);
		if (r <= 0)
			return r;
		if (ent[DIR_Name] == DIRENT_END)
			return 0;  /* pos stays here: later calls also end */
		it->pos += DIR_ENTRY_SIZE;
		attr = ent[DIR_Attr];
		if (ent[DIR_Name] == DIRENT_FREE) {
			lfn_reset(&it->lfn);
		} else if ((attr & ATTR_LONG_MASK) == ATTR_LONG_NAME) {
			lfn_add(&it->lfn, ent);
		} else if ((attr & FAT_ATTR_VOLUME_ID) || is_dot_entry(ent)) {
			lfn_reset(&it->lfn);
		} else {
			break;
		}
	}
	short_name(ent, sname);
	it->nlfn = lfn_owns(&it->lfn, ent) ? it->lfn.count : 0;
	if (!lfn_name(&it->lfn, ent, de->name))
		memcpy(de->name, sname, SHORT_NAME_MAX);
	lfn_reset(&it->lfn);
	dirent_node(ent, &it->dir, it->pos - DIR_ENTRY_SIZE, &de->node);
	return 1;
}

int fat_readdir(struct fat_vol *v, const struct fat_node *dir,
		uint32_t *pos, struct fat_dirent *de)
{
	struct dir_iter it;
	char sname[SHORT_NAME_MAX];
	int r;

	if (!(dir->attr & FAT_ATTR_DIRECTORY))
		return -FAT_ENOTDIR;
	if (*pos % DIR_ENTRY_SIZE != 0)
		return -FAT_EINVAL;
	dir_iter_init(&it, dir, *pos);
	r = dir_iter_next(v, &it, de, sname);
	if (r >= 0)
		*pos = it.pos;
	return r;
}

/* The cluster in dir's ".." entry (0 means the root). */
int dir_dotdot(struct fat_vol *v, const struct fat_node *dir,
			  uint32_t *clus)
{
	struct dir_iter it;
	const uint8_t *ent;
	int r;

	dir_iter_init(&it, dir, 0);
	while ((r = dir_iter_raw(v, &it, &ent)) == 1) {
		if (ent[DIR_Name] == DIRENT_END)
			break;
		if (memcmp(ent + DIR_Name, "..         ", 11) == 0 &&
		    (ent[DIR_Attr] & FAT_ATTR_DIRECTORY)) {
			*clus = dirent_cluster(ent);
			return 0;
		}
		it.pos += DIR_ENTRY_SIZE;
	}
	return r < 0 ? r : -FAT_EIO;  /* a subdirectory without ".." */
}

/* A directory node for cluster c as a ".." entry names it. */
static void dir_by_cluster(const struct fat_vol *v, uint32_t c,
			   struct fat_node *out)
{
	if (c == 0 || c == v->root_cluster) {
		fat_root(v, out);
		return;
	}
	memset(out, 0, sizeof(*out));
	out->first_cluster = c;
	out->attr = FAT_ATTR_DIRECTORY;
}

/*
 * The parent of dir. ".." only gives the parent's cluster; the parent's
 * own entry (for dir_cluster, dir_offset, times) is found by searching
 * the grandparent for the subdirectory starting at that cluster.
 */
static int lookup_parent(struct fat_vol *v, const struct fat_node *dir,
			 struct fat_node *out)
{
	struct fat_node gp;
	struct dir_iter it;
	struct fat_dirent de;
	char sname[SHORT_NAME_MAX];
	uint32_t pc, gc;
	int r;

	if (dir->is_root) {
		fat_root(v, out);
		return 0;
	}
	r = dir_dotdot(v, dir, &pc);
	if (r < 0)
		return r;
	dir_by_cluster(v, pc, out);
	if (out->is_root)
		return 0;
	r = dir_dotdot(v, out, &gc);
	if (r < 0)
		return r;
	dir_by_cluster(v, gc, &gp);
	dir_iter_init(&it, &gp, 0);
	while ((r = dir_iter_next(v, &it, &de, sname)) == 1) {
		if (de.node.first_cluster == pc &&
		    (de.node.attr & FAT_ATTR_DIRECTORY)) {
			*out = de.node;
			return 0;
		}
	}
	return r < 0 ? r : -FAT_EIO;
}

/*
 * fat_lookup for a name given as pointer and length (not terminated).
 * If nlfn is not NULL it gets the number of LFN entries before the short
 * entry that belong to it (0 for "." and "..", which have no entry here).
 */
int dir_lookup(struct fat_vol *v, const struct fat_node *dir,
	       const char *name, size_t len, struct fat_node *out,
	       uint8_t *nlfn)
{
	struct dir_iter it;
	struct fat_dirent de;
	char sname[SHORT_NAME_MAX];
	int r;

	if (!(dir->attr & FAT_ATTR_DIRECTORY))
		return -FAT_ENOTDIR;
	if (len == 0)
		return -FAT_ENOENT;
	if (len > FAT_NAME_MAX)
		return -FAT_ENAMETOOLONG;
	if (nlfn != NULL)
		*nlfn = 0;
	if (len == 1 && name[0] == '.') {
		*out = *dir;
		fat_runs_clear(out);
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return lookup_parent(v, dir, out);
	if ((r = dcache_find(v, dir, name, len, out, nlfn)) != 0)
		return r < 0 ? r : 0;
	dir_iter_init(&it, dir, 0);
	while ((r = dir_iter_next(v, &it, &de, sname)) == 1) {
		/* The 8.3 alias of a long name matches too, as on Windows. */
		if (name_eq(name, len, de.name) || name_eq(name, len, sname)) {
			*out = de.node;
			if (nlfn != NULL)
				*nlfn = it.nlfn;
			dcache_remember(v, dir, name, len, &it);
			return 0;
		}
	}
	return r < 0 ? r : -FAT_ENOENT;
}

int fat_lookup(struct fat_vol *v, const struct fat_node *dir,
	       const char *name, struct fat_node *out)
{
	return dir_lookup(v, dir, name, strlen(name), out, NULL);
}

int fat_walk(struct fat_vol *v, const struct fat_node *start,
	     const char *path, struct fat_node *out)
{
	struct fat_node cur, next;
	size_t len = strlen(path);
	int want_dir = len > 0 && path[len - 1] == '/';
	int r;

	if (start == NULL || path[0] == '/')
		fat_root(v, &cur);
	else
		cur = *start;
	while (*path != '\0') {
		while (*path == '/')
			path++;
		if (*path == '\0')
			break;
		for (len = 0; path[len] != '\0' && path[len] != '/'; len++)
			;
		r = dir_lookup(v, &cur, path, len, &next, NULL);
		if (r < 0)
			return r;
		cur = next;
		path += len;
	}
	/* "file/" names a directory that is not there. */
	if (want_dir && !(cur.attr & FAT_ATTR_DIRECTORY))
		return -FAT_ENOTDIR;
	*out = cur;
	return 0;
}
