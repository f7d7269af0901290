/*
 * How a program exports its symbols to the libraries it loads: it keeps
 * its symbol table (user programs are linked unstripped), and the loader
 * reads it from the program's own file, named by /proc/self/exe, with the
 * same checks as any object. Read once, on the first lookup, and kept.
 * Every global or weak function or object the program defines is
 * exported; with --gc-sections that is what the program itself uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "dl_io.h"
#include "syscall.h"

#ifndef SYS_readlinkat
#define SYS_readlinkat 78
#endif
#define LINUX_AT_FDCWD (-100)	/* the kernel's, for the raw call */

static struct dl_obj self;
static int self_state;	/* 0: not read yet, 1: read, -1: unreadable */

static int fd_read_at(void *ctx, uint64_t off, void *buf, uint64_t len)
{
	int fd = (int)(long)ctx;
	char *p = buf;

	if (lseek(fd, (off_t)off, SEEK_SET) != (off_t)off)
		return -EIO;
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

int dl_open_source(const char *path, struct dl_source *src)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	off_t size = lseek(fd, 0, SEEK_END);
	if (size < 0) {
		int err = errno;
		close(fd);
		return -err;
	}
	*src = (struct dl_source){ .ctx = (void *)(long)fd, .size = size, .read_at = fd_read_at };
	return fd;
}

static void read_self(void)
{
	char path[256];
	struct dl_source src;

	self_state = -1;
	long n = syscall6(SYS_readlinkat, LINUX_AT_FDCWD, (long)"/proc/self/exe", (long)path,
			  sizeof path - 1, 0, 0);
	if (n <= 0)
		return;
	path[n] = 0;
	int fd = dl_open_source(path, &src);
	if (fd < 0)
		return;
	if (dl_check(&self, &src, ET_EXEC) == 0)
		self_state = 1;
	close(fd);
}

int dl_self_lookup(const char *name, uint64_t *addr)
{
	uint32_t i;

	if (self_state == 0)
		read_self();
	if (self_state < 0 || dl_find_global(&self, name, &i) < 0)
		return -ENOENT;
	int type = ELF64_ST_TYPE(self.sym[i].st_info);
	if (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE)
		return -ENOENT;
	*addr = self.sym[i].st_value;
	return 0;
}
