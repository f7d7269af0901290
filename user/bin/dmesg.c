/* dmesg: prints the kernel log (syslog READ_ALL). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syscall.h"

#define LOG_MAX (64 * 1024)

int
main(void)
{
	char *buf = malloc(LOG_MAX);
	int n;

	if (!buf) {
		fprintf(stderr, "dmesg: out of memory\n");
		return 1;
	}
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, LOG_MAX);
	if (n < 0) {
		fprintf(stderr, "dmesg: %s\n", strerror(errno));
		return 1;
	}
	fflush(stdout);
	write(1, buf, n);
	if (n > 0 && buf[n - 1] != '\n')
		write(1, "\n", 1);
	return 0;
}
