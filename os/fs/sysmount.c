/*
 * mount(2), umount2(2), statfs(2) and fstatfs(2): the layer's mount
 * table (vfs.c) and each type's statfs, given to user space.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kern/syscall.h"
#include "uapi/linux/mount.h"
#include "uapi/linux/statfs.h"
#include "uapi/linux/magic.h"

#define MS_PROPAGATION (MS_UNBINDABLE | MS_PRIVATE | MS_SLAVE | MS_SHARED)
#define MNT_FLAGS (MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)
#define FSTYPE_MAX 32
#define MOUNT_OPTIONS_MAX 256	/* mount(2) data: "size=64m,mode=1777" and the like */
#define ST_RDONLY 1	/* statfs's f_flags */

/* What a type that needs a device says of a source that is not one:
 * ENOENT if nothing has the name, ENOTBLK if something not a disk has. */
static int source_check(const char *source)
{
	struct vnode *vn;

	if (bdev_find(source))
		return 0;
	int err = namei(NULL, source, WALK_FOLLOW, &vn);
	if (err == 0)
		vput(vn);
	return err < 0 ? -ENOENT : -ENOTBLK;
}

/* The rest of mount(2), its strings copied in: source "" if none. */
static int do_mount(const char *source, const char *fstype, const char *options)
{
	uint64_t flags = argraw(3);
	struct vnode *on;
	int err;

	if ((err = at_walk(AT_FDCWD, 1, WALK_FOLLOW, &on)) < 0)
		return err;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & (MS_REMOUNT | MS_BIND | MS_MOVE | MS_PROPAGATION))
		err = -EINVAL;	/* only new mounts */
	else if (!argraw(2))
		err = -EINVAL;
	else if ((err = vfs_type_needs_dev(fstype)) > 0)
		err = source[0] == 0 ? -ENOENT : source_check(source);
	if (err == 0)
		err = vfs_mount(fstype, source, on, flags & MS_RDONLY, options);
	vput(on);
	return err;
}

/*
 * mount(source, target, fstype, flags, data): only new mounts; MS_RDONLY
 * is kept, the other per-mount flags are accepted and ignored, and data
 * (options) goes to the type. Strings are read in Linux's order, so the
 * same bad pointer gives the same EFAULT; then the target must exist,
 * then the type be known, then the source be a disk (for a type that
 * reads one), then the device hold the file system (EINVAL), then the
 * target be a directory (vfs_mount).
 */
uint64_t sys_mount(void)
{
	char fstype[FSTYPE_MAX], options[MOUNT_OPTIONS_MAX];
	struct upath source = { .s = NULL };
	char c;
	int err;

	if (argraw(2) && (err = argstr(2, fstype, sizeof(fstype))) < 0) {
		if (err != -ENAMETOOLONG)
			return err;
		fstype[FSTYPE_MAX - 1] = 0;	/* too long for any type we know */
	}
	/* PATH_MAX with its NUL, as Linux's copy_mount_string: longer is EINVAL */
	if (argraw(0) && (err = ustring_get(0, &source)) < 0)
		return err == -ENAMETOOLONG ? -EINVAL : err;
	options[0] = 0;
	err = 0;
	if (argraw(4) && copyin(myproc()->pagetable, &c, argraw(4), 1) < 0)
		err = -EFAULT;
	if (err == 0 && argraw(4) && (err = argstr(4, options, sizeof(options))) < 0 &&
	    err == -ENAMETOOLONG)
		err = -EINVAL;	/* longer than any we know */
	if (err == 0)
		err = do_mount(source.s ? source.s : "", fstype, options);
	if (source.s)
		upath_put(&source);
	return err;
}

/* umount2(target, flags): the force, detach and expire flags are
 * accepted, but a busy file system stays mounted (EBUSY) whatever they
 * say. */
uint64_t sys_umount2(void)
{
	struct vnode *root;
	int err;

	if (argraw(1) & ~(uint64_t)MNT_FLAGS)
		return -EINVAL;
	if ((err = at_walk(AT_FDCWD, 0, WALK_FOLLOW, &root)) < 0)
		return err;
	if ((err = vfs_umount(root)) < 0)
		vput(root);
	return err;
}

/* A file system's statfs (v NULL: s as it is), out to user address addr. */
static int statfs_out(struct vfs *v, struct vstatfs s, uint64_t addr)
{
	struct statfs out;
	int err = v && v->type->statfs ? v->type->statfs(v, &s) : 0;

	if (err < 0)
		return err;
	memset(&out, 0, sizeof(out));
	out.f_type = s.type;
	out.f_bsize = out.f_frsize = s.bsize;
	out.f_blocks = s.blocks;
	out.f_bfree = s.bfree;
	out.f_bavail = s.bavail;
	out.f_files = s.files;
	out.f_ffree = s.ffree;
	out.f_namelen = s.namelen;
	out.f_fsid[0] = v ? v->devno : 0;
	out.f_flags = v && v->read_only ? ST_RDONLY : 0;
	return copyout(myproc()->pagetable, addr, &out, sizeof(out));
}

static const struct vstatfs statfs_default = { .bsize = PGSIZE, .namelen = VNAME_MAX };

uint64_t sys_statfs(void)
{
	struct vnode *vn;
	int err = at_walk(AT_FDCWD, 0, WALK_FOLLOW, &vn);

	if (err < 0)
		return err;
	err = statfs_out(vn->vfs, statfs_default, argraw(1));
	vput(vn);
	return err;
}

uint64_t sys_fstatfs(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	if (err < 0)
		return err;
	if (f->type == FD_VNODE)
		return statfs_out(f->vn->vfs, statfs_default, argraw(1));
	/* what Linux says of a pipe (pipefs), a socket (sockfs), an eventfd,
	 * timerfd, signalfd or epoll (anon_inodefs) */
	struct vstatfs s = statfs_default;
	s.type = f->type == FD_PIPE ? PIPEFS_MAGIC :
		 !strcmp(f->ops->kind, "socket") ? SOCKFS_MAGIC : ANON_INODE_FS_MAGIC;
	return statfs_out(NULL, s, argraw(1));
}
