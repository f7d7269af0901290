/* EXPECT bookkeeping and image helpers for the FAT host tests. */
#include <stdarg.h>
#include <stdio.h>
#include "check.h"

int checks, failed;

/* Records one check; on failure prints what was expected and what came. */
static int vexpect(int ok, long long want, long long got, const char *fmt,
		   va_list ap)
{
	checks++;
	if (ok)
		return 1;
	if (++failed <= 30) {
		printf("    expected %lld, got %lld: ", want, got);
		vprintf(fmt, ap);
		printf("\n");
	}
	return 0;
}

int expect_eq(long long want, long long got, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vexpect(want == got, want, got, fmt, ap);
	va_end(ap);
	return r;
}

int expect_true(int ok, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vexpect(ok, 1, ok, fmt, ap);
	va_end(ap);
	return r;
}

int mount(struct ctx *c)
{
	return fat_mount(&c->vol, &c->img.dev, c->part_lba);
}

uint8_t *disk(struct ctx *c, uint64_t vol_lba)
{
	return c->img.data + (c->part_lba + vol_lba) * FAT_SECTOR_SIZE;
}

/* Patches FAT #0 in the image; remount afterwards (the FAT cache). */
void fat_set(struct ctx *c, uint32_t clus, uint32_t val)
{
	uint8_t *p = disk(c, c->vol.fat_lba) + (uint64_t)clus * 4;

	p[0] = (uint8_t)val;
	p[1] = (uint8_t)(val >> 8);
	p[2] = (uint8_t)(val >> 16);
	p[3] = (uint8_t)(val >> 24);
}

/* The cluster at index k of the chain at first (uses the library). */
uint32_t chain_at(struct ctx *c, uint32_t first, uint32_t k)
{
	while (k-- > 0 && first != 0)
		if (fat_next(&c->vol, first, &first) < 0)
			return 0;
	return first;
}

/* The raw 32-byte entry at byte pos of the directory starting at first. */
uint8_t *raw_entry(struct ctx *c, uint32_t first, uint32_t pos)
{
	uint32_t clus = chain_at(c, first, pos / c->vol.clus_bytes);

	return disk(c, fat_clus_lba(&c->vol, clus)) + pos % c->vol.clus_bytes;
}

struct fat_node walk(struct ctx *c, const char *path)
{
	struct fat_node n;
	int r = fat_walk(&c->vol, NULL, path, &n);

	EXPECT_EQ(0, r, "fat_walk(\"%s\")", path);
	return n;
}

int same_node(const struct fat_node *a, const struct fat_node *b)
{
	return a->first_cluster == b->first_cluster && a->is_root == b->is_root &&
	       a->dir_cluster == b->dir_cluster && a->dir_offset == b->dir_offset;
}
