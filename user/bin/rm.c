/*
 * rm [-r] [-f] PATH...: removes each file. -r removes directories with
 * everything in them; -f says nothing about paths that do not exist.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscall.h"

static int recursive, force;

static int
error(const char *path)
{
	if (force && errno == ENOENT)
		return 0;
	fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
	return 1;
}

static int remove_path(const char *path);

/*
 * Removes everything in the directory, then the directory. The names are
 * read first and removed after: removing entries while reading the
 * directory would move the read position under our feet.
 */
static int
remove_dir(const char *path)
{
	static char buf[4096];
	char **names = NULL;
	int n = 0, cap = 0;
	int status = 0;
	long len;
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return error(path);
	while ((len = getdents64(fd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				names = realloc(names, cap * sizeof *names);
			}
			if (!names || !(names[n++] = strdup(d->d_name))) {
				fprintf(stderr, "rm: out of memory\n");
				exit(1);
			}
		}
	}
	if (len < 0)
		status = error(path);
	close(fd);
	for (int i = 0; i < n; i++) {
		size_t size = strlen(path) + strlen(names[i]) + 2;
		char *child = malloc(size);

		if (!child) {
			fprintf(stderr, "rm: out of memory\n");
			exit(1);
		}
		snprintf(child, size, "%s/%s", path, names[i]);
		status |= remove_path(child);
		free(child);
		free(names[i]);
	}
	free(names);
	if (status == 0 && rmdir(path) < 0)
		status = error(path);
	return status;
}

static int
remove_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return error(path);
	if (S_ISDIR(st.st_mode)) {
		if (recursive)
			return remove_dir(path);
		errno = EISDIR;
		return error(path);
	}
	return unlink(path) < 0 ? error(path) : 0;
}

int
main(int argc, char **argv)
{
	int first = 1;
	int status = 0;

	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		for (const char *o = argv[first] + 1; *o; o++) {
			if (*o == 'r' || *o == 'R') {
				recursive = 1;
			} else if (*o == 'f') {
				force = 1;
			} else {
				fprintf(stderr, "usage: rm [-r] [-f] PATH...\n");
				return 2;
			}
		}
	}
	if (first == argc && !force) {
		fprintf(stderr, "usage: rm [-r] [-f] PATH...\n");
		return 2;
	}
	for (int i = first; i < argc; i++)
		status |= remove_path(argv[i]);
	return status;
}
