/*
 * Thread-local storage and cancellation through musl: __thread variables
 * (initialised and zeroed) per thread; pthread_cancel at cancellation
 * points (read on a pipe, nanosleep, pthread_testcancel), cleanup
 * handlers, PTHREAD_CANCELED, cancelling with cancellation disabled.
 */
#include <pthread.h>
#include <unistd.h>
#include "check.h"

static __thread int tls_init = 5;
static __thread long tls_zero[16];
static int cleanups;

static void *tls_user(void *arg)
{
	long id = (long)arg, zeros = 0;

	for (int i = 0; i < 16; i++)
		zeros += tls_zero[i] == 0;
	int start = tls_init;
	tls_init += id;
	tls_zero[0] = id;
	usleep(10000);
	return (void *)(long)(start * 1000 + zeros * 10 + (tls_init == 5 + id && tls_zero[0] == id));
}

static void cleanup(void *arg)
{
	__atomic_add_fetch(&cleanups, (long)arg, __ATOMIC_SEQ_CST);
}

static int pipefd[2];

static void *blocks_in_read(void *arg)
{
	char c;

	pthread_cleanup_push(cleanup, arg);
	read(pipefd[0], &c, 1);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *sleeps(void *arg)
{
	pthread_cleanup_push(cleanup, arg);
	sleep(20);
	pthread_cleanup_pop(0);
	return NULL;
}

static volatile int go;
static void *spins_testcancel(void *arg)
{
	(void)arg;
	while (1) {
		if (go)
			pthread_testcancel();
	}
	return NULL;
}

static void *disabled(void *arg)
{
	int old;

	(void)arg;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	usleep(100000);	/* not cancelled here, though a cancellation point */
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	pthread_testcancel();
	return (void *)1;
}

static void cancel_one(const char *what, void *(*fn)(void *), long arg)
{
	pthread_t t;
	void *r;

	CHECK(pthread_create(&t, NULL, fn, (void *)arg) == 0);
	usleep(30000);
	go = 1;
	CHECK(pthread_cancel(t) == 0);
	CHECK(pthread_join(t, &r) == 0);
	printf("%s: %s\n", what, r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "returned");
}

int main(void)
{
	pthread_t t[3];
	void *r;

	alarm(30);
	tls_init = 99;
	for (long i = 0; i < 3; i++)
		CHECK(pthread_create(&t[i], NULL, tls_user, (void *)(i + 1)) == 0);
	for (int i = 0; i < 3; i++) {
		CHECK(pthread_join(t[i], &r) == 0);
		long v = (long)r;
		printf("thread %d: __thread starts at %ld, %ld of 16 zeroed, own copy kept: %s\n", i + 1,
		       v / 1000, v / 10 % 100, v % 10 ? "yes" : "no");
	}
	printf("main's copy: %d\n", tls_init);

	CHECK(pipe(pipefd) == 0);
	cancel_one("cancelled in read", blocks_in_read, 1);
	cancel_one("cancelled in sleep", sleeps, 10);
	cancel_one("cancelled at pthread_testcancel", spins_testcancel, 0);
	printf("cleanup handlers ran: %d (1 + 10)\n", cleanups);
	cancel_one("cancelled while disabled, then enabled", disabled, 0);
	CHECK_RC("setcancelstate bad", pthread_setcancelstate(42, NULL), EINVAL);
	CHECK_RC("setcanceltype bad", pthread_setcanceltype(42, NULL), EINVAL);
	return 0;
}
