/*
 * ls [-l] [PATH...]: one line per entry, size then name, directories
 * marked with a trailing '/'. Names are sorted; those starting with '.'
 * are hidden. Default PATH is ".".
 *
 * -l adds the mode (drwxr-xr-x) before the size, and the modification
 * time (YYYY-MM-DD HH:MM, UTC: the kernel keeps no time zone) after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"

static int long_format;

/* "drwxr-xr-x" for a directory with mode 755. */
static void
mode_string(mode_t mode, char out[11])
{
	const char *rwx = "rwxrwxrwx";

	out[0] = S_ISDIR(mode) ? 'd' : S_ISFIFO(mode) ? 'p' : S_ISCHR(mode) ? 'c' : '-';
	for (int i = 0; i < 9; i++)
		out[i + 1] = (mode & (0400 >> i)) ? rwx[i] : '-';
	out[10] = '\0';
}

static void
print_entry(const char *name, const struct stat *st)
{
	const char *mark = S_ISDIR(st->st_mode) ? "/" : "";

	if (long_format) {
		char mode[11], when[20] = "?";
		time_t t = st->st_mtim.tv_sec;
		struct tm tm;

		mode_string(st->st_mode, mode);
		if (gmtime_r(&t, &tm))
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		printf("%s %10lld %s %s%s\n", mode, (long long)st->st_size, when,
		       name, mark);
	} else {
		printf("%10lld %s%s\n", (long long)st->st_size, name, mark);
	}
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads every name in the open directory; NULL on error. */
static char **
read_names(int fd, int *count)
{
	static char buf[4096];
	char **names = NULL;
	int n = 0, cap = 0;
	long len;

	while ((len = getdents64(fd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				names = realloc(names, cap * sizeof *names);
				if (!names)
					return NULL;
			}
			names[n] = strdup(d->d_name);
			if (!names[n])
				return NULL;
			n++;
		}
	}
	if (len < 0)
		return NULL;
	*count = n;
	return names ? names : calloc(1, sizeof *names);
}

static int
list_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	char **names;
	int count = 0;
	int status = 0;

	if (fd < 0 || (names = read_names(fd, &count)) == NULL) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	qsort(names, count, sizeof *names, by_name);
	for (int i = 0; i < count; i++) {
		struct stat st;

		if (fstatat(fd, names[i], &st, 0) < 0) {
			fprintf(stderr, "ls: %s/%s: %s\n", path, names[i], strerror(errno));
			status = 1;
		} else {
			print_entry(names[i], &st);
		}
		free(names[i]);
	}
	free(names);
	close(fd);
	return status;
}

int
main(int argc, char **argv)
{
	char *dot[] = { ".", NULL };
	char **paths;
	int npaths;
	int first = 1;
	int status = 0;

	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		for (const char *o = argv[first] + 1; *o; o++) {
			if (*o != 'l') {
				fprintf(stderr, "usage: ls [-l] [PATH...]\n");
				return 2;
			}
			long_format = 1;
		}
	}
	paths = first < argc ? argv + first : dot;
	npaths = first < argc ? argc - first : 1;

	for (int i = 0; i < npaths; i++) {
		struct stat st;

		if (stat(paths[i], &st) < 0) {
			fprintf(stderr, "ls: %s: %s\n", paths[i], strerror(errno));
			status = 1;
		} else if (!S_ISDIR(st.st_mode)) {
			print_entry(paths[i], &st);
		} else {
			if (npaths > 1)
				printf("%s%s:\n", i > 0 ? "\n" : "", paths[i]);
			status |= list_dir(paths[i]);
		}
	}
	return status;
}
