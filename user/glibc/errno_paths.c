/* The errors ordinary calls report for ordinary mistakes. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	void *volatile bad = (void *)8;
	char buf[8];
	int fd;

	CHECK(mkdir("errdir", 0755) == 0);
	CHECK(mkdir("errdir/sub", 0755) == 0);
	fd = open("errdir/file", O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK(close(fd) == 0);

	CHECK_ERR("open missing file", open("errdir/missing", O_RDONLY), ENOENT);
	CHECK_ERR("open missing dir", open("nodir/x", O_RDONLY), ENOENT);
	CHECK_ERR("open dir for writing", open("errdir", O_WRONLY), EISDIR);
	CHECK_ERR("open file as dir", open("errdir/file/x", O_RDONLY), ENOTDIR);
	CHECK_ERR("O_DIRECTORY on a file", open("errdir/file", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR("mkdir existing", mkdir("errdir", 0755), EEXIST);
	CHECK_ERR("rmdir non-empty", rmdir("errdir"), ENOTEMPTY);
	CHECK_ERR("rmdir a file", rmdir("errdir/file"), ENOTDIR);
	CHECK_ERR("unlink a dir", unlink("errdir/sub"), EISDIR);
	CHECK_ERR("chdir to a file", chdir("errdir/file"), ENOTDIR);
	CHECK_ERR("close(-1)", close(-1), EBADF);
	CHECK_ERR("read closed fd", read(250, buf, 1), EBADF);
	CHECK_ERR("write to read-only fd", write((fd = open("errdir/file", O_RDONLY)), "x", 1),
		  EBADF);
	CHECK_ERR("lseek negative", lseek(fd, -10, SEEK_SET), EINVAL);
	CHECK_ERR("lseek bad whence", lseek(fd, 0, 42), EINVAL);
	CHECK(close(fd) == 0);
	CHECK_ERR("lseek on a pipe", ({ int p[2]; CHECK(pipe(p) == 0);
		  off_t r = lseek(p[0], 0, SEEK_CUR); int e = errno;
		  close(p[0]); close(p[1]); errno = e; r; }), ESPIPE);
	fd = open("errdir/file", O_WRONLY);
	CHECK(fd >= 0);
	CHECK_ERR("write from a bad pointer", write(fd, bad, 1), EFAULT);
	CHECK(close(fd) == 0);
	CHECK_ERR("dup2 to a bad fd", dup2(1, -1), EBADF);

	CHECK(unlink("errdir/file") == 0);
	CHECK(rmdir("errdir/sub") == 0);
	CHECK(rmdir("errdir") == 0);
	fflush(stdout);
	errno = ERANGE;
	perror("perror");	/* to stderr */
	printf("strerror(ENOENT) = %s\n", strerror(ENOENT));
	return 0;
}
