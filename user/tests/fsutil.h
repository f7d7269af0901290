/*
 * File helpers shared by the file-system tests (files, diskfull,
 * parfiles): whole-file writes and reads that fail the test on error,
 * a byte pattern that differs from cluster to cluster, and a recursive
 * remove for cleaning up.
 */
#ifndef TESTS_FSUTIL_H
#define TESTS_FSUTIL_H

#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

/* A setup step that must work: says nothing unless it fails. */
static inline long
must(const char *what, long ret)
{
	if (ret < 0) {
		printf("FAIL %s: %s\n", what, strerror(errno));
		fail();
	}
	return ret;
}

/* Writes all of buf to fd, in one call or several. */
static inline long
write_all(int fd, const void *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n <= 0)
			return n < 0 ? -1 : (long)done;
		done += n;
	}
	return (long)len;
}

/* Creates (or empties) path and writes data to it. */
static inline void
write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write_all(fd, data, len) != (long)len) {
		printf("FAIL write %s: %s\n", path, strerror(errno));
		fail();
	}
	must("close", close(fd));
}

/* Reads up to max bytes of path into buf; the length, or -errno. */
static inline long
read_file(const char *path, void *buf, size_t max)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n = 0;

	if (fd < 0)
		return -errno;
	while (len < max && (n = read(fd, (char *)buf + len, max - len)) > 0)
		len += n;
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? n : (long)len;
}

/* Copies a file of up to 256 KiB; 0, or fails the test. */
static inline long
copy_file(const char *from, const char *to)
{
	static char buf[256 * 1024];
	long len = read_file(from, buf, sizeof buf);

	if (len < 0) {
		printf("FAIL read %s: %s\n", from, strerror(-len));
		fail();
	}
	write_file(to, buf, len);
	return 0;
}

/* The byte at offset off of a file made with seed: not periodic in 512 or 4096. */
static inline unsigned char
pattern_byte(uint64_t off, unsigned seed)
{
	return (unsigned char)(off * (2 * seed + 1) + (off >> 9) * 7 + (off >> 13) + seed);
}

static inline void
fill_pattern(unsigned char *buf, size_t len, uint64_t off, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = pattern_byte(off + i, seed);
}

/* The offset of the first byte of buf that breaks the pattern, or -1. */
static inline long
pattern_mismatch(const unsigned char *buf, size_t len, uint64_t off, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != pattern_byte(off + i, seed))
			return (long)(off + i);
	return -1;
}

/* Removes path and everything under it; a missing path is not an error. */
static inline int
rm_tree(const char *path)
{
	struct stat st;
	char *buf;
	long len;
	int fd;

	/* lstat: a symbolic link is removed, never followed */
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	buf = malloc(4096);
	if (!buf)
		return -1;
	/* Entries are removed as they are read; start over until only . and .. remain. */
	for (int removed = 1; removed;) {
		removed = 0;
		if ((fd = open(path, O_RDONLY | O_DIRECTORY)) < 0)
			break;
		while ((len = getdents64(fd, buf, 4096)) > 0) {
			for (long off = 0; off < len;) {
				struct linux_dirent64 *d = (void *)(buf + off);
				char child[512];

				off += d->d_reclen;
				if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
					continue;
				if (snprintf(child, sizeof child, "%s/%s", path, d->d_name) >=
				    (int)sizeof child)
					continue;
				if (rm_tree(child) == 0)
					removed = 1;
			}
		}
		close(fd);
	}
	free(buf);
	return rmdir(path);
}

/* The number of entries in dir whose names keep(name) takes, or -1. */
static inline long
count_matching(const char *dir, int (*keep)(const char *name))
{
	static char buf[4096];
	long n = 0, len;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return -1;
	while ((len = getdents64(fd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			n += keep(d->d_name);
		}
	}
	close(fd);
	return len < 0 ? -1 : n;
}

static inline int not_dots(const char *name)
{
	return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static inline int pid_name(const char *name) { return name[0] >= '1' && name[0] <= '9'; }

/* The number of entries in dir other than . and .., or -1. */
static inline long count_entries(const char *dir) { return count_matching(dir, not_dots); }

/* The processes ls /proc lists (entries named by a number), or -1. */
static inline long proc_pids(void) { return count_matching("/proc", pid_name); }

/* Our kernel says "Linux" in uname too; its release ends in "-exec". */
static inline int
on_exec_kernel(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.release, "-exec") != NULL;
}

#endif
