/*
 * Detached threads: ten of them, five created detached and five detached
 * after creation, finish without a join (each posts a semaphore);
 * pthread_join and a second pthread_detach of a detached thread still
 * running are EINVAL; and when main calls pthread_exit, the process
 * lives on in a detached thread, then exits 0 when that one returns.
 */
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>
#include "check.h"

#define THREADS 10

static sem_t finished, release, main_gone;

static void *worker(void *arg)
{
	CHECK(sem_post(&finished) == 0);
	return arg;
}

static void *waits(void *arg)
{
	CHECK(sem_wait(&release) == 0);
	return arg;
}

static void *outlives_main(void *arg)
{
	CHECK(sem_wait(&main_gone) == 0);
	printf("a detached thread runs on after main's pthread_exit\n");
	fflush(stdout);
	return arg;	/* the last thread: the process exits 0 */
}

int main(void)
{
	pthread_attr_t detached;
	pthread_t t;

	alarm(30);	/* a hang ends the program, not the whole run */
	CHECK(sem_init(&finished, 0, 0) == 0 && sem_init(&release, 0, 0) == 0);
	CHECK(sem_init(&main_gone, 0, 0) == 0);
	CHECK(pthread_attr_init(&detached) == 0);
	CHECK(pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED) == 0);
	for (int i = 0; i < THREADS / 2; i++)
		CHECK(pthread_create(&t, &detached, worker, NULL) == 0);
	for (int i = 0; i < THREADS / 2; i++) {
		CHECK(pthread_create(&t, NULL, worker, NULL) == 0);
		CHECK(pthread_detach(t) == 0);
	}
	for (int i = 0; i < THREADS; i++)
		CHECK(sem_wait(&finished) == 0);
	printf("%d detached threads finished\n", THREADS);

	CHECK(pthread_create(&t, &detached, waits, NULL) == 0);
	CHECK_RC("join of a detached thread", pthread_join(t, NULL), EINVAL);
	CHECK_RC("detach of a detached thread", pthread_detach(t), EINVAL);
	CHECK(sem_post(&release) == 0);

	CHECK(pthread_create(&t, &detached, outlives_main, NULL) == 0);
	printf("main calls pthread_exit\n");
	fflush(stdout);
	CHECK(sem_post(&main_gone) == 0);
	pthread_exit(NULL);
}
