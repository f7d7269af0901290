/*
 * Host tests for remembered lookups (fat_dcache.c): a name looked up
 * again is found through its slot with the same answer a scan gives,
 * and no change to the directory (unlink, a new name in the freed
 * entries, rename, rmdir and a new directory on the freed cluster, an
 * entry changed behind the library's back) can make a slot give a wrong
 * one; a directory of 1000 names is remembered whole, and a slot left
 * by an unlinked name costs a read or two, never a scan; the cluster a
 * slot learned is not trusted once a chain is cut. Run from the
 * write test table in test_write.c.
 */
#include <stdio.h>
#include <string.h>
#include "check.h"

static struct fat_node root_of(struct ctx *c)
{
	struct fat_node r;

	fat_root(&c->vol, &r);
	return r;
}

/* How many slots remember something. */
static int slots_used(struct ctx *c)
{
	int n = 0;

	for (int i = 0; i < FAT_DCACHE_SLOTS; i++)
		n += c->vol.dcache[i].where != 0;
	return n;
}

/* Looks name up in dir twice: the second answer must be the first's and
 * come from a slot (nothing newly remembered). */
static struct fat_node lookup_twice(struct ctx *c, const struct fat_node *dir,
				    const char *name)
{
	struct fat_node a, b;

	EXPECT_EQ(0, fat_lookup(&c->vol, dir, name, &a), "lookup %s", name);
	int used = slots_used(c);
	EXPECT_EQ(0, fat_lookup(&c->vol, dir, name, &b), "lookup %s again", name);
	EXPECT(same_node(&a, &b) && a.size == b.size, "%s: the same node both times", name);
	EXPECT_EQ(used, slots_used(c), "%s: the second lookup used the slot", name);
	return b;
}

void dcache_lookups(struct ctx *c)
{
	struct fat_node d = root_of(c), n, m, sub;
	char name[32];

	for (int i = 0; i < 40; i++) {	/* enough to spread over several clusters */
		snprintf(name, sizeof(name), "a rather long name %02d.txt", i);
		make(c, "/", name, 0);
	}
	n = lookup_twice(c, &d, "a rather long name 37.txt");
	m = lookup_twice(c, &d, "A RATHER LONG NAME 37.TXT");
	EXPECT(same_node(&n, &m), "any case finds the same file");
	short_name(raw_entry(c, n.dir_cluster, n.dir_offset), name);
	m = lookup_twice(c, &d, name);
	EXPECT(same_node(&n, &m), "its 8.3 alias %s finds the same file", name);

	/* unlink, then a new file takes the freed entries: the old name's
	 * slot points at the new one's entry */
	EXPECT_EQ(0, fat_unlink(&c->vol, &d, "a rather long name 05.txt"), "unlink 05");
	EXPECT_EQ(-FAT_ENOENT, fat_lookup(&c->vol, &d, "a rather long name 05.txt", &m),
		  "05 is gone although a slot remembered it");
	lookup_twice(c, &d, "a rather long name 06.txt");
	EXPECT_EQ(0, fat_unlink(&c->vol, &d, "a rather long name 06.txt"), "unlink 06");
	n = make(c, "/", "a rather long name XX.txt", 0);
	EXPECT_EQ(-FAT_ENOENT, fat_lookup(&c->vol, &d, "a rather long name 06.txt", &m),
		  "06 stays gone when its entries are reused");
	m = lookup_twice(c, &d, "a rather long name XX.txt");
	EXPECT(same_node(&n, &m), "the new name is found where it went");

	/* rename: the old name is gone, the new one found */
	lookup_twice(c, &d, "a rather long name 10.txt");
	EXPECT_EQ(0, fat_rename(&c->vol, &d, "a rather long name 10.txt", &d, "ten"), "rename");
	EXPECT_EQ(-FAT_ENOENT, fat_lookup(&c->vol, &d, "a rather long name 10.txt", &m),
		  "the renamed name is gone");
	lookup_twice(c, &d, "ten");

	/* a short name only, then the same entry given another short name
	 * behind the library's back (as another system could) */
	n = make(c, "/", "SHORT.TXT", 0);
	lookup_twice(c, &d, "SHORT.TXT");
	uint8_t *e = raw_entry(c, n.dir_cluster, n.dir_offset);
	memcpy(e, "OTHER   TXT", 11);
	EXPECT_EQ(-FAT_ENOENT, fat_lookup(&c->vol, &d, "SHORT.TXT", &m),
		  "a name changed on the disk is not found by its old slot");
	EXPECT_EQ(0, fat_lookup(&c->vol, &d, "OTHER.TXT", &m), "its new name is");

	/* a directory removed and another made, maybe on the same cluster:
	 * names of the old one are not found in the new one */
	sub = make(c, "/", "dir one", FAT_ATTR_DIRECTORY);
	make(c, "/dir one", "inside", 0);
	lookup_twice(c, &sub, "inside");
	EXPECT_EQ(0, fat_unlink(&c->vol, &sub, "inside"), "unlink inside");
	EXPECT_EQ(0, fat_rmdir(&c->vol, &d, "dir one"), "rmdir");
	m = make(c, "/", "dir two", FAT_ATTR_DIRECTORY);
	EXPECT_EQ(-FAT_ENOENT, fat_lookup(&c->vol, &m, "inside", &n),
		  "the new directory has no \"inside\" (cluster %u, was %u)",
		  m.first_cluster, sub.first_cluster);
	make(c, "/dir two", "inside", 0);
	lookup_twice(c, &m, "inside");
	fsck_clean(c, NULL, NULL);
}

/* Device reads of looking up name in dir, which must give want. */
static unsigned long lookup_reads(struct ctx *c, const struct fat_node *dir,
				  const char *name, int want)
{
	unsigned long before = c->img.reads;
	struct fat_node f;

	EXPECT_EQ(want, fat_lookup(&c->vol, dir, name, &f), "lookup %s", name);
	return c->img.reads - before;
}

/* Device reads of looking up each of "file 0" .. "file 999" in dir. */
static unsigned long all_reads(struct ctx *c, const struct fat_node *dir)
{
	unsigned long reads = 0;
	char name[16];

	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "file %d", i);
		reads += lookup_reads(c, dir, name, 0);
	}
	return reads;
}

void dcache_big_dir(struct ctx *c)
{
	struct fat_node d = make(c, "/", "big", FAT_ATTR_DIRECTORY);
	char name[16];
	unsigned long reads, scan;

	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "file %d", i);
		make(c, "/big", name, 0);
	}
	all_reads(c, &d);
	reads = all_reads(c, &d);
	EXPECT(reads <= 1000, "1000 names found again in %lu reads, not by scans", reads);
	/* a cut chain moves chain_changes: the clusters the slots learned
	 * are not trusted after it, and every name is still found */
	uint32_t before = c->vol.chain_changes;
	uint8_t data[3 * 4096] = { 1 };
	struct fat_node f = make(c, "/", "three clusters", 0);
	put(c, &f, 0, data, sizeof(data));
	EXPECT_EQ(before, c->vol.chain_changes, "a chain made and grown changes no link");
	EXPECT_EQ(0, fat_truncate(&c->vol, &f, 0), "truncate");
	EXPECT(c->vol.chain_changes != before, "a chain cut moves chain_changes");
	all_reads(c, &d);
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "file %d", i);
		EXPECT_EQ(0, fat_unlink(&c->vol, &d, name), "unlink %s", name);
	}
	/* the slot of "file 0" names deleted entries, and 999 more follow
	 * them: checking it must stop at its own entry, not go on to the
	 * directory's end before the scan does */
	scan = lookup_reads(c, &d, "never seen", -FAT_ENOENT);
	reads = lookup_reads(c, &d, "file 0", -FAT_ENOENT);
	EXPECT(reads <= scan + 2, "a stale slot costs %lu reads, a scan %lu", reads, scan);
	fsck_clean(c, NULL, NULL);
}
