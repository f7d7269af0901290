#ifndef FILE_H
#define FILE_H
#include "kern/types.h"
#include "kern/param.h"
#include "uapi/linux/fcntl.h"
#include "uapi/linux/stat.h"

struct vnode;
struct file;

/*
 * What a kernel object behind a descriptor does (FD_OBJ): sockets,
 * eventfds, timerfds, signalfds, epolls. read and write move n bytes
 * between the object and addr (the user's if user); poll gives the
 * POLL* bits it is ready for now and may lower *due to the monotonic ns
 * at which that changes with no other event (a timer's expiry); close
 * lets go of the object at the file's last close.
 */
struct file_ops {
	const char *kind;	/* /proc/PID/fd: "anon_inode:[kind]", or "socket" */
	uint32_t mode;		/* fstat's st_mode */
	ssize_t (*read)(struct file *f, uint64_t addr, size_t n, bool user);
	ssize_t (*write)(struct file *f, uint64_t addr, size_t n, bool user);
	int (*poll)(struct file *f, uint64_t *due);
	void (*close)(struct file *f);
};

/* An open file, shared by the descriptors dup and fork make of it. */
struct file {
	enum { FD_NONE, FD_VNODE, FD_PIPE, FD_OBJ } type;
	int ref;		/* atomic (file.c) */
	uint64_t serial;	/* which opening this slot holds: epoll tells a reused slot by it */
	bool readable, writable;
	uint64_t off;
	struct vnode *vn;	/* FD_VNODE: the node, referenced */
	bool append;		/* O_APPEND: every write goes at the end */
	bool nonblock;		/* O_NONBLOCK: pipes and the console say EAGAIN, not wait */
	bool nonseekable;	/* a stream node (the tty): no lseek, pread or sendfile from it */
	struct pipe *pipe;	/* FD_PIPE */
	const struct file_ops *ops;	/* FD_OBJ: its kind, */
	void *obj;		/* the object, */
	int end;		/* and which end of it (a socketpair's 0 or 1) */
	uint64_t dirpos;	/* directories: the type's readdir cookie */
	uint8_t dots_done;	/* "." and ".." returned by getdents64 so far */
	/* FD_VNODE: the absolute path it was opened by, only ever shown
	 * (the names of its mappings), never walked again */
	char path[MAXPATH];
};

uint64_t file_size(struct file *f);
struct file *file_obj(const struct file_ops *ops, void *obj, int end, int flags);
int file_poll(struct file *f, uint64_t *due);
uint64_t file_ino(struct file *f);
bool file_is_dir(struct file *f);
uint32_t file_fmt(struct file *f);
#endif
