#ifndef SPINLOCK_H
#define SPINLOCK_H
#include "types.h"

/* Mutual exclusion across harts; interrupts stay off while held. */
struct spinlock {
	volatile uint32_t locked;
	const char *name;
	struct cpu *cpu;	/* holder, for holding() and debugging */
};

/* Sleeps instead of spinning: for long waits such as disk I/O. */
struct sleeplock {
	bool locked;
	struct spinlock lk;
	const char *name;
	int pid;
};
#endif
