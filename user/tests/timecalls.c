/*
 * timecalls: gettimeofday, times and getitimer called directly, as a
 * small libc calls them (glibc goes through clock_gettime instead):
 * the wall clock against clock_gettime's, CPU time of the process and
 * of a reaped child in clock ticks, the interval timer's time left.
 * Times vary from run to run: the checks print only what Linux and
 * this kernel agree on (bounds, exact intervals, errors).
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define CLOCK_REALTIME_ 0
#define CLOCK_CPUTIME_ 2	/* CLOCK_PROCESS_CPUTIME_ID */
#define USER_HZ 100
#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2
#define BAD 8L			/* an address never mapped */

struct ktimeval {
	int64_t sec, usec;
};
struct ktimezone {
	int32_t minuteswest, dsttime;
};
struct ktms {
	int64_t utime, stime, cutime, cstime;
};
struct kitimerval {
	struct ktimeval interval, value;
};

static int64_t
clock_ns(int clock)
{
	int64_t ts[2];

	syscall2(SYS_clock_gettime, clock, ts);
	return ts[0] * 1000000000 + ts[1];
}

/* Spends ms milliseconds of CPU time. */
static void
burn(int ms)
{
	int64_t end = clock_ns(CLOCK_CPUTIME_) + ms * 1000000LL;

	while (clock_ns(CLOCK_CPUTIME_) < end)
		;
}

static void
gettimeofday_calls(void)
{
	struct ktimeval tv;
	struct ktimezone tz = { -1, -1 };
	int64_t before = clock_ns(CLOCK_REALTIME_) / 1000;

	check_long("gettimeofday", sysret(syscall2(SYS_gettimeofday, &tv, &tz)), 0);
	int64_t after = clock_ns(CLOCK_REALTIME_) / 1000;
	int64_t us = tv.sec * 1000000 + tv.usec;
	check_long("tv_usec below a second", tv.usec >= 0 && tv.usec < 1000000, 1);
	check_long("between two clock_gettime(REALTIME)", us >= before && us <= after, 1);
	/* a machine nobody told a time zone (the kernel's own is UTC's) */
	check_long("tz_minuteswest", tz.minuteswest, 0);
	check_long("tz_dsttime", tz.dsttime, 0);
	check_long("gettimeofday(NULL, NULL)", sysret(syscall2(SYS_gettimeofday, 0, 0)), 0);
	check_errno("gettimeofday(bad tv)", sysret(syscall2(SYS_gettimeofday, BAD, 0)), EFAULT);
	check_errno("gettimeofday(bad tz)", sysret(syscall2(SYS_gettimeofday, &tv, BAD)), EFAULT);
}

static void
times_calls(void)
{
	struct ktms t0, t1;
	long r0 = sysret(syscall1(SYS_times, &t0));

	check_long("times succeeds", r0 != -1, 1);
	burn(100);
	long r1 = sysret(syscall1(SYS_times, &t1));
	long used = (t1.utime + t1.stime) - (t0.utime + t0.stime);
	/* 100 ms of CPU is 10 ticks; each end may lose one to rounding */
	check_long("100 ms of CPU: 8 or more ticks", used >= 8, 1);
	check_long("and no more than the ticks elapsed (+2)", used <= r1 - r0 + 2, 1);
	check_long("times(NULL)", sysret(syscall1(SYS_times, 0)) != -1, 1);
	check_errno("times(bad)", sysret(syscall1(SYS_times, BAD)), EFAULT);

	pid_t pid = fork();
	if (pid == 0) {
		burn(100);
		_exit(0);
	}
	int status;
	check_long("child burns 100 ms", wait4(pid, &status, 0, NULL) == pid && status == 0, 1);
	syscall1(SYS_times, &t1);
	/* the children's times count from before our exec: compare */
	check_long("reaped child's CPU: 8 or more ticks",
		   (t1.cutime + t1.cstime) - (t0.cutime + t0.cstime) >= 8, 1);
}

static int64_t
usec(struct ktimeval tv)
{
	return tv.sec * 1000000 + tv.usec;
}

static void
getitimer_calls(void)
{
	struct kitimerval v = { { 9, 9 }, { 9, 9 } };
	struct kitimerval set = { { 1, 0 }, { 5, 0 } }, off = { { 0, 0 }, { 0, 0 } };

	check_long("getitimer(ITIMER_REAL), none set", sysret(syscall2(SYS_getitimer, ITIMER_REAL, &v)), 0);
	check_long("reads zero", usec(v.value) + usec(v.interval), 0);
	v.value.sec = 9;
	check_long("getitimer(ITIMER_VIRTUAL)", sysret(syscall2(SYS_getitimer, ITIMER_VIRTUAL, &v)), 0);
	check_long("reads zero", usec(v.value) + usec(v.interval), 0);
	v.value.sec = 9;
	check_long("getitimer(ITIMER_PROF)", sysret(syscall2(SYS_getitimer, ITIMER_PROF, &v)), 0);
	check_long("reads zero", usec(v.value) + usec(v.interval), 0);
	check_errno("getitimer(3)", sysret(syscall2(SYS_getitimer, 3, &v)), EINVAL);
	check_errno("getitimer(bad value)", sysret(syscall2(SYS_getitimer, ITIMER_REAL, BAD)), EFAULT);

	check_long("setitimer(ITIMER_REAL, 5 s, every 1 s)",
		   sysret(syscall3(SYS_setitimer, ITIMER_REAL, &set, 0)), 0);
	check_long("getitimer(ITIMER_REAL)", sysret(syscall2(SYS_getitimer, ITIMER_REAL, &v)), 0);
	check_long("time left in (4 s, 5 s]", usec(v.value) > 4000000 && usec(v.value) <= 5000000, 1);
	check_long("interval in us", usec(v.interval), 1000000);
	check_long("setitimer(ITIMER_REAL, off)", sysret(syscall3(SYS_setitimer, ITIMER_REAL, &off, 0)), 0);
	syscall2(SYS_getitimer, ITIMER_REAL, &v);
	check_long("reads zero again", usec(v.value) + usec(v.interval), 0);
}

int
main(void)
{
	gettimeofday_calls();
	times_calls();
	getitimer_calls();
	printf("timecalls: all passed\n");
	return 0;
}
