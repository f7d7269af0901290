/* mount [-r] [-t TYPE] [-o OPTIONS] SOURCE DIR: mounts a file system of
 * TYPE (vfat unless told: SOURCE is its device, /dev/vdb1 ...) at the
 * directory DIR; -r read-only; OPTIONS go to the type, as
 * "mount -t tmpfs -o size=1m tmpfs /mnt". */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscall.h"

int
main(int argc, char **argv)
{
	unsigned long flags = 0;
	const char *type = "vfat", *options = NULL;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-r") == 0)
			flags |= MS_RDONLY;
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			type = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			options = argv[++i];
		else
			break;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: mount [-r] [-t TYPE] [-o OPTIONS] SOURCE DIR\n");
		return 2;
	}
	if (mount(argv[i], argv[i + 1], type, flags, options) < 0) {
		fprintf(stderr, "mount: %s on %s: %s\n", argv[i], argv[i + 1], strerror(errno));
		return 1;
	}
	return 0;
}
