/*
 * memfd_create(2): an anonymous file in memory, as Linux's: a tmpfs
 * file that no directory holds, in a tmpfs instance of the kernel's own
 * that no path reaches (not in /proc/mounts), made at boot.
 * Its descriptor reads, writes, maps and execs (execveat's AT_EMPTY_PATH:
 * a program built in memory and run); /proc/PID/fd shows it as
 * "/memfd:NAME (deleted)".
 *
 * Seals (fcntl F_ADD_SEALS, F_GET_SEALS), as Linux's mm/memfd.c: a set
 * of F_SEAL_* bits on the node, so every descriptor of the file sees
 * them, that only ever grows. Every tmpfs file has them, as every shmem
 * file on Linux does, F_SEAL_SEAL from birth: only a memfd made with
 * MFD_ALLOW_SEALING starts with none. Who enforces them:
 *   F_SEAL_SHRINK, F_SEAL_GROW  tmpfs_setattr (ftruncate, O_TRUNC) and
 *                               tmpfs_write (writes past the end)
 *   F_SEAL_WRITE                tmpfs_write; mmap (shared, writable);
 *                               taken only while no shared mapping may
 *                               write (vn->mapwritable), and after it
 *                               none can be made
 *   F_SEAL_FUTURE_WRITE         as F_SEAL_WRITE, but the shared mappings
 *                               made before it keep writing
 * A read-only shared mapping made under a write seal cannot be made
 * writable by mprotect (mm/sysmem.c: the region's maywrite).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "fs/tmpfs/tmpfs.h"
#include "kern/syscall.h"
#include "uapi/linux/fcntl.h"

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
	if (flags & MFD_ALLOW_SEALING)
		f->vn->seals = 0;	/* no other holder yet: no lock */
	snprintf(f->path, sizeof(f->path), "/memfd:%s (deleted)", name);
	fd_install(fd, f, flags & MFD_CLOEXEC);
	return fd;
}

#define F_ALL_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)

/* Whether f's node keeps seals: a regular file of a tmpfs instance. */
static bool sealable(const struct file *f)
{
	return f->type == FD_VNODE && f->vn->type == S_IFREG && f->vn->vfs->type == &tmpfs_fstype;
}

/* F_ADD_SEALS: the checks in Linux's order, each with its errno. */
static int add_seals(struct file *f, uint64_t seals)
{
	struct vnode *vn = f->vn;
	int err = 0;

	if (!f->writable)
		return -EPERM;
	if (seals & ~(uint64_t)F_ALL_SEALS)
		return -EINVAL;
	if (!sealable(f))
		return -EINVAL;
	struct tmpfs *tm = TM(vn);
	acquiresleep(&tm->lock);	/* against writes and truncates checking them */
	if (vn->seals & F_SEAL_SEAL)
		err = -EPERM;
	else if ((seals & F_SEAL_WRITE) && !(vn->seals & F_SEAL_WRITE))
		err = vn_deny_map_writable(vn);	/* -EBUSY while a mapping may write */
	if (err == 0)
		__atomic_fetch_or(&vn->seals, (uint32_t)seals, __ATOMIC_RELEASE);
	releasesleep(&tm->lock);
	return err;
}

/* fcntl's F_ADD_SEALS and F_GET_SEALS. */
int memfd_fcntl(struct file *f, int cmd, uint64_t arg)
{
	if (cmd == F_ADD_SEALS)
		return arg > UINT32_MAX ? -EINVAL : add_seals(f, arg);
	return sealable(f) ? (int)__atomic_load_n(&f->vn->seals, __ATOMIC_ACQUIRE) : -EINVAL;
}
