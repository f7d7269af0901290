/*
 * The host's stand-in for the kernel's kern/kern.h, just what tmpfs
 * (os/fs/tmpfs*.c) uses, for its unit test (os/tests/test_tmpfs.c):
 * sleep locks that only check they are taken and let go in pairs, the
 * boot information's RAM size, klog to stdout. The kernel's own errno
 * numbers and page size.
 */
#ifndef KERN_KERN_H
#define KERN_KERN_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include <stdio.h>
#include "uapi/linux/errno.h"

struct file;
struct kstat;
struct proc;

#define PGSIZE 4096UL
#define MAXVA (1UL << 38)	/* the user's half, as arch/riscv.h's (fs.h's user_rw_count) */
#define PTE_W (1UL << 2)
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

struct sleeplock {
	int held;
	const char *name;
};
enum { SLEEP_TMPFS = 1 };
void initsleeplock(struct sleeplock *lk, const char *name, int rank);
void acquiresleep(struct sleeplock *lk);
void releasesleep(struct sleeplock *lk);

struct bootinfo {
	uint64_t mem_size;
};
extern struct bootinfo bootinfo;

#define klog printf
#endif
