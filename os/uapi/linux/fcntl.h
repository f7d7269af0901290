/*
 * openat(2) and fcntl(2) flags, the *at(2) calls' AT_ flags, the file
 * types, lseek(2)'s whence and access(2)'s modes: Linux's. Only the
 * kernel and user/lib/linux_abi.h include it (picolibc numbers its own).
 * Checked against <asm/fcntl.h>, <linux/fcntl.h>, <linux/stat.h> and
 * <linux/fs.h>, and for W_OK, which Linux's uapi headers leave to libc,
 * glibc's <unistd.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_FCNTL_H
#define UAPI_LINUX_FCNTL_H

#define O_RDONLY    0
#define O_WRONLY    1
#define O_RDWR      2
#define O_ACCMODE   3
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_SYNC      04010000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_CLOEXEC   02000000
#define __O_TMPFILE 020000000
#define O_TMPFILE   (__O_TMPFILE | O_DIRECTORY)

#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_GETLK         5
#define F_SETLK         6
#define F_SETLKW        7
#define F_OFD_GETLK     36
#define F_OFD_SETLK     37
#define F_OFD_SETLKW    38
#define F_RDLCK         0
#define F_WRLCK         1
#define F_UNLCK         2
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ    1031
#define F_GETPIPE_SZ    1032
#define F_ADD_SEALS     1033
#define F_GET_SEALS     1034
/* memfd seals (F_ADD_SEALS): what may no longer be done to the file */
#define F_SEAL_SEAL         0x0001	/* no more seals */
#define F_SEAL_SHRINK       0x0002
#define F_SEAL_GROW         0x0004
#define F_SEAL_WRITE        0x0008
#define F_SEAL_FUTURE_WRITE 0x0010	/* no new writers; mappings made keep writing */
#define FD_CLOEXEC      1

#define AT_FDCWD            (-100)	/* the working directory, for dirfd */
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_EACCESS          0x200	/* faccessat2: the effective ids (unlinkat's AT_REMOVEDIR) */
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000
#define AT_STATX_SYNC_TYPE  0x6000	/* statx's sync hints */

/* The file types in st_mode and stx_mode. */
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFBLK  0060000
#define S_IFREG  0100000
#define S_IFLNK  0120000
#define S_IFSOCK 0140000
#define S_IFMT   0170000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define W_OK 2
#define X_OK 1
#endif
