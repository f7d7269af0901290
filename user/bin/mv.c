/*
 * mv SRC DST, mv SRC... DIR: renames a file or a directory. When the
 * last argument is a directory, each SRC moves into it under its own
 * name; an existing file DST is replaced.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "syscall.h"

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dir/NAME where NAME is the last component of src ("a/b/" gives "b"). */
static char *
into_dir(const char *dir, const char *src)
{
	size_t end = strlen(src), start;
	char *out;

	while (end > 1 && src[end - 1] == '/')
		end--;
	for (start = end; start > 0 && src[start - 1] != '/'; start--)
		;
	out = malloc(strlen(dir) + (end - start) + 2);
	if (!out) {
		fprintf(stderr, "mv: out of memory\n");
		exit(1);
	}
	sprintf(out, "%s/%.*s", dir, (int)(end - start), src + start);
	return out;
}

int
main(int argc, char **argv)
{
	const char *dst = argv[argc - 1];
	int to_dir;
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: mv SRC DST | mv SRC... DIR\n");
		return 2;
	}
	to_dir = is_dir(dst);
	if (argc > 3 && !to_dir) {
		fprintf(stderr, "mv: %s: %s\n", dst, strerror(ENOTDIR));
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		char *target = to_dir ? into_dir(dst, argv[i]) : (char *)dst;

		if (rename(argv[i], target) < 0) {
			fprintf(stderr, "mv: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
		if (to_dir)
			free(target);
	}
	return status;
}
