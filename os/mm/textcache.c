/*
 * The text cache: read-only pages of program files, kept after the
 * programs that used them exit, so that the next exec of the same
 * program maps the same physical pages instead of reading and copying
 * them again. Every process maps such a page read-only (PTE_CACHED):
 * fork shares it, and mprotect gives a process its own copy before the
 * page may be written. Besides the copy, this saves QEMU from
 * translating the program's code again, since the code stays where it
 * was the last time.
 *
 * A page is keyed by its file (the volume and the file's first cluster),
 * its offset in the file, and which of its bytes come from the file (a
 * segment's first or last page may hold zeros too). Whatever changes a file's bytes or frees
 * its clusters (write, truncate, unlink, rename over it) drops the
 * file's pages first (textcache_drop, from os/fs/vfat/fat_vnops.c); umount drops the
 * volume's (textcache_drop_volume). It holds pages of TC_FILES files
 * at most: another file's push out those of the file with the fewest
 * (textcache_make_room). When memory runs
 * out the allocator takes the cache's pages back (textcache_reclaim).
 * Booting with textcache=off turns it off (for benchmarks).
 */
#include "kern/kern.h"
#include "mm/mm.h"

#define TC_SLOTS 1024	/* pages at most: 4 MiB */
#define TC_WAYS 4	/* slots a page may be in: a program's pages seldom push each other out */
#define TC_FILES 64	/* files with pages here at most */

struct tc_slot {
	struct tc_key key;
	void *page;		/* NULL: free slot */
};

/* A file with pages here, so that most drops need not scan the slots. */
struct tc_file {
	const void *m;
	uint32_t cluster;
	int pages;
};

static struct {
	struct spinlock lock;
	struct tc_slot slot[TC_SLOTS];
	struct tc_file file[TC_FILES];
	uint8_t turn[TC_SLOTS / TC_WAYS];	/* each set's next slot to reuse */
	uint64_t pages, hits, misses;
	bool off;
} tc;

void textcache_init(void)
{
	char v[8];

	initlock(&tc.lock, "textcache", LOCK_LEAF);
	tc.off = bootarg("textcache", v, sizeof(v)) && strcmp(v, "off") == 0;
}

/* The first of the TC_WAYS slots where key's page may be. */
static struct tc_slot *set_of(const struct tc_key *k)
{
	uint64_t h = (uint64_t)k->m * 31 + k->cluster * 2654435761u + k->pgoff * 40503u +
		     k->from * 7 + k->to;

	return &tc.slot[h % (TC_SLOTS / TC_WAYS) * TC_WAYS];
}

static bool same_key(const struct tc_key *a, const struct tc_key *b)
{
	return a->m == b->m && a->cluster == b->cluster && a->pgoff == b->pgoff &&
	       a->from == b->from && a->to == b->to;
}

/* The slot holding key's page, or NULL. Caller holds tc.lock. */
static struct tc_slot *find(const struct tc_key *key)
{
	struct tc_slot *set = set_of(key);

	for (int w = 0; w < TC_WAYS; w++)
		if (set[w].page && same_key(&set[w].key, key))
			return &set[w];
	return NULL;
}

/* The slot for a new page of key: a free one of its set, else the set's
 * next in turn (its page is let go). Caller holds tc.lock. */
static struct tc_slot *place(const struct tc_key *key)
{
	struct tc_slot *set = set_of(key);

	for (int w = 0; w < TC_WAYS; w++)
		if (!set[w].page)
			return &set[w];
	int set_no = (set - tc.slot) / TC_WAYS;
	return &set[tc.turn[set_no]++ % TC_WAYS];
}

static struct tc_file *file_of(const void *m, uint32_t cluster)
{
	for (struct tc_file *f = tc.file; f < tc.file + TC_FILES; f++)
		if (f->pages && f->m == m && f->cluster == cluster)
			return f;
	return NULL;
}

/* Empties s; returns its page for the caller to free (not under tc.lock). */
static void *slot_clear(struct tc_slot *s)
{
	struct tc_file *f = file_of(s->key.m, s->key.cluster);
	void *page = s->page;

	if (f)
		f->pages--;
	s->page = NULL;
	tc.pages--;
	return page;
}

/* Whether pages are kept (not booted with textcache=off). */
bool textcache_on(void) { return !tc.off; }

/* Whether key's page is cached (a glance: it may go as soon as it is seen). */
bool textcache_has(const struct tc_key *key)
{
	if (tc.off || key->cluster == 0)
		return false;
	acquire(&tc.lock);
	bool has = find(key) != NULL;
	release(&tc.lock);
	return has;
}

/* The file table's row for (m, cluster): its own, or a free one (NULL
 * if there is neither). Caller holds tc.lock. */
static struct tc_file *file_row(const void *m, uint32_t cluster)
{
	struct tc_file *f = file_of(m, cluster);

	for (struct tc_file *g = tc.file; !f && g < tc.file + TC_FILES; g++)
		if (g->pages == 0)
			f = g;
	return f;
}

/* The cached page, with a reference for the caller, or NULL. */
void *textcache_get(const struct tc_key *key)
{
	void *page = NULL;

	if (tc.off || key->cluster == 0)
		return NULL;
	acquire(&tc.lock);
	struct tc_slot *s = find(key);
	if (s) {
		page = s->page;
		kref(page);	/* under the lock: a reclaim may free it after */
		tc.hits++;
	} else {
		tc.misses++;
	}
	release(&tc.lock);
	return page;
}

/* The cached pages of n keys, each with a reference for the caller or
 * NULL, under one acquisition of the lock (a fault-around's window). */
void textcache_get_many(const struct tc_key *keys, int n, void **pages)
{
	for (int i = 0; i < n; i++)
		pages[i] = NULL;
	if (tc.off)
		return;
	acquire(&tc.lock);
	for (int i = 0; i < n; i++) {
		struct tc_slot *s = keys[i].cluster ? find(&keys[i]) : NULL;
		if (s) {
			pages[i] = s->page;
			kref(s->page);	/* under the lock: a reclaim may free it after */
		}
	}
	release(&tc.lock);
}

/*
 * Keeps page (just filled from the file) as the file's page pgoff; the
 * cache takes a reference of its own. The page it replaces (an older
 * copy of the same, or the one its set lets go of), if any, is let go.
 * Does nothing if the file has no room in the table.
 */
void textcache_put(const struct tc_key *key, void *page)
{
	void *old = NULL;

	if (tc.off || key->cluster == 0)
		return;
	kref(page);
	acquire(&tc.lock);
	struct tc_file *f = file_row(key->m, key->cluster);
	if (!f) {	/* every row taken: make one free, once */
		release(&tc.lock);
		textcache_make_room(key->m, key->cluster);
		acquire(&tc.lock);
		f = file_row(key->m, key->cluster);
	}
	if (!f) {
		old = page;	/* no room: not kept */
	} else {
		struct tc_slot *s = find(key);
		if (!s)
			s = place(key);
		if (s->page)
			old = slot_clear(s);
		f->m = key->m;
		f->cluster = key->cluster;
		f->pages++;
		*s = (struct tc_slot){ *key, page };
		tc.pages++;
	}
	release(&tc.lock);
	kfree(old);
}

/* Lets go of the pages of volume m: all of them (all), or those of the
 * file whose first cluster is cluster. */
static void drop_pages(const void *m, uint32_t cluster, bool all)
{
	void *victims[16];
	bool more = true;

	while (more) {
		int n = 0;
		acquire(&tc.lock);
		more = false;
		if (all || file_of(m, cluster)) {
			for (struct tc_slot *s = tc.slot; s < tc.slot + TC_SLOTS; s++) {
				if (!s->page || s->key.m != m || (!all && s->key.cluster != cluster))
					continue;
				if (n == (int)ARRAY_SIZE(victims)) {
					more = true;
					break;
				}
				victims[n++] = slot_clear(s);
			}
		}
		release(&tc.lock);
		while (n > 0)
			kfree(victims[--n]);
	}
}

/*
 * Whether pages of the file (m, cluster) can be kept: it has some, or a
 * row of the file table is free, or one is made free by letting go of
 * the pages of the file that has the fewest (without that, once
 * TC_FILES programs had pages here, no other program's would ever be
 * kept). Another file may take the row first; the caller then keeps
 * nothing, as when the cache is off.
 */
bool textcache_make_room(const void *m, uint32_t cluster)
{
	struct tc_file victim = { 0 };

	if (tc.off || cluster == 0)
		return false;
	acquire(&tc.lock);
	if (!file_row(m, cluster))
		for (struct tc_file *f = tc.file; f < tc.file + TC_FILES; f++)
			if (!victim.pages || f->pages < victim.pages)
				victim = *f;
	release(&tc.lock);
	if (victim.pages)
		drop_pages(victim.m, victim.cluster, false);
	return true;
}

/* Lets go of the pages of the file whose first cluster is cluster: its
 * bytes are about to change or its clusters to be freed. An empty file
 * (cluster 0: none yet) has none, as the cache keeps no page of one. */
void textcache_drop(const void *m, uint32_t cluster)
{
	if (cluster != 0)
		drop_pages(m, cluster, false);
}

/* Lets go of every page of volume m: it is being unmounted. */
void textcache_drop_volume(const void *m) { drop_pages(m, 0, true); }

/* Out of memory: the cache lets go of every page (those programs still
 * map stay theirs). Returns how many it let go. */
uint64_t textcache_reclaim(void)
{
	void *victims[16];
	uint64_t total = 0;
	int n;

	do {
		n = 0;
		acquire(&tc.lock);
		for (struct tc_slot *s = tc.slot; s < tc.slot + TC_SLOTS && n < (int)ARRAY_SIZE(victims); s++)
			if (s->page)
				victims[n++] = slot_clear(s);
		release(&tc.lock);
		total += n;
		for (int i = 0; i < n; i++)
			kfree(victims[i]);
	} while (n > 0);
	return total;
}

/* Pages only the cache holds, which it would give back if memory ran
 * out (sysinfo's bufferram): the pages of programs no one runs now. */
uint64_t textcache_pages(void)
{
	uint64_t n = 0;

	acquire(&tc.lock);
	for (struct tc_slot *s = tc.slot; s < tc.slot + TC_SLOTS; s++)
		n += s->page && page_refs(s->page) == 1;
	release(&tc.lock);
	return n;
}
