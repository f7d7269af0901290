/* umount DIR: unmounts the volume mounted at DIR, after writing all of
 * it to its disk. Refused while a file there is open or a process's
 * working directory is inside it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscall.h"

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: umount DIR\n");
		return 2;
	}
	if (umount2(argv[1], 0) < 0) {
		fprintf(stderr, "umount: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
