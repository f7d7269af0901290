/*
 * The system calls that are ours, not Linux's: their numbers (above every
 * Linux one) and the structures they fill. Shared, as they stand, by the
 * kernel and user/lib (user programs see this folder through -iquote);
 * pure C with fixed-size fields only.
 */
#ifndef UAPI_OURS_H
#define UAPI_OURS_H
#include <stdint.h>

#define SYS_exec_reason 500	/* (buf, size): why the last execve was refused */
#define SYS_blkstats    501	/* (struct blkstats *): the block layer's counters */
#define SYS_coredump    502	/* (pid, path, size): a live process's core file */
#define SYS_loader_mode 510	/* (mode): how this process's execs load programs */
#define SYS_loadstat    511	/* (who, struct loadstat *): the loader's figures */
#define SYS_cpustat     512	/* (cpu, struct cpustat *): a hart's scheduler counters */
#define SYS_kprof       513	/* (op, arg, buf, size): the sampling profiler */

/* Block-layer counters since boot. */
struct blkstats {
	uint64_t requests;		/* disk requests issued */
	uint64_t sectors_read, sectors_written;
	uint64_t hits, misses;		/* single-sector reads from the cache */
	uint64_t writebacks;		/* dirty sectors written back */
};

/* loader_mode's modes: load the whole program at exec, or each page at its
 * first touch. 0 only asks. Inherited across fork and exec. */
#define LOADER_EAGER 1
#define LOADER_LAZY  2

/* What loading and running a program cost since its exec (who = 0), or
 * summed over the reaped children (who = -1): what memstat prints. Page
 * faults also reach wait4's rusage as ru_minflt and ru_majflt. */
#define LOADSTAT_SELF     0
#define LOADSTAT_CHILDREN (-1)
struct loadstat {
	uint64_t faults;		/* page faults the kernel answered */
	uint64_t major_faults;		/* of them, ones that waited for the disk */
	uint64_t file_pages;		/* pages filled from the program file */
	uint64_t zero_pages;		/* pages zero-filled: bss, heap, stack */
	uint64_t untouched_pages;	/* pages of the segments never touched */
	uint64_t disk_bytes;		/* bytes the disk read for this process */
	uint64_t frag_bytes;		/* bytes of mapped segment pages outside every segment */
	uint64_t lazy;			/* 1 if the program was loaded lazily */
	uint64_t around_pages;		/* cached pages mapped beside a fault (fault-around) */
	uint64_t cow_faults;		/* stores to pages fork shared, which made them its own */
};

/* What the scheduler did on one hart since boot (cpu: 0 up to the number
 * of harts; -EINVAL past the last). */
struct cpustat {
	uint64_t hartid;
	uint64_t switches;		/* processes it started running */
	uint64_t migrations;		/* of them, ones it took from another hart */
	uint64_t ipis;			/* IPIs it sent to wake other harts */
	uint64_t busy_time;		/* rdtime ticks it ran processes */
	uint64_t idle;			/* 1 if in its scheduler loop now */
	uint64_t user_time;		/* of busy_time, rdtime ticks in user mode */
};

/*
 * kprof's operations. While it runs, every hart records where it is
 * (struct kprof_sample) hz times a second, from its timer interrupt;
 * the samples stay in the kernel until the next start.
 */
#define KPROF_START 1		/* arg: samples a second per hart, 1 to KPROF_MAX_HZ */
#define KPROF_STOP  2
#define KPROF_READ  3		/* samples from number arg on into buf: bytes copied; EBUSY while running */
#define KPROF_STAT  4		/* struct kprof_stat into buf */
#define KPROF_LOCKS 5		/* struct kprof_lockstat for each lock name into buf: bytes copied */
#define KPROF_MAX_HZ 10000
#define KPROF_DEPTH 12

/* One sample: a hart's pc, and in the kernel its callers as far as the
 * frame pointers lead (return addresses, innermost first, 0 after the
 * last). Samples are only taken where interrupts are on: code that holds
 * a spinlock is seen at the release that turns them back on. */
struct kprof_sample {
	uint64_t pc;
	uint64_t chain[KPROF_DEPTH];
	int32_t pid;			/* 0: no process (the hart's scheduler) */
	uint8_t hart;			/* its cpus[] index */
	uint8_t user;			/* 1: pc is in the process's program */
	uint8_t pad[2];
	char name[16];			/* the process's name ("" with pid 0) */
};

struct kprof_stat {
	uint64_t running;		/* 1 between start and stop */
	uint64_t hz;			/* the rate of the last start */
	uint64_t samples;		/* taken since the last start, all harts */
	uint64_t dropped;		/* not taken: a hart's buffer was full */
	uint64_t capacity;		/* samples a hart's buffer holds */
	uint64_t timebase;		/* rdtime ticks a second */
};

/* The spinlocks of one name (every process's "proc" lock together),
 * from the last start to its stop: acquisitions, those that found the
 * lock held, and the rdtime ticks they waited for it. */
struct kprof_lockstat {
	char name[24];
	uint64_t acquires, contended, wait_ticks;
};
#endif
