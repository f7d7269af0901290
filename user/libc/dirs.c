/*
 * Directories through musl: mkdir/mkdirat, rmdir, opendir/readdir (names
 * printed sorted), rewinddir, telldir/seekdir, fdopendir, scandir, rename,
 * chdir/fchdir, getcwd, unlinkat AT_REMOVEDIR, and their errors.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted, on one line; returns how many. */
static int list(DIR *dir, const char *what)
{
	char *names[32];
	int n = 0;
	struct dirent *e;

	errno = 0;
	while ((e = readdir(dir)) && n < 32)
		names[n++] = strdup(e->d_name);
	CHECK(errno == 0);
	qsort(names, n, sizeof names[0], cmp);
	printf("%s:", what);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	return n;
}

static int no_dots(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int main(void)
{
	char cwd[PATH_MAX], small[2];
	struct stat st;

	alarm(30);
	CHECK(mkdir("dirs.d", 0755) == 0);
	CHECK_ERR("mkdir existing", mkdir("dirs.d", 0755), EEXIST);
	CHECK_ERR("mkdir missing parent", mkdir("nothere/x", 0755), ENOENT);
	CHECK_ERR("mkdir EFAULT", mkdir((char *)1, 0755), EFAULT);
	int dfd = open("dirs.d", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	CHECK(mkdirat(dfd, "sub", 0755) == 0);
	CHECK(close(openat(dfd, "a", O_CREAT | O_WRONLY, 0644)) == 0);
	CHECK(close(openat(dfd, "b", O_CREAT | O_WRONLY, 0644)) == 0);
	CHECK_ERR("mkdirat bad dirfd", mkdirat(99, "x", 0755), EBADF);
	CHECK_ERR("rmdir not empty", rmdir("dirs.d"), ENOTEMPTY);
	CHECK_ERR("rmdir a file", rmdir("dirs.d/a"), ENOTDIR);
	CHECK_ERR("rmdir .", rmdir("dirs.d/sub/."), EINVAL);
	CHECK_ERR("rmdir missing", rmdir("dirs.d/nothere"), ENOENT);

	DIR *dir = opendir("dirs.d");
	CHECK(dir);
	int n = list(dir, "readdir dirs.d");
	rewinddir(dir);
	printf("after rewinddir: %d entries again: %s\n", n, list(dir, "again") == n ? "yes" : "no");
	rewinddir(dir);
	CHECK(readdir(dir));
	long pos = telldir(dir);
	struct dirent *second = readdir(dir);
	char name[256];
	CHECK(second);
	strcpy(name, second->d_name);
	seekdir(dir, pos);
	second = readdir(dir);
	SAY("seekdir to telldir's place reads the same entry", second && !strcmp(name, second->d_name));
	CHECK(closedir(dir) == 0);
	CHECK_ERR("opendir missing", opendir("nothere"), ENOENT);
	CHECK_ERR("opendir a file", opendir("dirs.d/a"), ENOTDIR);

	int fd2 = open("dirs.d", O_RDONLY | O_DIRECTORY);
	dir = fdopendir(fd2);
	CHECK(dir);
	SAY("dirfd is the fd given", dirfd(dir) == fd2);
	list(dir, "fdopendir");
	CHECK(closedir(dir) == 0);
	CHECK_ERR("fdopendir on a file", fdopendir(openat(dfd, "a", O_RDONLY)), ENOTDIR);
	CHECK_ERR("fdopendir bad fd", fdopendir(99), EBADF);

	struct dirent **names;
	n = scandir("dirs.d", &names, no_dots, alphasort);
	printf("scandir without dots, sorted: %d:", n);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	printf("\n");

	CHECK(rename("dirs.d/a", "dirs.d/sub/a2") == 0);
	CHECK(stat("dirs.d/sub/a2", &st) == 0);
	printf("rename into sub: ok\n");
	CHECK_ERR("rename dir into itself", rename("dirs.d", "dirs.d/sub/d"), EINVAL);
	CHECK_ERR("rename dir over a file", rename("dirs.d/sub", "dirs.d/b"), ENOTDIR);
	CHECK_ERR("rename file over a dir", rename("dirs.d/b", "dirs.d/sub"), EISDIR);
	CHECK_ERR("rename missing", rename("dirs.d/nothere", "dirs.d/x"), ENOENT);
	CHECK(renameat(dfd, "b", dfd, "c") == 0);
	printf("renameat: ok\n");

	CHECK(getcwd(cwd, sizeof cwd));
	CHECK(chdir("dirs.d/sub") == 0);
	CHECK(access("a2", F_OK) == 0);
	printf("chdir dirs.d/sub: sees a2\n");
	CHECK(fchdir(dfd) == 0);
	CHECK(access("c", F_OK) == 0);
	printf("fchdir dirs.d: sees c\n");
	CHECK_ERR("chdir a file", chdir("c"), ENOTDIR);
	CHECK_ERR("chdir missing", chdir("nothere"), ENOENT);
	CHECK_ERR("fchdir bad fd", fchdir(99), EBADF);
	CHECK_ERR("getcwd too small", getcwd(small, sizeof small), ERANGE);
	char here[PATH_MAX];
	CHECK(getcwd(here, sizeof here));
	SAY("getcwd is the old cwd + /dirs.d", !strncmp(here, cwd, strlen(cwd)) &&
	    !strcmp(here + strlen(cwd), "/dirs.d"));
	CHECK(chdir("..") == 0);

	CHECK_ERR("unlinkat a dir without AT_REMOVEDIR", unlinkat(dfd, "sub", 0), EISDIR);
	CHECK_ERR("unlinkat bad flag", unlinkat(dfd, "sub", 0x1), EINVAL);
	CHECK(unlinkat(dfd, "sub/a2", 0) == 0);
	CHECK(unlinkat(dfd, "sub", AT_REMOVEDIR) == 0);
	CHECK_ERR("unlinkat AT_REMOVEDIR on a file", unlinkat(dfd, "c", AT_REMOVEDIR), ENOTDIR);
	CHECK(unlinkat(dfd, "c", 0) == 0);
	CHECK(close(dfd) == 0);
	CHECK(rmdir("dirs.d") == 0);
	printf("all removed: %s\n", access("dirs.d", F_OK) ? "yes" : "no");
	return 0;
}
