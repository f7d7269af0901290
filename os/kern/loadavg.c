/*
 * The load average, as Linux keeps it (kernel/sched/loadavg.c): every
 * 5 s hart 0's clock tick samples the processes running or ready to,
 * and each of the three averages moves toward that count by a fixed
 * factor, exp(-5 s / 1, 5 and 15 min), in fixed point with 11 bits of
 * fraction. /proc/loadavg and sysinfo(2) read them.
 */
#include "kern/kern.h"

#define EXP_1 1884		/* FIXED_1 / exp(5 s / 1 min) */
#define EXP_5 2014		/* FIXED_1 / exp(5 s / 5 min) */
#define EXP_15 2037		/* FIXED_1 / exp(5 s / 15 min) */
#define SAMPLE_SECONDS 5

static uint64_t avenrun[3];	/* written by hart 0 only */
static uint64_t next_sample;

static int count_active(struct proc *p, void *n)
{
	enum procstate s = __atomic_load_n(&p->state, __ATOMIC_RELAXED);

	*(int *)n += s == RUNNING || s == RUNNABLE;
	return 0;
}

int procs_active(void)
{
	int n = 0;

	proc_walk(count_active, &n);
	return n;
}

/* Linux's calc_load: rounds up while the load grows, so that a steady
 * count is reached, not approached forever from below. */
static uint64_t calc_load(uint64_t load, uint64_t exp, uint64_t active)
{
	uint64_t next = load * exp + active * (LOAD_FIXED_1 - exp);

	if (active >= load)
		next += LOAD_FIXED_1 - 1;
	return next / LOAD_FIXED_1;
}

void loadavg_tick(uint64_t now)
{
	if (now < next_sample)
		return;
	next_sample = now + SAMPLE_SECONDS * bootinfo.timebase;
	uint64_t active = (uint64_t)procs_active() * LOAD_FIXED_1;
	static const uint64_t exps[3] = { EXP_1, EXP_5, EXP_15 };
	for (int i = 0; i < 3; i++)
		__atomic_store_n(&avenrun[i], calc_load(avenrun[i], exps[i], active),
				 __ATOMIC_RELAXED);
}

void loadavg_get(uint64_t loads[3])
{
	for (int i = 0; i < 3; i++)
		loads[i] = __atomic_load_n(&avenrun[i], __ATOMIC_RELAXED);
}
