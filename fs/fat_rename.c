/*
 * fat_rename. FAT has no atomic rename; the steps are ordered so that an
 * interruption never loses the file: its new entry is written first (for a
 * replaced target: the target's entry is pointed at the file in place),
 * then a moved directory's "..", then the old entry is deleted, and only
 * then are a replaced target's clusters freed. At worst the file is left
 * under both names, which fsck.fat repairs, as after Linux's vfat.
 */
#include "fat_int.h"

/* The parent cluster of directory cluster c (0 for the root). */
static int parent_of(struct fat_vol *v, uint32_t c, uint32_t *p)
{
	struct fat_node d;

	if (c == 0 || c == v->root_cluster) {
		*p = 0;
		return 0;
	}
	memset(&d, 0, sizeof(d));
	d.first_cluster = c;
	d.attr = FAT_ATTR_DIRECTORY;
	return dir_dotdot(v, &d, p);
}

/*
 * -FAT_EINVAL if directory cluster `moved` is dir or one of its ancestors:
 * a directory cannot move into its own subtree. The walk up follows ".."
 * entries, which a corrupt disk can make loop; Brent's cycle detection
 * turns that into -FAT_EIO within twice the loop's length.
 */
static int check_not_ancestor(struct fat_vol *v, uint32_t moved,
			      const struct fat_node *dir)
{
	uint32_t c = dir->is_root ? 0 : dir->first_cluster, mark = c;
	uint32_t power = 1, lam = 0;
	int r;

	while (c != 0 && c != v->root_cluster) {
		if (c == moved)
			return -FAT_EINVAL;
		r = parent_of(v, c, &c);
		if (r < 0)
			return r;
		if (c == mark)
			return -FAT_EIO;
		if (++lam == power) {
			mark = c;
			power *= 2;
			lam = 0;
		}
	}
	return 0;
}

/* Copies the raw short entry of node n (which must still match it). */
static int read_entry(struct fat_vol *v, const struct fat_node *n,
		      uint8_t ent[DIR_ENTRY_SIZE])
{
	uint64_t lba;
	uint8_t *e;
	int r = dirent_load(v, n, n->first_cluster, &lba, &e);

	if (r == 0)
		memcpy(ent, e, DIR_ENTRY_SIZE);
	return r;
}

/* Can src replace the existing dst? Checks types, emptiness and dst's
 * chain (which will be freed); *nclus gets its length. */
static int replace_ok(struct fat_vol *v, const struct fat_node *src,
		      const struct fat_node *dst, uint32_t *nclus)
{
	int sdir = (src->attr & FAT_ATTR_DIRECTORY) != 0;
	int r;

	if (dst->attr & FAT_ATTR_DIRECTORY) {
		if (!sdir)
			return -FAT_EISDIR;
		r = dir_chain_check(v, dst, nclus);
		return r < 0 ? r : dir_is_empty(v, dst);
	}
	if (sdir)
		return -FAT_ENOTDIR;
	return file_chain_check(v, dst, nclus);
}

/* Points dst's short entry at src's file: everything but the name and its
 * case bits comes from src's entry. */
static int take_over(struct fat_vol *v, const struct fat_node *dst,
		     const uint8_t *sent)
{
	uint64_t lba;
	uint8_t *e;
	int r = dirent_load(v, dst, dst->first_cluster, &lba, &e);

	if (r < 0)
		return r;
	memcpy(e + DIR_Attr, sent + DIR_Attr, 1);
	memcpy(e + DIR_CrtTimeTenth, sent + DIR_CrtTimeTenth,
	       DIR_ENTRY_SIZE - DIR_CrtTimeTenth);
	return dirent_store(v, lba);
}

/* A directory's ".." must follow it to a new parent. */
static int moved_dir(struct fat_vol *v, const struct fat_node *src,
		     const struct fat_node *olddir, const struct fat_node *newdir)
{
	if (!(src->attr & FAT_ATTR_DIRECTORY) ||
	    olddir->first_cluster == newdir->first_cluster)
		return 0;
	return dir_set_dotdot(v, src, newdir);
}

static int same_string(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && memcmp(a, b, n) == 0;
}

static int same_entry(const struct fat_node *a, const struct fat_node *b)
{
	return a->dir_cluster == b->dir_cluster && a->dir_offset == b->dir_offset;
}

/* Checks both names and finds the source; *nn is the parsed new name. */
static int rename_start(struct fat_vol *v, const struct fat_node *olddir,
			const char *oldname, const struct fat_node *newdir,
			const char *newname, struct new_name *nn,
			struct fat_node *src, uint8_t *nlfn)
{
	size_t olen = strlen(oldname);
	int r = fat_writable(v);

	if (r < 0)
		return r;
	if (!(olddir->attr & FAT_ATTR_DIRECTORY) ||
	    !(newdir->attr & FAT_ATTR_DIRECTORY))
		return -FAT_ENOTDIR;
	if (name_is_dot(oldname, olen))
		return -FAT_EINVAL;
	r = name_parse(newname, strlen(newname), nn);
	if (r < 0)
		return r;
	r = dir_lookup(v, olddir, oldname, olen, src, nlfn);
	if (r == 0 && (src->attr & FAT_ATTR_DIRECTORY))
		r = check_not_ancestor(v, src->first_cluster, newdir);
	return r;
}

static int rename_entries(struct fat_vol *v, const struct fat_node *olddir,
			  const char *oldname, const struct fat_node *newdir,
			  const char *newname, int keep_chain)
{
	uint8_t sent[DIR_ENTRY_SIZE], nlfn;
	struct new_name nn;
	struct fat_node src, dst;
	uint32_t dst_clus = 0;
	int r, exists;

	r = rename_start(v, olddir, oldname, newdir, newname, &nn, &src, &nlfn);
	if (r == 0)
		r = read_entry(v, &src, sent);
	if (r < 0)
		return r;
	r = dir_lookup(v, newdir, newname, strlen(newname), &dst, NULL);
	if (r < 0 && r != -FAT_ENOENT)
		return r;
	exists = r == 0 && !same_entry(&src, &dst);
	if (r == 0 && !exists && same_string(oldname, newname))
		return 0;  /* the very same name: nothing to do */
	if (exists && dst.first_cluster != 0 &&
	    dst.first_cluster == src.first_cluster)
		return -FAT_EIO;  /* two entries share a chain: corrupt */
	if (exists) {
		r = replace_ok(v, &src, &dst, &dst_clus);
		if (r == 0)
			r = take_over(v, &dst, sent);
	} else {
		/* a new entry, or the same one with its name's case changed */
		r = dir_add(v, newdir, &nn, sent, NULL);
	}
	if (r == 0)
		r = moved_dir(v, &src, olddir, newdir);
	if (r == 0)
		r = dir_put(v, olddir, src.dir_offset - nlfn * DIR_ENTRY_SIZE, NULL,
			    nlfn + 1u);
	if (r == 0 && dst_clus > 0 && !keep_chain)
		r = fat_chain_free(v, dst.first_cluster, dst_clus);
	return fat_done(v, r);
}

int fat_rename(struct fat_vol *v, const struct fat_node *olddir,
	       const char *oldname, const struct fat_node *newdir,
	       const char *newname)
{
	return rename_entries(v, olddir, oldname, newdir, newname, 0);
}

int fat_rename_keep(struct fat_vol *v, const struct fat_node *olddir,
		    const char *oldname, const struct fat_node *newdir,
		    const char *newname)
{
	return rename_entries(v, olddir, oldname, newdir, newname, 1);
}
