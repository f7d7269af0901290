/*
 * open(2)'s part in the layer: from a path to an open file of a node,
 * made with O_CREAT, checked against the flags (ENOTDIR, EISDIR,
 * EACCES, EROFS, ETXTBSY), truncated with O_TRUNC. Also the working
 * directory a relative path starts from, and making a directory.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "fs/walk.h"

/* The calling process's working directory (the root before it has
 * one), referenced; NULL if there is no root volume. */
struct vnode *cwd_ref(void)
{
	struct proc *p = myproc() ? myproc()->leader : NULL;	/* the group's */
	struct vnode *vn = NULL;

	if (p) {
		acquire(&p->lock);
		if (p->cwd)
			vn = vref(p->cwd);
		release(&p->lock);
	}
	return vn ? vn : vfs_root();
}

static bool is_dots(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* A new node's mode as Linux's VFS makes it: the bits asked for less
 * the caller's umask (the kernel's own calls, with no process, keep
 * them). Types that keep no modes (vfat) ignore them. */
uint32_t mode_umask(uint32_t mode)
{
	struct proc *p = myproc();

	return p ? mode & ~p->leader->umask : mode;
}

/* The directory path's last name goes in (*dir, held) and that name
 * (last), for a node about to be made: -EEXIST for "" (the root),
 * "." and ".."; -EROFS on a read-only file system. */
static int parent_for_new(struct vnode *start, const char *path, struct vnode **dir, char *last)
{
	int err = namei_parent(start, path, dir, last);

	if (err < 0)
		return err;
	if (last[0] == 0 || is_dots(last))
		err = -EEXIST;
	else if ((*dir)->vfs->read_only)
		err = -EROFS;
	if (err < 0)
		vput(*dir);
	return err;
}

/* A new node named path's last name: made by its directory's type,
 * with mode less the umask. -EEXIST if something has the name (a race
 * lost, or "." / ".."). */
int vfs_create_at(struct vnode *start, const char *path, uint32_t mode, struct vnode **out)
{
	char last[VNAME_MAX + 1];
	struct vnode *dir;
	int err = parent_for_new(start, path, &dir, last);

	if (err < 0)
		return err;
	if (!dir->ops->create)
		err = -EACCES;	/* Linux's open(O_CREAT) where a type makes none */
	else
		err = dir->ops->create(dir, last, mode_umask(mode), out);
	vput(dir);
	return err;
}

/* A device node named path's last name, naming rdev (Linux's
 * encoding): EPERM where the type keeps none (vfat, as Linux's). */
int vfs_mknod_at(struct vnode *start, const char *path, uint32_t mode, uint64_t rdev)
{
	char last[VNAME_MAX + 1];
	struct vnode *dir;
	int err = parent_for_new(start, path, &dir, last);

	if (err < 0)
		return err;
	err = dir->ops->mknod ? dir->ops->mknod(dir, last, mode_umask(mode), rdev) : -EPERM;
	vput(dir);
	return err;
}

/* The symlink path names (walked from *dir, its last name not
 * followed): its directory in *dir (the old one dropped) and its
 * target in *target, a page (the old one freed). -ENOENT if it is not
 * a symlink. */
static int link_target(struct vnode **dir, const char *path, char **target)
{
	char last[VNAME_MAX + 1];
	struct vnode *ldir, *link;
	char *buf = kalloc();
	int err = buf ? namei_parent(*dir, path, &ldir, last) : -ENOMEM;

	if (err < 0) {
		kfree(buf);
		return err;
	}
	if ((err = ldir->ops->lookup ? ldir->ops->lookup(ldir, last, &link) : -ENOENT) == 0) {
		if (link->type != S_IFLNK || !link->ops->readlink)
			err = -ENOENT;
		else if ((err = link->ops->readlink(link, buf, PGSIZE - 1)) >= 0)
			buf[err] = 0;
		vput(link);
	}
	if (err < 0) {
		vput(ldir);
		kfree(buf);
		return err;
	}
	vput(*dir);
	*dir = ldir;
	kfree(*target);
	*target = buf;
	return 0;
}

/* O_CREAT's new file, of mode (less the umask). A symlink to nothing in the way has its target
 * made, as Linux does (walked from the link's directory; 40 links at
 * most; a target ending in '/' is EISDIR); O_EXCL refuses it (EEXIST). */
static int create_node(struct vnode *start, const char *path, int flags, uint32_t mode,
		       struct vnode **out)
{
	struct vnode *dir = start ? vref(start) : NULL;
	char *target = NULL;
	int err;

	for (int links = 0;; links++) {
		err = vfs_create_at(dir, path, S_IFREG | (mode & 07777), out);
		if (err != -EEXIST || (flags & O_EXCL))
			break;
		if ((err = namei(dir, path, WALK_FOLLOW, out)) != -ENOENT)
			break;	/* made meanwhile */
		if (links == WALK_LINKS_MAX)
			err = -ELOOP;
		else if ((err = link_target(&dir, path, &target)) == 0)
			path = target;
		if (err == 0 && path[0] && path[strlen(path) - 1] == '/')
			err = -EISDIR;
		if (err < 0)
			break;
	}
	vput(dir);
	kfree(target);
	return err;
}

/* The node path names for open with flags: found, or made with O_CREAT
 * (a regular file of mode, less the umask). */
static int open_node(struct vnode *start, const char *path, int flags, uint32_t mode,
		     struct vnode **out)
{
	int walk = (flags & O_NOFOLLOW) ? 0 : WALK_FOLLOW;
	int err = namei(start, path, walk, out);

	if (err == 0 && (flags & O_CREAT) && (flags & O_EXCL)) {
		vput(*out);
		return -EEXIST;
	}
	if (err == 0 && (*out)->type == S_IFLNK) {	/* O_NOFOLLOW met one */
		vput(*out);
		return -ELOOP;
	}
	if (err != -ENOENT || !(flags & O_CREAT))
		return err;
	return create_node(start, path, flags, mode, out);
}

/* Whether an open of vn with these flags may go ahead. Every process
 * is root, whom Linux lets open any file for writing whatever its
 * mode bits (a write the file cannot take fails in write). */
static int open_check(struct vnode *vn, int flags)
{
	int acc = flags & O_ACCMODE;
	bool dir = vn_is_dir(vn);

	if ((flags & O_DIRECTORY) && !dir)
		return -ENOTDIR;
	if (vn->type == S_IFSOCK)
		return -ENXIO;	/* a socket's name: connect(2) reaches it, not open */
	if (dir && acc != O_RDONLY)
		return -EISDIR;
	if (acc != O_RDONLY && vn->vfs->read_only && vn->type == S_IFREG)
		return -EROFS;
	return 0;
}

/* O_TRUNC of a file with bytes (an empty one is not written). */
static int open_truncate(struct vnode *vn)
{
	struct vsetattr a = { .mask = VA_SIZE, .size = 0 };
	struct kstat st;
	int err = vn_getattr(vn, &st);

	if (err < 0 || st.st_size == 0)
		return err;
	return vn->ops->setattr ? vn->ops->setattr(vn, &a) : -EPERM;
}

/* f's node vn: checked, held against programs running from it if
 * written, truncated, and opened by its type. vn's reference becomes
 * f's, or is let go on failure. */
static int open_vnode(struct file *f, struct vnode *vn, int flags)
{
	int acc = flags & O_ACCMODE;
	bool writes = acc != O_RDONLY;
	int err = devfs_resolve(&vn);	/* a device node anywhere opens the device */

	if (err < 0)
		return err;
	err = open_check(vn, flags);

	if (err == 0 && writes)
		err = vn_hold_writer(vn);
	if (err < 0) {
		vput(vn);
		return err;
	}
	if ((flags & O_TRUNC) && writes && vn->type == S_IFREG)
		err = open_truncate(vn);
	if (err == 0 && vn->ops->open)
		err = vn->ops->open(vn, f, flags);
	if (err < 0) {
		if (writes)
			vn_drop_writer(vn);
		vput(vn);
		return err;
	}
	f->type = FD_VNODE;
	f->vn = vn;
	f->readable = acc != O_WRONLY;
	f->writable = writes;
	f->append = flags & O_APPEND;
	f->nonblock = flags & O_NONBLOCK;
	return 0;
}

/* path as an absolute one (size bytes at out), joined to start's path
 * if relative: what is shown, never walked again. */
int path_absolute(struct vnode *start, const char *path, char *out, size_t size)
{
	char *dir = NULL;
	int err = 0;

	if (path[0] != '/' && !(dir = kalloc()))
		return -ENOMEM;
	if (dir)
		err = vn_path(start, dir, PGSIZE);
	if (err == 0)
		err = path_resolve(dir ? dir : "/", path, out, size);
	kfree(dir);
	return err;
}

/*
 * path as Linux's d_path shows the file it names: absolute, and with a
 * symlink at its end followed (40 at most), so that /proc/PID/exe of a
 * program run through a link (/proc/self/exe among them) names the
 * program itself, and an exec of /proc/self/exe by such a program does
 * not meet its own link. A path not ending in a symlink is
 * path_absolute's, at the cost of one walk more.
 */
int path_real(struct vnode *start, const char *path, char *out, size_t size)
{
	struct vnode *dir = start ? vref(start) : NULL, *vn;
	char *target = NULL;
	const char *p = path;
	int err = 0;

	for (int links = 0; err == 0; links++) {
		if (links > WALK_LINKS_MAX) {
			err = -ELOOP;
			break;
		}
		if (namei(dir, p, 0, &vn) < 0)
			break;	/* exec's open says why */
		bool link = vn->type == S_IFLNK;
		vput(vn);
		if (!link)
			break;
		if ((err = link_target(&dir, p, &target)) == 0)
			p = target;	/* walked from the link's directory */
	}
	if (err == 0)
		err = path_absolute(dir, p, out, size);
	vput(dir);
	kfree(target);
	return err;
}

/* The absolute path of path walked from start, for f->path (an
 * absolute one as it was given: only ever shown). */
static void remember_path(struct file *f, struct vnode *start, const char *path)
{
	if (path[0] == '/' || path_absolute(start, path, f->path, sizeof(f->path)) < 0)
		strlcpy(f->path, path, sizeof(f->path));
}

/*
 * O_TMPFILE: an unnamed regular file in directory path, as Linux's:
 * EINVAL without write access, with O_CREAT or without O_DIRECTORY;
 * EOPNOTSUPP where the type keeps no file that no directory holds (FAT,
 * as Linux's vfat; devfs, procfs). It is made under a name of the
 * kernel's and unlinked at once, as memfd's files are; linkat cannot
 * give it a name later (Linux's linkat of /proc/PID/fd/N), since a
 * tmpfs node is freed with its last link once it is let go.
 */
static int open_tmpfile(struct vnode *start, const char *path, int flags, uint32_t mode,
			struct file **out)
{
	static uint64_t next;
	int acc = flags & O_ACCMODE;
	struct vnode *dir;
	char name[32];

	if ((acc != O_WRONLY && acc != O_RDWR) || (flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE)
		return -EINVAL;
	int err = namei(start, path, WALK_FOLLOW | WALK_DIR, &dir);
	if (err < 0)
		return err;
	if (!dir->vfs->type->unnamed_files) {
		vput(dir);
		return -EOPNOTSUPP;
	}
	snprintf(name, sizeof(name), ".tmpfile.%lu", __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED));
	err = file_openat(dir, name, (flags & ~O_TMPFILE) | O_CREAT | O_EXCL, mode, out);
	if (err == 0)
		dir->ops->unlink(dir, name, false);
	vput(dir);
	return err;
}

/* Opens path, walked from start (the cwd or a dirfd's node; NULL: the
 * caller's cwd), with open(2)'s flags and mode. */
int file_openat(struct vnode *start, const char *path, int flags, uint32_t mode,
		struct file **out)
{
	if (flags & __O_TMPFILE) {
		struct vnode *cwd = start || path[0] == '/' ? NULL : cwd_ref();
		int err = open_tmpfile(start ? start : cwd, path, flags, mode, out);
		vput(cwd);
		return err;
	}
	struct file *f = filealloc();
	struct vnode *cwd = start || path[0] == '/' ? NULL : cwd_ref(), *vn;
	int err;

	if (!f)
		err = -ENFILE;
	else if ((flags & O_ACCMODE) == O_ACCMODE)
		err = -EINVAL;
	else if ((err = open_node(start ? start : cwd, path, flags, mode, &vn)) == 0)
		err = open_vnode(f, vn, flags);
	if (err == 0)
		remember_path(f, start ? start : cwd, path);
	if (cwd)
		vput(cwd);
	if (err < 0 && f)
		fileclose(f);
	else if (err == 0)
		*out = f;
	return err;
}

/* The kernel's own opens: what it creates (a core file) is 0600, as
 * Linux's core dumps are. */
int file_open(const char *path, int flags, struct file **out)
{
	return file_openat(NULL, path, flags, 0600, out);
}
