/*
 * futex(2) by raw syscall between threads: WAIT on a word that no longer
 * holds the value is EAGAIN, a relative timeout ETIMEDOUT, a bad address
 * EFAULT and a misaligned one EINVAL; a WAKE reaches a waiting thread;
 * CMP_REQUEUE moves three waiters from one word to another (EAGAIN if
 * the word changed), where WAKE then finds them.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define WAITERS 3

static int word_a, word_b;
static long waited[WAITERS];

static long futex(int *uaddr, int op, int val, const struct timespec *t, int *uaddr2,
		  int val3)
{
	return syscall(SYS_futex, uaddr, op | FUTEX_PRIVATE_FLAG, val, t, uaddr2, val3);
}

static long requeue(int *from, int wake, int move, int *to, int expect)
{
	return futex(from, FUTEX_CMP_REQUEUE, wake, (const struct timespec *)(intptr_t)move,
		     to, expect);
}

/* Sleeps once on word_a (the value it must still hold is 0). */
static void *waiter(void *arg)
{
	waited[(long)arg] = futex(&word_a, FUTEX_WAIT, 0, NULL, NULL, 0);
	return NULL;
}

/* Wakes one waiter of word, again until there is one (it may not sleep yet). */
static long wake_one(int *word)
{
	long n;

	while ((n = futex(word, FUTEX_WAKE, 1, NULL, NULL, 0)) == 0)
		usleep(1000);
	return n;
}

int main(void)
{
	struct timespec ms20 = { 0, 20000000 };
	pthread_t t[WAITERS];
	long moved = 0;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK_ERR("wait for a value the word does not hold",
		  futex(&word_a, FUTEX_WAIT, 1, NULL, NULL, 0), EAGAIN);
	CHECK_ERR("wait 20 ms with nobody to wake", futex(&word_a, FUTEX_WAIT, 0, &ms20, NULL, 0),
		  ETIMEDOUT);
	CHECK_ERR("wait on address 8", futex((int *)8, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
	CHECK_ERR("wait on a misaligned address",
		  futex((int *)((char *)&word_a + 1), FUTEX_WAIT, 0, NULL, NULL, 0), EINVAL);
	printf("wake with nobody waiting: %ld\n", futex(&word_a, FUTEX_WAKE, 1, NULL, NULL, 0));

	CHECK(pthread_create(&t[0], NULL, waiter, (void *)0) == 0);
	printf("wake a waiting thread: %ld woken\n", wake_one(&word_a));
	CHECK(pthread_join(t[0], NULL) == 0);
	printf("its wait returned %ld\n", waited[0]);

	for (long i = 0; i < WAITERS; i++)
		CHECK(pthread_create(&t[i], NULL, waiter, (void *)i) == 0);
	CHECK_ERR("cmp_requeue with the wrong value", requeue(&word_a, 0, WAITERS, &word_b, 1),
		  EAGAIN);
	while (moved < WAITERS) {
		long n = requeue(&word_a, 0, WAITERS, &word_b, 0);
		CHECK(n >= 0);
		moved += n;
		if (n == 0)
			usleep(1000);
	}
	printf("requeued %ld waiters from a to b\n", moved);
	printf("wake 1 on a: %ld\n", futex(&word_a, FUTEX_WAKE, 1, NULL, NULL, 0));
	printf("wake 1 on b: %ld\n", futex(&word_b, FUTEX_WAKE, 1, NULL, NULL, 0));
	printf("wake all on b: %ld\n", futex(&word_b, FUTEX_WAKE, WAITERS, NULL, NULL, 0));
	for (int i = 0; i < WAITERS; i++) {
		CHECK(pthread_join(t[i], NULL) == 0);
		printf("waiter %d's wait returned %ld\n", i, waited[i]);
	}
	return 0;
}
