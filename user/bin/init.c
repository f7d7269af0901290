/*
 * init: the first process. Runs /etc/rc once if it exists, then keeps an
 * interactive shell on the console, starting a new one whenever it
 * exits. Orphans are re-parented to init, so every wait also reaps them.
 * The shell leads a session of its own with the console as its
 * controlling tty (setsid, TIOCSCTTY, as busybox's init does), so that
 * ^C and ^Z reach its foreground jobs and its end hangs the tty up.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"

static char *const child_env[] = { "PATH=/bin", "HOME=/", NULL };

static pid_t
spawn(char *const argv[], int ctty)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (ctty && (setsid() < 0 || ioctl(0, TIOCSCTTY, NULL) < 0))
			fprintf(stderr, "init: no controlling tty: %s\n", strerror(errno));
		execve(argv[0], argv, child_env);
		fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
	return pid;
}

/* Reaps children until pid exits; returns its wait status. */
static int
wait_for(pid_t pid)
{
	int status = 0;
	pid_t w;

	do {
		w = wait4(-1, &status, 0, NULL);
	} while (w != pid && !(w < 0 && errno == ECHILD));
	return status;
}

int
main(void)
{
	static char *const rc_argv[] = { "/bin/sh", "/etc/rc", NULL };
	static char *const sh_argv[] = { "/bin/sh", NULL };
	const struct timespec pause = { .tv_sec = 1 };
	struct stat st;
	pid_t pid;

	if (stat("/etc/rc", &st) == 0) {
		pid = spawn(rc_argv, 0);
		if (pid > 0)
			wait_for(pid);
	}
	for (;;) {
		pid = spawn(sh_argv, 1);
		if (pid < 0 || (wait_for(pid) >> 8) == 127)
			nanosleep(&pause, NULL);	/* do not spin on a broken shell */
	}
}
