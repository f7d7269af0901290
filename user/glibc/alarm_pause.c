/* alarm() delivers SIGALRM to a handler, which ends pause(); then the default kills. */
#include <signal.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t rang;

static void on_alarm(int sig)
{
	(void)sig;
	rang++;
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	printf("alarm(1) returns %u\n", alarm(1));
	int r = pause();
	printf("pause returned %d (%s), handler ran %d\n", r, strerror(errno), (int)rang);
	alarm(5);
	printf("cancelling: %d seconds were left\n", alarm(0) > 3);
	signal(SIGALRM, SIG_DFL);
	alarm(1);
	printf("waiting for the default action\n");
	fflush(stdout);
	for (int i = 0; i < 5; i++)
		pause();
	printf("SIGALRM never came\n");
	return 1;
}
