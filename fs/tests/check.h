/*
 * Shared by the FAT host tests: the test context, the EXPECT checks, and
 * helpers that reach into a mounted image to read or corrupt it.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdint.h>
#include "../fat.h"
#include "../fat_int.h"
#include "imgdev.h"

struct ctx {
	struct imgdev img;
	uint64_t part_lba;
	struct fat_vol vol;
	const char *src;    /* host tree the image was made from */
	const char *fat16;  /* a FAT16 image fat_mount must refuse */
	const char *tag;    /* image name for output */
	const char *work;   /* directory for the write tests' images */
	char img_path[512]; /* the write tests' image */
};

extern int checks, failed;  /* totals over all groups */

int expect_eq(long long want, long long got, const char *fmt, ...);
int expect_true(int ok, const char *fmt, ...);

/* Each argument is evaluated once: some are the calls under test. */
#define EXPECT_EQ(want, got, ...) \
	expect_eq((long long)(want), (long long)(got), __VA_ARGS__)
#define EXPECT(cond, ...) expect_true(!!(cond), __VA_ARGS__)

int mount(struct ctx *c);
uint8_t *disk(struct ctx *c, uint64_t vol_lba);
void fat_set(struct ctx *c, uint32_t clus, uint32_t val);
uint32_t chain_at(struct ctx *c, uint32_t first, uint32_t k);
uint8_t *raw_entry(struct ctx *c, uint32_t first, uint32_t pos);
struct fat_node walk(struct ctx *c, const char *path);
int same_node(const struct fat_node *a, const struct fat_node *b);

/* wcheck.c: write tests run on a fresh image each, checked by the tools */
int fresh_image(struct ctx *c);
int run_cmd(const char *cmd, char *out, size_t size);
int fsck_clean(struct ctx *c, uint32_t *used, uint32_t *total);
int tool_file_eq(struct ctx *c, const char *path, const uint8_t *want,
		 size_t len);
int mdir_has(struct ctx *c, const char *dir, const char *text);
int mdir_count(struct ctx *c, const char *dir);
struct fat_node make(struct ctx *c, const char *dir, const char *name,
		     uint8_t attr);
void put(struct ctx *c, struct fat_node *f, uint64_t off, const void *buf,
	 size_t n);
void pattern(uint8_t *buf, size_t n, unsigned seed);
int read_eq(struct ctx *c, const char *path, const uint8_t *want, size_t n);
uint32_t count_free(struct ctx *c);
uint32_t fsinfo_free(struct ctx *c);

/* test_write.c, test_dirw.c */
void write_tests(struct ctx *c, int *groups, int *groups_failed);
void create_names(struct ctx *c);
void name_errors(struct ctx *c);
void long_name_aliases(struct ctx *c);
void deleted_slot_reuse(struct ctx *c);
void dir_grows(struct ctx *c);
void unlink_files(struct ctx *c);
void mkdir_rmdir(struct ctx *c);
void rename_cases(struct ctx *c);

/* test_dcache.c: remembered lookups, as a write group */
void dcache_lookups(struct ctx *c);
void dcache_big_dir(struct ctx *c);

/* test_runs.c: the run cache, as write groups */
void runs_fragmented(struct ctx *c);
void runs_truncate_extend(struct ctx *c);
void runs_cut_writes(struct ctx *c);
void runs_cached_ahead(struct ctx *c);

/* test_corrupt.c: groups run on the first image only */
void bpb_rejected(struct ctx *c);
void chain_corruption(struct ctx *c);
void long_name_corruption(struct ctx *c);

#endif
