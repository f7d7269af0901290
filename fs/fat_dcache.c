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
 *
 * A hit also remembers which disk cluster its entries start in, so the
 * next one reads them without walking the directory's chain to them;
 * that cluster is trusted only while no FAT link has changed since
 * (v->chain_changes), which is what would move it.
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

#define DCACHE_USED 0x80000000u
#define DCACHE_NLFN 0x1fu	/* a name has at most 20 long-name entries */

static uint32_t slot_pos(const struct fat_dcache_slot *s)
{
	return ((s->where & ~DCACHE_USED) >> 5) * DIR_ENTRY_SIZE;
}

/* The FAT_DCACHE_WAYS slots a hash may be remembered in. */
static struct fat_dcache_slot *set_of(struct fat_vol *v, uint32_t hash)
{
	return &v->dcache[hash % (FAT_DCACHE_SLOTS / FAT_DCACHE_WAYS) * FAT_DCACHE_WAYS];
}

/* The slot remembering (dir, hash) in its set, or NULL. */
static struct fat_dcache_slot *slot_find(struct fat_vol *v, uint32_t dir, uint32_t hash)
{
	struct fat_dcache_slot *set = set_of(v, hash);

	for (int i = 0; i < FAT_DCACHE_WAYS; i++)
		if ((set[i].where & DCACHE_USED) && set[i].hash == hash && set[i].dir == dir)
			return &set[i];
	return NULL;
}

/* The slot to remember (dir, hash) in: its own, a free one in its set,
 * or else one of the set's taken in turn (a full set forgets the oldest
 * names soonest without a clock per set). */
static struct fat_dcache_slot *slot_take(struct fat_vol *v, uint32_t dir, uint32_t hash)
{
	struct fat_dcache_slot *set = set_of(v, hash);
	struct fat_dcache_slot *s = slot_find(v, dir, hash);

	for (int i = 0; s == NULL && i < FAT_DCACHE_WAYS; i++)
		if (!(set[i].where & DCACHE_USED))
			s = &set[i];
	return s ? s : &set[v->dcache_hand++ % FAT_DCACHE_WAYS];
}

/* Remembers the cluster of s's first entry, at start, which the pass it
 * just made knows. */
static void slot_learn(struct fat_vol *v, struct fat_dcache_slot *s,
		       struct dir_iter *it, uint32_t start)
{
	uint32_t clus;

	if (fat_seek(v, &it->dir, start / v->clus_bytes, &clus) == 0 && clus != 0) {
		s->clus = clus;
		s->links = v->chain_changes;
	}
}

/* Remembers where the scan it found name in dir: at the entry it
 * returned last. */
void dcache_remember(struct fat_vol *v, const struct fat_node *dir,
		     const char *name, size_t len, struct dir_iter *it)
{
	uint32_t h = key_hash(dir->first_cluster, name, len);
	struct fat_dcache_slot *s = slot_take(v, dir->first_cluster, h);
	uint32_t pos = it->pos - DIR_ENTRY_SIZE;

	s->dir = dir->first_cluster;
	s->hash = h;
	s->where = DCACHE_USED | (pos / DIR_ENTRY_SIZE) << 5 | (it->nlfn & DCACHE_NLFN);
	s->clus = 0;
	slot_learn(v, s, it, pos - it->nlfn * DIR_ENTRY_SIZE);
}

/* The pass over s's entries, from start: in the cluster the slot
 * remembers if the chain has not changed since. */
static void slot_iter(struct fat_vol *v, const struct fat_dcache_slot *s,
		      const struct fat_node *dir, uint32_t start, struct dir_iter *it)
{
	dir_iter_init(it, dir, start);
	if (s->clus != 0 && s->links == v->chain_changes)
		fat_runs_add(&it->dir, start / v->clus_bytes, s->clus, 1);
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
	struct fat_dcache_slot *s = slot_find(v, dir->first_cluster, h);
	struct dir_iter it;
	struct fat_dirent de;
	char sname[SHORT_NAME_MAX];
	uint32_t pos, owned, back;
	int r;

	if (s == NULL)
		return 0;
	pos = slot_pos(s);
	owned = s->where & DCACHE_NLFN;
	back = owned * DIR_ENTRY_SIZE;
	if (back > pos)
		return 0;
	/* from the first of its long-name entries, as the scan met them,
	 * and no further than its short entry: past a deleted one, the
	 * pass would go on to the next live name */
	slot_iter(v, s, dir, pos - back, &it);
	it.end = pos + DIR_ENTRY_SIZE;
	r = dir_iter_next(v, &it, &de, sname);
	if (r < 0)
		return r;
	if (r == 0 || it.pos != pos + DIR_ENTRY_SIZE || it.nlfn != owned ||
	    !(name_eq(name, len, de.name) || name_eq(name, len, sname))) {
		s->where = 0;
		return 0;
	}
	if (s->links != v->chain_changes || s->clus == 0)
		slot_learn(v, s, &it, pos - back);
	*out = de.node;
	if (nlfn != NULL)
		*nlfn = it.nlfn;
	return 1;
}
