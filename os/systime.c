/* Time system calls: clocks, sleeps, the interval timer. */
#include "defs.h"
#include "syscall.h"

struct timespec {
	int64_t tv_sec, tv_nsec;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3

uint64_t sys_clock_gettime(void)
{
	int clk = argraw(0);
	uint64_t ns;

	if (clk == CLOCK_REALTIME) {
		ns = realtime_ns();
	} else if (clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID) {
		struct proc *p = myproc();
		uint64_t t = p->cpu_time + (r_time() - p->run_start);
		ns = t / bootinfo.timebase * 1000000000ULL +
		     t % bootinfo.timebase * 1000000000ULL / bootinfo.timebase;
	} else if (clk == CLOCK_MONOTONIC || clk == 4 /* MONOTONIC_RAW */ || clk == 7 /* BOOTTIME */) {
		ns = monotonic_ns();
	} else {
		return -EINVAL;
	}
	struct timespec ts = { ns / 1000000000, ns % 1000000000 };
	return copyout(myproc()->pagetable, argraw(1), &ts, sizeof(ts));
}

/* Sleeps until the monotonic clock reaches deadline_ns, or a signal. */
static int sleep_until(uint64_t deadline_ns)
{
	int err = 0;

	acquire(&tickslock);
	while (monotonic_ns() < deadline_ns) {
		if (proc_killed(myproc())) {
			err = -EINTR;
			break;
		}
		sleep((void *)&ticks, &tickslock);
	}
	release(&tickslock);
	return err;
}

static int read_timespec(uint64_t addr, uint64_t *ns)
{
	struct timespec ts;

	if (copyin(myproc()->pagetable, &ts, addr, sizeof(ts)) < 0)
		return -EFAULT;
	if (myproc()->is32)	/* rv32's tv_nsec is a long: the rest is padding */
		ts.tv_nsec = (uint32_t)ts.tv_nsec;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*ns = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	return 0;
}

uint64_t sys_nanosleep(void)
{
	uint64_t ns;
	int err = read_timespec(argraw(0), &ns);

	return err < 0 ? err : sleep_until(monotonic_ns() + ns);
}

#define TIMER_ABSTIME 1

uint64_t sys_clock_nanosleep(void)
{
	int clk = argraw(0), flags = argraw(1);
	uint64_t ns;
	int err = read_timespec(argraw(2), &ns);

	if (err < 0)
		return err;
	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != 7 /* BOOTTIME */)
		return -EINVAL;
	if (!(flags & TIMER_ABSTIME))
		return sleep_until(monotonic_ns() + ns);
	uint64_t now = clk == CLOCK_REALTIME ? realtime_ns() : monotonic_ns();
	return ns <= now ? 0 : sleep_until(monotonic_ns() + (ns - now));
}

uint64_t sys_clock_getres(void)
{
	int clk = argraw(0);
	struct timespec res = { 0, 1000000000 / bootinfo.timebase };

	if (clk < 0 || clk > 7)
		return -EINVAL;
	if (argraw(1) && copyout(myproc()->pagetable, argraw(1), &res, sizeof(res)) < 0)
		return -EFAULT;
	return 0;
}

struct itimerval {
	int64_t interval_sec, interval_usec, value_sec, value_usec;
};
#define ITIMER_REAL 0

static uint64_t usec_to_ticks(int64_t sec, int64_t usec)
{
	return sec * HZ + (usec * HZ + 999999) / 1000000;
}

/* setitimer(ITIMER_REAL): SIGALRM after a while (what alarm() uses),
 * with tick (10 ms) resolution. */
uint64_t sys_setitimer(void)
{
	struct proc *p = myproc();
	struct itimerval v, old = { 0 };

	if (argraw(0) != ITIMER_REAL)
		return -EINVAL;
	if (argraw(1) && copyin(p->pagetable, &v, argraw(1), sizeof(v)) < 0)
		return -EFAULT;
	acquire(&tickslock);
	if (p->alarm_at > ticks) {
		old.value_sec = (p->alarm_at - ticks) / HZ;
		old.value_usec = (p->alarm_at - ticks) % HZ * (1000000 / HZ);
	}
	old.interval_sec = p->alarm_interval / HZ;
	old.interval_usec = p->alarm_interval % HZ * (1000000 / HZ);
	if (argraw(1)) {
		uint64_t t = usec_to_ticks(v.value_sec, v.value_usec);
		p->alarm_at = t ? ticks + t : 0;
		p->alarm_interval = usec_to_ticks(v.interval_sec, v.interval_usec);
	}
	release(&tickslock);
	if (argraw(2) && copyout(p->pagetable, argraw(2), &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

/* ppoll with no descriptors: sleep until the timeout or a signal (what
 * pause() and sleeps built on poll use). Descriptors are not polled yet. */
uint64_t sys_ppoll(void)
{
	uint64_t ns;

	if (argraw(1) != 0) {
		klog("ppoll: polling descriptors is not supported");
		return -ENOSYS;
	}
	if (!argraw(2)) {
		signal_wait(myproc());
		return -EINTR;
	}
	int err = read_timespec(argraw(2), &ns);
	if (err < 0)
		return err;
	err = sleep_until(monotonic_ns() + ns);
	return err ? err : 0;
}
