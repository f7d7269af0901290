/* uname [-a]: prints the system name, or all fields with -a. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscall.h"

int
main(int argc, char **argv)
{
	struct utsname u;

	if (uname(&u) < 0) {
		fprintf(stderr, "uname: %s\n", strerror(errno));
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "-a") == 0)
		printf("%s %s %s %s %s\n", u.sysname, u.nodename, u.release,
		       u.version, u.machine);
	else
		printf("%s\n", u.sysname);
	return 0;
}
