/* stat/fstat/access on files and directories; rename over and across dirs. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static void show(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		printf("%s: %s\n", path, strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode))	/* a directory's size is the file system's business */
		printf("%s: dir\n", path);
	else
		printf("%s: %s size %lld\n", path, S_ISREG(st.st_mode) ? "file" : "other",
		       (long long)st.st_size);
}

int main(void)
{
	CHECK(mkdir("sr_dir", 0755) == 0);
	int fd = open("sr_one", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "one", 3) == 3 && close(fd) == 0);
	fd = open("sr_two", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "second", 6) == 6 && close(fd) == 0);
	show("sr_one");
	show("sr_dir");
	printf("access(F_OK) %d access(missing) %d\n", access("sr_one", F_OK),
	       access("sr_missing", F_OK));
	CHECK(rename("sr_one", "sr_two") == 0);
	show("sr_one");
	show("sr_two");
	CHECK(rename("sr_two", "sr_dir/moved") == 0);
	show("sr_dir/moved");
	CHECK(rename("sr_dir", "sr_renamed") == 0);
	show("sr_renamed/moved");
	CHECK_ERR("rename a missing file", rename("sr_missing", "sr_x"), ENOENT);
	CHECK_ERR("rename a dir over a file", ({
		int f = open("sr_file", O_WRONLY | O_CREAT, 0644); close(f);
		rename("sr_renamed", "sr_file"); }), ENOTDIR);
	struct stat a, b;
	CHECK(stat("sr_file", &a) == 0);
	fd = open("sr_file", O_RDONLY);
	CHECK(fd >= 0 && fstat(fd, &b) == 0 && close(fd) == 0);
	printf("stat and fstat agree on ino: %d\n", a.st_ino == b.st_ino);
	CHECK(unlink("sr_file") == 0);
	CHECK(unlink("sr_renamed/moved") == 0);
	CHECK(rmdir("sr_renamed") == 0);
	return 0;
}
