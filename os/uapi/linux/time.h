/*
 * The clocks, clock_nanosleep(2)'s flag and the interval timers, with
 * the structures of their calls as rv64 has them (rv32's 64-bit time
 * calls take the same timespec; kern/compat32.c converts the rest):
 * gettimeofday's and times(2)'s too.
 * Checked against <linux/time.h>, <linux/time_types.h> and
 * <linux/times.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_TIME_H
#define UAPI_LINUX_TIME_H
#include <stdint.h>

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define CLOCK_TAI                11

#define TIMER_ABSTIME 0x01

#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2

struct timespec {		/* Linux's struct __kernel_timespec */
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct timezone {
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
};

struct tms {			/* in clock ticks, 1/USER_HZ s */
	int64_t tms_utime;
	int64_t tms_stime;
	int64_t tms_cutime;
	int64_t tms_cstime;
};

struct itimerspec {		/* timer_settime(2)'s */
	struct timespec it_interval;
	struct timespec it_value;
};

struct itimerval {
	int64_t interval_sec;	/* Linux's it_interval.tv_sec */
	int64_t interval_usec;	/* Linux's it_interval.tv_usec */
	int64_t value_sec;	/* Linux's it_value.tv_sec */
	int64_t value_usec;	/* Linux's it_value.tv_usec */
};
#endif
