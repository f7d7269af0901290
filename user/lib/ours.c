/*
 * The calls that are ours (os/uapi/ours.h) and the helpers our programs
 * share over Linux's own calls, for both C libraries: each raw result
 * goes through syscall_result, which gives errno in the library's numbers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "syscall.h"

int
rt_sigaction(int sig, const struct ksigaction *act, struct ksigaction *old)
{
	return syscall_result(syscall4(SYS_rt_sigaction, sig, act, old, sizeof(uint64_t)));
}

/* Only SIG_IGN and SIG_DFL: there is no signal trampoline to return through. */
int
sigdisposition(int sig, void (*handler)(int))
{
	struct ksigaction sa = { .handler = (unsigned long)handler };

	return rt_sigaction(sig, &sa, NULL);
}

int
blkstats(struct blkstats *out)
{
	return syscall_result(syscall1(SYS_blkstats, out));
}

int
cpustat(int cpu, struct cpustat *out)
{
	return syscall_result(syscall2(SYS_cpustat, cpu, out));
}

long
kprof(int op, uint64_t arg, void *buf, size_t size)
{
	return syscall_result(syscall4(SYS_kprof, op, arg, buf, size));
}

int
set_affinity(int pid, uint64_t mask)
{
	return syscall_result(syscall3(SYS_sched_setaffinity, pid, sizeof(mask), &mask));
}

int
get_affinity(int pid, uint64_t *mask)
{
	return syscall_result(syscall3(SYS_sched_getaffinity, pid, sizeof(*mask), mask)) < 0 ? -1 : 0;
}

long
coredump(int pid, char *path, size_t size)
{
	return syscall_result(syscall3(SYS_coredump, pid, path, size));
}

int
loader_mode(int mode)
{
	return syscall_result(syscall1(SYS_loader_mode, mode));
}

int
loadstat(int who, struct loadstat *out)
{
	return syscall_result(syscall2(SYS_loadstat, who, out));
}

int
exec_program(char *const argv[])
{
	char path[256];
	const char *name = argv[0];

	if (strchr(name, '/') == NULL) {
		snprintf(path, sizeof path, "/bin/%s", name);
		name = path;
	}
	return execve(name, argv, environ);
}

void
exec_failed(const char *who, const char *name)
{
	int err = errno;
	char reason[128];

	if (exec_reason(reason, sizeof reason) > 0)
		fprintf(stderr, "%s: %s: %s (%s)\n", who, name, strerror(err), reason);
	else
		fprintf(stderr, "%s: %s: %s\n", who, name, strerror(err));
	fflush(stderr);
}

int
exec_reason(char *buf, size_t size)
{
	return syscall_result(syscall2(SYS_exec_reason, buf, size));
}
