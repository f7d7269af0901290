/* chdir/getcwd/fchdir through a small tree; paths printed relative to the start. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static char start[4096];

static void show(const char *what)
{
	char cwd[4096];
	size_t n = strlen(start);

	CHECK(getcwd(cwd, sizeof cwd) != NULL);
	CHECK(strncmp(cwd, start, n) == 0);
	printf("%s: <start>%s\n", what, cwd + n);
}

int main(void)
{
	char tiny[2];

	CHECK(getcwd(start, sizeof start) != NULL);
	printf("cwd is absolute: %d\n", start[0] == '/');
	if (strcmp(start, "/") == 0)
		start[0] = '\0';
	CHECK(mkdir("cwd_a", 0755) == 0);
	CHECK(mkdir("cwd_a/b", 0755) == 0);
	CHECK(mkdir("cwd_a/b/c", 0755) == 0);
	int top = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(top >= 0);
	CHECK(chdir("cwd_a/b") == 0);
	show("after chdir cwd_a/b");
	CHECK(chdir("c") == 0);
	show("after chdir c");
	CHECK(chdir("../..") == 0);
	show("after chdir ../..");
	CHECK(chdir("./b/./c/../c") == 0);
	show("after chdir ./b/./c/../c");
	CHECK_ERR("getcwd into 2 bytes", getcwd(tiny, sizeof tiny) == NULL ? -1 : 0, ERANGE);
	CHECK(fchdir(top) == 0);
	show("after fchdir back");
	CHECK(close(top) == 0);
	CHECK_ERR("chdir missing", chdir("cwd_missing"), ENOENT);
	CHECK(rmdir("cwd_a/b/c") == 0);
	CHECK(rmdir("cwd_a/b") == 0);
	CHECK(rmdir("cwd_a") == 0);
	char *dyn = getcwd(NULL, 0);
	CHECK(dyn != NULL);
	printf("getcwd(NULL, 0) matches: %d\n", strcmp(dyn, start[0] ? start : "/") == 0);
	free(dyn);
	return 0;
}
