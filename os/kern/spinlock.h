#ifndef SPINLOCK_H
#define SPINLOCK_H
#include "kern/types.h"

/* Mutual exclusion across harts; interrupts stay off while held. */
struct spinlock {
	volatile uint32_t locked;
	const char *name;
	struct cpu *cpu;	/* holder, for holding() and debugging */
	int rank;		/* place in the lock order (kern.h) */
	int lockclass;		/* the profiler's counters for its name, + 1; 0: not looked up */
};

/* Sleeps instead of spinning: for long waits such as disk I/O. */
struct sleeplock {
	int state;		/* 0 free, 1 held, 2 held and maybe slept on (sleeplock.c) */
	struct spinlock lk;	/* orders a sleeper against its wakeup */
	const char *name;
	int pid;
	struct proc *owner;	/* the holder, NULL if none or the boot hart */
	int rank;		/* place in the sleep-lock order (kern.h) */
};

#define SPINLOCK_INIT(nm, rk) { .locked = 0, .name = (nm), .cpu = NULL, .rank = (rk) }
#endif
