/* POSIX threads: four workers add into a mutex-guarded total; join returns values. */
#include <pthread.h>
#include "check.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;
static __thread int mine;

static void *work(void *arg)
{
	long id = (long)arg;

	mine = (int)id;
	for (int i = 0; i < 10000; i++) {
		pthread_mutex_lock(&lock);
		total += id;
		pthread_mutex_unlock(&lock);
	}
	return (void *)(id * 100 + mine);
}

int main(void)
{
	pthread_t t[4];

	mine = 99;
	for (long i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, work, (void *)(i + 1)) == 0);
	for (int i = 0; i < 4; i++) {
		void *ret;
		CHECK(pthread_join(t[i], &ret) == 0);
		printf("thread %d returned %ld\n", i + 1, (long)ret);
	}
	printf("total %ld (expected %d), main's thread-local still %d\n", total,
	       10000 * (1 + 2 + 3 + 4), mine);
	return 0;
}
