/*
 * Pipes and FIFOs through musl: pipe and pipe2's flags, end of file,
 * EAGAIN when empty or full without blocking, EPIPE and SIGPIPE, PIPE_BUF
 * writes whole, mkfifo (in /tmp) and the opens of a FIFO (ENXIO, a reader
 * and a writer in two processes), and their errors.
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static void pipes(void)
{
	int p[2], st;
	char buf[PIPE_BUF];

	CHECK(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
	SAY("pipe2 O_CLOEXEC: both ends", fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC);
	SAY("pipe2 O_NONBLOCK: both ends", (fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK));
	printf("read end's access mode O_RDONLY: %s\n", (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY ? "yes" : "no");
	CHECK_ERR("read empty, nonblocking", read(p[0], buf, 1), EAGAIN);
	CHECK_ERR("write to the read end", write(p[0], "x", 1), EBADF);
	long total = 0;
	ssize_t n;
	memset(buf, 'a', sizeof buf);
	while ((n = write(p[1], buf, sizeof buf)) > 0)
		total += n;
	printf("filled without blocking: stops with %s, holds at least 4096: %s, whole PIPE_BUF writes: %s\n",
	       errname(errno), total >= 4096 ? "yes" : "no", total % PIPE_BUF == 0 ? "yes" : "no");
	struct pollfd pf = { p[1], POLLOUT, 0 };
	printf("poll POLLOUT on a full pipe: %d\n", poll(&pf, 1, 0));
	CHECK(read(p[0], buf, sizeof buf) == sizeof buf);
	CHECK_ERR("pipe2 bad flags", pipe2(p, 0x1), EINVAL);
	int *nowhere = (int *)16;
	__asm__("" : "+r"(nowhere));	/* keep gcc from judging the call */
	CHECK_ERR("pipe EFAULT", pipe(nowhere), EFAULT);
	close(p[0]);
	close(p[1]);

	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "hi", 2) == 2);
	close(p[1]);
	printf("after the writer closes: read %zd, then %zd (end of file)\n", read(p[0], buf, 10), read(p[0], buf, 10));
	close(p[0]);

	CHECK(pipe(p) == 0);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("write with no reader, SIGPIPE ignored", write(p[1], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("with SIGPIPE at its default: killed by SIGPIPE: %s\n",
	       WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE ? "yes" : "no");
	close(p[1]);
}

static void fifos(void)
{
	char name[64], buf[32] = "";
	int st;

	snprintf(name, sizeof name, "/tmp/libc-reach-fifo-%d", (int)getpid());
	CHECK(mkfifo(name, 0600) == 0);
	struct stat s;
	CHECK(stat(name, &s) == 0);
	SAY("mkfifo: S_ISFIFO", S_ISFIFO(s.st_mode));
	CHECK_ERR("mkfifo existing", mkfifo(name, 0600), EEXIST);
	CHECK_ERR("mkfifo in a missing directory", mkfifo("/tmp/nothere-at-all/f", 0600), ENOENT);
	CHECK_ERR("open O_WRONLY|O_NONBLOCK, no reader", open(name, O_WRONLY | O_NONBLOCK), ENXIO);
	int r = open(name, O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0);
	printf("open O_RDONLY|O_NONBLOCK, no writer: ok; read gives %zd\n", read(r, buf, 1));
	close(r);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int w = open(name, O_WRONLY);	/* waits for the reader */
		_exit(w >= 0 && write(w, "through the fifo", 16) == 16 ? 0 : 1);
	}
	r = open(name, O_RDONLY);
	CHECK(r >= 0);
	size_t got = 0;
	ssize_t n;
	while ((n = read(r, buf + got, sizeof buf - 1 - got)) > 0)
		got += n;
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("blocking opens met: read \"%s\", writer exit %d\n", buf, WEXITSTATUS(st));
	close(r);
	CHECK_ERR("lseek on a fifo", lseek(open(name, O_RDONLY | O_NONBLOCK), 0, SEEK_SET), ESPIPE);
	CHECK(unlink(name) == 0);
}

int main(void)
{
	alarm(30);
	pipes();
	fifos();
	return 0;
}
