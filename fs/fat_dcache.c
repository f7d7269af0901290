/*
 * Remembered name lookups: where in a directory a name was last found,
 * so that looking it up again reads one entry instead of scanning the
 * directory and assembling every long name before it (a path walk of
 * /bin/NAME spent most of its time there).
 *
 * A slot holds only a hash of (directory, name) and the entry's place,
 * never the name itself, and is never trusted: a hit re-reads the
 * entries at that place and compares the name found there, by the
 * lookup's own rules. So nothing that changes a directory (deleting,
 * renaming, reusing a deleted entry or a freed directory's clusters)
 * has to tell the cache; a stale slot is just a miss.
 */
#include "fat_int.h"

static uint32_t fold(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* FNV-1a over the directory's cluster and the case-folded name: names
 * that differ only in ASCII case match the same entry (name_eq). */
static uint32_t key_hash(uint32_t dir, const char *name, size_t len)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 4; i++)
		h = (h ^ ((dir >> (8 * i)) & 0xff)) * 16777619u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ fold((uint8_t)name[i])) * 16777619u;
	return h;
}

static struct fat_dcache_slot *slot_for(struct fat_vol *v, uint32_t hash)
{
	return &v->dcache[hash % FAT_DCACHE_SLOTS];
}

void dcache_remember(struct fat_vol *v, const struct fat_node *dir,
		     const char *name, size_t len, uint32_t pos, uint8_t nlfn)
{
	uint32_t h = key_hash(dir->first_cluster, name, len);
	struct fat_dcache_slot *s = slot_for(v, h);

	s->dir = dir->first_cluster;
	s->hash = h;
	s->pos = pos;
	s->nlfn = nlfn;
	s->used = 1;
}

/*
 * The entry for name in dir if a slot remembers where it was and it is
 * still there: 1 with *out (and *nlfn) as a scan would give, 0 for a
 * miss (scan), or -errno if the directory cannot be read.
 */
int dcache_find(struct fat_vol *v, const struct fat_node *dir,
		const char *name, size_t len, struct fat_node *out,
		uint8_t *nlfn)
{
	uint32_t h = key_hash(dir->first_cluster, name, len);
	struct fat_dcache_slot *s = slot_for(v, h);
	struct dir_iter it;
	struct fat_dirent de;
	char sname[SHORT_NAME_MAX];
	uint32_t back;
	int r;

	if (!s->used || s->hash != h || s->dir != dir->first_cluster)
		return 0;
	back = (uint32_t)s->nlfn * DIR_ENTRY_SIZE;
	if (back > s->pos)
		return 0;
	/* from the first of its long-name entries, as the scan met them */
	dir_iter_init(&it, dir, s->pos - back);
	r = dir_iter_next(v, &it, &de, sname);
	if (r < 0)
		return r;
	if (r == 0 || it.pos != s->pos + DIR_ENTRY_SIZE || it.nlfn != s->nlfn ||
	    !(name_eq(name, len, de.name) || name_eq(name, len, sname))) {
		s->used = 0;
		return 0;
	}
	*out = de.node;
	if (nlfn != NULL)
		*nlfn = it.nlfn;
	return 1;
}
