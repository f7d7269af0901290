/* sleep SECONDS: waits; fractions such as 0.5 are allowed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "syscall.h"

int
main(int argc, char **argv)
{
	struct timespec ts;
	char *end;
	double secs;

	if (argc != 2) {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 2;
	}
	secs = strtod(argv[1], &end);
	if (*argv[1] == '\0' || *end != '\0' || secs < 0 || secs > 1e9) {
		fprintf(stderr, "sleep: bad time '%s'\n", argv[1]);
		return 2;
	}
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}
