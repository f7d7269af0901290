/*
 * poll and select in a process with threads, where the descriptor table
 * is shared: eight pipes at once, woken by a write from another thread
 * while the poller waits (each wakeup looks at every descriptor again),
 * then select of the same eight, and poll of a descriptor another
 * thread closed (POLLNVAL).
 */
#include <poll.h>
#include <pthread.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define PIPES 8

static int p[PIPES][2];

/* Writes a byte to each pipe in turn from the last, 20 ms apart. */
static void *writer(void *arg)
{
	struct timespec gap = { 0, 20000000 };

	(void)arg;
	for (int i = PIPES - 1; i >= 0; i--) {
		nanosleep(&gap, NULL);
		CHECK(write(p[i][1], "x", 1) == 1);
	}
	return NULL;
}

int main(void)
{
	struct pollfd fds[PIPES];
	pthread_t t;
	char c;

	for (int i = 0; i < PIPES; i++) {
		CHECK(pipe(p[i]) == 0);
		fds[i] = (struct pollfd){ .fd = p[i][0], .events = POLLIN };
	}
	CHECK(pthread_create(&t, NULL, writer, NULL) == 0);
	int seen = 0;
	for (int round = 0; round < PIPES; round++) {
		int n = poll(fds, PIPES, 5000);
		CHECK(n == 1);
		for (int i = 0; i < PIPES; i++) {
			if (fds[i].revents & POLLIN) {
				CHECK(read(p[i][0], &c, 1) == 1);
				seen |= 1 << i;
			}
		}
	}
	CHECK(pthread_join(t, NULL) == 0);
	printf("poll of %d pipes, one written at a time by a thread: all %s\n", PIPES,
	       seen == (1 << PIPES) - 1 ? "seen" : "NOT seen");

	CHECK(pthread_create(&t, NULL, writer, NULL) == 0);
	seen = 0;
	for (int round = 0; round < PIPES; round++) {
		fd_set in;
		int top = 0;
		FD_ZERO(&in);
		for (int i = 0; i < PIPES; i++) {
			FD_SET(p[i][0], &in);
			top = p[i][0] > top ? p[i][0] : top;
		}
		CHECK(select(top + 1, &in, NULL, NULL, NULL) == 1);
		for (int i = 0; i < PIPES; i++) {
			if (FD_ISSET(p[i][0], &in)) {
				CHECK(read(p[i][0], &c, 1) == 1);
				seen |= 1 << i;
			}
		}
	}
	CHECK(pthread_join(t, NULL) == 0);
	printf("select of the same: all %s\n", seen == (1 << PIPES) - 1 ? "seen" : "NOT seen");

	close(p[3][0]);
	CHECK(poll(fds, PIPES, 0) == 1);
	printf("a closed descriptor: revents %s\n", fds[3].revents == POLLNVAL ? "POLLNVAL" : "other");
	return 0;
}
