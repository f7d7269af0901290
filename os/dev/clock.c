/*
 * Time: monotonic from the rdtime counter, the wall clock that plus the
 * RTC's reading at boot, both computed as the vDSO computes them, from
 * its data page (vdso/vdso.h), so that a process reads the same time
 * through the vDSO as through a system call.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "vdso/vdso.h"

static uint64_t ts_ns(struct timespec ts) { return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec; }

/* From the first instant of boot: the log's time stamps need no page. */
uint64_t monotonic_ns(void) { return ts_ns(vdso_ticks(bootinfo.timebase)); }

uint64_t realtime_ns(void) { return ts_ns(vdso_clock(vdso_data(), CLOCK_REALTIME)); }

/* The monotonic instant at which the wall clock reads real_ns (1 if
 * that was before boot: the monotonic clock's first instant). One
 * subtraction of the fixed offset: reading the two clocks at two
 * instants to convert would put the deadline early by the gap. */
uint64_t realtime_to_monotonic(uint64_t real_ns)
{
	uint64_t wall = ts_ns(vdso_data()->wall);

	return real_ns > wall ? real_ns - wall : 1;
}

/* Without an RTC (sifive_u) the wall clock starts at boot from
 * 1980-01-01, the first time FAT can store, so file times round-trip. */
#define FAT_EPOCH_NS (315532800ULL * NSEC_PER_SEC)

/* The Goldfish RTC's time (QEMU virt), in ns since 1970. */
static uint64_t rtc_ns(void)
{
	volatile uint32_t *rtc = (uint32_t *)KVA(bootinfo.rtc);
	uint64_t lo = rtc[0];	/* reading TIME_LOW latches TIME_HIGH */

	return (uint64_t)rtc[1] << 32 | lo;
}

/* Fills the vDSO's data page: the timebase, and the wall clock's offset
 * from the RTC, read once (as Linux does: the clocks then run on rdtime). */
void clock_init(void)
{
	struct vdso_data *d = vdso_data();
	uint64_t offset = bootinfo.rtc ? rtc_ns() - monotonic_ns() : FAT_EPOCH_NS;

	d->timebase = bootinfo.timebase;
	d->wall = (struct timespec){ offset / NSEC_PER_SEC, offset % NSEC_PER_SEC };
}

/* Splits seconds since 1970 into a UTC calendar date and time of day
 * (after Howard Hinnant's civil_from_days). */
void unix_to_civil(int64_t secs, struct civil *c)
{
	int64_t days = secs / 86400, rem = secs % 86400;

	if (rem < 0)
		rem += 86400, days--;
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	c->day = doy - (153 * mp + 2) / 5 + 1;
	c->month = mp < 10 ? mp + 3 : mp - 9;
	c->year = yoe + era * 400 + (c->month <= 2);
	c->hour = rem / 3600;
	c->min = rem / 60 % 60;
	c->sec = rem % 60;
}

/* Seconds since 1970 of a UTC calendar date and time. */
int64_t civil_to_unix(const struct civil *c)
{
	int64_t y = c->year - (c->month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (c->month + (c->month > 2 ? -3 : 9)) + 2) / 5 + c->day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + c->hour * 3600 + c->min * 60 + c->sec;
}
