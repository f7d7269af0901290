/*
 * Linux's open flags, AT_ values and errno numbers under LINUX_ names,
 * for sys.c's wrappers, which translate picolibc's (the same names with
 * newlib's numbers). It takes them from os/uapi/linux, then forgets the
 * plain names so that libc's come in unchanged: include it before any
 * libc header.
 */
#ifndef USER_LINUX_ABI_H
#define USER_LINUX_ABI_H
#include "linux/fcntl.h"
#include "linux/errno.h"

enum {
	LINUX_O_CREAT = O_CREAT,
	LINUX_O_EXCL = O_EXCL,
	LINUX_O_NOCTTY = O_NOCTTY,
	LINUX_O_TRUNC = O_TRUNC,
	LINUX_O_APPEND = O_APPEND,
	LINUX_O_NONBLOCK = O_NONBLOCK,
	LINUX_O_SYNC = O_SYNC,
	LINUX_O_DIRECTORY = O_DIRECTORY,
	LINUX_O_NOFOLLOW = O_NOFOLLOW,
	LINUX_O_CLOEXEC = O_CLOEXEC,
	LINUX_AT_FDCWD = AT_FDCWD,
	LINUX_AT_SYMLINK_NOFOLLOW = AT_SYMLINK_NOFOLLOW,
	LINUX_AT_REMOVEDIR = AT_REMOVEDIR,
	LINUX_AT_EMPTY_PATH = AT_EMPTY_PATH,
	LINUX_EDEADLK = EDEADLK,
	LINUX_ENAMETOOLONG = ENAMETOOLONG,
	LINUX_ENOLCK = ENOLCK,
	LINUX_ENOSYS = ENOSYS,
	LINUX_ENOTEMPTY = ENOTEMPTY,
	LINUX_ELOOP = ELOOP,
	LINUX_ENODATA = ENODATA,
	LINUX_ETIME = ETIME,
	LINUX_EOVERFLOW = EOVERFLOW,
	LINUX_ELIBBAD = ELIBBAD,
	LINUX_EOPNOTSUPP = EOPNOTSUPP,
	LINUX_ETIMEDOUT = ETIMEDOUT,
};

#undef O_RDONLY
#undef O_WRONLY
#undef O_RDWR
#undef O_ACCMODE
#undef O_CREAT
#undef O_EXCL
#undef O_NOCTTY
#undef O_TRUNC
#undef O_APPEND
#undef O_NONBLOCK
#undef O_SYNC
#undef O_DIRECTORY
#undef O_NOFOLLOW
#undef O_CLOEXEC
#undef F_DUPFD
#undef F_GETFD
#undef F_SETFD
#undef F_GETFL
#undef F_SETFL
#undef F_DUPFD_CLOEXEC
#undef FD_CLOEXEC
#undef AT_FDCWD
#undef AT_SYMLINK_NOFOLLOW
#undef AT_REMOVEDIR
#undef AT_NO_AUTOMOUNT
#undef AT_EMPTY_PATH
#undef AT_STATX_SYNC_TYPE
#undef S_IFIFO
#undef S_IFCHR
#undef S_IFDIR
#undef S_IFBLK
#undef S_IFREG
#undef SEEK_SET
#undef SEEK_CUR
#undef SEEK_END
#undef W_OK
#undef EPERM
#undef ENOENT
#undef ESRCH
#undef EINTR
#undef EIO
#undef ENXIO
#undef E2BIG
#undef ENOEXEC
#undef EBADF
#undef ECHILD
#undef EAGAIN
#undef ENOMEM
#undef EACCES
#undef EFAULT
#undef ENOTBLK
#undef EBUSY
#undef EEXIST
#undef EXDEV
#undef ENODEV
#undef ENOTDIR
#undef EISDIR
#undef EINVAL
#undef ENFILE
#undef EMFILE
#undef ENOTTY
#undef ETXTBSY
#undef EFBIG
#undef ENOSPC
#undef ESPIPE
#undef EROFS
#undef EPIPE
#undef ERANGE
#undef EDEADLK
#undef ENAMETOOLONG
#undef ENOLCK
#undef ENOSYS
#undef ENOTEMPTY
#undef ELOOP
#undef ENODATA
#undef ETIME
#undef EOVERFLOW
#undef ELIBBAD
#undef EOPNOTSUPP
#undef ETIMEDOUT
#endif
