/*
 * Process-shared synchronisation: a PTHREAD_PROCESS_SHARED mutex and
 * condition variable in a MAP_SHARED page let a parent and its forked
 * child take strict turns. (A robust shared mutex is not here: glibc
 * refuses one, ENOTSUP, where set_robust_list is missing, as under
 * qemu-riscv64, so Linux's answer cannot be had to compare with.)
 */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define TURNS 5

struct shared {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int turn;	/* 0 the parent's, 1 the child's */
	char log[2 * TURNS + 1];
	int len;
};

static void take_turns(struct shared *s, int me)
{
	for (int i = 0; i < TURNS; i++) {
		CHECK(pthread_mutex_lock(&s->lock) == 0);
		while (s->turn != me)
			CHECK(pthread_cond_wait(&s->changed, &s->lock) == 0);
		s->log[s->len++] = me ? 'C' : 'P';
		s->turn = !me;
		CHECK(pthread_cond_broadcast(&s->changed) == 0);
		CHECK(pthread_mutex_unlock(&s->lock) == 0);
	}
}

static void init_shared(struct shared *s)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;

	CHECK(pthread_mutexattr_init(&ma) == 0);
	CHECK(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) == 0);
	CHECK(pthread_mutex_init(&s->lock, &ma) == 0);
	CHECK(pthread_condattr_init(&ca) == 0);
	CHECK(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED) == 0);
	CHECK(pthread_cond_init(&s->changed, &ca) == 0);
}

static int wait_child(pid_t p)
{
	int status;

	CHECK(waitpid(p, &status, 0) == p && WIFEXITED(status));
	return WEXITSTATUS(status);
}

int main(void)
{
	struct shared *s;
	pid_t p;

	alarm(30);	/* a hang ends the program, not the whole run */
	s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED);
	init_shared(s);
	p = fork();
	CHECK(p >= 0);
	if (p == 0) {
		take_turns(s, 1);
		_exit(0);
	}
	take_turns(s, 0);
	printf("turns: %s (child exited %d)\n", s->log, wait_child(p));
	return 0;
}
