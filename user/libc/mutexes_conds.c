/*
 * Mutexes and condition variables through musl: normal, error-checking
 * and recursive mutexes (trylock, timedlock, EDEADLK, EPERM), a
 * process-shared mutex and condition variable across
 * fork, and condition waits on CLOCK_REALTIME and CLOCK_MONOTONIC with
 * their timeouts. Not robust mutexes: musl asks get_robust_list first,
 * which qemu-riscv64 lacks, so Linux's answer cannot be had there.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static struct timespec in_ms(clockid_t c, int ms)
{
	struct timespec t;

	clock_gettime(c, &t);
	t.tv_nsec += ms * 1000000L;
	t.tv_sec += t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	return t;
}

static pthread_mutex_t held;
static void *try_held(void *arg)
{
	(void)arg;
	struct timespec t = in_ms(CLOCK_REALTIME, 50);
	int a = pthread_mutex_trylock(&held), b = pthread_mutex_timedlock(&held, &t);
	int c = pthread_mutex_unlock(&held);
	printf("from another thread: trylock %s, timedlock %s, unlock %s\n", errname(a), errname(b),
	       errname(c));
	return NULL;
}

static void kinds(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;
	pthread_t t;

	CHECK(pthread_mutexattr_init(&a) == 0);
	CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK) == 0);
	CHECK(pthread_mutex_init(&held, &a) == 0);
	CHECK(pthread_mutex_lock(&held) == 0);
	CHECK_RC("errorcheck: relock", pthread_mutex_lock(&held), EDEADLK);
	CHECK(pthread_create(&t, NULL, try_held, NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(pthread_mutex_unlock(&held) == 0);
	CHECK_RC("errorcheck: unlock unlocked", pthread_mutex_unlock(&held), EPERM);

	CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE) == 0);
	CHECK(pthread_mutex_init(&m, &a) == 0);
	CHECK(pthread_mutex_lock(&m) == 0 && pthread_mutex_lock(&m) == 0);
	CHECK_RC("recursive: trylock while held", pthread_mutex_trylock(&m), 0);
	CHECK(pthread_mutex_unlock(&m) == 0 && pthread_mutex_unlock(&m) == 0 &&
	      pthread_mutex_unlock(&m) == 0);
	CHECK_RC("recursive: one unlock too many", pthread_mutex_unlock(&m), EPERM);
	CHECK_RC("settype bad", pthread_mutexattr_settype(&a, 42), EINVAL);

	pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
	CHECK(pthread_mutex_lock(&n) == 0);
	CHECK_RC("normal: trylock while held", pthread_mutex_trylock(&n), EBUSY);
	struct timespec t0 = in_ms(CLOCK_REALTIME, 30);
	CHECK_RC("normal: timedlock while held", pthread_mutex_timedlock(&n, &t0), ETIMEDOUT);
	struct timespec bad = { 0, 1000000000 };
	CHECK_RC("timedlock bad nsec", pthread_mutex_timedlock(&n, &bad), EINVAL);
	CHECK(pthread_mutex_unlock(&n) == 0);
	pthread_mutexattr_destroy(&a);
}

/* A mutex and a condition variable in a shared page; the child sets a
 * flag under the mutex and signals. */
struct shared {
	pthread_mutex_t m;
	pthread_cond_t c;
	int flag;
};

static void process_shared(void)
{
	struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	int st;

	CHECK(s != MAP_FAILED);
	CHECK(pthread_mutexattr_init(&ma) == 0 && pthread_condattr_init(&ca) == 0);
	CHECK(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) == 0);
	CHECK(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED) == 0);
	CHECK(pthread_mutex_init(&s->m, &ma) == 0 && pthread_cond_init(&s->c, &ca) == 0);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		pthread_mutex_lock(&s->m);
		s->flag = 1;
		pthread_cond_signal(&s->c);
		pthread_mutex_unlock(&s->m);
		_exit(0);
	}
	CHECK(pthread_mutex_lock(&s->m) == 0);
	while (!s->flag)
		CHECK(pthread_cond_wait(&s->c, &s->m) == 0);
	CHECK(pthread_mutex_unlock(&s->m) == 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("process-shared cond: woken by the child: yes\n");
	CHECK_RC("setpshared bad", pthread_mutexattr_setpshared(&ma, 42), EINVAL);
	munmap(s, sizeof *s);
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, woken;

static void *wait_ready(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cm);
	while (!ready)
		pthread_cond_wait(&cv, &cm);
	woken++;
	pthread_mutex_unlock(&cm);
	return NULL;
}

static void conds(void)
{
	pthread_t t[3];
	pthread_condattr_t a;
	pthread_cond_t mono;
	clockid_t c;

	for (int i = 0; i < 3; i++)
		CHECK(pthread_create(&t[i], NULL, wait_ready, NULL) == 0);
	usleep(30000);
	pthread_mutex_lock(&cm);
	ready = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&cm);
	for (int i = 0; i < 3; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	printf("broadcast woke %d waiters\n", woken);

	pthread_mutex_lock(&cm);
	struct timespec d = in_ms(CLOCK_REALTIME, 50);
	CHECK_RC("timedwait CLOCK_REALTIME", pthread_cond_timedwait(&cv, &cm, &d), ETIMEDOUT);
	struct timespec after;
	clock_gettime(CLOCK_REALTIME, &after);
	SAY("returned at or after the deadline", after.tv_sec > d.tv_sec ||
	    (after.tv_sec == d.tv_sec && after.tv_nsec >= d.tv_nsec));
	CHECK(pthread_condattr_init(&a) == 0);
	CHECK(pthread_condattr_setclock(&a, CLOCK_MONOTONIC) == 0);
	CHECK(pthread_condattr_getclock(&a, &c) == 0 && c == CLOCK_MONOTONIC);
	CHECK(pthread_cond_init(&mono, &a) == 0);
	d = in_ms(CLOCK_MONOTONIC, 50);
	CHECK_RC("timedwait CLOCK_MONOTONIC", pthread_cond_timedwait(&mono, &cm, &d), ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &after);
	SAY("returned at or after the deadline", after.tv_sec > d.tv_sec ||
	    (after.tv_sec == d.tv_sec && after.tv_nsec >= d.tv_nsec));
	struct timespec bad = { 0, 1000000000 };
	CHECK_RC("timedwait bad nsec", pthread_cond_timedwait(&mono, &cm, &bad), EINVAL);
	pthread_mutex_unlock(&cm);
	CHECK_RC("setclock CPU-time clock", pthread_condattr_setclock(&a, CLOCK_PROCESS_CPUTIME_ID), EINVAL);
	pthread_cond_destroy(&mono);
	pthread_condattr_destroy(&a);
}

int main(void)
{
	alarm(30);
	kinds();
	process_shared();
	conds();
	return 0;
}
