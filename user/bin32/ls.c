/*
 * ls [-l] [PATH...]: one line per entry, size then name, directories
 * marked with a trailing '/'. Names are sorted; those starting with '.'
 * are hidden. Default PATH is ".".
 *
 * -l adds the type and mode (drwxr-xr-x, as coreutils' ls -l shows
 * them) before the size, and the modification time (YYYY-MM-DD HH:MM,
 * UTC: the kernel keeps no time zone) after it; a device shows
 * "major, minor" for its size, a symlink "name -> target", and
 * symlinks are not followed (but a path given with a trailing '/').
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

/* st_rdev's numbers, as Linux's new_encode_dev packs them (the kernel's
 * struct kstat: picolibc's dev_t is too narrow for them) */
static unsigned
dev_major(unsigned long long rdev)
{
	return (rdev >> 8) & 0xfff;
}

static unsigned
dev_minor(unsigned long long rdev)
{
	return (rdev & 0xff) | ((rdev >> 12) & ~0xffULL);
}

static char
type_letter(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFLNK: return 'l';
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	default: return '-';
	}
}

/* "drwxr-xr-x" for a directory with mode 755; setuid, setgid and the
 * sticky bit as s/S and t/T in the x places, as coreutils shows them. */
static void
mode_string(mode_t mode, char out[11])
{
	const char *rwx = "rwxrwxrwx";
	static const struct { mode_t bit; int at; char with_x, without_x; } special[] = {
		{ S_ISUID, 3, 's', 'S' }, { S_ISGID, 6, 's', 'S' }, { S_ISVTX, 9, 't', 'T' },
	};

	out[0] = type_letter(mode);
	for (int i = 0; i < 9; i++)
		out[i + 1] = (mode & (0400 >> i)) ? rwx[i] : '-';
	for (int i = 0; i < 3; i++) {
		char *x = &out[special[i].at];
		if (mode & special[i].bit)
			*x = *x == '-' ? special[i].without_x : special[i].with_x;
	}
	out[10] = '\0';
}

/* The size column: "major, minor" for a device. */
static void
size_string(const struct kstat *st, char out[24])
{
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		snprintf(out, 24, "%5u, %3u", dev_major(st->st_rdev), dev_minor(st->st_rdev));
	else
		snprintf(out, 24, "%10lld", (long long)st->st_size);
}

/* " -> target" for a symlink at name in directory dirfd. */
static void
link_target(int dirfd, const char *name, char *out, size_t size)
{
	char target[256];
	long n = readlinkat(dirfd, name, target, sizeof target - 1);

	target[n > 0 ? n : 0] = '\0';
	snprintf(out, size, " -> %s", n >= 0 ? target : "?");
}

/* One entry: name (shown) at path in dirfd (what stat and readlink take). */
static void
print_entry(int dirfd, const char *path, const char *name, const struct kstat *st)
{
	const char *mark = S_ISDIR(st->st_mode) ? "/" : "";

	if (long_format) {
		char mode[11], size[24], when[20] = "?", target[300] = "";
		time_t t = st->st_mtime_sec;
		struct tm tm;

		mode_string(st->st_mode, mode);
		size_string(st, size);
		if (gmtime_r(&t, &tm))
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		if (S_ISLNK(st->st_mode))
			link_target(dirfd, path, target, sizeof target);
		printf("%s %s %s %s%s%s\n", mode, size, when, name, mark, target);
	} else {
		printf("%10lld %s%s\n", (long long)st->st_size, name, mark);
	}
}

/* -l shows symlinks themselves; a trailing '/' still follows one. */
static int
stat_flags(void)
{
	return long_format ? AT_SYMLINK_NOFOLLOW : 0;
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
		struct kstat st;

		if (kfstatat(fd, names[i], &st, stat_flags()) < 0) {
			fprintf(stderr, "ls: %s/%s: %s\n", path, names[i], strerror(errno));
			status = 1;
		} else {
			print_entry(fd, names[i], names[i], &st);
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
		struct kstat st;

		if (kfstatat(AT_FDCWD, paths[i], &st, stat_flags()) < 0) {
			fprintf(stderr, "ls: %s: %s\n", paths[i], strerror(errno));
			status = 1;
		} else if (!S_ISDIR(st.st_mode)) {
			print_entry(AT_FDCWD, paths[i], paths[i], &st);
		} else {
			if (npaths > 1)
				printf("%s%s:\n", i > 0 ? "\n" : "", paths[i]);
			status |= list_dir(paths[i]);
		}
	}
	return status;
}
