/*
 * coredyn: the core of a dynamically linked program names the files its
 * memory came from. A copy of /linux-dyn/alarm_pause (glibc, run by
 * Debian's ld.so with libc from /lib) runs with its stdout on a pipe;
 * once it says "waiting for the default action" its libraries are
 * loaded and it sits in pause(), and the copy is replaced by another
 * program (refused while a lazily loaded program runs from it: EBUSY).
 * SIGQUIT then kills it with a core, renamed to /core/coredyn.core for
 * coredyn.host: NT_FILE lists the program's segments as they were
 * loaded, ld.so and libc, and gdb's info sharedlibrary shows both
 * libraries.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"

#define PROG "/core/coredyn.prog"	/* the core is then /core/coredyn.prog.PID */
#define READY "waiting for the default action\n"

/* Reads the child's output until it says READY; whether it did. */
static int
wait_ready(int fd)
{
	static char out[1024];
	size_t n = 0;
	ssize_t r;

	while (n < sizeof out - 1 && (r = read(fd, out + n, sizeof out - 1 - n)) > 0) {
		n += r;
		out[n] = 0;
		if (strstr(out, READY))
			return 1;
	}
	return 0;
}

int
main(void)
{
	char path[64];
	int fds[2], status;
	struct stat st;

	mkdir("/core", 0755);
	copy_file("/linux-dyn/alarm_pause", PROG);
	copy_file("/bin/true", PROG ".new");	/* made now: once paused, the program has a second */
	must("pipe", pipe(fds));
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "alarm_pause", NULL };
		char *envp[] = { NULL };
		dup2(fds[1], 1);
		execve(PROG, argv, envp);
		_exit(127);
	}
	close(fds[1]);
	check_long("the program loaded and paused", wait_ready(fds[0]), 1);
	long r = rename(PROG ".new", PROG) == 0 ? 0 : -errno;
	check_long("its file replaced (or busy)", r == 0 || r == -EBUSY, 1);
	kill(pid, SIGQUIT);
	check_long("child reaped", wait4(pid, &status, 0, NULL) == pid, 1);
	check_long("child killed by signal", WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGQUIT);
	check_long("core flag in the wait status", WCOREDUMP(status) != 0, 1);
	close(fds[0]);
	unlink(PROG ".new");
	snprintf(path, sizeof path, PROG ".%d", pid);
	check_long("core file is there", stat(path, &st), 0);
	unlink("/core/coredyn.core");
	check_long("renamed for the host check", rename(path, "/core/coredyn.core"), 0);
	sync();
	printf("coredyn: ok\n");
	return 0;
}
