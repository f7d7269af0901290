/*
 * dirs: /data listed through getdents64 (with big and tiny buffers), and
 * path lookups through ".", ".." , chdir and getcwd.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define MAXNAMES 64

static char *names[MAXNAMES];
static int nnames;

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the directory with getdents64 into names[] (sorted); bufsize bytes per call. */
static void
read_dir(const char *path, size_t bufsize)
{
	static char buf[4096];
	char what[80];
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	long len;

	snprintf(what, sizeof what, "open(\"%s\", O_DIRECTORY) succeeds", path);
	check_long(what, fd >= 0, 1);
	for (int i = 0; i < nnames; i++)
		free(names[i]);
	nnames = 0;
	while ((len = getdents64(fd, buf, bufsize)) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (nnames < MAXNAMES)
				names[nnames++] = strdup(d->d_name);
		}
	}
	snprintf(what, sizeof what, "getdents64 with a %zu-byte buffer ends with 0", bufsize);
	check_long(what, len, 0);
	close(fd);
	qsort(names, nnames, sizeof *names, by_name);
}

static void
print_listing(void)
{
	for (int i = 0; i < nnames; i++) {
		struct stat st;

		if (strcmp(names[i], ".") == 0 || strcmp(names[i], "..") == 0)
			continue;
		if (stat(names[i], &st) < 0) {
			printf("FAIL stat(\"%s\"): %s\n", names[i], strerror(errno));
			fail();
		}
		printf("  %s%s %lld\n", names[i], S_ISDIR(st.st_mode) ? "/" : "",
		       (long long)st.st_size);
	}
}

static long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -errno;
}

int
main(void)
{
	char cwd[256];
	char *first[MAXNAMES];
	int nfirst;
	int fd;

	check_long("chdir(\"/data\")", chdir("/data"), 0);
	check_str("getcwd", getcwd(cwd, sizeof cwd), "/data");

	read_dir(".", sizeof(cwd) * 16);
	printf("/data holds:\n");
	print_listing();
	nfirst = nnames;
	for (int i = 0; i < nnames; i++)
		first[i] = strdup(names[i]);

	/* Room for about one entry per call: the same names must come back. */
	read_dir("/data", 64);
	check_long("entries with a 64-byte buffer", nnames, nfirst);
	for (int i = 0; i < nnames; i++)
		check_str("entry", names[i], first[i]);

	fd = open(".", O_RDONLY | O_DIRECTORY);
	check_errno("getdents64 with a 4-byte buffer", getdents64(fd, cwd, 4), EINVAL);
	close(fd);

	check_long("size of ./big.bin", file_size("./big.bin"), 1048576);
	check_long("size of ../data/big.bin", file_size("../data/big.bin"), 1048576);
	check_long("size of /data/./notelf.txt", file_size("/data/./notelf.txt"),
		   file_size("notelf.txt"));
	check_long("stat(\"/data/no-such-file\")", file_size("/data/no-such-file"), -ENOENT);
	check_errno("open(\"/data/no-such-file\")", open("/data/no-such-file", O_RDONLY),
		    ENOENT);
	check_errno("chdir(\"/data/big.bin\")", chdir("/data/big.bin"), ENOTDIR);
	check_errno("open(\"big.bin/x\")", open("big.bin/x", O_RDONLY), ENOTDIR);
	check_errno("open(\"big.bin\", O_DIRECTORY)", open("big.bin", O_RDONLY | O_DIRECTORY),
		    ENOTDIR);

	check_long("chdir(\"..\")", chdir(".."), 0);
	check_str("getcwd", getcwd(cwd, sizeof cwd), "/");
	check_long("chdir(\"..\") at the root", chdir(".."), 0);
	check_str("getcwd", getcwd(cwd, sizeof cwd), "/");
	check_long("chdir(\"./data/.././data\")", chdir("./data/.././data"), 0);
	check_str("getcwd", getcwd(cwd, sizeof cwd), "/data");
	check_errno("getcwd into a 3-byte buffer", getcwd(cwd, 3) ? 0 : -1, ERANGE);
	printf("dirs: ok\n");
	return 0;
}
