/*
 * baduser: system calls given bad user pointers fail with EFAULT (and
 * the process carries on): NULL-ish, unmapped, and kernel addresses.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define LOW_ADDR    hide(0x1)
#define UNMAPPED    hide(0xffffffffffff0000UL)
#define KERNEL_ADDR hide(0xffffffc000000000UL)

/* Keeps the compiler from reasoning about the bad addresses. */
static void *
hide(uintptr_t a)
{
	__asm__("" : "+r"(a));
	return (void *)a;
}

int
main(void)
{
	struct kstat st;
	int fd = open("/data/big.bin", O_RDONLY);

	if (fd < 0) {
		printf("FAIL open /data/big.bin: %s\n", strerror(errno));
		return 1;
	}
	check_errno("write(1, 0x1, 5)", write(1, LOW_ADDR, 5), EFAULT);
	check_errno("write(1, kernel address, 5)", write(1, KERNEL_ADDR, 5), EFAULT);
	check_errno("read(file, 0xffffffffffff0000, 100)", read(fd, UNMAPPED, 100), EFAULT);
	check_errno("read(file, kernel address, 100)", read(fd, KERNEL_ADDR, 100), EFAULT);
	check_errno("openat with path 0x1", open(LOW_ADDR, O_RDONLY), EFAULT);
	check_errno("openat with kernel path", open(KERNEL_ADDR, O_RDONLY), EFAULT);
	check_errno("fstat into 0x1", kfstat(fd, LOW_ADDR), EFAULT);
	check_errno("newfstatat with path 0x1", kfstatat(AT_FDCWD, LOW_ADDR, &st, 0), EFAULT);
	check_errno("chdir with path 0x1", chdir(LOW_ADDR), EFAULT);
	check_errno("execve with path 0x1", execve(LOW_ADDR, NULL, NULL), EFAULT);
	check_errno("getcwd into 0x1", getcwd(LOW_ADDR, 64) ? 0 : -1, EFAULT);
	check_errno("uname into kernel address", uname(KERNEL_ADDR), EFAULT);
	check_errno("clock_gettime into 0x1", clock_gettime(CLOCK_MONOTONIC, LOW_ADDR), EFAULT);
	int dir = open("/data", O_RDONLY | O_DIRECTORY);
	check_errno("getdents64 into 0x1", getdents64(dir, LOW_ADDR, 4096), EFAULT);
	close(dir);

	/* The file and process are still fine. */
	unsigned char b[2];
	check_long("lseek after the faults", lseek(fd, 1, SEEK_SET), 1);
	check_long("read after the faults", read(fd, b, 2), 2);
	check_long("bytes 1 and 2", b[0] << 8 | b[1], 7 << 8 | 14);
	printf("baduser: ok\n");
	return 0;
}
