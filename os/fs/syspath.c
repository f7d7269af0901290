/*
 * The calls that name files by path: mkdirat, unlinkat, renameat2,
 * linkat, symlinkat, readlinkat, faccessat, truncate. Each walks to
 * the directory holding the last name (namei_parent) and asks its
 * type; what a type lacks is answered as Linux's VFS answers it.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kern/syscall.h"

/* The directory holding user path argument n's last name (walked from
 * dirfd), referenced, and that name; *slash if the path ends in '/'. */
static int at_parent(int dirfd, int n, struct vnode **dir, char *last, bool *slash)
{
	struct upath path;
	struct vnode *start;
	int err = upath_get(n, &path);

	if (err < 0)
		return err;
	if ((err = at_start(dirfd, path.s, &start)) == 0) {
		size_t len = strlen(path.s);
		if (slash)
			*slash = len > 0 && path.s[len - 1] == '/';
		err = namei_parent(start, path.s, dir, last);
		vput(start);
	}
	upath_put(&path);
	return err;
}

static bool is_dots(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* What a call that changes dir may not do: a read-only file system. */
static int dir_writable(struct vnode *dir)
{
	return dir->vfs->read_only ? -EROFS : 0;
}

uint64_t sys_mkdirat(void)
{
	char last[VNAME_MAX + 1];
	struct vnode *dir, *vn;
	int err = at_parent(argraw(0), 1, &dir, last, NULL);

	if (err < 0)
		return err;
	if (last[0] == 0 || is_dots(last))
		err = -EEXIST;
	else if (!dir->ops->create)
		err = -EPERM;
	else if ((err = dir_writable(dir)) == 0 &&
		 (err = dir->ops->create(dir, last, S_IFDIR | mode_umask(argraw(2) & 01777),
					 &vn)) == 0)
		vput(vn);
	vput(dir);
	return err;
}

/* unlink("name/"): never removes; what Linux says of it. */
static int trailing_slash(struct vnode *dir, const char *name)
{
	struct vnode *vn;
	int err = dir->ops->lookup ? dir->ops->lookup(dir, name, &vn) : -ENOTDIR;

	if (err < 0)
		return err;
	err = vn_is_dir(vn) ? -EISDIR : -ENOTDIR;
	vput(vn);
	return err;
}

uint64_t sys_unlinkat(void)
{
	char last[VNAME_MAX + 1];
	int flags = argraw(2);
	bool rmdir = flags & AT_REMOVEDIR, slash;
	struct vnode *dir;
	int err = at_parent(argraw(0), 1, &dir, last, &slash);

	if (err < 0)
		return err;
	if (flags & ~AT_REMOVEDIR)
		err = -EINVAL;
	else if (last[0] == 0)
		err = rmdir ? -EBUSY : -EISDIR;	/* "/" */
	else if (is_dots(last))
		err = rmdir ? (last[1] ? -ENOTEMPTY : -EINVAL) : -EISDIR;
	else if (slash && !rmdir)
		err = trailing_slash(dir, last);
	else if (!dir->ops->unlink)
		err = -EPERM;
	else if ((err = dir_writable(dir)) == 0 && (err = dir->ops->unlink(dir, last, rmdir)) == 0)
		vfs_names_changed();
	vput(dir);
	return err;
}

/* rename's "name/" (either side): what is moved must be a directory. */
static int slash_source(struct vnode *dir, const char *name)
{
	int err = trailing_slash(dir, name);

	return err == -EISDIR ? 0 : err;
}

/* renameat2(olddirfd, old, newdirfd, new, flags): within one file
 * system (EXDEV); "." and ".." and "/" are never moved (EBUSY). */
uint64_t sys_renameat2(void)
{
	char from[VNAME_MAX + 1], to[VNAME_MAX + 1];
	unsigned flags = argraw(4);
	struct vnode *fromdir, *todir;
	bool slash, toslash;
	int err = at_parent(argraw(0), 1, &fromdir, from, &slash);

	if (err < 0)
		return err;
	if ((err = at_parent(argraw(2), 3, &todir, to, &toslash)) < 0) {
		vput(fromdir);
		return err;
	}
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT) ||
	    ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT))))
		err = -EINVAL;
	else if (from[0] == 0 || to[0] == 0 || is_dots(from) || is_dots(to))
		err = -EBUSY;
	else if (fromdir->vfs != todir->vfs)
		err = -EXDEV;
	else if ((slash || toslash) && (err = slash_source(fromdir, from)) < 0)
		;	/* a file named with a slash: ENOTDIR */
	else if (!fromdir->ops->rename)
		err = -EPERM;
	else if ((err = dir_writable(fromdir)) == 0 &&
		 (err = fromdir->ops->rename(fromdir, from, todir, to, flags)) == 0)
		vfs_names_changed();
	vput(fromdir);
	vput(todir);
	return err;
}

/* linkat(olddirfd, old, newdirfd, new, flags): FAT has no hard links
 * (EPERM, as Linux's vfat answers). */
uint64_t sys_linkat(void)
{
	char last[VNAME_MAX + 1];
	int flags = argraw(4);
	struct vnode *vn, *dir;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_walk(argraw(0), 1, (flags & AT_SYMLINK_FOLLOW) ? WALK_FOLLOW : 0, &vn)) < 0)
		return err;
	if ((err = at_parent(argraw(2), 3, &dir, last, NULL)) == 0) {
		if (last[0] == 0 || is_dots(last))
			err = -EEXIST;
		else if (vn_is_dir(vn))
			err = -EPERM;	/* Linux: no links to directories */
		else if (dir->vfs != vn->vfs)
			err = -EXDEV;
		else if (!dir->ops->link)
			err = -EPERM;
		else if ((err = dir_writable(dir)) == 0)
			err = dir->ops->link(dir, last, vn);
		vput(dir);
	}
	vput(vn);
	return err;
}

/* symlinkat(target, newdirfd, linkpath): EPERM where the type keeps no
 * links (FAT), as Linux's vfat answers. */
uint64_t sys_symlinkat(void)
{
	char last[VNAME_MAX + 1];
	struct upath target;
	struct vnode *dir;
	int err = upath_get(0, &target);

	if (err < 0)
		return err;
	if ((err = at_parent(argraw(1), 2, &dir, last, NULL)) < 0) {
		upath_put(&target);
		return err;
	}
	if (last[0] == 0 || is_dots(last))
		err = -EEXIST;
	else if (!dir->ops->symlink)
		err = -EPERM;
	else if ((err = dir_writable(dir)) == 0)
		err = dir->ops->symlink(dir, last, target.s);
	vput(dir);
	upath_put(&target);
	return err;
}

/* readlinkat(dirfd, path, buf, size): anything but a symlink is EINVAL. */
uint64_t sys_readlinkat(void)
{
	struct proc *p = myproc();
	int64_t size = argraw(3);
	struct vnode *vn;
	int err;

	if (size <= 0)
		return -EINVAL;
	if ((err = at_walk(argraw(0), 1, 0, &vn)) < 0)
		return err;
	char *buf = kalloc();
	if (!buf)
		err = -ENOMEM;
	else if (vn->type != S_IFLNK || !vn->ops->readlink)
		err = -EINVAL;
	else if ((err = vn->ops->readlink(vn, buf, MIN((uint64_t)size, PGSIZE))) >= 0 &&
		 copyout(p->pagetable, argraw(2), buf, err) < 0)
		err = -EFAULT;
	kfree(buf);
	vput(vn);
	return err;
}

/* Devices and FIFOs: writable on a read-only file system too. */
static bool special_file(const struct vnode *vn)
{
	return vn->type == S_IFCHR || vn->type == S_IFBLK || vn->type == S_IFIFO ||
	       vn->type == S_IFSOCK;
}

/* As Linux answers root, who may read and write anything (EROFS on a
 * read-only file system) and execute what has an x bit, or search any
 * directory. */
static int access_check(struct vnode *vn, int mode)
{
	struct kstat st;
	int err = 0;

	if ((mode & W_OK) && vn->vfs->read_only && !special_file(vn))
		err = -EROFS;
	else if ((mode & X_OK) && !vn_is_dir(vn) && (err = vn_getattr(vn, &st)) == 0 &&
		 !(st.st_mode & 0111))
		err = -EACCES;
	return err;
}

/* The node faccessat2 checks, referenced: with AT_EMPTY_PATH and "",
 * dirfd's own file (or the cwd); NULL for a file with no node (a pipe,
 * a socket), which Linux gives a node of mode 0600. */
static int access_node(int dirfd, int flags, struct vnode **vn)
{
	struct file *f;
	int err;

	*vn = NULL;
	if (!(flags & AT_EMPTY_PATH) || !empty_path_arg(1))
		return at_walk(dirfd, 1, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, vn);
	if (dirfd == AT_FDCWD) {
		*vn = cwd_ref();
		return 0;
	}
	if ((err = fd_file(dirfd, &f)) == 0 && f->type == FD_VNODE)
		*vn = vref(f->vn);
	return err;
}

/* faccessat2(dirfd, path, mode, flags), Linux's do_faccessat: the mode
 * and flags checked before the path is walked. Everyone is root, whose
 * real and effective ids are the same: AT_EACCESS changes nothing. */
static int access_at(int dirfd, int mode, int flags)
{
	struct vnode *vn;
	int err;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = access_node(dirfd, flags, &vn)) < 0)
		return err;
	if (!vn)
		return (mode & X_OK) ? -EACCES : 0;
	err = access_check(vn, mode);
	vput(vn);
	return err;
}

uint64_t sys_faccessat(void) { return access_at(argraw(0), argraw(2), 0); }
uint64_t sys_faccessat2(void) { return access_at(argraw(0), argraw(2), argraw(3)); }

uint64_t sys_truncate(void)
{
	int64_t size = argraw(1);
	struct file *f;
	struct upath path;
	int err = upath_get(0, &path);

	if (err < 0)
		return err;
	if (size < 0)
		err = -EINVAL;
	else if ((err = file_open(path.s, O_WRONLY, &f)) == 0) {
		err = file_truncate(f, size);
		fileclose(f);
	}
	upath_put(&path);
	return err;
}
