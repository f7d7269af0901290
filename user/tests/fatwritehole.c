/*
 * fatwritehole: a write to a FAT file from a buffer that runs into a
 * hole stops short at the hole, as Linux's does: the bytes before it
 * written, their count returned; EFAULT only when not one byte could be
 * read. The write's bounce buffer takes 64 KiB a copy, and a copy that
 * failed anywhere in it wrote nothing. Linux 6.1 gives this output
 * (tools/linuxref.py; qemu-riscv64 refuses such a buffer whole).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"

#define PATH "/fatwritehole.dat"

int
main(void)
{
	char *buf = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char back[8192];
	struct stat st;

	must("mmap", buf == MAP_FAILED ? -1 : 0);
	must("munmap", munmap(buf + 4096, 4096));
	memset(buf, 'w', 4096);
	int fd = must("open", open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644));
	check_long("write of two pages, the second a hole", write(fd, buf, 8192), 4096);
	check_long("pwrite of 1 MiB from the page before the hole", pwrite(fd, buf, 1 << 20, 4096),
		   4096);
	check_errno("write from the hole", write(fd, buf + 4096, 100), EFAULT);
	check_long("the file's size", fstat(fd, &st) == 0 ? st.st_size : -1, 8192);
	check_long("read back", pread(fd, back, sizeof back, 0), 8192);
	check_long("what went in is the buffer's",
		   memcmp(back, buf, 4096) == 0 && memcmp(back + 4096, buf, 4096) == 0, 1);
	close(fd);
	must("unlink", unlink(PATH));
	return 0;
}
