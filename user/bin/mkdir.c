/*
 * mkdir [-p] DIR...: makes each directory. With -p, missing parents are
 * made too and a directory that already exists is not an error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "syscall.h"

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p: each prefix of path that ends before a '/', then path itself. */
static int
make_parents(char *path)
{
	for (char *p = path;; p++) {
		if ((*p != '/' || p == path) && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(path, 0777) < 0 && !(errno == EEXIST && is_dir(path))) {
			fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
			*p = c;
			return 1;
		}
		*p = c;
		if (c == '\0')
			return 0;
	}
}

int
main(int argc, char **argv)
{
	int parents = 0;
	int first = 1;
	int status = 0;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		parents = 1;
		first = 2;
	}
	if (first == argc) {
		fprintf(stderr, "usage: mkdir [-p] DIR...\n");
		return 2;
	}
	for (int i = first; i < argc; i++) {
		if (parents) {
			status |= make_parents(argv[i]);
		} else if (mkdir(argv[i], 0777) < 0) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
