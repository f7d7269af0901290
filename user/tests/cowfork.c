/*
 * cowfork: what a forked child and its parent see of the pages fork
 * shares until one of them writes (copy-on-write), where the store is
 * the kernel's: read(2) into the child's copy of a buffer (the parent's
 * bytes must not change), write(2) from one; mprotect and munmap of
 * shared pages in the child; a signal frame on the shared stack; and
 * fork from a parent holding 64 MiB, which a kernel that copied every
 * page at fork could not do on a 128 MiB machine. Linux's answers are
 * the same.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define PG 4096
#define BUF_PAGES 4
#define BIG_MIB 64
#define FILE_PATH "/tmp/cowfork"

static char data_buf[BUF_PAGES * PG] = { 1 };	/* .data, not .bss */
static char *region;				/* a private anonymous mapping */
static volatile sig_atomic_t handled;

static char pattern(long i, int who)
{
	return (char)(i * 7 + who * 31 + 1);
}

static void fill(char *p, long len, int who)
{
	for (long i = 0; i < len; i++)
		p[i] = pattern(i, who);
}

/* The first byte of p that is not who's pattern, or -1. */
static long wrong_byte(const char *p, long len, int who)
{
	for (long i = 0; i < len; i++)
		if (p[i] != pattern(i, who))
			return i;
	return -1;
}

/* Runs fn in a child; its exit status, 128 + the signal that ended it,
 * or -1 if fork failed. */
static int in_child(int (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	return pid < 0 ? -1 : wait_status(pid);
}

/* read(2) of a file written with pattern 2 into the child's copy of
 * .data and of the region: the kernel's store, over several pages. */
static int child_reads(void)
{
	int fd = open(FILE_PATH, O_RDONLY);

	if (fd < 0 || read(fd, data_buf, sizeof(data_buf)) != (long)sizeof(data_buf))
		return 10;
	if (lseek(fd, 0, SEEK_SET) != 0 ||
	    read(fd, region, BUF_PAGES * PG) != BUF_PAGES * PG)
		return 11;
	close(fd);
	if (wrong_byte(data_buf, sizeof(data_buf), 2) >= 0 ||
	    wrong_byte(region, BUF_PAGES * PG, 2) >= 0)
		return 12;
	return 0;
}

/* write(2) from shared pages the child never wrote: the parent's bytes. */
static int child_writes(void)
{
	int fd = open(FILE_PATH, O_WRONLY | O_TRUNC);
	char back[PG];

	if (fd < 0 || write(fd, data_buf, sizeof(data_buf)) != (long)sizeof(data_buf))
		return 20;
	close(fd);
	fd = open(FILE_PATH, O_RDONLY);
	if (fd < 0 || read(fd, back, sizeof(back)) != (long)sizeof(back))
		return 21;
	close(fd);
	return wrong_byte(back, sizeof(back), 1) < 0 ? 0 : 22;
}

static int store_first_page(void)
{
	region[0] = 9;
	return 0;
}

/* mprotect of shared pages: read-only, a store is SIGSEGV; read-write
 * again, a store is the child's alone. */
static int child_mprotects(void)
{
	if (mprotect(region, BUF_PAGES * PG, PROT_READ) != 0)
		return 30;
	if (wrong_byte(region, BUF_PAGES * PG, 1) >= 0)
		return 31;
	if (in_child(store_first_page) != 128 + SIGSEGV)
		return 32;
	if (mprotect(region, BUF_PAGES * PG, PROT_READ | PROT_WRITE) != 0)
		return 33;
	fill(region, BUF_PAGES * PG, 3);
	return wrong_byte(region, BUF_PAGES * PG, 3) < 0 ? 0 : 34;
}

/* munmap of shared pages in the child: gone there, a touch is SIGSEGV. */
static int child_unmaps(void)
{
	if (munmap(region + PG, PG) != 0)
		return 40;
	region[0] = 4;
	if (in_child(store_first_page) != 0)
		return 41;
	char *gone = region + PG;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		*(volatile char *)gone = 1;
		_exit(0);
	}
	return pid > 0 && wait_status(pid) == 128 + SIGSEGV ? 0 : 42;
}

static void on_usr1(int sig)
{
	(void)sig;
	handled = 1;
}

/* A signal handler's frame goes on the stack fork shared. */
static int child_signal(void)
{
	char frame[PG];

	struct ksigaction sa = { .handler = (unsigned long)on_usr1 };

	fill(frame, sizeof(frame), 5);
	rt_sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	return handled && wrong_byte(frame, sizeof(frame), 5) < 0 ? 0 : 50;
}

static char *big;

/* The child of a 64 MiB parent writes one byte in every 16th page. */
static int child_of_big(void)
{
	for (long off = 0; off < BIG_MIB * 1024L * 1024; off += 16 * PG)
		big[off] = 7;
	return 0;
}

static void big_parent(void)
{
	long len = BIG_MIB * 1024L * 1024;

	big = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check_long("mmap of 64 MiB", big != MAP_FAILED, 1);
	for (long off = 0; off < len; off += PG)
		big[off] = 1;
	check_long("fork from a parent holding 64 MiB, the child writing 1 page in 16",
		   in_child(child_of_big), 0);
	long changed = 0;
	for (long off = 0; off < len; off += PG)
		changed += big[off] != 1;
	check_long("of the parent's 64 MiB, bytes the child changed", changed, 0);
	check_long("munmap of 64 MiB", munmap(big, len), 0);
}

int
main(void)
{
	fill(data_buf, sizeof(data_buf), 1);
	region = mmap(NULL, BUF_PAGES * PG, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check_long("mmap of the region", region != MAP_FAILED, 1);
	fill(region, BUF_PAGES * PG, 1);
	static char src[BUF_PAGES * PG];
	fill(src, sizeof(src), 2);
	int fd = open(FILE_PATH, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	check_long("write the file", write(fd, src, sizeof(src)), sizeof(src));
	close(fd);

	check_long("read(2) into the child's shared .data and region", in_child(child_reads), 0);
	check_long("the parent's .data after the child's read", wrong_byte(data_buf, sizeof(data_buf), 1), -1);
	check_long("the parent's region after the child's read", wrong_byte(region, BUF_PAGES * PG, 1), -1);
	check_long("write(2) from the child's shared .data", in_child(child_writes), 0);
	check_long("mprotect of shared pages in the child", in_child(child_mprotects), 0);
	check_long("the parent's region after the child's mprotect and stores",
		   wrong_byte(region, BUF_PAGES * PG, 1), -1);
	check_long("munmap of a shared page in the child", in_child(child_unmaps), 0);
	check_long("the parent's region after the child's munmap", wrong_byte(region, BUF_PAGES * PG, 1), -1);
	check_long("a signal frame on the shared stack", in_child(child_signal), 0);
	fill(region, BUF_PAGES * PG, 6);
	check_long("the parent's stores after its children's",
		   wrong_byte(region, BUF_PAGES * PG, 6), -1);
	big_parent();
	unlink(FILE_PATH);
	return 0;
}
