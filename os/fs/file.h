#ifndef FILE_H
#define FILE_H
#include "kern/types.h"
#include "kern/param.h"
#include "fat.h"
#include "uapi/linux/fcntl.h"
#include "uapi/linux/stat.h"

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
	bool kept;		/* ref 0, node still true: a file's chain runs for its next open */
	uint64_t last_use;	/* when its last reference went: the oldest kept goes first */
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

uint64_t file_size(struct file *f);
bool file_is_dir(struct file *f);
#endif
