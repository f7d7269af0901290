#ifndef FILE_H
#define FILE_H
#include "kern/types.h"
#include "kern/param.h"
#include "uapi/linux/fcntl.h"
#include "uapi/linux/stat.h"

struct vnode;

/* An open file, shared by the descriptors dup and fork make of it. */
struct file {
	enum { FD_NONE, FD_VNODE, FD_PIPE } type;
	int ref;		/* atomic (file.c) */
	bool readable, writable;
	uint64_t off;
	struct vnode *vn;	/* FD_VNODE: the node, referenced */
	bool append;		/* O_APPEND: every write goes at the end */
	bool nonblock;		/* O_NONBLOCK: pipes and the console say EAGAIN, not wait */
	struct pipe *pipe;	/* FD_PIPE */
	uint64_t dirpos;	/* directories: the type's readdir cookie */
	uint8_t dots_done;	/* "." and ".." returned by getdents64 so far */
	/* FD_VNODE: the absolute path it was opened by, only ever shown
	 * (the names of its mappings), never walked again */
	char path[MAXPATH];
};

uint64_t file_size(struct file *f);
bool file_is_dir(struct file *f);
#endif
