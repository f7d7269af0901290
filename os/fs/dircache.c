/*
 * Directories walked lately, by volume and path, so that a walk of
 * /a/b/c/name looks up one name, not four: stat of every file of a
 * directory, an open deep down. The last name is always looked up (the
 * FAT library checks its remembered place against the disk), so what
 * this gives is only ever used as a directory to look in: its first
 * cluster and attributes. Those change for a path only when a rename
 * or rmdir moves or removes a directory, or a mount or umount changes
 * what the path is on; each of those forgets every entry
 * (dircache_forget). The fs lock guards it all.
 */
#include "kern/kern.h"
#include "fs/fs.h"
#include "fs/file.h"

#define NDIRCACHE 16
#define DIRCACHE_PATH 128	/* longer paths are walked every time */

static struct {
	const struct mount *m;	/* NULL: free */
	size_t len;
	char path[DIRCACHE_PATH];
	struct fat_node node;
} cache[NDIRCACHE];
static unsigned hand;	/* the entry to reuse next */

/* The directory at path (len bytes, not terminated; 0 for the root) of
 * volume m, into *out. A path naming a file gives it, as fat_walk does,
 * for the caller to refuse. Lock held. */
int dircache_walk(struct mount *m, const char *path, size_t len, struct fat_node *out)
{
	char dir[MAXPATH];
	int err;

	for (int i = 0; i < NDIRCACHE; i++) {
		if (cache[i].m == m && cache[i].len == len &&
		    memcmp(cache[i].path, path, len) == 0) {
			*out = cache[i].node;
			return 0;
		}
	}
	memcpy(dir, path, len);
	dir[len] = 0;
	err = fat_walk(&m->vol, NULL, len ? dir : "/", out);
	if (err == 0 && (out->attr & FAT_ATTR_DIRECTORY) && len <= DIRCACHE_PATH) {
		unsigned i = hand++ % NDIRCACHE;
		cache[i].m = m;
		cache[i].len = len;
		memcpy(cache[i].path, path, len);
		cache[i].node = *out;
	}
	return err;
}

/* A directory was renamed or removed, or a volume mounted or unmounted.
 * Lock held. */
void dircache_forget(void)
{
	for (int i = 0; i < NDIRCACHE; i++)
		cache[i].m = NULL;
}
