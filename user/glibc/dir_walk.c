/*
 * Builds a small tree, walks it with opendir/readdir (recursively, names
 * sorted: directory order is the file system's business), then removes it
 * bottom-up.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void touch(const char *path, int bytes)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	for (int i = 0; i < bytes; i++)
		CHECK(write(fd, "x", 1) == 1);
	CHECK(close(fd) == 0);
}

/* Prints the tree under path; removes it too if remove is set. */
static int walk(const char *path, int depth, int remove)
{
	char *names[64];
	int n = 0, files = 0;
	DIR *d = opendir(path);
	struct dirent *e;

	CHECK(d != NULL);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		CHECK(n < 64);
		names[n++] = strdup(e->d_name);
	}
	CHECK(closedir(d) == 0);
	qsort(names, n, sizeof *names, cmp);
	for (int i = 0; i < n; i++) {
		char sub[512];
		struct stat st;

		snprintf(sub, sizeof sub, "%s/%s", path, names[i]);
		CHECK(lstat(sub, &st) == 0);
		if (S_ISDIR(st.st_mode)) {
			if (!remove)
				printf("%*s%s/\n", depth * 2, "", names[i]);
			files += walk(sub, depth + 1, remove);
			if (remove)
				CHECK(rmdir(sub) == 0);
		} else {
			if (!remove)
				printf("%*s%s %lld\n", depth * 2, "", names[i], (long long)st.st_size);
			files++;
			if (remove)
				CHECK(unlink(sub) == 0);
		}
		free(names[i]);
	}
	return files;
}

int main(void)
{
	char path[64];

	CHECK(mkdir("walk", 0755) == 0);
	CHECK(mkdir("walk/src", 0755) == 0);
	CHECK(mkdir("walk/src/lib", 0755) == 0);
	CHECK(mkdir("walk/docs", 0755) == 0);
	CHECK(mkdir("walk/empty", 0755) == 0);
	touch("walk/README", 12);
	touch("walk/src/main.c", 100);
	touch("walk/docs/guide.txt", 7);
	for (int i = 0; i < 20; i++) {
		snprintf(path, sizeof path, "walk/src/lib/module_%02d.c", i);
		touch(path, i);
	}
	printf("walk/\n");
	printf("%d files\n", walk("walk", 1, 0));
	printf("removed %d files\n", walk("walk", 1, 1));
	CHECK(rmdir("walk") == 0);
	CHECK(opendir("walk") == NULL && errno == ENOENT);
	printf("tree gone\n");
	return 0;
}
