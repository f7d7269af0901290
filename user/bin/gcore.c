/*
 * gcore PID...: writes a core file of each running process without
 * killing it (coredump(2), ours: 502), where the kernel's pattern says
 * (/core/NAME.PID unless /etc/core_pattern names another). A process
 * blocked in a system call is dumped when the call returns; Ctrl-C
 * gives up waiting.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall.h"

int
main(int argc, char **argv)
{
	char path[256];
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: gcore PID...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		long size;

		if (*end || end == argv[i] || pid <= 0) {
			fprintf(stderr, "gcore: bad pid '%s'\n", argv[i]);
			status = 1;
			continue;
		}
		size = coredump((int)pid, path, sizeof path - 1);
		path[sizeof path - 1] = 0;
		if (size < 0) {
			fprintf(stderr, "gcore: %ld: %s\n", pid, strerror(errno));
			status = 1;
			continue;
		}
		printf("Saved corefile %s (%ld bytes)\n", path, size);
	}
	return status;
}
