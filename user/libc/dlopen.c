/*
 * dlopen, dlsym, dlclose and dlerror through musl, with TLS in the
 * library (lib/reach.c, libreach.so, found through the runpath
 * $ORIGIN/lib): threads created before and after the dlopen each get
 * the library's initial values in a copy of their own. musl's static
 * dlopen always fails with a message: the static build checks that.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>
#include "check.h"

static int (*bump)(void), (*nonzero)(void);
static const void *(*where)(void);
static pthread_barrier_t loaded, counted;

struct seen {
	int start, nonzero, end;
	const void *at;
};

static void count(struct seen *s, int times)
{
	s->nonzero = nonzero();
	s->start = bump() - 1;
	for (int i = 1; i < times; i++)
		bump();
	s->at = where();
}

/* Started before the dlopen: waits for it, then uses the library. */
static void *early(void *arg)
{
	struct seen *s = arg;

	pthread_barrier_wait(&loaded);
	count(s, 2);
	pthread_barrier_wait(&counted);
	s->end = bump() - 1;
	return NULL;
}

static void *late(void *arg)
{
	struct seen *s = arg;

	count(s, 3);
	pthread_barrier_wait(&counted);
	s->end = bump() - 1;
	return NULL;
}

int main(void)
{
	struct seen main_s, early_s, late_s;
	pthread_t e, l;

	alarm(30);
	CHECK(!dlopen("libnothere.so", RTLD_NOW));
	printf("dlopen missing: NULL, dlerror says so: %s\n", dlerror() ? "yes" : "no");
	SAY("dlerror cleared after reading", dlerror() == NULL);
	CHECK(pthread_barrier_init(&loaded, NULL, 2) == 0);
	CHECK(pthread_barrier_init(&counted, NULL, 3) == 0);
	CHECK(pthread_create(&e, NULL, early, &early_s) == 0);

	void *h = dlopen("libreach.so", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		printf("dlopen libreach.so: NULL, with a message: %s\n", dlerror() ? "yes" : "no");
		return 0;	/* the static build: early waits on, exit ends it */
	}
	bump = (int (*)(void))dlsym(h, "reach_bump");
	nonzero = (int (*)(void))dlsym(h, "reach_nonzero");
	where = (const void *(*)(void))dlsym(h, "reach_where");
	int *answer = dlsym(h, "reach_answer");
	CHECK(bump && nonzero && where && answer);
	printf("dlsym: functions found, reach_answer = %d\n", *answer);
	CHECK(!dlsym(h, "reach_nothere"));
	printf("dlsym missing: NULL, dlerror says so: %s\n", dlerror() ? "yes" : "no");
	void *again = dlopen("libreach.so", RTLD_NOW | RTLD_NOLOAD);
	SAY("RTLD_NOLOAD finds the loaded one", again == h);
	SAY("dlsym RTLD_DEFAULT finds printf", dlsym(RTLD_DEFAULT, "printf") != NULL);

	count(&main_s, 1);
	pthread_barrier_wait(&loaded);
	CHECK(pthread_create(&l, NULL, late, &late_s) == 0);
	pthread_barrier_wait(&counted);
	main_s.end = bump() - 1;
	CHECK(pthread_join(e, NULL) == 0 && pthread_join(l, NULL) == 0);
	struct seen *all[] = { &main_s, &early_s, &late_s };
	const char *names[] = { "main", "thread started before dlopen", "thread started after" };
	for (int i = 0; i < 3; i++)
		printf("%s: counter started at %d, %d nonzero bytes, ended at %d\n", names[i],
		       all[i]->start, all[i]->nonzero, all[i]->end);
	SAY("three copies at three addresses", main_s.at != early_s.at && main_s.at != late_s.at &&
	    early_s.at != late_s.at);
	CHECK(dlclose(again) == 0);
	CHECK(dlclose(h) == 0);
	printf("dlclose: 0\n");
	return 0;
}
