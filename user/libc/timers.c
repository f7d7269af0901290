/*
 * Timers through musl: alarm, setitimer/getitimer (ITIMER_REAL and
 * ITIMER_VIRTUAL), and POSIX timers: timer_create with SIGEV_SIGNAL (its
 * value), SIGEV_THREAD and SIGEV_NONE, timer_settime relative, absolute
 * and periodic, timer_gettime, timer_getoverrun, timer_delete; and the
 * errors of each.
 */
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t alarms, vtalrms, rt_hits, rt_value, thread_runs;

static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_vtalrm(int sig) { (void)sig; vtalrms++; }

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	rt_hits++;
	rt_value = si->si_value.sival_int;
}

static void on_thread(union sigval v)
{
	thread_runs += v.sival_int;
}

static void itimers(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur, off = { 0 };

	signal(SIGALRM, on_alarm);
	SAY("alarm returns the seconds main's alarm(30) had left", alarm(10) > 25);
	SAY("and again, those of alarm(10)", alarm(0) >= 9);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	while (alarms < 3)
		pause();
	CHECK(getitimer(ITIMER_REAL, &cur) == 0);
	printf("ITIMER_REAL: 3 ticks, interval kept: %s\n",
	       cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 20000 ? "yes" : "no");
	CHECK(setitimer(ITIMER_REAL, &off, &cur) == 0);
	SAY("setitimer returns the old value", cur.it_interval.tv_usec == 20000);
	CHECK(getitimer(ITIMER_REAL, &cur) == 0);
	SAY("disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);

	signal(SIGVTALRM, on_vtalrm);
	struct itimerval v = { { 0, 0 }, { 0, 30000 } };
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0);
	volatile unsigned long spin = 0;
	while (!vtalrms)
		spin++;
	printf("ITIMER_VIRTUAL: fired once after CPU time: %d\n", (int)vtalrms);
	CHECK_ERR("setitimer bad which", setitimer(7, &it, NULL), EINVAL);
	struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
	CHECK_ERR("setitimer usec 1e6", setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
	CHECK_ERR("getitimer bad which", getitimer(7, &cur), EINVAL);
}

static void posix_timers(void)
{
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN,
			       .sigev_value.sival_int = 77 };
	struct itimerspec its = { { 0, 0 }, { 0, 30000000 } }, cur;
	timer_t t;

	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGRTMIN, &sa, NULL) == 0);
	if (timer_create(CLOCK_MONOTONIC, &ev, &t) != 0) {
		printf("timer_create: %s\n", errname(errno));
		return;
	}
	CHECK(timer_settime(t, 0, &its, NULL) == 0);
	CHECK(timer_gettime(t, &cur) == 0);
	SAY("timer_gettime: armed, at most 30ms left", cur.it_value.tv_sec == 0 &&
	    cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 30000000);
	while (!rt_hits)
		pause();
	printf("SIGEV_SIGNAL one shot: %d signal, value %d\n", (int)rt_hits, (int)rt_value);
	CHECK(timer_gettime(t, &cur) == 0);
	SAY("expired: disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

	struct timespec now;
	CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0);
	its.it_value = now;
	its.it_value.tv_nsec = (now.tv_nsec + 20000000) % 1000000000;
	its.it_value.tv_sec += (now.tv_nsec + 20000000) / 1000000000;
	its.it_interval.tv_nsec = 10000000;
	rt_hits = 0;
	CHECK(timer_settime(t, TIMER_ABSTIME, &its, NULL) == 0);
	while (rt_hits < 3)
		pause();
	printf("TIMER_ABSTIME then periodic: 3 signals\n");
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	CHECK(sigprocmask(SIG_BLOCK, &s, &old) == 0);
	usleep(100000);
	int over = timer_getoverrun(t);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	printf("timer_getoverrun after 100ms blocked: %s\n", over >= 0 ? "not negative" : errname(errno));
	CHECK(timer_delete(t) == 0);
	CHECK_ERR("timer_settime after delete", timer_settime(t, 0, &its, NULL), EINVAL);

	struct itimerspec bad = { { 0, 0 }, { 0, 1000000000 } };
	ev.sigev_notify = SIGEV_NONE;
	CHECK(timer_create(CLOCK_REALTIME, &ev, &t) == 0);
	CHECK_ERR("timer_settime nsec 1e9", timer_settime(t, 0, &bad, NULL), EINVAL);
	its.it_value = (struct timespec){ 5, 0 };
	its.it_interval = (struct timespec){ 0, 0 };
	CHECK(timer_settime(t, 0, &its, NULL) == 0);
	CHECK(timer_gettime(t, &cur) == 0);
	SAY("SIGEV_NONE: armed, counting down from 5s", cur.it_value.tv_sec <= 4 || (cur.it_value.tv_sec == 5 && cur.it_value.tv_nsec == 0));
	CHECK(timer_delete(t) == 0);

	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = on_thread;
	ev.sigev_value.sival_int = 1;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &t) == 0);
	its.it_value = (struct timespec){ 0, 20000000 };
	CHECK(timer_settime(t, 0, &its, NULL) == 0);
	for (int i = 0; i < 100 && !thread_runs; i++)
		usleep(10000);
	printf("SIGEV_THREAD: the function ran: %d\n", (int)thread_runs);
	CHECK(timer_delete(t) == 0);

	ev.sigev_notify = SIGEV_SIGNAL;
	CHECK_ERR("timer_create bad clock", timer_create(42, &ev, &t), EINVAL);
	ev.sigev_signo = 999;
	CHECK_ERR("timer_create bad signal", timer_create(CLOCK_MONOTONIC, &ev, &t), EINVAL);
}

int main(void)
{
	alarm(30);
	itimers();
	alarm(30);	/* itimers took over the alarm */
	posix_timers();
	return 0;
}
