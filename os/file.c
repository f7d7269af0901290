/*
 * Open files: the console and FAT files and directories, behind one
 * read/write/lseek/stat interface that system calls and exec share.
 */
#include "defs.h"
#include "file.h"

static struct {
	struct spinlock lock;
	struct file file[NFILE];
} ftable = { .lock = SPINLOCK_INIT("ftable", LOCK_LEAF) };

struct file *filealloc(void)
{
	acquire(&ftable.lock);
	for (struct file *f = ftable.file; f < ftable.file + NFILE; f++) {
		if (f->ref == 0) {
			memset(f, 0, sizeof(*f));
			f->ref = 1;
			release(&ftable.lock);
			return f;
		}
	}
	release(&ftable.lock);
	return NULL;
}

struct file *filedup(struct file *f)
{
	acquire(&ftable.lock);
	if (f->ref < 1)
		panic("filedup");
	f->ref++;
	release(&ftable.lock);
	return f;
}

void fileclose(struct file *f)
{
	acquire(&ftable.lock);
	if (f->ref < 1)
		panic("fileclose");
	if (--f->ref > 0) {
		release(&ftable.lock);
		return;
	}
	struct file last = *f;
	f->type = FD_NONE;
	release(&ftable.lock);
	if (last.type == FD_PIPE)
		pipe_close(last.pipe, last.writable);
}

/* The console, opened once at boot as init's descriptors 0, 1 and 2. */
struct file *console_file(void)
{
	struct file *f = filealloc();

	if (!f)
		panic("console_file");
	f->type = FD_CONSOLE;
	f->readable = f->writable = true;
	return f;
}

uint64_t file_size(struct file *f) { return f->type == FD_FAT ? f->node.size : 0; }

bool file_is_dir(struct file *f)
{
	return f->type == FD_FAT && (f->node.attr & FAT_ATTR_DIRECTORY);
}

int file_open(const char *abspath, int flags, struct file **out)
{
	struct fat_node node;
	int acc = flags & O_ACCMODE;

	if (flags & (O_CREAT | O_TRUNC))
		return -EROFS;	/* FAT writes arrive with the filesystem work */
	int err = fs_lookup(abspath, &node);
	if (err < 0)
		return err;
	bool dir = node.attr & FAT_ATTR_DIRECTORY;
	if ((flags & O_DIRECTORY) && !dir)
		return -ENOTDIR;
	if (dir && acc != O_RDONLY)
		return -EISDIR;
	if (acc != O_RDONLY)
		return -EROFS;
	struct file *f = filealloc();
	if (!f)
		return -ENFILE;
	f->type = FD_FAT;
	f->readable = true;
	f->node = node;
	strlcpy(f->path, abspath, sizeof(f->path));
	*out = f;
	return 0;
}

/* Reads into user (or kernel) memory at addr, advancing the offset. */
ssize_t fileread(struct file *f, uint64_t addr, size_t n, bool user)
{
	if (!f->readable)
		return -EBADF;
	if (f->type == FD_CONSOLE)
		return console_read(addr, n, user);
	if (f->type == FD_PIPE)
		return pipe_read(f->pipe, addr, n, user);
	if (file_is_dir(f))
		return -EISDIR;
	if (!user) {
		fs_lock();
		long got = fs_read(&f->node, f->off, (void *)addr, n);
		if (got > 0)
			f->off += got;
		fs_unlock();
		return got;
	}
	/* user memory: through a kernel page, then copyout */
	char *bounce = kalloc();
	ssize_t done = 0;
	if (!bounce)
		return -ENOMEM;
	fs_lock();
	while ((size_t)done < n) {
		long got = fs_read(&f->node, f->off, bounce, MIN(n - done, PGSIZE));
		if (got <= 0) {
			if (got < 0 && done == 0)
				done = got;
			break;
		}
		if (copyout(myproc()->pagetable, addr + done, bounce, got) < 0) {
			if (done == 0)
				done = -EFAULT;
			break;
		}
		f->off += got;
		done += got;
	}
	fs_unlock();
	kfree(bounce);
	return done;
}

ssize_t filewrite(struct file *f, uint64_t addr, size_t n, bool user)
{
	if (!f->writable)
		return -EBADF;
	if (f->type == FD_CONSOLE)
		return console_write(addr, n, user);
	if (f->type == FD_PIPE)
		return pipe_write(f->pipe, addr, n, user);
	return -EROFS;
}

int64_t filelseek(struct file *f, int64_t off, int whence)
{
	if (f->type != FD_FAT)
		return -ESPIPE;
	int64_t base = whence == SEEK_SET ? 0 :
		       whence == SEEK_CUR ? (int64_t)f->off :
		       whence == SEEK_END ? (int64_t)f->node.size : -1;
	if (base < 0)
		return -EINVAL;
	if (off < 0 && -off > base)
		return -EINVAL;
	fs_lock();
	f->off = base + off;
	if (whence == SEEK_SET && off == 0)
		f->dirpos = f->dots_done = 0;	/* rewinddir */
	fs_unlock();
	return f->off;
}

int filestat(struct file *f, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_nlink = 1;
	st->st_blksize = PGSIZE;
	if (f->type == FD_CONSOLE) {
		st->st_mode = S_IFCHR | 0620;
		st->st_rdev = (5UL << 8) | 1;	/* like /dev/console */
		return 0;
	}
	if (f->type == FD_PIPE) {
		st->st_mode = S_IFIFO | 0600;
		st->st_ino = (uint64_t)f->pipe;
		return 0;
	}
	fat_node_stat(&f->node, st);
	return 0;
}

/* Lowest free descriptor >= minfd in the current process, or -EMFILE. */
int fdalloc(struct file *f, int minfd)
{
	struct proc *p = myproc();

	for (int fd = minfd; fd < NOFILE; fd++) {
		if (!p->ofile[fd]) {
			p->ofile[fd] = f;
			p->cloexec &= ~(1u << fd);
			return fd;
		}
	}
	return -EMFILE;
}
