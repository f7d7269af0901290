/*
 * Threads through musl: pthread_create/join/detach, return values and
 * pthread_exit, attributes (stack size, detached state), pthread_once,
 * thread-specific data and its destructors, pthread_getattr_np, and the
 * attributes' errors (musl's pthread_join checks nothing: joining oneself
 * waits for ever).
 */
#include <pthread.h>
#include <unistd.h>
#include "check.h"

static int once_runs, destroyed;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t key;

static void init_once(void) { once_runs++; }
static void destroy(void *v) { __atomic_add_fetch(&destroyed, (long)v, __ATOMIC_SEQ_CST); }

static void *worker(void *arg)
{
	pthread_once(&once, init_once);
	CHECK(pthread_setspecific(key, arg) == 0);
	if ((long)arg == 3)
		pthread_exit((void *)33);
	return (void *)((long)arg * 10);
}

static void *stack_user(void *arg)
{
	pthread_attr_t a;
	size_t size;

	(void)arg;
	CHECK(pthread_getattr_np(pthread_self(), &a) == 0);
	CHECK(pthread_attr_getstacksize(&a, &size) == 0);
	pthread_attr_destroy(&a);
	volatile char big[200000];	/* uses most of the 256 KiB asked for */
	big[0] = big[sizeof big - 1] = 1;
	return (void *)size;
}

static volatile int detached_done;
static void *detached(void *arg)
{
	(void)arg;
	detached_done = 1;
	return NULL;
}

int main(void)
{
	pthread_t t[4];
	void *r;

	alarm(30);
	CHECK(pthread_key_create(&key, destroy) == 0);
	for (long i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)(i + 1)) == 0);
	for (int i = 0; i < 4; i++) {
		CHECK(pthread_join(t[i], &r) == 0);
		printf("thread %d returned %ld\n", i + 1, (long)r);
	}
	printf("pthread_once ran %d time, destructors saw 1+2+3+4 = %d\n", once_runs, destroyed);
	SAY("main's specific value is its own (NULL)", pthread_getspecific(key) == NULL);
	CHECK(pthread_key_delete(key) == 0);

	pthread_attr_t a;
	CHECK(pthread_attr_init(&a) == 0);
	CHECK(pthread_attr_setstacksize(&a, 256 * 1024) == 0);
	CHECK(pthread_create(&t[0], &a, stack_user, NULL) == 0);
	CHECK(pthread_join(t[0], &r) == 0);
	printf("stack size asked 256 KiB, getattr_np says at least that: %s\n",
	       (size_t)r >= 256 * 1024 ? "yes" : "no");
	CHECK_RC("setstacksize too small", pthread_attr_setstacksize(&a, 100), EINVAL);
	CHECK(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED) == 0);
	CHECK(pthread_create(&t[0], &a, detached, NULL) == 0);
	for (int i = 0; i < 100 && !detached_done; i++)
		usleep(1000);
	printf("detached thread ran: %s\n", detached_done ? "yes" : "no");
	CHECK_RC("setdetachstate bad", pthread_attr_setdetachstate(&a, 42), EINVAL);
	CHECK(pthread_attr_destroy(&a) == 0);

	CHECK(pthread_create(&t[0], NULL, detached, NULL) == 0);
	CHECK_RC("pthread_detach", pthread_detach(t[0]), 0);
	SAY("pthread_equal(self, self)", pthread_equal(pthread_self(), pthread_self()));
	SAY("getpid is the same in every thread (one process)", getpid() == getpid());
	return 0;
}
