/*
 * The vDSO's data page and the clock reading both sides share: the
 * kernel's clock calls (kern/systime.c, dev/clock.c) and the vDSO's
 * (vdso.c) compute every clock with vdso_clock, from the same page, so
 * a time read through the vDSO and one read through the system call
 * agree to the nanosecond.
 *
 * The page is filled once at boot (clock_init), before any process
 * runs, and mapped read-only into every 64-bit process just below the
 * vDSO's text (mm/vdso.c); nothing changes it later (there is no
 * settimeofday or clock_settime: one that comes must update it under a
 * sequence count the readers retry on).
 */
#ifndef VDSO_VDSO_H
#define VDSO_VDSO_H
#include <stdbool.h>
#include <stdint.h>
#include "uapi/linux/time.h"

#define NSEC_PER_SEC 1000000000ULL

struct vdso_data {
	uint64_t timebase;	/* rdtime ticks a second */
	struct timespec wall;	/* CLOCK_REALTIME when rdtime read 0 */
};

/* The clocks the data page answers; the CPU-time clocks and unknown
 * ones take the system call. The coarse clocks are the fine ones: a
 * read costs the same here. CLOCK_TAI is the wall clock plus the TAI
 * offset, which is 0 until adjtimex sets it (Linux's), and nothing here
 * sets it. */
static inline bool vdso_clock_known(int clk)
{
	return clk == CLOCK_REALTIME || clk == CLOCK_MONOTONIC || clk == CLOCK_MONOTONIC_RAW ||
	       clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE ||
	       clk == CLOCK_BOOTTIME || clk == CLOCK_TAI;
}

/* Monotonic time: rdtime at hz ticks a second, scaled. It never goes
 * back and counts from the machine's start (nothing suspends it, so
 * BOOTTIME is the same). */
static inline struct timespec vdso_ticks(uint64_t hz)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return (struct timespec){ t / hz, t % hz * NSEC_PER_SEC / hz };
}

/* Clock clk, one that vdso_clock_known answers, now. */
static inline struct timespec vdso_clock(const struct vdso_data *d, int clk)
{
	struct timespec ts = vdso_ticks(d->timebase);

	if (clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE || clk == CLOCK_TAI) {
		ts.tv_sec += d->wall.tv_sec;
		ts.tv_nsec += d->wall.tv_nsec;
		if (ts.tv_nsec >= (int64_t)NSEC_PER_SEC) {
			ts.tv_nsec -= NSEC_PER_SEC;
			ts.tv_sec++;
		}
	}
	return ts;
}
#endif
