/*
 * CPU-time clocks: CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID
 * and the clock ids clock_getcpuclockid and pthread_getcpuclockid make,
 * in Linux's encoding (kernel/time/posix-cpu-timers.c): ~pid << 3, the
 * thread bit (4), and which time in the low two bits, PROF (user and
 * system), VIRT (user) or SCHED (all the time it ran, exact: rdtime at
 * each switch, sched.c). A thread's clock is readable by the threads of
 * its own process only; a process's by anyone.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "uapi/linux/time.h"

#define CPUCLOCK_PERTHREAD 4
#define CPUCLOCK_WHICH(clk) ((clk) & 3)
#define CPUCLOCK_PID(clk) (~((clk) >> 3))

/* Is clk a CPU-time clock (not a fixed one, nor a clock of a descriptor,
 * CLOCKFD)? */
bool cpuclock_is(int clk)
{
	return clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID ||
	       (clk < 0 && CPUCLOCK_WHICH(clk) != CPUCLOCK_MAX);
}

/* What clk names: a thread's clock or a process's, whose (pid 0: the
 * caller's), which time. clk is a CPU-time clock. */
static void decode(int clk, int *pid, bool *thread, int *which)
{
	if (clk >= 0) {
		*pid = 0;
		*thread = clk == CLOCK_THREAD_CPUTIME_ID;
		*which = CPUCLOCK_SCHED;
		return;
	}
	*pid = CPUCLOCK_PID(clk);
	*thread = clk & CPUCLOCK_PERTHREAD;
	*which = CPUCLOCK_WHICH(clk);
}

/* The thread or process clk names, held (proc_put it); NULL if there is
 * none the caller may read. A process is named by its leader's pid, or
 * by the caller's own tid. */
struct proc *cpuclock_owner(int clk, bool *thread)
{
	struct proc *me = myproc(), *p;
	int pid, which;

	decode(clk, &pid, thread, &which);
	if (pid == 0)
		return proc_hold(*thread ? me : me->leader);
	if (pid < 0 || !(p = proc_get(pid)))
		return NULL;
	bool ok = *thread ? p->tgid == me->tgid : p->tgid == pid || p == me;
	if (ok && !*thread && p != p->leader) {	/* the caller's tid: its process */
		struct proc *L = proc_hold(p->leader);
		proc_put(p);
		p = L;
	}
	if (!ok)
		proc_put(p);
	return ok ? p : NULL;
}

static uint64_t to_ns(uint64_t t)
{
	return t / bootinfo.timebase * 1000000000ULL + t % bootinfo.timebase * 1000000000ULL / bootinfo.timebase;
}

/* Thread t's time of kind which, in ns. */
static uint64_t thread_time(struct proc *t, int which)
{
	uint64_t user, sys;

	proc_times(t, &user, &sys);
	return to_ns(which == CPUCLOCK_VIRT ? user : user + sys);
}

/* The time of kind which of L's process: its live threads', and the
 * leader's, which holds what its exited threads ran (thread_account). */
static uint64_t process_time(struct proc *L, int which)
{
	struct tgroup *g = &L->group;
	uint64_t ns = thread_time(L, which);

	acquire(&g->lock);
	for (struct list *n = g->threads.next; n != &g->threads; n = n->next) {
		struct proc *t = list_entry(n, struct proc, tlink);
		if (t != L)
			ns += thread_time(t, which);
	}
	release(&g->lock);
	return ns;
}

/* The time of kind which (CPUCLOCK_*) of p: a thread's alone, or, if
 * !thread, its process's (p is the leader). */
uint64_t cpuclock_time(struct proc *p, bool thread, int which)
{
	return thread ? thread_time(p, which) : process_time(p, which);
}

/* clock_gettime of CPU-time clock clk, in ns; -EINVAL if no one the
 * caller may read has it. */
int cpuclock_read(int clk, uint64_t *ns)
{
	bool thread;
	struct proc *p = cpuclock_owner(clk, &thread);
	int pid, which;

	if (!p)
		return -EINVAL;
	decode(clk, &pid, &thread, &which);
	*ns = cpuclock_time(p, thread, which);
	proc_put(p);
	return 0;
}

/* clock_getres of CPU-time clock clk, as Linux answers it: 1 ns for
 * the exact clocks, a tick for the sampled ones. */
int cpuclock_res(int clk, uint64_t *ns)
{
	bool thread;
	struct proc *p = cpuclock_owner(clk, &thread);
	int pid, which;

	if (!p)
		return -EINVAL;
	proc_put(p);
	decode(clk, &pid, &thread, &which);
	*ns = which == CPUCLOCK_SCHED ? 1 : (1000000000ULL + HZ - 1) / HZ;
	return 0;
}

/*
 * clock_nanosleep on a CPU-time clock, until it reads at least ns
 * (relative: that much more than now). The caller's own thread clock
 * never moves while it sleeps: EINVAL, as Linux says; another's is
 * looked at every clock tick. 0, or -EINTR for a signal.
 */
int cpuclock_sleep(int clk, bool absolute, uint64_t ns)
{
	bool thread;
	struct proc *p = cpuclock_owner(clk, &thread);
	int pid, which, err = 0;

	if (!p)
		return -EINVAL;
	decode(clk, &pid, &thread, &which);
	if (thread && p == myproc()) {
		proc_put(p);
		return -EINVAL;
	}
	uint64_t target = absolute ? ns : cpuclock_time(p, thread, which) + ns;
	acquire(&tickslock);
	while (cpuclock_time(p, thread, which) < target) {
		if (proc_killed(myproc())) {
			err = -EINTR;
			break;
		}
		sleep((void *)&ticks, &tickslock);
	}
	release(&tickslock);
	proc_put(p);
	return err;
}
