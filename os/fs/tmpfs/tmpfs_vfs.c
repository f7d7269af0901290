/*
 * The "tmpfs" file system type: mount with Linux's options size= and
 * mode=, statfs, unmount. An instance's size limit (default half of
 * RAM, as Linux's) counts every page it holds: what files hold and
 * what tmpfs keeps to find them (tmpfs_mem.c).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/tmpfs/tmpfs.h"
#include "uapi/linux/fcntl.h"

/* A number with Linux's suffixes k, m, g (binary) or % of RAM, as a
 * page count rounded up: -EINVAL if it is not one or does not fit. */
static int parse_size(const char *s, size_t len, uint64_t ram_pages, uint64_t *pages)
{
	uint64_t v = 0;
	size_t i = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0 || len - i > 1)
		return -EINVAL;
	if (i < len && s[i] == '%') {
		if (v > 100)	/* more than all RAM would not fit in memory anyway */
			return -EINVAL;
		*pages = (ram_pages * v + 99) / 100;
		return 0;
	}
	int shift = i == len ? 0 : s[i] == 'k' || s[i] == 'K' ? 10 : s[i] == 'm' || s[i] == 'M' ? 20
		  : s[i] == 'g' || s[i] == 'G' ? 30 : -1;
	if (shift < 0 || v > (UINT64_MAX >> shift) - PGSIZE)
		return -EINVAL;
	*pages = ((v << shift) + PGSIZE - 1) / PGSIZE;
	return 0;
}

static int parse_mode(const char *s, size_t len, uint32_t *mode)
{
	uint32_t v = 0;

	if (len == 0 || len > 4)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '7')
			return -EINVAL;
		v = v * 8 + (s[i] - '0');
	}
	*mode = v;
	return 0;
}

/*
 * Reads mount's options ("size=64m,mode=700"; NULL or "" for none) into
 * the page limit and the root's permissions. size=0 is no limit, as on
 * Linux. An option tmpfs does not know is -EINVAL.
 */
int tmpfs_parse_options(const char *options, uint64_t ram_pages, uint64_t *max_pages,
			uint32_t *mode)
{
	const char *s = options ? options : "";

	*max_pages = ram_pages / 2;
	*mode = 01777;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		int err = -EINVAL;
		if (len > 5 && memcmp(s, "size=", 5) == 0)
			err = parse_size(s + 5, len - 5, ram_pages, max_pages);
		else if (len > 5 && memcmp(s, "mode=", 5) == 0)
			err = parse_mode(s + 5, len - 5, mode);
		if (err < 0)
			return err;
		s += len + (end != NULL);
	}
	if (*max_pages == 0)
		*max_pages = UINT64_MAX;
	return 0;
}

static int tmpfs_mount(struct vfs *vfs, struct bdev *dev, const char *options)
{
	uint64_t max_pages;
	uint32_t mode;
	int err = tmpfs_parse_options(options, bootinfo.mem_size / PGSIZE, &max_pages, &mode);
	struct tmpfs *tm;

	if (err < 0)
		return err;
	_Static_assert(sizeof(struct tmpfs) <= PGSIZE, "an instance fits a page");
	if (!(tm = kzalloc()))
		return -ENOMEM;
	initsleeplock(&tm->lock, "tmpfs", SLEEP_TMPFS);
	tm->max_pages = max_pages;
	tm->next_ino = 1;
	tm->vfs = vfs;
	vfs->priv = tm;
	struct tmpfs_node *root = tmpfs_node_new(tm, S_IFDIR | mode);
	if (!root) {
		kfree(tm);
		return -ENOSPC;	/* size= smaller than a page */
	}
	root->dir.parent = root;
	tmpfs_hold(root);
	vfs->root = &root->vn;
	return 0;
}

static int tmpfs_statfs(struct vfs *vfs, struct vstatfs *out)
{
	struct tmpfs *tm = vfs->priv;

	acquiresleep(&tm->lock);
	*out = (struct vstatfs){
		.type = TMPFS_MAGIC, .bsize = PGSIZE, .namelen = VNAME_MAX,
		.blocks = tm->max_pages, .bfree = tm->max_pages - tm->used_pages,
		.bavail = tm->max_pages - tm->used_pages,
		/* a node is a slot of a page: as many as the free pages hold */
		.files = tm->nodes + (tm->max_pages - tm->used_pages),
		.ffree = tm->max_pages - tm->used_pages,
	};
	releasesleep(&tm->lock);
	return 0;
}

/*
 * Frees every node below the root and then the root, depth first
 * without recursion (a tree may be deeper than a kernel stack allows):
 * an entry whose directory still has entries is entered, any other is
 * dropped, and an emptied directory is left for its parent. No node is
 * referenced now but the root (the layer has checked).
 */
static void tmpfs_unmount(struct vfs *vfs)
{
	struct tmpfs *tm = vfs->priv;
	struct tmpfs_node *root = TN(vfs->root), *dir = root;

	acquiresleep(&tm->lock);
	while (dir != root || dir->dir.first) {
		struct tmpfs_dirent *de = dir->dir.first;
		if (!de) {
			dir = dir->dir.parent;
		} else if (de->node->vn.type == S_IFDIR && de->node->dir.first) {
			dir = de->node;
		} else {
			struct tmpfs_node *n = de->node;
			tmpfs_dir_remove(tm, dir, de);
			tmpfs_node_unlinked(tm, n);
		}
	}
	tmpfs_node_destroy(tm, root);
	if (tm->used_pages != 0)
		klog("tmpfs: %lu pages still held at unmount\n", (unsigned long)tm->used_pages);
	releasesleep(&tm->lock);
	kfree(tm);
}

const struct fstype tmpfs_fstype = {
	.name = "tmpfs",
	.stable_names = true,	/* names change only through the layer's calls */
	.unnamed_files = true,	/* a node lives while a file holds it */
	.mount = tmpfs_mount,
	.statfs = tmpfs_statfs,
	.unmount = tmpfs_unmount,
};

void tmpfs_register(void)
{
	vfs_register(&tmpfs_fstype);
}
