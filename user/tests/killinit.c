/*
 * killinit: init takes only the signals it has handlers for, as Linux's
 * init (SIGNAL_UNKILLABLE). kill(1, SIGKILL), SIGSTOP, SIGINT, SIGHUP
 * and SIGSEGV from a user succeed and do nothing, by kill, tgkill and
 * sigqueue alike; init stays running. Once a stray kill(getppid(),
 * SIGKILL) from an orphan, whose parent had become init, ended init and
 * the system with it. (Not SIGTERM, SIGUSR1 or SIGUSR2: init handles
 * those, to reboot, halt and power off.)
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

/* init's state letter, from /proc/1/stat. */
static char
init_state(void)
{
	char buf[256] = "";
	FILE *f = fopen("/proc/1/stat", "r");

	if (f) {
		fgets(buf, sizeof buf, f);
		fclose(f);
	}
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

int
main(void)
{
	static const struct { int sig; const char *name; } sigs[] = {
		{ SIGKILL, "SIGKILL" }, { SIGSTOP, "SIGSTOP" }, { SIGINT, "SIGINT" },
		{ SIGHUP, "SIGHUP" },   { SIGSEGV, "SIGSEGV" }, { SIGQUIT, "SIGQUIT" },
	};
	const struct timespec settle = { 0, 20 * 1000 * 1000 };
	char what[64];

	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		snprintf(what, sizeof what, "kill(1, %s)", sigs[i].name);
		check_long(what, kill(1, sigs[i].sig), 0);
	}
	check_long("tgkill(1, 1, SIGKILL)", syscall3(SYS_tgkill, 1, 1, SIGKILL), 0);
	check_long("sigqueue(1, SIGKILL)", sigqueue(1, SIGKILL, (union sigval){ 0 }), 0);
	nanosleep(&settle, NULL);
	check_long("init is still there (kill(1, 0))", kill(1, 0), 0);
	check_long("and not stopped: its state is S", init_state() == 'S', 1);
	printf("killinit: done\n");
	return 0;
}
