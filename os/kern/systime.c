/* Time system calls: clocks, sleeps, the interval timer. */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "kern/syscall.h"
#include "uapi/linux/time.h"
#include "vdso/vdso.h"

/* The clocks the vDSO answers are computed as it computes them (same
 * page, same function); the CPU-time ones only here (cpuclock.c). */
uint64_t sys_clock_gettime(void)
{
	int clk = argraw(0);
	struct timespec ts;

	if (vdso_clock_known(clk)) {
		ts = vdso_clock(vdso_data(), clk);
	} else if (cpuclock_is(clk)) {
		uint64_t ns;
		int err = cpuclock_read(clk, &ns);
		if (err)
			return err;
		ts = ns_timespec(ns);
	} else {
		return -EINVAL;
	}
	return copyout(myproc()->pagetable, argraw(1), &ts, sizeof(ts));
}

/* Sleeps until the monotonic clock reaches deadline_ns (a timer armed
 * for it wakes the sleeper, not the next tick), or a signal. */
int sleep_until(uint64_t deadline_ns)
{
	struct spinlock lk = SPINLOCK_INIT("nanosleep", LOCK_COND);
	char self;	/* a channel no one else wakes */
	int err;

	acquire(&lk);
	while ((err = sleep_timed(&self, &lk, deadline_ns ? deadline_ns : 1, true)) == 0)
		;
	release(&lk);
	return err == -ETIMEDOUT ? 0 : err;
}

/* A struct timespec from user space in ns; -EFAULT, or -EINVAL if it
 * is not a valid duration. */
int read_timespec(uint64_t addr, uint64_t *ns)
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

struct timespec ns_timespec(uint64_t ns)
{
	return (struct timespec){ ns / 1000000000, ns % 1000000000 };
}

/* An itimerspec from the user (timer_settime, timerfd_settime) in ns,
 * each timespec checked as read_timespec does. */
int read_itimerspec(uint64_t addr, uint64_t *interval, uint64_t *value)
{
	struct itimerspec its;

	if (copyin(myproc()->pagetable, &its, addr, sizeof(its)) < 0)
		return -EFAULT;
	const struct timespec *ts[2] = { &its.it_interval, &its.it_value };
	for (int i = 0; i < 2; i++)
		if (ts[i]->tv_sec < 0 || ts[i]->tv_nsec < 0 || ts[i]->tv_nsec >= 1000000000)
			return -EINVAL;
	*interval = its.it_interval.tv_sec * 1000000000ULL + its.it_interval.tv_nsec;
	*value = its.it_value.tv_sec * 1000000000ULL + its.it_value.tv_nsec;
	return 0;
}

uint64_t sys_nanosleep(void)
{
	uint64_t ns;
	int err = read_timespec(argraw(0), &ns);

	return err < 0 ? err : sleep_until(monotonic_ns() + ns);
}

uint64_t sys_clock_nanosleep(void)
{
	int clk = argraw(0), flags = argraw(1);
	uint64_t ns;
	int err = read_timespec(argraw(2), &ns);

	if (err < 0)
		return err;
	if (cpuclock_is(clk))
		return cpuclock_sleep(clk, flags & TIMER_ABSTIME, ns);
	if (!vdso_clock_known(clk) && clk != CLOCK_TAI)
		return -EINVAL;
	/* Linux sleeps on neither the raw clock nor the coarse ones */
	if (clk == CLOCK_MONOTONIC_RAW || clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE)
		return -EOPNOTSUPP;
	if (!(flags & TIMER_ABSTIME))
		return sleep_until(monotonic_ns() + ns);
	bool wall = clk == CLOCK_REALTIME || clk == CLOCK_TAI;
	uint64_t deadline = wall ? realtime_to_monotonic(ns) : ns;
	return deadline <= monotonic_ns() ? 0 : sleep_until(deadline);
}

uint64_t sys_clock_getres(void)
{
	int clk = argraw(0);
	struct timespec res = { 0, 1000000000 / bootinfo.timebase };
	uint64_t ns;

	if (cpuclock_is(clk)) {
		int err = cpuclock_res(clk, &ns);
		if (err)
			return err;
		res.tv_nsec = ns;
	} else if (!vdso_clock_known(clk)) {
		return -EINVAL;
	}
	if (argraw(1) && copyout(myproc()->pagetable, argraw(1), &res, sizeof(res)) < 0)
		return -EFAULT;
	return 0;
}

static uint64_t usec_to_ticks(int64_t sec, int64_t usec)
{
	return sec * HZ + (usec * HZ + 999999) / 1000000;
}

/* The time until p's SIGALRM and its interval. Caller holds tickslock. */
static struct itimerval alarm_left(struct proc *p)
{
	struct itimerval v = { 0 };

	if (p->alarm_at > ticks) {
		v.value_sec = (p->alarm_at - ticks) / HZ;
		v.value_usec = (p->alarm_at - ticks) % HZ * (1000000 / HZ);
	}
	v.interval_sec = p->alarm_interval / HZ;
	v.interval_usec = p->alarm_interval % HZ * (1000000 / HZ);
	return v;
}

static bool timeval_ok(int64_t sec, int64_t usec)
{
	return sec >= 0 && usec >= 0 && usec < 1000000;
}

static uint64_t timeval_ns(int64_t sec, int64_t usec)
{
	return sec * NSEC_PER_SEC + usec * 1000;
}

/* ITIMER_VIRTUAL and ITIMER_PROF, counted in CPU time (ptimer.c): the
 * old setting to *old, and v's if it is not NULL. */
static int itimer_cpu_set(int which, const struct itimerval *v, struct itimerval *old)
{
	uint64_t value, interval, was[2];

	if (v) {
		value = timeval_ns(v->value_sec, v->value_usec);
		interval = timeval_ns(v->interval_sec, v->interval_usec);
	}
	int err = itimer_cpu(which, v ? &value : NULL, v ? &interval : NULL, was);
	/* a time left rounds up to a microsecond, as Linux's */
	uint64_t left_us = (was[0] + 999) / 1000;
	*old = (struct itimerval){ was[1] / NSEC_PER_SEC, was[1] % NSEC_PER_SEC / 1000,
				   left_us / 1000000, left_us % 1000000 };
	return err;
}

/* setitimer(which, new, old): ITIMER_REAL's SIGALRM after a while (what
 * alarm() uses), with tick (10 ms) resolution; the CPU-time ones. */
uint64_t sys_setitimer(void)
{
	struct proc *p = myproc();
	struct itimerval v, old = { 0 };
	uint64_t which = argraw(0);
	int err;

	if (which > ITIMER_PROF)
		return -EINVAL;
	if (argraw(1) && copyin(p->pagetable, &v, argraw(1), sizeof(v)) < 0)
		return -EFAULT;
	if (argraw(1) && (!timeval_ok(v.value_sec, v.value_usec) ||
			  !timeval_ok(v.interval_sec, v.interval_usec)))
		return -EINVAL;
	if (which != ITIMER_REAL) {
		if ((err = itimer_cpu_set(which, argraw(1) ? &v : NULL, &old)))
			return err;
		if (argraw(2) && copyout(p->pagetable, argraw(2), &old, sizeof(old)) < 0)
			return -EFAULT;
		return 0;
	}
	struct proc *L = p->leader;	/* the alarm is the group's */
	acquire(&tickslock);
	old = alarm_left(L);
	if (argraw(1)) {
		uint64_t t = usec_to_ticks(v.value_sec, v.value_usec);
		L->alarm_at = t ? ticks + t : 0;
		L->alarm_interval = usec_to_ticks(v.interval_sec, v.interval_usec);
	}
	release(&tickslock);
	if (argraw(2) && copyout(p->pagetable, argraw(2), &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

/* getitimer(which, value): a timer's time left and interval. */
uint64_t sys_getitimer(void)
{
	struct proc *p = myproc();
	struct itimerval v = { 0 };
	uint64_t which = argraw(0);
	int err;

	if (which > ITIMER_PROF)
		return -EINVAL;
	if (which == ITIMER_REAL) {
		acquire(&tickslock);
		v = alarm_left(p->leader);
		release(&tickslock);
	} else if ((err = itimer_cpu_set(which, NULL, &v))) {
		return err;
	}
	return copyout(p->pagetable, argraw(1), &v, sizeof(v));
}

/* gettimeofday(tv, tz): the wall clock in microseconds; the time zone
 * is UTC's (minutes west and DST flag both 0), as on a Linux machine
 * nobody told of another. Either pointer may be NULL. */
uint64_t sys_gettimeofday(void)
{
	uint64_t ns = realtime_ns();
	struct timeval tv = { ns / 1000000000, ns % 1000000000 / 1000 };
	struct timezone tz = { 0, 0 };
	pagetable_t pt = myproc()->pagetable;

	if (argraw(0) && copyout(pt, argraw(0), &tv, sizeof(tv)) < 0)
		return -EFAULT;
	if (argraw(1) && copyout(pt, argraw(1), &tz, sizeof(tz)) < 0)
		return -EFAULT;
	return 0;
}

#define USER_HZ 100	/* clock_t's unit: sysconf(_SC_CLK_TCK) */

static uint64_t to_clock_t(uint64_t t)
{
	return t / bootinfo.timebase * USER_HZ + t % bootinfo.timebase * USER_HZ / bootinfo.timebase;
}

/* times(buf): CPU time of the process and of the children it reaped,
 * in user mode and in the kernel, in 1/USER_HZ s; returns the time since boot in the same unit. buf may
 * be NULL; a 32-bit process's clock_t is 4 bytes. */
uint64_t sys_times(void)
{
	struct proc *p = myproc();
	uint64_t user, sys;
	proc_times(p, &user, &sys);
	struct tms t = { .tms_utime = to_clock_t(user), .tms_stime = to_clock_t(sys),
			 .tms_cutime = to_clock_t(p->child_utime),
			 .tms_cstime = to_clock_t(p->child_cpu_time - p->child_utime) };
	uint32_t t32[4] = { t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime };
	uint64_t buf = argraw(0);

	if (buf && p->is32 && copyout(p->pagetable, buf, t32, sizeof(t32)) < 0)
		return -EFAULT;
	if (buf && !p->is32 && copyout(p->pagetable, buf, &t, sizeof(t)) < 0)
		return -EFAULT;
	return to_clock_t(r_time());
}
