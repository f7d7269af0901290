/*
 * memfd_create(2): an anonymous file in memory, as Linux's: a tmpfs
 * file that no directory holds, in a tmpfs instance of the kernel's own
 * that no path reaches (not in /proc/mounts), made at boot.
 * Its descriptor reads, writes, maps and execs (execveat's AT_EMPTY_PATH:
 * a program built in memory and run); /proc/PID/fd shows it as
 * "/memfd:NAME (deleted)". Sealing (F_ADD_SEALS) is not there:
 * MFD_ALLOW_SEALING is taken, a seal is refused.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "fs/tmpfs/tmpfs.h"
#include "kern/syscall.h"

#define MFD_CLOEXEC 0x1U
#define MFD_ALLOW_SEALING 0x2U
#define MFD_NAME_MAX 249	/* Linux's: "memfd:" and the name in NAME_MAX */

static struct {
	struct vfs vfs;
	bool mounted;
	uint64_t next;		/* names the files have while being made (atomic) */
} memfd;

/* At boot (fsinit): the instance the files live in. */
void memfd_init(void)
{
	memfd.vfs.type = &tmpfs_fstype;
	memfd.vfs.devno = 1;	/* 0:1, as Linux's internal shm mount */
	strlcpy(memfd.vfs.source, "memfd", sizeof(memfd.vfs.source));
	memfd.mounted = tmpfs_fstype.mount(&memfd.vfs, NULL, "") == 0;
	if (!memfd.mounted)
		klog("memfd: no tmpfs instance: memfd_create will say ENOMEM");
}

/* memfd_create(name, flags) */
uint64_t sys_memfd_create(void)
{
	unsigned flags = argraw(1);
	char name[MFD_NAME_MAX + 1], tmp[32];
	struct vfs *v = &memfd.vfs;
	struct file *f;
	int err = argstr(0, name, sizeof(name)), fd;

	if (err == -ENAMETOOLONG)
		return -EINVAL;	/* as Linux: a name too long is EINVAL */
	if (err < 0)
		return err;
	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	if (!memfd.mounted)
		return -ENOMEM;
	if ((fd = fd_reserve(0)) < 0)
		return fd;
	snprintf(tmp, sizeof(tmp), "%lu", __atomic_fetch_add(&memfd.next, 1, __ATOMIC_RELAXED));
	if ((err = file_openat(v->root, tmp, O_RDWR | O_CREAT | O_EXCL, 0777, &f)) < 0)
		return err;
	v->root->ops->unlink(v->root, tmp, false);	/* open, in no directory */
	snprintf(f->path, sizeof(f->path), "/memfd:%s (deleted)", name);
	fd_install(fd, f, flags & MFD_CLOEXEC);
	return fd;
}
