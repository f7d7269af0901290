/*
 * fadvise64 and readahead: advice on how a file will be read, which
 * Linux's page cache acts on (reading ahead, dropping pages). Here
 * tmpfs's pages are the file itself and FAT's are read when asked for
 * (its page cache holds only what mappings touched), so the advice is
 * checked as Linux 6.1's generic_fadvise and ksys_readahead check it,
 * and then has nothing to act on: as Linux answers for tmpfs, whose
 * backing device is noop_backing_dev_info, it is 0.
 */
#include "kern/kern.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kern/syscall.h"

enum {
	POSIX_FADV_NORMAL, POSIX_FADV_RANDOM, POSIX_FADV_SEQUENTIAL,
	POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE,
};

/* Linux's vfs_fadvise for a file with no fadvise of its own: a FIFO
 * (a pipe) is ESPIPE, a negative length or an advice it does not know
 * EINVAL; any other file takes advice. */
static int advise(struct file *f, int64_t len, int advice)
{
	if (file_fmt(f) == S_IFIFO)
		return -ESPIPE;
	if (len < 0)
		return -EINVAL;
	if (advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE)
		return -EINVAL;
	return 0;
}

/* fadvise64(fd, offset, len, advice): any offset, as Linux's. */
uint64_t sys_fadvise64(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	return err < 0 ? err : advise(f, argraw(2), argraw(3));
}

/* readahead(fd, offset, count): a readable regular file, as Linux's
 * ksys_readahead asks (EBADF, EINVAL), then its WILLNEED advice. */
uint64_t sys_readahead(void)
{
	struct file *f;
	int err = fd_file(argraw(0), &f);

	if (err < 0 || !f->readable)
		return -EBADF;
	if (file_fmt(f) != S_IFREG)
		return -EINVAL;
	return advise(f, argraw(2), POSIX_FADV_WILLNEED);
}
