/*
 * Host unit tests of tmpfs (os/fs/tmpfs/) through its vnode
 * operations, as the VFS layer calls them, on a shim (tmpfs_shim/):
 * what a user sees (create, sparse writes, reads of holes, truncate,
 * links and unlink while open, rename over and across, readdir while
 * the directory changes, ENOSPC at the size limit, names, symlinks,
 * attributes and times) and that every page comes back. Each test
 * mounts its own instance and unmounts it; after each, no page may be
 * left (shim_pages). ASan and UBSan watch every access.
 */
#include <stdio.h>
#include <stdlib.h>
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/file.h"
#include "fs/tmpfs/tmpfs.h"
#include "uapi/linux/fcntl.h"

void vput(struct vnode *vn);

static int fails;	/* failed checks in the test running */

#define CHECK(cond) check_((cond), #cond, __FILE__, __LINE__)
#define EQ(got, want) eq_((long)(got), (long)(want), #got, __LINE__)

static void check_(bool ok, const char *what, const char *file, int line)
{
	if (!ok && fails++ < 5)
		printf("  %s:%d: %s is false\n", file, line, what);
}

static void eq_(long got, long want, const char *what, int line)
{
	if (got != want && fails++ < 5)
		printf("  line %d: %s is %ld, expected %ld\n", line, what, got, want);
}

/* ---- helpers: what the layer would do ---- */

static struct vfs *mount_tmpfs(const char *options)
{
	struct vfs *vfs = calloc(1, sizeof(*vfs));
	vfs->type = &tmpfs_fstype;
	int err = tmpfs_fstype.mount(vfs, NULL, options);
	if (err < 0) {
		free(vfs);
		return NULL;
	}
	return vfs;
}

static void unmount_tmpfs(struct vfs *vfs)
{
	vput(vfs->root);
	tmpfs_fstype.unmount(vfs);
	free(vfs);
}

static struct vnode *lookup(struct vnode *dir, const char *name)
{
	struct vnode *vn = NULL;
	return dir->ops->lookup(dir, name, &vn) == 0 ? vn : NULL;
}

static struct vnode *create(struct vnode *dir, const char *name, uint32_t mode)
{
	struct vnode *vn = NULL;
	int err = dir->ops->create(dir, name, mode, &vn);
	CHECK(err == 0);
	return vn;
}

static long write_at(struct vnode *vn, uint64_t off, const void *buf, size_t n)
{
	struct uio u = { (uint64_t)buf, n, false };
	return vn->ops->write(vn, NULL, off, &u);
}

static long read_at(struct vnode *vn, uint64_t off, void *buf, size_t n)
{
	struct uio u = { (uint64_t)buf, n, false };
	return vn->ops->read(vn, NULL, off, &u);
}

static struct vattr attr(struct vnode *vn)
{
	struct vattr va;
	vn->ops->getattr(vn, &va);
	return va;
}

static int set_size(struct vnode *vn, uint64_t size)
{
	struct vsetattr a = { .mask = VA_SIZE, .size = size };
	return vn->ops->setattr(vn, &a);
}

static bool all_zero(const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static uint64_t used(struct vfs *vfs)
{
	return ((struct tmpfs *)vfs->priv)->used_pages;
}

/* ---- the tests ---- */

static void create_write_read(struct vnode *root)
{
	struct vnode *f = create(root, "f", S_IFREG | 0644);
	char buf[100];

	EQ(write_at(f, 0, "hello", 5), 5);
	EQ(read_at(f, 0, buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	EQ(read_at(f, 5, buf, sizeof(buf)), 0);
	EQ(read_at(f, 2, buf, 2), 2);
	CHECK(memcmp(buf, "ll", 2) == 0);
	EQ(attr(f).size, 5);
	EQ(attr(f).mode, S_IFREG | 0644);
	EQ(attr(f).nlink, 1);
	EQ(attr(f).blocks, 8);
	struct file app = { .append = true };	/* O_APPEND: at the end, whatever off */
	struct uio u = { (uint64_t)"++", 2, false };
	EQ(f->ops->write(f, &app, 0, &u), 2);
	EQ(app.off, 7);
	EQ(attr(f).size, 7);
	struct vnode *again = NULL;
	EQ(root->ops->create(root, "f", S_IFREG | 0644, &again), -EEXIST);
	CHECK(lookup(root, "f") == f);
	vput(f);
	vput(f);
	CHECK(lookup(root, "nosuch") == NULL);
}

/* A write far out leaves a hole: zeros, and no page for it. */
static void sparse(struct vnode *root)
{
	struct vnode *f = create(root, "sparse", S_IFREG | 0600);
	static char buf[3 * 4096];
	uint64_t far = 10ULL << 30;	/* 10 GiB: three levels of tables */

	EQ(write_at(f, 0, "a", 1), 1);
	EQ(write_at(f, far, "z", 1), 1);
	EQ(attr(f).size, far + 1);
	EQ(attr(f).blocks, 2 * 8);
	memset(buf, 1, sizeof(buf));
	EQ(read_at(f, far - 2 * 4096, buf, sizeof(buf)), 2 * 4096 + 1);
	CHECK(all_zero(buf, 2 * 4096));
	EQ(buf[2 * 4096], 'z');
	EQ(read_at(f, 1, buf, 4096), 4096);
	CHECK(all_zero(buf, 4096));
	vput(f);
	EQ(root->ops->unlink(root, "sparse", false), 0);
}

/* Truncate frees the pages past the end, zeroes the last page's tail. */
static void truncate(struct vnode *root)
{
	struct vfs *vfs = root->vfs;
	struct vnode *f = create(root, "t", S_IFREG | 0600);
	static char data[5 * 4096], buf[5 * 4096];
	uint64_t before = used(vfs);

	memset(data, 'x', sizeof(data));
	EQ(write_at(f, 0, data, sizeof(data)), sizeof(data));
	EQ(used(vfs), before + 5 + 1);	/* and a table */
	EQ(set_size(f, 4096 + 10), 0);
	EQ(used(vfs), before + 2 + 1);
	EQ(attr(f).blocks, 2 * 8);
	EQ(attr(f).size, 4096 + 10);
	EQ(set_size(f, 3 * 4096), 0);	/* growing allocates nothing */
	EQ(used(vfs), before + 2 + 1);
	EQ(read_at(f, 0, buf, sizeof(buf)), 3 * 4096);
	CHECK(memcmp(buf, data, 4096 + 10) == 0);
	CHECK(all_zero(buf + 4096 + 10, 2 * 4096 - 10));
	EQ(set_size(f, 0), 0);
	EQ(used(vfs), before);
	EQ(attr(f).blocks, 0);
	EQ(root->ops->setattr(root, &(struct vsetattr){ .mask = VA_SIZE }), -EISDIR);
	vput(f);
}

/* An unlinked file stays whole while held; its pages go with the last
 * reference. A hard link keeps it named. */
static void unlink_while_open(struct vnode *root)
{
	struct vfs *vfs = root->vfs;
	uint64_t before = used(vfs);
	struct vnode *f = create(root, "open", S_IFREG | 0600);
	static char page[4096], buf[4096];
	memset(page, 'p', sizeof(page));
	EQ(write_at(f, 0, page, sizeof(page)), sizeof(page));

	EQ(root->ops->link(root, "second", f), 0);
	EQ(attr(f).nlink, 2);
	EQ(root->ops->link(root, "second", f), -EEXIST);
	EQ(root->ops->unlink(root, "open", false), 0);
	EQ(attr(f).nlink, 1);
	struct vnode *g = lookup(root, "second");
	CHECK(g == f);
	vput(g);
	EQ(root->ops->unlink(root, "second", false), 0);
	EQ(attr(f).nlink, 0);
	CHECK(lookup(root, "second") == NULL);
	EQ(root->ops->link(root, "back", f), -ENOENT);
	EQ(write_at(f, 4096, "more", 4), 4);
	EQ(read_at(f, 0, buf, sizeof(buf)), sizeof(buf));
	CHECK(memcmp(buf, page, sizeof(buf)) == 0);
	CHECK(used(vfs) > before);
	vput(f);
	EQ(used(vfs), before);
}

/* A lookup raises a node's count from 0 between its drop and that
 * drop's inactive: the node must outlive both inactive calls. */
static void late_inactive(struct vnode *root)
{
	struct vfs *vfs = root->vfs;
	uint64_t before = used(vfs);
	struct vnode *f = create(root, "late", S_IFREG | 0600);

	EQ(write_at(f, 0, "x", 1), 1);
	__atomic_sub_fetch(&f->ref, 1, __ATOMIC_ACQ_REL);	/* A's drop; its inactive waits */
	struct vnode *g = lookup(root, "late");		/* B raises it from 0 */
	EQ(root->ops->unlink(root, "late", false), 0);
	vput(g);					/* B's drop and inactive */
	CHECK(used(vfs) > before);			/* A's inactive still to come */
	f->ops->inactive(f);				/* A's inactive */
	EQ(used(vfs), before);
}

static void rename_over(struct vnode *root)
{
	struct vfs *vfs = root->vfs;
	uint64_t before = used(vfs);
	struct vnode *a = create(root, "a", S_IFREG | 0600);
	struct vnode *b = create(root, "b", S_IFREG | 0600);
	char buf[8] = { 0 };
	static char big[4096];

	EQ(write_at(a, 0, "AAA", 3), 3);
	EQ(write_at(b, 0, big, sizeof(big)), sizeof(big));
	vput(b);
	EQ(root->ops->rename(root, "a", root, "b", RENAME_NOREPLACE), -EEXIST);
	EQ(root->ops->rename(root, "a", root, "b", 0), 0);
	CHECK(lookup(root, "a") == NULL);
	struct vnode *nb = lookup(root, "b");
	CHECK(nb == a);
	EQ(read_at(nb, 0, buf, sizeof(buf)), 3);
	CHECK(strcmp(buf, "AAA") == 0);
	vput(nb);
	EQ(root->ops->rename(root, "b", root, "b", 0), 0);
	EQ(root->ops->rename(root, "nosuch", root, "c", 0), -ENOENT);
	EQ(root->ops->rename(root, "b", root, "c", RENAME_WHITEOUT), -EINVAL);
	vput(a);
	EQ(root->ops->unlink(root, "b", false), 0);
	EQ(used(vfs), before);	/* the replaced b's page is back */
}

static void rename_dirs(struct vnode *root)
{
	struct vnode *d1 = create(root, "d1", S_IFDIR | 0755);
	struct vnode *d2 = create(root, "d2", S_IFDIR | 0755);
	struct vnode *sub = create(d1, "sub", S_IFDIR | 0755);
	struct vnode *f = create(d1, "f", S_IFREG | 0644);
	uint32_t rootlinks = attr(root).nlink;

	EQ(attr(d1).nlink, 3);
	EQ(root->ops->rename(root, "d1", sub, "x", 0), -EINVAL);	/* into itself */
	EQ(d1->ops->rename(d1, "f", d2, "f", 0), 0);	/* across directories */
	CHECK(lookup(d2, "f") == f);
	vput(f);
	EQ(d1->ops->rename(d1, "sub", d2, "sub", 0), 0);
	EQ(attr(d1).nlink, 2);
	EQ(attr(d2).nlink, 3);
	struct vnode *up = lookup(sub, "..");
	CHECK(up == d2);
	vput(up);
	EQ(d2->ops->rename(d2, "f", d2, "sub", 0), -EISDIR);
	EQ(root->ops->rename(root, "d2", root, "d1", 0), 0);	/* over an empty dir */
	EQ(attr(root).nlink, rootlinks - 1);
	EQ(attr(d1).nlink, 0);
	EQ(d1->ops->create(d1, "new", S_IFREG | 0644, &up), -ENOENT);	/* removed */
	struct vnode *e = create(root, "e", S_IFDIR | 0755);
	EQ(sub->ops->create(sub, "inner", S_IFREG | 0644, NULL), 0);
	EQ(d2->ops->rename(d2, "sub", root, "e", RENAME_EXCHANGE), 0);
	CHECK(lookup(root, "e") == sub);
	vput(sub);
	up = lookup(e, "..");
	CHECK(up == d2);
	vput(up);
	EQ(d2->ops->rename(d2, "sub", root, "e", 0), -ENOTEMPTY);	/* e is sub now */
	EQ(root->ops->rename(root, "e", d2, "f", 0), -ENOTDIR);
	vput(e);
	vput(sub);
	vput(f);
	vput(d1);
	vput(d2);
}

static void remove_errors(struct vnode *root)
{
	struct vnode *d = create(root, "rd", S_IFDIR | 0755);
	struct vnode *f = create(d, "f", S_IFREG | 0644);

	EQ(root->ops->unlink(root, "rd", true), -ENOTEMPTY);
	EQ(root->ops->unlink(root, "rd", false), -EISDIR);
	EQ(d->ops->unlink(d, "f", true), -ENOTDIR);
	EQ(d->ops->unlink(d, "nosuch", false), -ENOENT);
	EQ(d->ops->unlink(d, "f", false), 0);
	EQ(root->ops->unlink(root, "rd", true), 0);
	EQ(attr(d).nlink, 0);
	CHECK(lookup(d, "f") == NULL);
	EQ(root->ops->create(root, "dev", S_IFCHR | 0644, NULL), -EPERM);
	EQ(root->ops->link(root, "dlink", root), -EPERM);
	vput(f);
	vput(d);
}

/* A removed directory held (a cwd) keeps ".." to its parent, removed
 * too, which lives while it does and goes with it. */
static void removed_dir_parent(struct vnode *root)
{
	struct tmpfs *tm = root->vfs->priv;
	uint64_t nodes = tm->nodes;
	struct vnode *a = create(root, "a", S_IFDIR | 0755);
	struct vnode *b = create(a, "b", S_IFDIR | 0755);

	vput(a);
	EQ(a->ops->unlink(a, "b", true), 0);
	EQ(root->ops->unlink(root, "a", true), 0);	/* a stays for b's ".." */
	EQ(tm->nodes, nodes + 2);
	CHECK(lookup(b, "..") == a);
	EQ(attr(a).nlink, 0);
	CHECK(lookup(a, "..") == root);
	vput(root);
	vput(a);
	CHECK(lookup(b, ".") == b);
	vput(b);
	EQ(tm->nodes, nodes + 2);
	vput(b);	/* b goes, and a with it */
	EQ(tm->nodes, nodes);
}

/* Each entry that stays is listed once, whatever comes and goes
 * between the calls. */
static void readdir_changing(struct vnode *root)
{
	struct vnode *d = create(root, "many", S_IFDIR | 0755);
	enum { N = 100 };
	int seen[N] = { 0 }, extra = 0;
	char name[16];
	struct vdirent de;
	uint64_t pos = 0;

	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		EQ(d->ops->create(d, name, S_IFREG | 0644, NULL), 0);
	}
	for (int i = 0; i < N / 2; i++) {
		EQ(d->ops->readdir(d, &pos, &de), 1);
		seen[atoi(de.name + 1)]++;
		EQ(de.type, 8);	/* DT_REG */
	}
	for (int i = 0; i < N; i += 3) {	/* some read, some not */
		snprintf(name, sizeof(name), "e%d", i);
		EQ(d->ops->unlink(d, name, false), 0);
	}
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		EQ(d->ops->create(d, name, S_IFREG | 0644, NULL), 0);
	}
	EQ(d->ops->rename(d, "e1", d, "e1", 0), 0);
	while (d->ops->readdir(d, &pos, &de) == 1) {
		if (de.name[0] == 'n')
			extra++;
		else
			seen[atoi(de.name + 1)]++;
	}
	int wrong = 0;
	for (int i = 0; i < N; i++)
		if (i % 3 != 0 && seen[i] != 1)
			wrong++;
	EQ(wrong, 0);
	EQ(extra, 10);
	EQ(attr(d).size, 2 * 20 + (N - (N + 2) / 3 + 10) * 20);
	vput(d);
}

/* At the limit a write is cut short and the next says ENOSPC; what was
 * written stays; freeing gives room again. */
static void full(void)
{
	struct vfs *vfs = mount_tmpfs("size=64k");
	struct vnode *root = vfs->root;
	static char data[128 * 1024], buf[128 * 1024];

	EQ(((struct tmpfs *)vfs->priv)->max_pages, 16);
	memset(data, 'd', sizeof(data));
	struct vnode *f = create(root, "big", S_IFREG | 0644);
	long n = write_at(f, 0, data, sizeof(data));
	CHECK(n > 0 && n < 64 * 1024);
	EQ(n % 4096, 0);
	EQ(write_at(f, n, data, 1), -ENOSPC);
	/* a node is a slot of a slab page held already: as on Linux, where
	 * nodes are counted apart from blocks, a full tmpfs takes a mkdir */
	EQ(root->ops->create(root, "more", S_IFDIR | 0755, NULL), 0);
	EQ(attr(f).size, n);
	EQ(read_at(f, 0, buf, sizeof(buf)), n);
	CHECK(memcmp(buf, data, n) == 0);
	struct vstatfs st;
	tmpfs_fstype.statfs(vfs, &st);
	EQ(st.type, TMPFS_MAGIC);
	EQ(st.bfree, 0);
	EQ(st.blocks, 16);
	EQ(set_size(f, 0), 0);
	EQ(write_at(f, 0, data, 4096), 4096);
	vput(f);
	unmount_tmpfs(vfs);
}

static void names(struct vnode *root)
{
	char longname[VNAME_MAX + 2];
	const char *odd = "a\nb\tc \xff\x01*?";

	memset(longname, 'L', sizeof(longname));
	longname[VNAME_MAX] = 0;
	EQ(root->ops->create(root, longname, S_IFREG | 0644, NULL), 0);
	longname[VNAME_MAX] = 'L';
	longname[VNAME_MAX + 1] = 0;
	EQ(root->ops->create(root, longname, S_IFREG | 0644, NULL), -ENAMETOOLONG);
	EQ(root->ops->create(root, odd, S_IFREG | 0644, NULL), 0);
	struct vnode *vn = lookup(root, odd);
	CHECK(vn != NULL);
	if (vn)
		vput(vn);
}

static void symlinks(struct vnode *root)
{
	char buf[64] = { 0 };

	EQ(root->ops->symlink(root, "ln", "/some/where"), 0);
	EQ(root->ops->symlink(root, "ln", "x"), -EEXIST);
	EQ(root->ops->symlink(root, "empty", ""), -ENOENT);
	struct vnode *l = lookup(root, "ln");
	EQ(attr(l).mode, S_IFLNK | 0777);
	EQ(attr(l).size, 11);
	EQ(l->ops->readlink(l, buf, sizeof(buf)), 11);
	CHECK(strcmp(buf, "/some/where") == 0);
	EQ(l->ops->readlink(l, buf, 4), 4);
	vput(l);
}

static void fifo(struct vnode *root)
{
	struct vnode *p = create(root, "fifo", S_IFIFO | 0600);
	EQ(attr(p).mode, S_IFIFO | 0600);
	struct vdirent de;
	uint64_t pos = 0;
	while (root->ops->readdir(root, &pos, &de) == 1 && strcmp(de.name, "fifo") != 0)
		;
	EQ(de.type, 1);	/* DT_FIFO */
	vput(p);
}

/* Attributes, and the times Linux keeps: nanoseconds, mtime and ctime
 * on a write, ctime on a change of attributes, atime as relatime. */
static void attributes(struct vnode *root)
{
	struct vnode *f = create(root, "attr", S_IFREG | 0644);
	char c;

	shim_clock_ns += 1000000123;
	struct vattr a0 = attr(f);
	EQ(write_at(f, 0, "x", 1), 1);
	struct vattr a1 = attr(f);
	EQ(a1.mtime.sec, a0.mtime.sec + 1);
	EQ(a1.mtime.nsec, (a0.mtime.nsec + 123) % 1000000000);
	EQ(a1.ctime.nsec, a1.mtime.nsec);
	shim_clock_ns += 1000;
	EQ(read_at(f, 0, &c, 1), 1);
	EQ(attr(f).atime.nsec, a1.mtime.nsec + 1000);	/* atime was older than mtime */
	shim_clock_ns += 1000;
	EQ(read_at(f, 0, &c, 1), 1);
	EQ(attr(f).atime.nsec, a1.mtime.nsec + 1000);	/* relatime: not again */
	shim_clock_ns += 1000;
	struct vsetattr s = { .mask = VA_MODE | VA_UID | VA_GID, .mode = 04711, .uid = 5, .gid = 6 };
	EQ(f->ops->setattr(f, &s), 0);
	struct vattr a2 = attr(f);
	EQ(a2.mode, S_IFREG | 04711);
	EQ(a2.uid, 5);
	EQ(a2.gid, 6);
	EQ(a2.ctime.nsec, a1.mtime.nsec + 3000);
	EQ(a2.mtime.nsec, a1.mtime.nsec);
	s = (struct vsetattr){ .mask = VA_ATIME | VA_MTIME, .atime = { 100, 5 }, .mtime = { 200, 7 } };
	EQ(f->ops->setattr(f, &s), 0);
	EQ(attr(f).atime.sec, 100);
	EQ(attr(f).mtime.nsec, 7);
	struct vattr r0 = attr(root);
	shim_clock_ns += 1000;
	EQ(root->ops->unlink(root, "attr", false), 0);
	CHECK(attr(root).mtime.nsec != r0.mtime.nsec);
	EQ(attr(f).ctime.nsec, attr(root).mtime.nsec);
	vput(f);
}

static void getpages(struct vnode *root)
{
	struct vnode *f = create(root, "map", S_IFREG | 0644);
	static char p0[4096], p1[4096];
	void *pages[2] = { p0, p1 };

	memset(p0, 1, sizeof(p0));
	memset(p1, 1, sizeof(p1));
	EQ(write_at(f, 100, "m", 1), 1);
	EQ(f->ops->getpages(f, 0, pages, 2), 0);
	CHECK(all_zero(p0, 100));
	EQ(p0[100], 'm');
	CHECK(all_zero(p0 + 101, 4096 - 101));
	CHECK(all_zero(p1, 4096));
	vput(f);
}

/* A shared mapping's page is the file's own: a store in it is read
 * back, a write is seen in it, a hole gets a page, and a truncate frees
 * it only for the tree (the mapping's reference keeps it) and asks for
 * the mappings to be cut. */
static void lendpage(struct vnode *root)
{
	struct vnode *f = create(root, "lend", S_IFREG | 0644);
	char *page, *hole, c;

	EQ(write_at(f, 0, "ab", 2), 1 + 1);
	EQ(f->ops->lendpage(f, 0, true, (void **)&page), 0);
	page[1] = 'B';
	EQ(read_at(f, 1, &c, 1), 1);
	EQ(c, 'B');
	EQ(write_at(f, 0, "A", 1), 1);
	EQ(page[0], 'A');
	EQ(f->ops->lendpage(f, 4096, true, (void **)&hole), -ENXIO);
	struct vsetattr grow = { .mask = VA_SIZE, .size = 8192 };
	EQ(f->ops->setattr(f, &grow), 0);
	EQ(attr(f).blocks, 8);
	EQ(f->ops->lendpage(f, 4096, true, (void **)&hole), 0);
	EQ(attr(f).blocks, 16);
	CHECK(all_zero(hole, 4096));
	long held = shim_pages;
	struct vsetattr cut = { .mask = VA_SIZE, .size = 1 };
	EQ(f->ops->setattr(f, &cut), 0);
	CHECK(shim_shrunk_vn == f);
	EQ(shim_shrunk_size, 1);
	EQ(shim_pages, held);	/* both still lent */
	EQ(page[1], 0);		/* the tail past the end zeroed */
	kfree(hole);
	EQ(shim_pages, held - 1);
	kfree(page);
	vput(f);
}

static void options(void)
{
	uint64_t pages;
	uint32_t mode;

	EQ(tmpfs_parse_options(NULL, 1000, &pages, &mode), 0);
	EQ(pages, 500);
	EQ(mode, 01777);
	EQ(tmpfs_parse_options("size=1m,mode=700", 1000, &pages, &mode), 0);
	EQ(pages, 256);
	EQ(mode, 0700);
	EQ(tmpfs_parse_options("size=10%", 1000, &pages, &mode), 0);
	EQ(pages, 100);
	EQ(tmpfs_parse_options("size=4097", 1000, &pages, &mode), 0);
	EQ(pages, 2);
	EQ(tmpfs_parse_options("size=0", 1000, &pages, &mode), 0);
	EQ(pages, UINT64_MAX);
	EQ(tmpfs_parse_options("size=", 1000, &pages, &mode), -EINVAL);
	EQ(tmpfs_parse_options("size=1x", 1000, &pages, &mode), -EINVAL);
	EQ(tmpfs_parse_options("size=99999999999999999999", 1000, &pages, &mode), -EINVAL);
	EQ(tmpfs_parse_options("mode=8", 1000, &pages, &mode), -EINVAL);
	EQ(tmpfs_parse_options("nosuch", 1000, &pages, &mode), -EINVAL);
	struct vfs *vfs = mount_tmpfs("size=1");	/* one page: the slab's */
	struct vnode *f = create(vfs->root, "f", S_IFREG | 0644);
	EQ(write_at(f, 0, "x", 1), -ENOSPC);
	vput(f);
	unmount_tmpfs(vfs);
}

/* Pages of every kind freed at unmount: files, tables, entries. */
static void unmount_frees(void)
{
	struct vfs *vfs = mount_tmpfs(NULL);
	struct vnode *root = vfs->root, *d = root;

	for (int depth = 0; depth < 50; depth++) {
		struct vnode *sub = create(d, "deeper", S_IFDIR | 0755);
		EQ(d->ops->create(d, "file", S_IFREG | 0644, NULL), 0);
		struct vnode *f = lookup(d, "file");
		EQ(write_at(f, depth * 100000ULL, "z", 1), 1);
		EQ(d->ops->link(d, "hard", f), 0);
		vput(f);
		if (d != root)
			vput(d);
		d = sub;
	}
	vput(d);
	CHECK(shim_pages > 100);
	unmount_tmpfs(vfs);
}

static const struct {
	const char *name;
	void (*run)(struct vnode *root);
} tests[] = {
	{ "create_write_read", create_write_read },
	{ "sparse", sparse },
	{ "truncate", truncate },
	{ "unlink_while_open", unlink_while_open },
	{ "late_inactive", late_inactive },
	{ "rename_over", rename_over },
	{ "rename_dirs", rename_dirs },
	{ "remove_errors", remove_errors },
	{ "removed_dir_parent", removed_dir_parent },
	{ "readdir_changing", readdir_changing },
	{ "names", names },
	{ "symlinks", symlinks },
	{ "fifo", fifo },
	{ "attributes", attributes },
	{ "getpages", getpages },
	{ "lendpage", lendpage },
};

static void report(const char *name, int *pass, int *failed)
{
	if (shim_pages != 0 && fails++ < 5)
		printf("  %ld pages not given back\n", shim_pages);
	printf("%s %s\n", fails ? "FAIL" : "ok", name);
	*(fails ? failed : pass) += 1;
	fails = 0;
}

int main(void)
{
	int pass = 0, failed = 0;

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		struct vfs *vfs = mount_tmpfs(NULL);
		tests[i].run(vfs->root);
		unmount_tmpfs(vfs);
		report(tests[i].name, &pass, &failed);
	}
	full();
	report("full", &pass, &failed);
	options();
	report("options", &pass, &failed);
	unmount_frees();
	report("unmount_frees", &pass, &failed);
	printf("tmpfs: %d passed, %d failed\n", pass, failed);
	return failed != 0;
}
