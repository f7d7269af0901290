/*
 * Host unit tests of the path walk's pure core (os/fs/walk.c) over a
 * small tree in memory: names and slashes, ".", "..", "/.." staying at
 * "/", ENOTDIR, ENOENT, ENAMETOOLONG for a long name and for a link's
 * target too long to splice, ELOOP after 40 links, links relative and
 * absolute, the parent walk; and every reference the walk takes given
 * back (each node's count checked after each walk). ASan and UBSan
 * watch every access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/walk.h"
#include "uapi/linux/errno.h"

struct node {
	const char *name;
	int parent;		/* index; the root is its own */
	int kind;
	const char *target;	/* WALK_KLINK */
	int ref;
};

#define LONG_TARGET_LEN 3800
static char long_target[LONG_TARGET_LEN + 1];
static char chain_names[50][16], chain_targets[50][16];

/* 0 is "/". */
static struct node nodes[128] = {
	{ "/", 0, WALK_KDIR, NULL, 0 },
	{ "a", 0, WALK_KDIR, NULL, 0 },		/* 1 */
	{ "b", 1, WALK_KDIR, NULL, 0 },		/* 2 */
	{ "f", 0, WALK_KOTHER, NULL, 0 },	/* 3 */
	{ "abs", 0, WALK_KLINK, "/a", 0 },	/* 4 */
	{ "rel", 1, WALK_KLINK, "b/../b", 0 },	/* 5: /a/rel -> /a/b */
	{ "l1", 0, WALK_KLINK, "l2", 0 },	/* 6 */
	{ "l2", 0, WALK_KLINK, "l1", 0 },	/* 7 */
	{ "long", 0, WALK_KLINK, long_target, 0 },	/* 8 */
	{ "empty", 0, WALK_KLINK, "", 0 },	/* 9 */
	{ "tof", 0, WALK_KLINK, "f", 0 },	/* 10 */
	/* magic links (procfs's fd/N): "@N" leads to node N itself, its
	 * text names nothing */
	{ "magicdir", 0, WALK_KLINK, "@2", 0 },	/* 11: to /a/b */
	{ "magicf", 1, WALK_KLINK, "@3", 0 },	/* 12: /a/magicf to /f */
};
static int nnodes = 13;
static int checks, fail;

static int idx(void *n) { return (struct node *)n - nodes; }
static void *root(void *ctx) { (void)ctx; nodes[0].ref++; return &nodes[0]; }
static void *dup_(void *ctx, void *n) { (void)ctx; ((struct node *)n)->ref++; return n; }
static void put(void *ctx, void *n)
{
	(void)ctx;
	if (--((struct node *)n)->ref < 0) {
		printf("FAIL node %s put more than taken\n", ((struct node *)n)->name);
		fail++;
	}
}
static int kind(void *ctx, void *n) { (void)ctx; return ((struct node *)n)->kind; }

static int lookup(void *ctx, void *dir, const char *name, size_t len, void **out)
{
	int d = idx(dir);

	(void)ctx;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = dup_(ctx, &nodes[nodes[d].parent]);
		return 0;
	}
	for (int i = 1; i < nnodes; i++) {
		if (nodes[i].parent == d && strlen(nodes[i].name) == len &&
		    memcmp(nodes[i].name, name, len) == 0) {
			*out = dup_(ctx, &nodes[i]);
			return 0;
		}
	}
	return -ENOENT;
}

static int readlink_(void *ctx, void *n, char *buf, size_t size)
{
	const char *t = ((struct node *)n)->target;
	size_t len = strlen(t);

	(void)ctx;
	if (len > size)
		return -ENAMETOOLONG;
	memcpy(buf, t, len);
	return (int)len;
}

static char scratch_buf[WALK_PATH_MAX];
static char *scratch(void *ctx) { (void)ctx; return scratch_buf; }

static int jump(void *ctx, void *n, void **out)
{
	const char *t = ((struct node *)n)->target;

	if (t[0] != '@')
		return 0;
	*out = dup_(ctx, &nodes[atoi(t + 1)]);
	return 1;
}

static const struct walk_ops ops = { root, lookup, kind, readlink_, dup_, put, scratch, jump };

/* Walks path from start (an index) and checks the answer: the node
 * (index) or -errno, and the last name for WALK_PARENT. */
static void expect(const char *path, int start, int flags, int want, const char *want_last)
{
	void *out = NULL;
	char last[WALK_NAME_MAX + 1] = "?";
	int got = walk_path(&ops, NULL, &nodes[start], path, flags, &out, last);

	checks++;
	if (got == 0)
		got = idx(out);
	bool ok = got == want && (!want_last || got < 0 || strcmp(last, want_last) == 0);
	if (!ok) {
		printf("FAIL walk(\"%.60s\", flags %d): %d last \"%s\", expected %d last \"%s\"\n",
		       path, flags, got, last, want, want_last ? want_last : "");
		fail++;
	}
	if (got >= 0 && out)
		put(NULL, out);
	for (int i = 0; i < nnodes; i++) {
		if (nodes[i].ref != 0) {
			printf("FAIL walk(\"%.60s\"): node %s left with %d references\n", path,
			       nodes[i].name, nodes[i].ref);
			nodes[i].ref = 0;
			fail++;
		}
	}
}

/* A chain of n links c0 -> c1 -> ... -> c(n-1) -> /a. */
static void make_chain(int n)
{
	for (int i = 0; i < n; i++) {
		snprintf(chain_names[i], sizeof(chain_names[i]), "c%d", i % 100);
		if (i + 1 < n)
			snprintf(chain_targets[i], sizeof(chain_targets[i]), "c%d", (i + 1) % 100);
		else
			strcpy(chain_targets[i], "/a");
		nodes[nnodes++] = (struct node){ chain_names[i], 0, WALK_KLINK, chain_targets[i], 0 };
	}
}

int main(void)
{
	char name[300];

	memset(long_target, 'x', LONG_TARGET_LEN);
	for (int i = 100; i < LONG_TARGET_LEN; i += 100)
		long_target[i] = '/';	/* names of 99 bytes */
	make_chain(42);	/* c0 .. c41: c1 is 41 links from /a, c2 is 40 */

	expect("/a/b", 3, 0, 2, NULL);
	expect("a/b", 0, 0, 2, NULL);
	expect("b", 1, 0, 2, NULL);
	expect("//a/./b/", 0, 0, 2, NULL);
	expect("/", 2, 0, 0, NULL);
	expect(".", 2, 0, 2, NULL);
	expect("", 0, 0, -ENOENT, NULL);
	expect("/a/..", 0, 0, 0, NULL);
	expect("/../..", 2, 0, 0, NULL);	/* "/.." stays at "/" */
	expect("../..", 2, 0, 0, NULL);
	expect("/nope", 0, 0, -ENOENT, NULL);
	expect("/nope/x", 0, 0, -ENOENT, NULL);
	expect("/f", 0, 0, 3, NULL);
	/* magic links: the walk goes on from the node they lead to */
	expect("/magicdir", 0, WALK_FOLLOW_LAST, 2, NULL);
	expect("/magicdir/..", 0, 0, 1, NULL);
	expect("/a/magicf", 0, WALK_FOLLOW_LAST, 3, NULL);
	expect("/a/magicf", 0, 0, 12, NULL);	/* not followed: the link */
	expect("/a/magicf/", 0, 0, -ENOTDIR, NULL);
	expect("/f/", 0, 0, -ENOTDIR, NULL);
	expect("/f/x", 0, 0, -ENOTDIR, NULL);
	expect("/f/.", 0, 0, -ENOTDIR, NULL);
	expect("/f", 0, WALK_MUST_DIR, -ENOTDIR, NULL);

	memset(name, 'n', sizeof(name));
	name[0] = '/';
	name[256] = 0;	/* "/" and 255 bytes: a name at the limit */
	expect(name, 0, 0, -ENOENT, NULL);
	name[256] = 'n';
	name[257] = 0;	/* 256 bytes */
	expect(name, 0, 0, -ENAMETOOLONG, NULL);

	/* links */
	expect("/abs", 0, 0, 4, NULL);			/* the last is not followed */
	expect("/abs", 0, WALK_FOLLOW_LAST, 1, NULL);
	expect("/abs/", 0, 0, 1, NULL);			/* unless a slash follows */
	expect("/abs/b", 0, 0, 2, NULL);
	expect("/a/rel", 0, WALK_FOLLOW_LAST, 2, NULL);
	expect("/a/rel/..", 0, 0, 1, NULL);
	expect("/abs/rel/../../abs/b", 2, 0, 2, NULL);
	expect("/tof/", 0, 0, -ENOTDIR, NULL);
	expect("/tof", 0, WALK_FOLLOW_LAST, 3, NULL);
	expect("/l1", 0, 0, 6, NULL);
	expect("/l1", 0, WALK_FOLLOW_LAST, -ELOOP, NULL);
	expect("/l1/x", 0, 0, -ELOOP, NULL);
	expect("/c2", 0, WALK_FOLLOW_LAST, 1, NULL);	/* 40 links */
	expect("/c1", 0, WALK_FOLLOW_LAST, -ELOOP, NULL);	/* 41 */
	expect("/c2/b", 0, 0, 2, NULL);
	expect("/empty/x", 0, 0, -ENOENT, NULL);
	expect("/long/x", 0, 0, -ENOENT, NULL);		/* 3800 bytes: fits */
	static char longpath[WALK_PATH_MAX];
	strcpy(longpath, "/long/");
	memset(longpath + 6, 'y', 200);			/* 3800 + 1 + 201: fits */
	expect(longpath, 0, 0, -ENOENT, NULL);
	memset(longpath + 6, 'y', 504);
	for (int i = 0; i < 4; i++)
		longpath[6 + 100 + i * 101] = '/';	/* names of 100 */
	expect(longpath, 0, 0, -ENAMETOOLONG, NULL);	/* 3800 + 1 + 504: over */

	/* the parent walk */
	expect("/a/new", 0, WALK_PARENT, 1, "new");
	expect("/a/b/", 0, WALK_PARENT, 1, "b");
	expect("new", 2, WALK_PARENT, 2, "new");
	expect("/", 2, WALK_PARENT, 0, "");
	expect("/a/.", 0, WALK_PARENT, 1, ".");
	expect("/a/..", 0, WALK_PARENT, 1, "..");
	expect("/abs/new", 0, WALK_PARENT, 1, "new");
	expect("/abs", 0, WALK_PARENT, 0, "abs");	/* the link itself is the name */
	expect("/f/new", 0, WALK_PARENT, -ENOTDIR, NULL);
	expect("/nope/new", 0, WALK_PARENT, -ENOENT, NULL);

	printf("walk: %d passed, %d failed\n", checks - fail, fail);
	return fail != 0;
}
