/*
 * Host tests for a node's run cache (fat_runs.c): reads at any offset of
 * a fragmented file, lookups inside a known run that touch no FAT
 * sector, and runs kept true across truncation, growth, reuse of freed
 * clusters by another file, and writes cut short by a failing device.
 * The check behind each: every cached run matches the chain on disk and
 * lies inside the file's size.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

/* Every cached run of f is what the chain says, within f's size. */
static int runs_true(struct ctx *c, const struct fat_node *f, const char *when)
{
	uint32_t cb = c->vol.clus_bytes, nclus = (f->size + cb - 1) / cb, j;
	const struct fat_run *r;
	int ok = 1;

	for (r = f->runs; r < f->runs + FAT_NRUNS; r++) {
		if (r->len == 0)
			continue;
		ok &= EXPECT(r->index + r->len <= nclus, "%s: run %u+%u inside "
			     "the %u clusters of the file", when, r->index, r->len, nclus);
		for (j = 0; ok && j < r->len; j++)
			ok &= EXPECT_EQ(chain_at(c, f->first_cluster, r->index + j),
					r->cluster + j, "%s: run %u+%u at %u", when,
					r->index, r->len, j);
	}
	return ok;
}

/* Reads n bytes at off through f and compares them with want + off. */
static void read_at(struct ctx *c, struct fat_node *f, uint64_t off,
		    size_t n, const uint8_t *want)
{
	static uint8_t buf[1 << 16];
	long got = fat_read(&c->vol, f, off, buf, n);

	if (EXPECT_EQ(n, got, "read of %zu at %llu", n, (unsigned long long)off))
		EXPECT(!memcmp(buf, want + off, n), "bytes at %llu", (unsigned long long)off);
}

/* a.bin grows three clusters at a time with b.bin one cluster after it
 * each time: 30 fragments, more than a node caches. */
static struct fat_node fragmented(struct ctx *c, uint8_t *want, uint32_t *size)
{
	uint32_t cb = c->vol.clus_bytes, k;
	struct fat_node a = make(c, "/", "a.bin", 0), b = make(c, "/", "b.bin", 0);

	pattern(want, 90 * cb, 7);
	for (k = 0; k < 30; k++) {
		put(c, &a, (uint64_t)k * 3 * cb, want + k * 3 * cb, 3 * cb);
		put(c, &b, (uint64_t)k * cb, want, cb);
	}
	*size = 90 * cb;
	return walk(c, "/a.bin");
}

void runs_fragmented(struct ctx *c)
{
	static uint8_t want[90 * 4096];
	uint32_t cb = c->vol.clus_bytes, size, x = 12345, k;
	struct fat_node a = fragmented(c, want, &size);
	unsigned long reads;
	const struct fat_run *r = NULL;

	EXPECT(chain_at(c, a.first_cluster, 3) != chain_at(c, a.first_cluster, 2) + 1,
	       "a.bin is fragmented");
	for (k = 0; k < size; k += 1000)
		read_at(c, &a, k, k + 1000 <= size ? 1000 : size - k, want);
	runs_true(c, &a, "after a sequential read");
	for (k = 0; k < 200; k++) {  /* seeks back and forth */
		x = x * 1103515245u + 12345u;
		uint32_t off = (x >> 4) % size, n = 1 + (x >> 20) % 3000;
		read_at(c, &a, off, off + n <= size ? n : size - off, want);
	}
	runs_true(c, &a, "after random reads");
	reads = c->img.reads;
	read_at(c, &a, 0, size, want);
	EXPECT(c->img.reads - reads <= 30 + 1, "whole file in %lu requests "
	       "(30 fragments, one FAT sector)", c->img.reads - reads);

	/* a cluster inside a cached run: one data read and no FAT lookup */
	for (k = 0; k < FAT_NRUNS && !r; k++)
		if (a.runs[k].len > 1)
			r = &a.runs[k];
	if (EXPECT(r != NULL, "a cached run of several clusters")) {
		c->vol.fat_cache_lba = 0;  /* clean (flushed): reload on use */
		reads = c->img.reads;
		read_at(c, &a, (uint64_t)(r->index + 1) * cb, cb, want);
		EXPECT_EQ(1, c->img.reads - reads, "device reads for a cluster of a known run");
	}
}

void runs_truncate_extend(struct ctx *c)
{
	static uint8_t want[64 * 4096], buf[4096];
	uint32_t cb = c->vol.clus_bytes;
	struct fat_node t = make(c, "/", "t.bin", 0), o;

	pattern(want, 40 * cb, 3);
	put(c, &t, 0, want, 40 * cb);
	t = walk(c, "/t.bin");
	read_at(c, &t, 0, 40 * cb, want);
	EXPECT(t.runs[t.run_last].index == 0 && t.runs[t.run_last].len == 40,
	       "a contiguous file is one run (got %u+%u)",
	       t.runs[t.run_last].index, t.runs[t.run_last].len);
	EXPECT_EQ(0, fat_truncate(&c->vol, &t, 10 * cb + 100), "truncate");
	runs_true(c, &t, "after a shrinking truncate");
	/* another file takes the freed clusters */
	o = make(c, "/", "o.bin", 0);
	pattern(buf, cb, 4);
	for (uint32_t k = 0; k < 20; k++)
		put(c, &o, (uint64_t)k * cb, buf, cb);
	memset(want + 10 * cb + 100, 0, 54 * cb - 100);
	pattern(want + 30 * cb, 5 * cb, 5);
	put(c, &t, 30 * cb, want + 30 * cb, 5 * cb);  /* a zero-filled gap first */
	runs_true(c, &t, "after growing past a gap");
	read_at(c, &t, 0, 35 * cb, want);
	read_eq(c, "t.bin", want, 35 * cb);
	runs_true(c, &t, "after reading it back");
	EXPECT_EQ(0, fat_truncate(&c->vol, &t, 0), "truncate to nothing");
	runs_true(c, &t, "after a truncate to 0");
	pattern(want, 3 * cb, 6);
	put(c, &t, 0, want, 3 * cb);
	read_at(c, &t, 0, 3 * cb, want);
	runs_true(c, &t, "after writing it again");
	EXPECT_EQ(0, fat_truncate(&c->vol, &t, 60 * cb), "truncate upwards");
	memset(want + 3 * cb, 0, 57 * cb);
	read_at(c, &t, 0, 60 * cb, want);
	runs_true(c, &t, "after a growing truncate");
	fsck_clean(c, NULL, NULL);
}

/*
 * Appends cut by a device that fails after k writes, for every k, each
 * to a new file whose next cluster is taken: the node's runs never keep
 * clusters a failed call did not link, and a read through the node gives
 * the file's bytes or an error, never other bytes.
 */
void runs_cut_writes(struct ctx *c)
{
	static uint8_t want[16 * 4096], buf[16 * 4096];
	uint32_t cb = c->vol.clus_bytes, k;
	char name[16], gname[16];
	long r = 0, got;

	pattern(want, 12 * cb, 8);
	for (k = 0; k < 40 && r != 8 * cb; k++) {
		snprintf(name, sizeof(name), "f%u.bin", k);
		snprintf(gname, sizeof(gname), "g%u.bin", k);
		struct fat_node f = make(c, "/", name, 0), g = make(c, "/", gname, 0);

		put(c, &f, 0, want, 4 * cb);
		put(c, &g, 0, want, cb);  /* f's append cannot be contiguous */
		read_at(c, &f, 0, 4 * cb, want);
		c->img.wfail_after = (long)c->img.writes + k;
		r = fat_write(&c->vol, &f, f.size, want + f.size, 8 * cb);
		c->img.wfail_after = -1;
		runs_true(c, &f, "after a cut append");
		got = fat_read(&c->vol, &f, 0, buf, f.size);
		if (got > 0)
			EXPECT(!memcmp(buf, want, (size_t)got), "bytes after an append cut at %u", k);
		else
			EXPECT_EQ(-FAT_EIO, got, "a read after a cut append");
	}
	EXPECT_EQ(8 * cb, r, "an append goes through once the device lets it");
}

/*
 * fat_extent (the kernel's read path, which reads the data itself)
 * learns the rest of a run from the FAT sector in the cache when it
 * scans, without reading another: reads in order in small calls then
 * scan once a sector, not on every call. The run stops at the file's
 * last cluster though the next file follows it on disk.
 */
void runs_cached_ahead(struct ctx *c)
{
	static uint8_t want[40 * 4096];
	uint32_t cb = c->vol.clus_bytes, k, per = FAT_SECTOR_SIZE / 4;
	struct fat_node a = make(c, "/", "c.bin", 0), b = make(c, "/", "d.bin", 0);
	uint64_t lba, bytes;

	pattern(want, 40 * cb, 5);
	put(c, &a, 0, want, 20 * cb);
	put(c, &b, 0, want + 20 * cb, 20 * cb);
	a = walk(c, "/c.bin");
	EXPECT_EQ(a.first_cluster + 19, chain_at(c, a.first_cluster, 19), "c.bin is one run");
	EXPECT_EQ(a.first_cluster + 20, walk(c, "/d.bin").first_cluster,
		  "d.bin follows it on disk");
	EXPECT_EQ(0, fat_extent(&c->vol, &a, 0, 2 * cb, &lba, &bytes), "extent at 0");
	EXPECT_EQ(2 * cb, bytes, "the extent asked for");
	if (a.first_cluster % per + 20 <= per)  /* the file's entries in one sector */
		EXPECT_EQ(20, a.runs[a.run_last].len, "2 clusters asked, the run learned");
	runs_true(c, &a, "after an extent of 2 clusters");
	for (k = 0; k < 20 * cb; k += FAT_SECTOR_SIZE) {
		EXPECT_EQ(0, fat_extent(&c->vol, &a, k, FAT_SECTOR_SIZE, &lba, &bytes),
			  "extent at %u", k);
		EXPECT_EQ(fat_clus_lba(&c->vol, a.first_cluster) + k / FAT_SECTOR_SIZE, lba,
			  "its sector at %u", k);
	}
	runs_true(c, &a, "after extents in order");
	EXPECT_EQ(20, a.runs[a.run_last].len, "the whole file one run");
	read_at(c, &a, 0, 20 * cb, want);
}
