/*
 * Files through musl: open's flags, pread/pwrite, readv/writev, lseek past
 * the end, ftruncate, fsync, dup3, utimensat, fstatat, realpath, O_TMPFILE
 * (in /tmp), and each call's errors.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

static void open_flags(void)
{
	int fd = open("files.f", O_CREAT | O_EXCL | O_RDWR, 0644);
	char buf[16];

	CHECK(fd >= 0);
	CHECK(write(fd, "hello", 5) == 5);
	CHECK_ERR("open O_CREAT|O_EXCL existing", open("files.f", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST);
	CHECK_ERR("open missing", open("nothere", O_RDONLY), ENOENT);
	CHECK_ERR("open O_DIRECTORY on a file", open("files.f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR("open f/x", open("files.f/x", O_RDONLY), ENOTDIR);
	CHECK_ERR("open . O_WRONLY", open(".", O_WRONLY), EISDIR);
	CHECK_ERR("open EFAULT path", open((char *)1, O_RDONLY), EFAULT);
	CHECK_ERR("open empty path", open("", O_RDONLY), ENOENT);
	CHECK(close(fd) == 0);

	fd = open("files.f", O_WRONLY | O_APPEND);
	CHECK(fd >= 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(write(fd, "!", 1) == 1);
	SAY("O_APPEND writes at the end", lseek(fd, 0, SEEK_CUR) == 6);
	printf("F_GETFL has O_APPEND: %s\n", fcntl(fd, F_GETFL) & O_APPEND ? "yes" : "no");
	CHECK_ERR("read on O_WRONLY", read(fd, buf, 1), EBADF);
	CHECK(close(fd) == 0);

	fd = open("files.f", O_RDWR | O_TRUNC);
	struct stat st;
	CHECK(fstat(fd, &st) == 0);
	printf("O_TRUNC size: %lld\n", (long long)st.st_size);
	CHECK(close(fd) == 0);
	CHECK_ERR("close closed", close(fd), EBADF);
	fd = open("files.f", O_RDONLY | O_CLOEXEC);
	SAY("O_CLOEXEC sets FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK_ERR("write on O_RDONLY", write(fd, "x", 1), EBADF);
	CHECK(close(fd) == 0);
}

static void positioned_io(void)
{
	int fd = open("files.f", O_RDWR);
	char buf[32] = "";
	struct stat st;

	CHECK(pwrite(fd, "abcdefgh", 8, 0) == 8);
	CHECK(pwrite(fd, "XY", 2, 3) == 2);
	CHECK(pread(fd, buf, sizeof buf - 1, 0) == 8);
	printf("after pwrite: %s, offset still %lld\n", buf, (long long)lseek(fd, 0, SEEK_CUR));
	CHECK(pread(fd, buf, 4, 100) == 0);
	printf("pread past EOF: 0\n");
	CHECK_ERR("pread negative offset", pread(fd, buf, 1, -1), EINVAL);

	struct iovec w[3] = {{"one ", 4}, {"two ", 4}, {"three", 5}};
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	printf("writev: %zd\n", writev(fd, w, 3));
	char a[3], b[6], c[8] = "";
	struct iovec r[3] = {{a, 3}, {b, 6}, {c, 7}};
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	printf("readv: %zd: [%.3s][%.6s][%s]\n", readv(fd, r, 3), a, b, c);
	CHECK_ERR("readv iovcnt -1", readv(fd, r, -1), EINVAL);
	CHECK_ERR("writev bad fd", writev(99, w, 1), EBADF);

	printf("SEEK_END+10: %lld\n", (long long)lseek(fd, 10, SEEK_END));
	CHECK(write(fd, "Z", 1) == 1);
	CHECK(fstat(fd, &st) == 0);
	CHECK(pread(fd, buf, 11, 13) == 11);
	int zeros = 0;
	for (int i = 0; i < 10; i++)
		zeros += buf[i] == 0;
	printf("size after write past EOF: %lld, hole bytes zero: %d of 10, then %c\n",
	       (long long)st.st_size, zeros, buf[10]);
	CHECK_ERR("lseek negative", lseek(fd, -100, SEEK_SET), EINVAL);
	CHECK_ERR("lseek bad whence", lseek(fd, 0, 42), EINVAL);
	int p[2];
	CHECK(pipe(p) == 0);
	CHECK_ERR("lseek on a pipe", lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR("pread on a pipe", pread(p[0], buf, 1, 0), ESPIPE);
	close(p[0]);
	close(p[1]);

	CHECK(ftruncate(fd, 3) == 0);
	CHECK(fstat(fd, &st) == 0);
	printf("ftruncate 3: size %lld\n", (long long)st.st_size);
	CHECK(ftruncate(fd, 5000) == 0);
	CHECK(fstat(fd, &st) == 0);
	CHECK(pread(fd, buf, 4, 4990) == 4);
	printf("ftruncate 5000: size %lld, tail zero: %s\n", (long long)st.st_size,
	       !buf[0] && !buf[3] ? "yes" : "no");
	CHECK_ERR("ftruncate -1", ftruncate(fd, -1), EINVAL);
	CHECK(fsync(fd) == 0);
	CHECK(fdatasync(fd) == 0);
	printf("fsync, fdatasync: ok\n");
	CHECK_ERR("fsync bad fd", fsync(-1), EBADF);
	CHECK(close(fd) == 0);
	fd = open("files.f", O_RDONLY);
	CHECK_ERR("ftruncate on O_RDONLY", ftruncate(fd, 0), EINVAL);
	CHECK(close(fd) == 0);
	CHECK(truncate("files.f", 1) == 0);
	CHECK(stat("files.f", &st) == 0);
	printf("truncate 1: size %lld\n", (long long)st.st_size);
	CHECK_ERR("truncate missing", truncate("nothere", 0), ENOENT);
}

static void dups(void)
{
	int fd = open("files.f", O_RDONLY);

	CHECK(dup3(fd, 20, O_CLOEXEC) == 20);
	SAY("dup3 O_CLOEXEC", fcntl(20, F_GETFD) == FD_CLOEXEC);
	CHECK_ERR("dup3 same fd", dup3(fd, fd, 0), EINVAL);
	CHECK_ERR("dup3 bad flags", dup3(fd, 21, 0x4), EINVAL);
	CHECK_ERR("dup3 bad old", dup3(99, 21, 0), EBADF);
	CHECK(dup2(fd, fd) == fd);
	printf("dup2 same fd: returns it\n");
	CHECK(close(20) == 0);
	int d = fcntl(fd, F_DUPFD, 30);
	printf("F_DUPFD 30: %d\n", d);
	CHECK(close(d) == 0);
	CHECK(close(fd) == 0);
}

static void times_and_paths(void)
{
	struct timespec ts[2] = {{1000000000, 0}, {1234567890, 0}};
	struct stat st;
	char real[PATH_MAX], cwd[PATH_MAX];

	CHECK(utimensat(AT_FDCWD, "files.f", ts, 0) == 0);
	CHECK(stat("files.f", &st) == 0);
	printf("utimensat mtime: %lld\n", (long long)st.st_mtim.tv_sec);
	struct timespec omit[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
	CHECK(utimensat(AT_FDCWD, "files.f", omit, 0) == 0);
	CHECK(stat("files.f", &st) == 0);
	SAY("UTIME_NOW moved mtime on", st.st_mtim.tv_sec > 1234567890);
	struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
	CHECK_ERR("utimensat bad nsec", utimensat(AT_FDCWD, "files.f", bad, 0), EINVAL);
	CHECK_ERR("utimensat missing", utimensat(AT_FDCWD, "nothere", ts, 0), ENOENT);
	CHECK(futimens(open("files.f", O_RDONLY), ts) == 0);
	printf("futimens: ok\n");

	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(fstatat(dfd, "files.f", &st, 0) == 0);
	printf("fstatat: regular %s, size %lld\n", S_ISREG(st.st_mode) ? "yes" : "no",
	       (long long)st.st_size);
	CHECK(fstatat(dfd, "", &st, AT_EMPTY_PATH) == 0);
	SAY("fstatat AT_EMPTY_PATH: a directory", S_ISDIR(st.st_mode));
	CHECK_ERR("fstatat bad flag", fstatat(dfd, "files.f", &st, 0x1), EINVAL);
	CHECK_ERR("fstatat on a file fd", fstatat(open("files.f", O_RDONLY), "x", &st, 0), ENOTDIR);
	CHECK_ERR("fstatat bad dirfd", fstatat(99, "files.f", &st, 0), EBADF);
	/* musl converts the kernel's stat itself: EFAULT is read's to show. */
	CHECK_ERR("read into EFAULT", read(open("files.f", O_RDONLY), (char *)16, 1), EFAULT);
	CHECK(close(dfd) == 0);

	CHECK(getcwd(cwd, sizeof cwd));
	CHECK(mkdir("files.d", 0755) == 0);
	CHECK(realpath("files.d/../files.f", real));
	SAY("realpath files.d/../files.f is cwd/files.f", strlen(real) == strlen(cwd) + 8 &&
	    !strncmp(real, cwd, strlen(cwd)) && !strcmp(real + strlen(cwd), "/files.f"));
	CHECK_ERR("realpath missing", realpath("files.d/nothere", real), ENOENT);
	CHECK_ERR("realpath through a file", realpath("files.f/x", real), ENOTDIR);
	CHECK(rmdir("files.d") == 0);
}

static void tmpfile_in_tmp(void)
{
	int fd = open("/tmp", O_TMPFILE | O_RDWR, 0600);
	struct stat st;
	char buf[4] = "";

	if (fd < 0) {
		printf("O_TMPFILE in /tmp: %s\n", errname(errno));
		return;
	}
	CHECK(write(fd, "tmp", 3) == 3);
	CHECK(pread(fd, buf, 3, 0) == 3);
	CHECK(fstat(fd, &st) == 0);
	printf("O_TMPFILE: wrote %s, links %d\n", buf, (int)st.st_nlink);
	CHECK(close(fd) == 0);
	CHECK_ERR("O_TMPFILE without write", open("/tmp", O_TMPFILE | O_RDONLY, 0600), EINVAL);
}

int main(void)
{
	alarm(30);
	open_flags();
	positioned_io();
	dups();
	times_and_paths();
	tmpfile_in_tmp();
	CHECK(unlink("files.f") == 0);
	CHECK_ERR("unlink missing", unlink("files.f"), ENOENT);
	return 0;
}
