/* mount [-r] DEVICE DIR: mounts the FAT32 volume on DEVICE (/dev/vdb1,
 * /dev/vdc ...) at the directory DIR; -r mounts it read-only. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscall.h"

int
main(int argc, char **argv)
{
	unsigned long flags = 0;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		flags |= MS_RDONLY;
		i++;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: mount [-r] DEVICE DIR\n");
		return 2;
	}
	if (mount(argv[i], argv[i + 1], "vfat", flags, NULL) < 0) {
		fprintf(stderr, "mount: %s on %s: %s\n", argv[i], argv[i + 1], strerror(errno));
		return 1;
	}
	return 0;
}
