/* The clocks move forward, sleeping takes at least as long as asked. */
#include <sys/time.h>
#include <time.h>
#include "check.h"

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(void)
{
	struct timespec a, b, res, req = { 0, 30 * 1000 * 1000 };
	struct timeval tv;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	for (int i = 0; i < 1000; i++) {
		CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
		CHECK(ns(&b) >= ns(&a));
		a = b;
	}
	printf("CLOCK_MONOTONIC never went back in 1000 reads\n");
	CHECK(nanosleep(&req, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	printf("nanosleep(30ms) took at least 30ms: %d\n", ns(&b) - ns(&a) >= 30000000);

	CHECK(clock_gettime(CLOCK_REALTIME, &a) == 0);
	printf("CLOCK_REALTIME is after 2020: %d\n", a.tv_sec > 1577836800);
	CHECK(gettimeofday(&tv, NULL) == 0);
	printf("gettimeofday agrees within 5s: %d\n", tv.tv_sec - a.tv_sec < 5);
	time_t t = time(NULL);
	printf("time() agrees within 5s: %d\n", t - a.tv_sec < 5);
	struct tm tm;
	time_t fixed = 1700000000;
	CHECK(gmtime_r(&fixed, &tm) != NULL);
	char text[64];
	strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %a", &tm);
	printf("gmtime(1700000000) = %s\n", text);
	CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0);
	printf("resolution under 10ms: %d\n", ns(&res) > 0 && ns(&res) < 10000000);
	clock_t c = clock();
	printf("clock() not negative: %d\n", c >= 0);
	return 0;
}
