/*
 * Record locks through musl's fcntl and lockf: F_SETLK, F_SETLKW, F_GETLK
 * between a process and its child, F_OFD_* between two opens in one
 * process, lockf, and their errors.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static struct flock lk(short type, off_t start, off_t len)
{
	return (struct flock){ .l_type = type, .l_whence = SEEK_SET, .l_start = start,
			       .l_len = len };
}

static const char *tname(int t)
{
	return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

/* What a child sees of the parent's locks; it exits with a code. */
static void child(int fd, pid_t parent, int go[2])
{
	struct flock l = lk(F_WRLCK, 0, 10);

	CHECK(fcntl(fd, F_GETLK, &l) == 0);
	printf("child F_GETLK [0,10): %s at %lld len %lld, by the parent: %s\n", tname(l.l_type),
	       (long long)l.l_start, (long long)l.l_len, l.l_pid == parent ? "yes" : "no");
	l = lk(F_WRLCK, 20, 5);
	CHECK(fcntl(fd, F_GETLK, &l) == 0);
	printf("child F_GETLK [20,25): %s\n", tname(l.l_type));
	l = lk(F_RDLCK, 100, 10);
	CHECK(fcntl(fd, F_GETLK, &l) == 0);
	printf("child F_GETLK read [100,110) under a read lock: %s\n", tname(l.l_type));
	l = lk(F_WRLCK, 5, 1);
	CHECK_ERR("child F_SETLK on a held range", fcntl(fd, F_SETLK, &l), EAGAIN);
	CHECK_ERR("child lockf F_TLOCK", lockf(fd, F_TLOCK, 1), EAGAIN);
	fflush(stdout);
	CHECK(write(go[1], "x", 1) == 1);	/* the parent unlocks after this */
	CHECK(fcntl(fd, F_SETLKW, &l) == 0);
	printf("child F_SETLKW: got it once the parent unlocked\n");
	fflush(stdout);
	_exit(0);
}

static void between_processes(void)
{
	int fd = open("locks.f", O_CREAT | O_RDWR | O_TRUNC, 0644), go[2], st;
	struct flock l = lk(F_WRLCK, 0, 10);
	char c;

	CHECK(fd >= 0 && pipe(go) == 0);
	CHECK(fcntl(fd, F_SETLK, &l) == 0);
	l = lk(F_RDLCK, 100, 10);
	CHECK(fcntl(fd, F_SETLK, &l) == 0);
	l = lk(F_WRLCK, 0, 10);
	CHECK(fcntl(fd, F_GETLK, &l) == 0);
	printf("own lock seen by F_GETLK: %s\n", tname(l.l_type));
	fflush(stdout);
	pid_t pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		child(fd, getppid(), go);
	CHECK(read(go[0], &c, 1) == 1);
	usleep(50000);	/* the child is (most likely) asleep in F_SETLKW */
	l = lk(F_UNLCK, 0, 0);
	CHECK(fcntl(fd, F_SETLK, &l) == 0);
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("child exit: %d\n", WEXITSTATUS(st));
	l = lk(F_WRLCK, 0, 0);
	CHECK(fcntl(fd, F_GETLK, &l) == 0);
	printf("after the child exits its lock is gone: %s\n", tname(l.l_type));
	close(go[0]);
	close(go[1]);
	CHECK(close(fd) == 0);
}

static void errors(void)
{
	int fd = open("locks.f", O_RDONLY);
	struct flock l = lk(F_WRLCK, 0, 1);

	CHECK_ERR("F_SETLK write lock on O_RDONLY", fcntl(fd, F_SETLK, &l), EBADF);
	l = lk(F_RDLCK, 0, 1);
	l.l_whence = 7;
	CHECK_ERR("F_SETLK bad l_whence", fcntl(fd, F_SETLK, &l), EINVAL);
	l = lk(42, 0, 1);
	CHECK_ERR("F_SETLK bad l_type", fcntl(fd, F_SETLK, &l), EINVAL);
	l = lk(F_RDLCK, -5, 1);
	CHECK_ERR("F_SETLK negative start", fcntl(fd, F_SETLK, &l), EINVAL);
	CHECK_ERR("F_GETLK EFAULT", fcntl(fd, F_GETLK, (struct flock *)16), EFAULT);
	CHECK_ERR("F_SETLK bad fd", fcntl(99, F_SETLK, &l), EBADF);
	CHECK(close(fd) == 0);
}

static void ofd_locks(void)
{
	int a = open("locks.f", O_RDWR), b = open("locks.f", O_RDWR);
	struct flock l = lk(F_WRLCK, 0, 10);

	CHECK(fcntl(a, F_OFD_SETLK, &l) == 0);
	l = lk(F_WRLCK, 5, 1);
	CHECK(fcntl(b, F_OFD_GETLK, &l) == 0);
	printf("F_OFD_GETLK from another open: %s, l_pid %d\n", tname(l.l_type), (int)l.l_pid);
	l = lk(F_WRLCK, 5, 1);
	CHECK_ERR("F_OFD_SETLK from another open", fcntl(b, F_OFD_SETLK, &l), EAGAIN);
	l = lk(F_RDLCK, 0, 1);
	l.l_pid = 1;
	CHECK_ERR("F_OFD_SETLK with l_pid set", fcntl(a, F_OFD_SETLK, &l), EINVAL);
	CHECK(close(a) == 0);
	l = lk(F_WRLCK, 5, 1);
	CHECK(fcntl(b, F_OFD_SETLK, &l) == 0);
	printf("F_OFD_SETLK once the other is closed: ok\n");
	CHECK(close(b) == 0);
}

int main(void)
{
	alarm(30);
	between_processes();
	errors();
	ofd_locks();
	int fd = open("locks.f", O_RDWR);
	CHECK(lockf(fd, F_LOCK, 0) == 0);
	CHECK(lockf(fd, F_TEST, 0) == 0);
	CHECK(lockf(fd, F_ULOCK, 0) == 0);
	printf("lockf F_LOCK, F_TEST, F_ULOCK: ok\n");
	CHECK_ERR("lockf bad cmd", lockf(fd, 99, 0), EINVAL);
	CHECK(close(fd) == 0);
	CHECK(unlink("locks.f") == 0);
	return 0;
}
