/*
 * Time through musl: clock_gettime and clock_getres of every clock,
 * clock_getcpuclockid, gettimeofday and time, nanosleep, clock_nanosleep
 * relative and absolute, and their errors.
 */
#include <pthread.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long long ns(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long now(clockid_t c)
{
	struct timespec t;

	CHECK(clock_gettime(c, &t) == 0);
	return ns(t);
}

static void every_clock(void)
{
	static const struct { clockid_t id; const char *name; } clocks[] = {
		{CLOCK_REALTIME, "CLOCK_REALTIME"}, {CLOCK_MONOTONIC, "CLOCK_MONOTONIC"},
		{CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID"},
		{CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID"},
		{CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW"},
		{CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE"},
		{CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE"},
		{CLOCK_BOOTTIME, "CLOCK_BOOTTIME"}, {CLOCK_TAI, "CLOCK_TAI"},
	};
	struct timespec t, res;

	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		int g = clock_gettime(clocks[i].id, &t);
		int r = clock_getres(clocks[i].id, &res);
		printf("%s: gettime %s, nsec in range: %s, getres %s, res > 0: %s\n", clocks[i].name,
		       g ? errname(errno) : "ok", t.tv_nsec >= 0 && t.tv_nsec < 1000000000 ? "yes" : "no",
		       r ? errname(errno) : "ok", ns(res) > 0 ? "yes" : "no");
	}
	CHECK_ERR("clock_gettime bad clock", clock_gettime(42, &t), EINVAL);
	CHECK_ERR("clock_getres bad clock", clock_getres(42, &res), EINVAL);
	CHECK(clock_getres(CLOCK_MONOTONIC, NULL) == 0);
	printf("clock_getres NULL: ok\n");

	long long a = now(CLOCK_MONOTONIC), b = now(CLOCK_MONOTONIC);
	SAY("CLOCK_MONOTONIC never goes back", b >= a);
	struct timeval tv;
	CHECK(gettimeofday(&tv, NULL) == 0);
	long long rt = now(CLOCK_REALTIME) / 1000000000;
	SAY("gettimeofday agrees with CLOCK_REALTIME", tv.tv_sec <= rt && rt - tv.tv_sec <= 1);
	SAY("time() agrees too", llabs(time(NULL) - rt) <= 1);
	SAY("CLOCK_REALTIME past 2020", rt > 1577836800);

	clockid_t cid;
	CHECK(clock_getcpuclockid(0, &cid) == 0);
	CHECK(clock_gettime(cid, &t) == 0);
	printf("clock_getcpuclockid(0): a clock that reads: yes\n");
	CHECK(pthread_getcpuclockid(pthread_self(), &cid) == 0);
	CHECK(clock_gettime(cid, &t) == 0);
	printf("pthread_getcpuclockid: a clock that reads: yes\n");

	long long c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	volatile unsigned long x = 0;
	while (now(CLOCK_PROCESS_CPUTIME_ID) - c0 < 20000000)
		x++;
	SAY("a busy loop moves CLOCK_PROCESS_CPUTIME_ID 20ms", now(CLOCK_PROCESS_CPUTIME_ID) - c0 >= 20000000);
}

static void sleeps(void)
{
	struct timespec d = { 0, 50000000 }, rem = { 7, 7 }, t;
	long long a = now(CLOCK_MONOTONIC);

	CHECK(nanosleep(&d, &rem) == 0);
	SAY("nanosleep 50ms: elapsed >= 50ms", now(CLOCK_MONOTONIC) - a >= 50000000);
	struct timespec bad = { 0, 1000000000 }, neg = { -1, 0 };
	CHECK_ERR("nanosleep nsec 1e9", nanosleep(&bad, NULL), EINVAL);
	CHECK_ERR("nanosleep negative", nanosleep(&neg, NULL), EINVAL);
	CHECK(usleep(10000) == 0);
	printf("usleep: ok\n");

	a = now(CLOCK_MONOTONIC);
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL) == 0);
	SAY("clock_nanosleep relative 50ms: elapsed >= 50ms", now(CLOCK_MONOTONIC) - a >= 50000000);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t) == 0);
	long long target = ns(t) + 60000000;
	t.tv_sec = target / 1000000000;
	t.tv_nsec = target % 1000000000;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == 0);
	SAY("clock_nanosleep TIMER_ABSTIME: woke at or after the deadline", now(CLOCK_MONOTONIC) >= target);
	CHECK(clock_gettime(CLOCK_REALTIME, &t) == 0);
	target = ns(t) + 30000000;
	t.tv_sec = target / 1000000000;
	t.tv_nsec = target % 1000000000;
	CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL) == 0);
	SAY("clock_nanosleep CLOCK_REALTIME absolute: after the deadline", now(CLOCK_REALTIME) >= target);
	t.tv_sec = 1;
	t.tv_nsec = 0;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == 0);
	printf("clock_nanosleep absolute in the past: returns at once\n");
	CHECK_RC("clock_nanosleep bad clock", clock_nanosleep(42, 0, &d, NULL), EINVAL);
	CHECK_RC("clock_nanosleep thread CPU clock", clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL), EINVAL);
	CHECK_RC("clock_nanosleep bad nsec", clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL), EINVAL);
	CHECK_RC("clock_nanosleep EFAULT", clock_nanosleep(CLOCK_MONOTONIC, 0, (struct timespec *)16, NULL), EFAULT);
}

int main(void)
{
	alarm(30);
	every_clock();
	sleeps();
	return 0;
}
