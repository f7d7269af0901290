/*
 * Scheduling through musl: sched_yield, sched_getscheduler and
 * sched_getparam (musl's stubs), the priority ranges, sched_setaffinity/getaffinity and
 * sched_getcpu, sched_rr_get_interval, getpriority/setpriority and nice,
 * and their errors. musl's sched_{get,set}{scheduler,param} return ENOSYS
 * without asking the kernel (its documented choice).
 */
#include <limits.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	struct sched_param sp = { .sched_priority = 7 };
	struct timespec ts;
	cpu_set_t set, one;

	alarm(30);
	CHECK(sched_yield() == 0);
	printf("sched_yield: 0\n");
	CHECK_ERR("sched_getscheduler (musl's stub)", sched_getscheduler(0), ENOSYS);
	CHECK_ERR("sched_getparam (musl's stub)", sched_getparam(0, &sp), ENOSYS);
	CHECK_ERR("sched_setscheduler (musl's stub)", sched_setscheduler(0, SCHED_OTHER, &sp), ENOSYS);
	printf("SCHED_OTHER priorities: %d..%d\n", sched_get_priority_min(SCHED_OTHER),
	       sched_get_priority_max(SCHED_OTHER));
	printf("SCHED_FIFO priorities: %d..%d\n", sched_get_priority_min(SCHED_FIFO),
	       sched_get_priority_max(SCHED_FIFO));
	printf("SCHED_RR priorities: %d..%d\n", sched_get_priority_min(SCHED_RR),
	       sched_get_priority_max(SCHED_RR));
	CHECK_ERR("sched_get_priority_max bad policy", sched_get_priority_max(42), EINVAL);
	int rr = sched_rr_get_interval(0, &ts);
	printf("sched_rr_get_interval: %s\n", rr ? errname(errno) : "ok");

	CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
	printf("sched_getaffinity: at least one CPU: %s\n", CPU_COUNT(&set) >= 1 ? "yes" : "no");
	int first = 0;
	while (!CPU_ISSET(first, &set))
		first++;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	CHECK(sched_setaffinity(0, sizeof one, &one) == 0);
	CHECK(sched_getaffinity(0, sizeof set, &set) == 0);
	printf("after setaffinity to one CPU: count %d, sched_getcpu is it: %s\n", CPU_COUNT(&set),
	       sched_getcpu() == first ? "yes" : "no");
	cpu_set_t none;
	CPU_ZERO(&none);
	CHECK_ERR("sched_setaffinity empty set", sched_setaffinity(0, sizeof none, &none), EINVAL);
	CHECK_ERR("sched_getaffinity size 1", sched_getaffinity(0, 1, &set), EINVAL);
	CHECK_ERR("sched_setaffinity no such pid", sched_setaffinity(INT_MAX, sizeof one, &one), ESRCH);

	errno = 0;
	int prio = getpriority(PRIO_PROCESS, 0);
	printf("getpriority: %d, errno %s\n", prio, errname(errno));
	CHECK(setpriority(PRIO_PROCESS, 0, prio + 2) == 0);
	printf("setpriority +2: now %d more\n", getpriority(PRIO_PROCESS, 0) - prio);
	errno = 0;
	int n = nice(1);
	printf("nice(1): returns the new value: %s\n", n == prio + 3 && errno == 0 ? "yes" : "no");
	CHECK_ERR("getpriority bad which", getpriority(42, 0), EINVAL);
	CHECK_ERR("setpriority no such pid", setpriority(PRIO_PROCESS, INT_MAX, 0), ESRCH);
	return 0;
}
