#ifndef FILE_H
#define FILE_H
#include "kern/types.h"
#include "kern/param.h"
#include "fat.h"

/* openat(2) flags, Linux values. */
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_ACCMODE 3
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_DIRECTORY 0200000
#define O_CLOEXEC 02000000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* A mounted FAT volume (mount.c); the fs lock guards the table. */
struct mount {
	bool used;
	char path[MAXPATH];	/* absolute, normalised; "/" for the root */
	size_t pathlen;
	struct bdev *dev;
	struct blkdev io;	/* fs/'s view of dev */
	struct fat_vol vol;
	bool read_only;
};

/* The one in-memory node of an open FAT file (inode.c); fs lock guards it. */
struct inode {
	/* guarded by itable_lock (inode.c): */
	int ref;
	int writers;		/* open files that may write it */
	int text_users;		/* programs loading or lazily running it: no writers then */
	/* guarded by the fs lock: */
	struct mount *mnt;	/* the volume the file is on */
	struct fat_node node;
};

/* An open file, shared by the descriptors dup and fork make of it. */
struct file {
	enum { FD_NONE, FD_CONSOLE, FD_FAT, FD_PIPE, FD_DISK } type;
	int ref;		/* atomic (file.c) */
	bool readable, writable;
	uint64_t off;		/* guarded by fs.lock for FD_FAT */
	struct inode *ip;	/* FD_FAT: the file's shared node */
	bool append;		/* O_APPEND: every write goes at the end */
	bool nonblock;		/* O_NONBLOCK: pipes and the console say EAGAIN, not wait */
	struct pipe *pipe;	/* FD_PIPE */
	struct bdev *bdev;	/* FD_DISK */
	uint32_t dirpos;	/* FD_FAT directories: fat_readdir position */
	uint8_t dots_done;	/* "." and ".." returned by getdents64 so far */
	char path[MAXPATH];	/* FD_FAT: absolute path, for *at() and fchdir */
};

/* struct stat of Linux riscv64 (asm-generic), 128 bytes. */
struct stat {
	uint64_t st_dev, st_ino;
	uint32_t st_mode, st_nlink, st_uid, st_gid;
	uint64_t st_rdev, __pad1;
	int64_t st_size;
	int32_t st_blksize, __pad2;
	int64_t st_blocks;
	int64_t st_atime_sec, st_atime_nsec;
	int64_t st_mtime_sec, st_mtime_nsec;
	int64_t st_ctime_sec, st_ctime_nsec;
	uint32_t __unused4, __unused5;
};

#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFBLK 0060000
#define S_IFIFO 0010000
#define S_IFREG 0100000

uint64_t file_size(struct file *f);
bool file_is_dir(struct file *f);
#endif
