/*
 * init: the first process. Runs /etc/rc once if it exists, then keeps a
 * login shell (busybox's ash, `/bin/sh -l`, which reads /etc/profile) on
 * the console, starting a new one whenever it exits. Orphans are
 * re-parented to init, so every wait also reaps them. The shell leads a
 * session of its own with the console as its controlling tty (setsid,
 * TIOCSCTTY, as busybox's init does), so that ^C and ^Z reach its
 * foreground jobs and its end hangs the tty up.
 *
 * busybox's halt, poweroff and reboot (without -f) ask init by signal,
 * as they ask busybox's init: SIGUSR1 halts, SIGUSR2 powers off, SIGTERM
 * reboots. init then asks every process to end (SIGTERM, then SIGKILL a
 * moment later), and the kernel writes the disks back before it stops.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"

static char *const child_env[] = { "PATH=/bin", "HOME=/root", NULL };

/* The signal that asked for the machine to stop, 0 until one does. */
static volatile sig_atomic_t stop_signal;

static void
on_stop_signal(int sig)
{
	stop_signal = sig;
}

static pid_t
spawn(char *const argv[], int ctty)
{
	pid_t pid = fork();

	if (pid == 0) {
		sigdisposition(SIGUSR1, SIG_DFL);
		sigdisposition(SIGUSR2, SIG_DFL);
		sigdisposition(SIGTERM, SIG_DFL);
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

/* Reaps children until pid exits or a stop signal comes; returns pid's
 * wait status (0 if it did not exit). */
static int
wait_for(pid_t pid)
{
	int status = 0;
	pid_t w;

	do {
		w = wait4(-1, &status, 0, NULL);
	} while (w != pid && !(w < 0 && errno == ECHILD) && !stop_signal);
	return w == pid ? status : 0;
}

/* Ends every other process, then the machine, as stop_signal asks. */
static void
stop_machine(void)
{
	const struct timespec grace = { .tv_nsec = 200 * 1000 * 1000 };
	unsigned long cmd = stop_signal == SIGTERM ? LINUX_REBOOT_CMD_RESTART
			    : stop_signal == SIGUSR1 ? LINUX_REBOOT_CMD_HALT
			    : LINUX_REBOOT_CMD_POWER_OFF;

	kill(-1, SIGTERM);
	kill(-1, SIGCONT);	/* a stopped process ends only when it runs */
	nanosleep(&grace, NULL);
	kill(-1, SIGKILL);
	while (wait4(-1, NULL, WNOHANG, NULL) > 0)
		;
	reboot(cmd);
	fprintf(stderr, "init: reboot: %s\n", strerror(errno));
}

int
main(void)
{
	static char *const rc_argv[] = { "/bin/sh", "/etc/rc", NULL };
	static char *const sh_argv[] = { "/bin/sh", "-l", NULL };
	const struct timespec pause = { .tv_sec = 1 };
	struct stat st;
	pid_t pid;

	sigdisposition(SIGUSR1, on_stop_signal);
	sigdisposition(SIGUSR2, on_stop_signal);
	sigdisposition(SIGTERM, on_stop_signal);
	if (stat("/etc/rc", &st) == 0) {
		pid = spawn(rc_argv, 0);
		if (pid > 0)
			wait_for(pid);
	}
	while (!stop_signal) {
		pid = spawn(sh_argv, 1);
		if (pid < 0 || (wait_for(pid) >> 8) == 127)
			nanosleep(&pause, NULL);	/* do not spin on a broken shell */
	}
	for (;;)
		stop_machine();
}
