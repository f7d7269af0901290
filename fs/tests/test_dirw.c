/*
 * Host tests for directory changes: names (short with case bits, long
 * with aliases), bad names, slot reuse, directory growth, unlink, mkdir
 * and rmdir, rename. Run from the write test table in test_write.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

static struct fat_node root(struct ctx *c)
{
	struct fat_node r;

	fat_root(&c->vol, &r);
	return r;
}

static void short_is(struct ctx *c, const char *path, const char *name11,
		     uint8_t ntres, int lfn)
{
	struct fat_node n = walk(c, path);
	uint8_t *e = raw_entry(c, n.dir_cluster, n.dir_offset);

	EXPECT(!memcmp(e, name11, 11), "short name of %s: \"%.11s\"", path, (char *)e);
	EXPECT_EQ(ntres, e[DIR_NTRes], "NTRes of %s", path);
	EXPECT_EQ(lfn, n.dir_offset >= 32 && e[-32 + DIR_Attr] == ATTR_LONG_NAME &&
		  e[-32] != 0xE5, "%s has a long name", path);
}

void create_names(struct ctx *c)
{
	static const char *const dup[] = { "HELLO.TXT", "Hello.txt", "readme.txt",
					   "README2.TXT", "readme2.TXT", "A~1.D" };
	struct fat_node d = root(c), n, m;
	char lname[300];
	uint8_t *e;
	size_t i;

	make(c, "/", "hello.txt", 0);
	make(c, "/", "README.TXT", 0);
	make(c, "/", "lower.TXT", 0);
	make(c, "/", "Readme2.txt", 0);
	make(c, "/", "café.txt", 0);
	make(c, "/", "a.b.c.d", 0);
	make(c, "/", ".hidden", 0);
	make(c, "/", "x+y.txt", 0);
	make(c, "/", "ab cd.txt", 0);
	make(c, "/", "smile \xF0\x9F\x98\x80.txt", 0);
	memset(lname, 'L', 255);
	lname[255] = '\0';
	n = make(c, "/", lname, 0);
	EXPECT_EQ(0, fat_lookup(&c->vol, &d, lname, &m), "lookup 255 chars");
	EXPECT(same_node(&n, &m), "fat_create's node is the one lookup finds");
	short_is(c, "hello.txt", "HELLO   TXT", 0x18, 0);
	short_is(c, "README.TXT", "README  TXT", 0, 0);
	short_is(c, "lower.TXT", "LOWER   TXT", 0x08, 0);
	short_is(c, "Readme2.txt", "README2 TXT", 0, 1);
	short_is(c, "café.txt", "CAF_~1  TXT", 0, 1);
	short_is(c, "a.b.c.d", "A~1     D  ", 0, 1);
	short_is(c, ".hidden", "HIDDEN~1   ", 0, 1);
	short_is(c, "x+y.txt", "X_Y~1   TXT", 0, 1);
	short_is(c, "ab cd.txt", "ABCD~1  TXT", 0, 1);
	short_is(c, lname, "LLLLLL~1   ", 0, 1);
	for (i = 0; i < sizeof(dup) / sizeof(dup[0]); i++)
		EXPECT_EQ(-FAT_EEXIST, fat_create(&c->vol, &d, dup[i], 0, NULL),
			  "create existing \"%s\"", dup[i]);
	EXPECT_EQ(-FAT_EINVAL, fat_create(&c->vol, &d, "label", FAT_ATTR_VOLUME_ID, NULL),
		  "volume label attr");
	n = make(c, "/", "New Folder", FAT_ATTR_DIRECTORY);
	e = disk(c, fat_clus_lba(&c->vol, n.first_cluster));
	EXPECT(!memcmp(e, ".          ", 11) && ld16(e + DIR_FstClusLO) == n.first_cluster,
	       "\".\" names the new directory");
	EXPECT(!memcmp(e + 32, "..         ", 11) && ld16(e + 32 + DIR_FstClusLO) == 0,
	       "\"..\" names the root as 0");
	make(c, "/New Folder", "inside", FAT_ATTR_DIRECTORY);
	e = disk(c, fat_clus_lba(&c->vol, walk(c, "New Folder/inside").first_cluster));
	EXPECT_EQ(n.first_cluster, ld16(e + 32 + DIR_FstClusLO), "\"..\" of a subdir");
	EXPECT(mdir_has(c, "/", "hello    txt"), "mdir shows hello.txt by NTRes");
	EXPECT(mdir_has(c, "/", "README2  TXT") && mdir_has(c, "/", "Readme2.txt"),
	       "mdir shows Readme2.txt and its alias");
	EXPECT(mdir_has(c, "/", "café.txt"), "mdir shows café.txt");
	/* mtools shows each half of a UTF-16 surrogate pair as '_' */
	EXPECT(mdir_has(c, "/", "SMILE_~1 TXT  ") && mdir_has(c, "/", "smile __.txt"),
	       "mdir shows the emoji name as it can");
	walk(c, "smile \xF0\x9F\x98\x80.txt");
	EXPECT(mdir_has(c, "/", lname), "mdir shows the 255-character name");
	EXPECT_EQ(12, mdir_count(c, "/"), "mdir -b count of the root");
	fsck_clean(c, NULL, NULL);
}

void name_errors(struct ctx *c)
{
	static const char *const bad[] = { "", ".", "..", "a\"b", "a*b", "a/b",
		"a:b", "a<b", "a>b", "a?b", "a\\b", "a|b", "a\x01", "\x1f", "a\x7f",
		"abc.", "abc ", "\xff", "\xc0\xaf", "\xed\xa0\x80", "a\xe2\x82",
		"\xf4\x90\x80\x80" };
	struct fat_node d = root(c), f = make(c, "/", "ok", 0);
	char name[600];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-FAT_EINVAL, fat_create(&c->vol, &d, bad[i], 0, NULL),
			  "create bad name #%zu", i);
		EXPECT_EQ(-FAT_EINVAL, fat_rename(&c->vol, &d, "ok", &d, bad[i]),
			  "rename to bad name #%zu", i);
	}
	memset(name, 'a', 256);
	name[256] = '\0';
	EXPECT_EQ(-FAT_ENAMETOOLONG, fat_create(&c->vol, &d, name, 0, NULL), "256 units");
	for (i = 0; i < 128; i++)
		memcpy(name + 2 * i, "\xc3\xa9", 2);
	name[256] = '\0';
	EXPECT_EQ(-FAT_ENAMETOOLONG, fat_create(&c->vol, &d, name, 0, NULL), "256 bytes");
	name[254] = '\0';
	EXPECT_EQ(0, fat_create(&c->vol, &d, name, 0, NULL), "127 two-byte characters");
	EXPECT(mdir_has(c, "/", name), "mdir shows them");
	EXPECT_EQ(-FAT_EEXIST, fat_create(&c->vol, &d, "OK", 0, NULL), "EEXIST any case");
	EXPECT_EQ(-FAT_ENOENT, fat_unlink(&c->vol, &d, "nope"), "unlink missing");
	(void)f;
	fsck_clean(c, NULL, NULL);
}

void long_name_aliases(struct ctx *c)
{
	char name[64], alias[32], body[8];
	struct fat_node f;
	int k;

	make(c, "/", "dir", FAT_ATTR_DIRECTORY);
	for (k = 1; k <= 12; k++) {
		snprintf(name, sizeof(name), "verylongname number %02d.txt", k);
		f = make(c, "/dir", name, 0);
		snprintf(body, sizeof(body), "%02d\n", k);
		put(c, &f, 0, body, 3);
	}
	for (k = 1; k <= 12; k++) {
		snprintf(alias, sizeof(alias), k < 10 ? "VERYLO~%d TXT" : "VERYL~%d TXT", k);
		EXPECT(mdir_has(c, "/dir", alias), "mdir shows alias %s", alias);
		snprintf(alias, sizeof(alias), k < 10 ? "dir/verylo~%d.txt" : "dir/VERYL~%d.TXT", k);
		snprintf(body, sizeof(body), "%02d\n", k);
		read_eq(c, alias, (const uint8_t *)body, 3);
		snprintf(name, sizeof(name), "/dir/verylongname number %02d.txt", k);
		tool_file_eq(c, name, (const uint8_t *)body, 3);
	}
	EXPECT_EQ(0, fat_unlink(&c->vol, &(struct fat_node){ .first_cluster =
		  walk(c, "dir").first_cluster, .attr = FAT_ATTR_DIRECTORY },
		  "verylongname number 03.txt"), "unlink #3");
	make(c, "/dir", "verylongname number 13.txt", 0);
	EXPECT(mdir_has(c, "/dir", "VERYLO~3 TXT"), "the freed alias ~3 is reused");
	EXPECT_EQ(12, mdir_count(c, "/dir"), "12 files in dir");
	fsck_clean(c, NULL, NULL);
}

void deleted_slot_reuse(struct ctx *c)
{
	struct fat_node d, n;
	char name[8];
	int k;

	d = make(c, "/", "d", FAT_ATTR_DIRECTORY);
	for (k = 1; k <= 6; k++) {
		snprintf(name, sizeof(name), "f%d", k);
		n = make(c, "/d", name, 0);
		EXPECT_EQ(32 * (k + 1), n.dir_offset, "slot of %s", name);
	}
	for (k = 2; k <= 4; k++) {
		snprintf(name, sizeof(name), "f%d", k);
		EXPECT_EQ(0, fat_unlink(&c->vol, &d, name), "unlink %s", name);
	}
	/* 30 characters: 3 LFN entries + 1 short: too many for the hole */
	n = make(c, "/d", "a name needing four slots.txt", 0);
	EXPECT_EQ(32 * 11, n.dir_offset, "4 slots go to the end");
	/* 25 characters: 2 LFN entries + 1 short: fits the hole of 3 */
	n = make(c, "/d", "abcdefghijklmnopqrstu.txt", 0);
	EXPECT_EQ(32 * 5, n.dir_offset, "3 slots reuse f2..f4's");
	n = make(c, "/d", "g", 0);
	EXPECT_EQ(32 * 12, n.dir_offset, "next one after the end");
	EXPECT_EQ(6, mdir_count(c, "/d"), "files in d");
	EXPECT(mdir_has(c, "/d", "abcdefghijklmnopqrstu.txt"), "mdir shows the reused one");
	fsck_clean(c, NULL, NULL);
}

/* 300 files: a subdirectory and the root both grow by many clusters. */
void dir_grows(struct ctx *c)
{
	struct fat_node big = make(c, "/", "big", FAT_ATTR_DIRECTORY), f, d;
	struct fat_dirent de;
	char name[64], body[8];
	uint32_t pos = 0, n = 0;
	int k;

	for (k = 0; k < 300; k++) {
		snprintf(name, sizeof(name), "file number %03d with a long name.txt", k);
		f = make(c, "/big", name, 0);
		snprintf(body, sizeof(body), "%03d\n", k);
		put(c, &f, 0, body, 4);
		snprintf(name, sizeof(name), "R%03d.TXT", k);
		f = make(c, "/", name, 0);
	}
	while (fat_readdir(&c->vol, &big, &pos, &de) == 1)
		n++;
	EXPECT_EQ(300, n, "readdir count of big");
	EXPECT(pos > 60 * c->vol.clus_bytes, "big spans many clusters (%u bytes)", pos);
	d = root(c);
	pos = n = 0;
	while (fat_readdir(&c->vol, &d, &pos, &de) == 1)
		n++;
	EXPECT_EQ(301, n, "readdir count of the root");
	EXPECT_EQ(300, mdir_count(c, "/big"), "mdir count of big");
	EXPECT_EQ(301, mdir_count(c, "/"), "mdir count of the root");
	tool_file_eq(c, "/big/file number 299 with a long name.txt", (const uint8_t *)"299\n", 4);
	tool_file_eq(c, "/big/file number 000 with a long name.txt", (const uint8_t *)"000\n", 4);
	fsck_clean(c, NULL, NULL);
}

void unlink_files(struct ctx *c)
{
	static uint8_t buf[100000];
	struct fat_node d = root(c), f, n;
	uint32_t free0 = c->vol.free_count;
	uint8_t *e;

	pattern(buf, sizeof(buf), 3);
	f = make(c, "/", "big.bin", 0);
	put(c, &f, 0, buf, sizeof(buf));
	f = make(c, "/", "Long File Name.txt", 0);
	put(c, &f, 0, "x", 1);
	make(c, "/", "empty", 0);
	make(c, "/", "keep.txt", 0);
	make(c, "/", "adir", FAT_ATTR_DIRECTORY);
	n = walk(c, "Long File Name.txt");
	e = raw_entry(c, n.dir_cluster, n.dir_offset);
	EXPECT_EQ(0, fat_unlink(&c->vol, &d, "big.bin"), "unlink big.bin");
	EXPECT_EQ(0, fat_unlink(&c->vol, &d, "LONGFI~1.TXT"), "unlink by alias");
	EXPECT(e[0] == 0xE5 && e[-32] == 0xE5 && e[-64] == 0xE5,
	       "short and LFN entries deleted");
	EXPECT_EQ(0, fat_unlink(&c->vol, &d, "EMPTY"), "unlink empty file");
	EXPECT_EQ(-FAT_ENOENT, fat_unlink(&c->vol, &d, "big.bin"), "gone");
	EXPECT_EQ(-FAT_ENOENT, fat_walk(&c->vol, NULL, "Long File Name.txt", &n), "gone");
	EXPECT_EQ(-FAT_EISDIR, fat_unlink(&c->vol, &d, "adir"), "unlink a dir");
	EXPECT_EQ(-FAT_EISDIR, fat_unlink(&c->vol, &d, "."), "unlink .");
	EXPECT_EQ(free0 - 1, c->vol.free_count, "only adir's cluster in use");
	EXPECT_EQ(2, mdir_count(c, "/"), "keep.txt and adir left");
	fsck_clean(c, NULL, NULL);
}

void mkdir_rmdir(struct ctx *c)
{
	struct fat_node d = root(c), a, b, n;
	uint32_t free0 = c->vol.free_count;

	a = make(c, "/", "a", FAT_ATTR_DIRECTORY);
	b = make(c, "/a", "b", FAT_ATTR_DIRECTORY);
	make(c, "/a/b", "c", FAT_ATTR_DIRECTORY);
	make(c, "/a/b", "file", 0);
	n = walk(c, "a/b/..");
	EXPECT(same_node(&n, &a), "a/b/.. is a");
	n = walk(c, "a/b/c/../..");
	EXPECT(same_node(&n, &a), "a/b/c/../.. is a");
	EXPECT_EQ(-FAT_ENOTEMPTY, fat_rmdir(&c->vol, &d, "a"), "rmdir a");
	EXPECT_EQ(-FAT_ENOTEMPTY, fat_rmdir(&c->vol, &a, "b"), "rmdir a/b");
	EXPECT_EQ(-FAT_ENOTDIR, fat_rmdir(&c->vol, &b, "file"), "rmdir a file");
	EXPECT_EQ(-FAT_EBUSY, fat_rmdir(&c->vol, &d, "."), "rmdir the root");
	EXPECT_EQ(-FAT_EBUSY, fat_rmdir(&c->vol, &a, ".."), "rmdir a/.. (the root)");
	EXPECT_EQ(-FAT_EINVAL, fat_rmdir(&c->vol, &b, "."), "rmdir .");
	EXPECT_EQ(-FAT_ENOENT, fat_rmdir(&c->vol, &b, "nope"), "rmdir missing");
	EXPECT_EQ(0, fat_rmdir(&c->vol, &b, "c"), "rmdir a/b/c");
	EXPECT_EQ(0, fat_unlink(&c->vol, &b, "file"), "unlink a/b/file");
	fsck_clean(c, NULL, NULL);
	EXPECT_EQ(0, fat_rmdir(&c->vol, &a, "B"), "rmdir a/b, other case");
	EXPECT_EQ(0, fat_rmdir(&c->vol, &d, "a"), "rmdir a");
	EXPECT_EQ(free0, c->vol.free_count, "all clusters back");
	EXPECT_EQ(0, mdir_count(c, "/"), "root empty");
	fsck_clean(c, NULL, NULL);
}

void rename_cases(struct ctx *c)
{
	struct fat_node d = root(c), x, y, f, n;
	uint32_t free0;
	uint8_t *e;

	x = make(c, "/", "x", FAT_ATTR_DIRECTORY);
	y = make(c, "/x", "y", FAT_ATTR_DIRECTORY);
	f = make(c, "/", "one.txt", 0);
	put(c, &f, 0, "one\n", 4);
	f = make(c, "/", "two.txt", 0);
	put(c, &f, 0, "two two\n", 8);
	make(c, "/x/y", "deep.txt", 0);
	EXPECT_EQ(0, fat_rename(&c->vol, &d, "one.txt", &d, "One Renamed Long.txt"),
		  "within a dir, to a long name");
	read_eq(c, "One Renamed Long.txt", (const uint8_t *)"one\n", 4);
	EXPECT_EQ(-FAT_ENOENT, fat_walk(&c->vol, NULL, "one.txt", &n), "old name gone");
	EXPECT_EQ(0, fat_rename(&c->vol, &d, "One Renamed Long.txt", &y, "moved.txt"),
		  "across dirs");
	read_eq(c, "x/y/moved.txt", (const uint8_t *)"one\n", 4);
	free0 = c->vol.free_count;
	EXPECT_EQ(0, fat_rename(&c->vol, &d, "two.txt", &y, "moved.txt"), "replace a file");
	read_eq(c, "x/y/moved.txt", (const uint8_t *)"two two\n", 8);
	EXPECT_EQ(free0 + 1, c->vol.free_count, "replaced file's cluster freed");
	EXPECT_EQ(0, fat_rename(&c->vol, &y, "moved.txt", &y, "MOVED.TXT"), "case change");
	short_is(c, "x/y/moved.txt", "MOVED   TXT", 0, 0);
	EXPECT_EQ(0, fat_rename(&c->vol, &y, "MOVED.TXT", &y, "MOVED.TXT"), "same name");
	tool_file_eq(c, "/x/y/MOVED.TXT", (const uint8_t *)"two two\n", 8);
	/* directories */
	EXPECT_EQ(-FAT_EINVAL, fat_rename(&c->vol, &d, "x", &x, "x2"), "dir into itself");
	EXPECT_EQ(-FAT_EINVAL, fat_rename(&c->vol, &d, "x", &y, "x3"), "dir into its subtree");
	EXPECT_EQ(-FAT_EINVAL, fat_rename(&c->vol, &d, ".", &y, "x3"), "rename .");
	EXPECT_EQ(-FAT_EINVAL, fat_rename(&c->vol, &x, "..", &y, "x3"), "rename ..");
	EXPECT_EQ(-FAT_ENOENT, fat_rename(&c->vol, &d, "nope", &y, "x3"), "missing");
	make(c, "/", "empty dir", FAT_ATTR_DIRECTORY);
	make(c, "/", "full dir", FAT_ATTR_DIRECTORY);
	make(c, "/full dir", "f", 0);
	make(c, "/", "plain", 0);
	EXPECT_EQ(-FAT_ENOTEMPTY, fat_rename(&c->vol, &x, "y", &d, "full dir"), "onto a full dir");
	EXPECT_EQ(-FAT_ENOTDIR, fat_rename(&c->vol, &x, "y", &d, "plain"), "dir onto a file");
	EXPECT_EQ(-FAT_EISDIR, fat_rename(&c->vol, &d, "plain", &d, "full dir"), "file onto a dir");
	free0 = c->vol.free_count;
	EXPECT_EQ(0, fat_rename(&c->vol, &x, "y", &d, "empty dir"), "replace an empty dir");
	EXPECT_EQ(free0 + 1, c->vol.free_count, "replaced dir's cluster freed");
	n = walk(c, "empty dir/..");
	EXPECT(n.is_root, "moved dir's .. is the root");
	e = disk(c, fat_clus_lba(&c->vol, y.first_cluster));
	EXPECT_EQ(0, ld16(e + 32 + DIR_FstClusLO), "\"..\" entry says 0 (root)");
	read_eq(c, "empty dir/MOVED.TXT", (const uint8_t *)"two two\n", 8);
	n = walk(c, "full dir");
	EXPECT_EQ(0, fat_rename(&c->vol, &d, "empty dir", &n, "y again"), "move a dir down");
	e = disk(c, fat_clus_lba(&c->vol, y.first_cluster));
	EXPECT_EQ(walk(c, "full dir").first_cluster, ld16(e + 32 + DIR_FstClusLO),
		  "\"..\" follows the move");
	n = walk(c, "full dir/y again/..");
	EXPECT_EQ(walk(c, "full dir").first_cluster, n.first_cluster, "walk .. after move");
	EXPECT(mdir_has(c, "/full dir/y again", "MOVED    TXT"), "mdir sees the moved tree");
	EXPECT_EQ(0, mdir_count(c, "/x"), "x is empty now");
	fsck_clean(c, NULL, NULL);
}
