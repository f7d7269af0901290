/*
 * The calls that change who owns a file and its permissions, and the
 * one that makes a FIFO: fchmodat, fchmod, fchownat, fchown, mknodat.
 * Each asks the node's type (setattr, create); a type that keeps no
 * modes or owners (vfat) answers EPERM, as Linux's vfat does for what
 * it cannot store. Everyone is root: no permission is checked.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kern/syscall.h"

#define S_ISUID 04000
#define S_ISGID 02000
#define S_IXGRP 00010

static int set_attr(struct vnode *vn, struct vsetattr *a)
{
	if (vn->vfs->read_only)
		return -EROFS;
	return vn->ops->setattr ? vn->ops->setattr(vn, a) : -EPERM;
}

static int chmod_node(struct vnode *vn, uint32_t mode)
{
	struct vsetattr a = { .mask = VA_MODE, .mode = mode & 07777 };
	return set_attr(vn, &a);
}

/*
 * uid or gid (uint32_t)-1 stays. As on Linux, a chown of anything but
 * a directory clears set-user-ID, and set-group-ID where the group may
 * execute (else it marks mandatory locking, which stays).
 */
static int chown_node(struct vnode *vn, uint32_t uid, uint32_t gid)
{
	struct vsetattr a = { .uid = uid, .gid = gid };
	struct vattr va;

	a.mask = (uid != (uint32_t)-1 ? VA_UID : 0) | (gid != (uint32_t)-1 ? VA_GID : 0);
	if (vn->type != S_IFDIR && vn->ops->getattr && vn->ops->getattr(vn, &va) == 0) {
		uint32_t kill = S_ISUID | ((va.mode & S_IXGRP) ? S_ISGID : 0);
		if (va.mode & kill) {
			a.mask |= VA_MODE;
			a.mode = va.mode & 07777 & ~kill;
		}
	}
	return set_attr(vn, &a);
}

/* The node fd names: an open file's (not a pipe's or the console's). */
static int fd_node(int fd, struct vnode **out)
{
	struct file *f;
	int err = fd_file(fd, &f);

	if (err < 0)
		return err;
	if (f->type != FD_VNODE)
		return -EPERM;	/* a pipe's mode is not the file system's */
	*out = f->vn;
	return 0;
}

uint64_t sys_fchmodat(void)
{
	struct vnode *vn;
	int err = at_walk(argraw(0), 1, WALK_FOLLOW, &vn);

	if (err == 0) {
		err = chmod_node(vn, argraw(2));
		vput(vn);
	}
	return err;
}

uint64_t sys_fchmod(void)
{
	struct vnode *vn;
	int err = fd_node(argraw(0), &vn);

	return err < 0 ? err : chmod_node(vn, argraw(1));
}

uint64_t sys_fchownat(void)
{
	int flags = argraw(4);
	struct vnode *vn;

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	int err = at_walk(argraw(0), 1, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, &vn);
	if (err == 0) {
		err = chown_node(vn, argraw(2), argraw(3));
		vput(vn);
	}
	return err;
}

uint64_t sys_fchown(void)
{
	struct vnode *vn;
	int err = fd_node(argraw(0), &vn);

	return err < 0 ? err : chown_node(vn, argraw(1), argraw(2));
}

/* mknodat: regular files, FIFOs, socket names, and device nodes where
 * the type keeps them (tmpfs; EPERM on vfat, as Linux's). */
uint64_t sys_mknodat(void)
{
	uint32_t mode = argraw(2), type = mode & S_IFMT, dev = argraw(3);
	struct vnode *start, *vn;
	struct upath path;
	int err;

	if (type == 0)
		type = S_IFREG;
	if (type == S_IFDIR)
		return -EPERM;	/* Linux's may_mknod */
	if (type != S_IFREG && type != S_IFIFO && type != S_IFCHR && type != S_IFBLK &&
	    type != S_IFSOCK)
		return -EINVAL;
	if ((err = upath_get(1, &path)) < 0)
		return err;
	if ((err = at_start(argraw(0), path.s, &start)) == 0) {
		if (type == S_IFCHR || type == S_IFBLK) {
			err = vfs_mknod_at(start, path.s, type | (mode & 07777), dev);
		} else if ((err = vfs_create_at(start, path.s, type | (mode & 07777), &vn)) == 0) {
			vput(vn);
		}
		vput(start);
	}
	upath_put(&path);
	return err;
}
