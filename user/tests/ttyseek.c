/*
 * ttyseek: the console is a stream, as Linux's tty is. lseek, pread and
 * pwrite on it say ESPIPE, and so does sendfile from it at an offset;
 * sendfile from its current place reads it as read(2) does (busybox's
 * cat copies the terminal to its output that way).
 * Reading at an offset once reached the tty without its open file and
 * faulted in the kernel.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

int
main(void)
{
	char c;
	int p[2];
	int fd = open("/dev/console", O_RDWR | O_NONBLOCK);

	if (fd < 0 || pipe(p) < 0) {
		printf("FAIL open /dev/console or pipe\n");
		fail();
	}
	check_err("lseek(console, 0, SEEK_SET)", syscall3(SYS_lseek, fd, 0, SEEK_SET), 29);
	check_err("lseek(console, 0, SEEK_END)", syscall3(SYS_lseek, fd, 0, SEEK_END), 29);
	check_err("pread64(console)", syscall4(SYS_pread64, fd, &c, 1, 0), 29);
	check_err("pwrite64(console)", syscall4(SYS_pwrite64, fd, "x", 1, 0), 29);
	check_err("sendfile(pipe <- console, at an offset)",
		  syscall4(SYS_sendfile, p[1], fd, &(long){ 0 }, 1), 29);
	check_err("sendfile(pipe <- console) with nothing typed, O_NONBLOCK",
		  syscall4(SYS_sendfile, p[1], fd, 0, 1), 11);
	check_err("read(console) with nothing typed, O_NONBLOCK",
		  syscall3(SYS_read, fd, &c, 1), 11);
	long put = syscall3(SYS_write, fd, "", 0);
	printf("ok write(console, 0 bytes) -> %ld\n", put);
	printf("ttyseek: done\n");
	return 0;
}
