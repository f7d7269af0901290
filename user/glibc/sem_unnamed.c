/*
 * Unnamed semaphores: trywait on zero is EAGAIN, a timed wait with nothing
 * posted ETIMEDOUT; a consumer thread takes every post a producer makes;
 * a semaphore pair in a MAP_SHARED page (pshared = 1) lets a parent and a
 * forked child take strict turns.
 */
#include <semaphore.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define POSTS 1000
#define TURNS 4

static sem_t items;
static int taken;

static void *consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < POSTS; i++) {
		CHECK(sem_wait(&items) == 0);
		taken++;
	}
	return NULL;
}

/* Parent and child write their turns into log, each waiting on its own
 * semaphore and posting the other's. */
struct shared {
	sem_t turn[2];
	char log[2 * TURNS + 1];
	int len;
};

static void take_turns(struct shared *s, int me)
{
	for (int i = 0; i < TURNS; i++) {
		CHECK(sem_wait(&s->turn[me]) == 0);
		s->log[s->len++] = me ? 'C' : 'P';
		CHECK(sem_post(&s->turn[!me]) == 0);
	}
}

int main(void)
{
	struct timespec deadline;
	sem_t s;
	int v, status;
	pthread_t t;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(sem_init(&s, 0, 2) == 0);
	CHECK(sem_trywait(&s) == 0 && sem_trywait(&s) == 0);
	CHECK_ERR("trywait on a semaphore at 0", sem_trywait(&s), EAGAIN);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 50000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	CHECK_ERR("timedwait 50 ms on a semaphore at 0", sem_timedwait(&s, &deadline), ETIMEDOUT);
	CHECK(sem_post(&s) == 0 && sem_post(&s) == 0 && sem_getvalue(&s, &v) == 0);
	printf("after two posts the value is %d\n", v);

	CHECK(sem_init(&items, 0, 0) == 0);
	CHECK(pthread_create(&t, NULL, consumer, NULL) == 0);
	for (int i = 0; i < POSTS; i++)
		CHECK(sem_post(&items) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(sem_getvalue(&items, &v) == 0);
	printf("a thread took %d of %d posts, %d left\n", taken, POSTS, v);

	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED);
	CHECK(sem_init(&sh->turn[0], 1, 1) == 0 && sem_init(&sh->turn[1], 1, 0) == 0);
	pid_t p = fork();
	CHECK(p >= 0);
	if (p == 0) {
		take_turns(sh, 1);
		_exit(0);
	}
	take_turns(sh, 0);
	CHECK(waitpid(p, &status, 0) == p && WIFEXITED(status));
	printf("parent and child across fork took turns: %s (child exited %d)\n",
	       sh->log, WEXITSTATUS(status));
	return 0;
}
