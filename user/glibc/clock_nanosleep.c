/* clock_nanosleep, relative and absolute (TIMER_ABSTIME), and usleep/sleep. */
#include <time.h>
#include <unistd.h>
#include "check.h"

static long long now(void)
{
	struct timespec t;
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t) == 0);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	struct timespec req = { 0, 20 * 1000 * 1000 }, abs;
	long long t0 = now();

	CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0);
	printf("relative 20ms: at least 20ms: %d\n", now() - t0 >= 20000000);

	CHECK(clock_gettime(CLOCK_MONOTONIC, &abs) == 0);
	abs.tv_nsec += 40 * 1000 * 1000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL) == 0);
	long long a = abs.tv_sec * 1000000000LL + abs.tv_nsec;
	printf("absolute deadline reached: %d\n", now() >= a);

	t0 = now();
	CHECK(usleep(15000) == 0);
	printf("usleep(15000) at least 15ms: %d\n", now() - t0 >= 15000000);
	t0 = now();
	CHECK(sleep(1) == 0);
	printf("sleep(1) at least 1s: %d\n", now() - t0 >= 1000000000);
	req.tv_nsec = 2000000000;
	printf("bad tv_nsec: %s\n", strerror(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL)));
	return 0;
}
