/*
 * cp [-r] SRC DST, cp [-r] SRC... DIR: copies files. When the last
 * argument is a directory, each SRC is copied into it under its own
 * name. With -r a directory is copied with everything in it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscall.h"

static int recursive;
/* The first directory -r made, so that "cp -r a a/b" does not copy b into b. */
static struct stat made;
static int made_any;

static int
error(const char *path)
{
	fprintf(stderr, "cp: %s: %s\n", path, strerror(errno));
	return 1;
}

static void *
must(void *p)
{
	if (!p) {
		fprintf(stderr, "cp: out of memory\n");
		exit(1);
	}
	return p;
}

/* dir/NAME where NAME is the last component of src ("a/b/" gives "b"). */
static char *
join(const char *dir, const char *src)
{
	size_t end = strlen(src), start;
	char *out;

	while (end > 1 && src[end - 1] == '/')
		end--;
	for (start = end; start > 0 && src[start - 1] != '/'; start--)
		;
	out = must(malloc(strlen(dir) + (end - start) + 2));
	sprintf(out, "%s/%.*s", dir, (int)(end - start), src + start);
	return out;
}

static int
copy_file(const char *src, const char *dst)
{
	static char buf[16384];
	struct stat from, to;
	int in, out;
	ssize_t n;
	int status = 0;

	if ((in = open(src, O_RDONLY)) < 0)
		return error(src);
	/* Opening dst with O_TRUNC would empty src if they are one file. */
	if (fstat(in, &from) == 0 && stat(dst, &to) == 0 &&
	    from.st_dev == to.st_dev && from.st_ino == to.st_ino) {
		fprintf(stderr, "cp: %s: %s is the same file\n", src, dst);
		close(in);
		return 1;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) {
		close(in);
		return error(dst);
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, n - done);

			if (w < 0) {
				status = error(dst);
				goto out;
			}
			done += w;
		}
	}
	if (n < 0)
		status = error(src);
out:
	close(in);
	if (close(out) < 0 && status == 0)
		status = error(dst);
	return status;
}

static int copy(const char *src, const char *dst);

static int
copy_dir(const char *src, const char *dst)
{
	struct stat st;
	int status = 0;
	long len;
	char *buf;
	int fd;

	if (mkdir(dst, 0777) < 0 && errno != EEXIST)
		return error(dst);
	if (stat(dst, &st) < 0)
		return error(dst);
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return error(dst);
	}
	if (!made_any) {
		made = st;
		made_any = 1;
	}
	if ((fd = open(src, O_RDONLY | O_DIRECTORY)) < 0)
		return error(src);
	/* A buffer per level: copying a subdirectory reads entries too. */
	buf = must(malloc(4096));
	while ((len = getdents64(fd, buf, 4096)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			char *from, *to;

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			from = join(src, d->d_name);
			to = join(dst, d->d_name);
			status |= copy(from, to);
			free(from);
			free(to);
		}
	}
	if (len < 0)
		status = error(src);
	free(buf);
	close(fd);
	return status;
}

static int
copy(const char *src, const char *dst)
{
	struct stat st;

	if (stat(src, &st) < 0)
		return error(src);
	if (!S_ISDIR(st.st_mode))
		return copy_file(src, dst);
	if (!recursive) {
		errno = EISDIR;
		return error(src);
	}
	if (made_any && st.st_dev == made.st_dev && st.st_ino == made.st_ino) {
		fprintf(stderr, "cp: %s: the copy itself, not copied into itself\n", src);
		return 1;
	}
	return copy_dir(src, dst);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
main(int argc, char **argv)
{
	int first = 1;
	int status = 0;
	const char *dst;
	int to_dir;

	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		recursive = 1;
		first = 2;
	}
	if (argc - first < 2) {
		fprintf(stderr, "usage: cp [-r] SRC DST | cp [-r] SRC... DIR\n");
		return 2;
	}
	dst = argv[argc - 1];
	to_dir = is_dir(dst);
	if (argc - first > 2 && !to_dir) {
		errno = ENOTDIR;
		return error(dst);
	}
	for (int i = first; i < argc - 1; i++) {
		char *target = to_dir ? join(dst, argv[i]) : must(strdup(dst));

		status |= copy(argv[i], target);
		free(target);
	}
	return status;
}
