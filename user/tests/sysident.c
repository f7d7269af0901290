/*
 * sysident: what a program learns of the system and names itself.
 * prctl PR_SET_NAME / PR_GET_NAME (15 bytes kept, inherited by a
 * child), sched_get_priority_min/max for each policy, the policy and
 * priority a process has (SCHED_OTHER, 0), its user and group ids
 * (getresuid and getresgid agree with getuid and getgid), and uname's
 * fields as Linux fills them. The release, version and node name are
 * this machine's own (Linux's differ from host to host), so of those
 * only their form is checked: a release "N.N...", a version "#...".
 * Policy 7 is SCHED_EXT since Linux 6.12 (EINVAL before): 8 is asked.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define PR_SET_NAME 15
#define PR_GET_NAME 16

static long
prctl_(long option, const void *arg)
{
	return sysret(syscall2(SYS_prctl, option, arg));
}

static void
names(void)
{
	char name[16];

	check_long("PR_SET_NAME \"posix-a\"", prctl_(PR_SET_NAME, "posix-a"), 0);
	memset(name, 'x', sizeof(name));
	check_long("PR_GET_NAME", prctl_(PR_GET_NAME, name), 0);
	check_str("name", name, "posix-a");
	prctl_(PR_SET_NAME, "a-name-longer-than-fifteen-bytes");
	prctl_(PR_GET_NAME, name);
	check_str("a long name keeps 15 bytes", name, "a-name-longer-t");

	int status;
	pid_t pid = fork();
	if (pid == 0) {
		char in_child[16];
		prctl_(PR_GET_NAME, in_child);
		_exit(strcmp(in_child, "a-name-longer-t") == 0 ? 0 : 1);
	}
	check_long("a child inherits it", wait4(pid, &status, 0, NULL) == pid && status == 0, 1);
	check_errno("PR_GET_NAME to a bad pointer", prctl_(PR_GET_NAME, (void *)8), EFAULT);
	check_errno("PR_SET_NAME from a bad pointer", prctl_(PR_SET_NAME, (void *)8), EFAULT);
	check_errno("an unknown option", prctl_(0x7fff, name), EINVAL);
}

static void
priorities(void)
{
	static const struct {
		int policy;
		const char *name;
	} policies[] = {
		{ 0, "SCHED_OTHER" }, { 1, "SCHED_FIFO" }, { 2, "SCHED_RR" },
		{ 3, "SCHED_BATCH" }, { 5, "SCHED_IDLE" }, { 6, "SCHED_DEADLINE" },
	};
	char what[64];

	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		snprintf(what, sizeof(what), "sched_get_priority_min(%s)", policies[i].name);
		check_long(what, sysret(syscall1(SYS_sched_get_priority_min, policies[i].policy)), 
			   policies[i].policy == 1 || policies[i].policy == 2 ? 1 : 0);
		snprintf(what, sizeof(what), "sched_get_priority_max(%s)", policies[i].name);
		check_long(what, sysret(syscall1(SYS_sched_get_priority_max, policies[i].policy)),
			   policies[i].policy == 1 || policies[i].policy == 2 ? 99 : 0);
	}
	check_errno("sched_get_priority_max(4)", sysret(syscall1(SYS_sched_get_priority_max, 4)), EINVAL);
	check_errno("sched_get_priority_min(8)", sysret(syscall1(SYS_sched_get_priority_min, 8)), EINVAL);
	check_errno("sched_get_priority_min(-1)", sysret(syscall1(SYS_sched_get_priority_min, -1)), EINVAL);

	int param = 9;
	check_long("sched_getscheduler(0): SCHED_OTHER", sysret(syscall1(SYS_sched_getscheduler, 0)), 0);
	check_long("sched_getscheduler(getppid())",
		   sysret(syscall1(SYS_sched_getscheduler, getppid())), 0);
	check_errno("sched_getscheduler(-1)", sysret(syscall1(SYS_sched_getscheduler, -1)), EINVAL);
	check_errno("sched_getscheduler(no such pid)",
		    sysret(syscall1(SYS_sched_getscheduler, 0x3fffffff)), ESRCH);
	check_long("sched_getparam(0)", sysret(syscall2(SYS_sched_getparam, 0, &param)), 0);
	check_long("its priority", param, 0);
	check_errno("sched_getparam(0, NULL)", sysret(syscall2(SYS_sched_getparam, 0, 0)), EINVAL);
	check_errno("sched_getparam(no such pid)",
		    sysret(syscall2(SYS_sched_getparam, 0x3fffffff, &param)), ESRCH);
}

static void
ids(void)
{
	unsigned r = 7, e = 7, s = 7;

	check_long("getresuid", sysret(syscall3(SYS_getresuid, &r, &e, &s)), 0);
	check_long("all three are getuid's", r == e && e == s && r == syscall0(174), 1);
	r = e = s = 7;
	check_long("getresgid", sysret(syscall3(SYS_getresgid, &r, &e, &s)), 0);
	check_long("all three are getgid's", r == e && e == s && r == syscall0(176), 1);
	check_errno("getresuid(bad)", sysret(syscall3(SYS_getresuid, &r, &e, 8L)), EFAULT);
}

/* Each field ends inside its 65 bytes. */
static int
terminated(const struct utsname *u)
{
	const char *fields[] = { u->sysname, u->nodename, u->release, u->version, u->machine,
				 u->domainname };

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!memchr(fields[i], 0, 65))
			return 0;
	return 1;
}

static void
uname_fields(void)
{
	struct utsname u;

	memset(&u, 'x', sizeof(u));
	check_long("uname", sysret(syscall1(SYS_uname, &u)), 0);
	check_long("every field NUL-terminated", terminated(&u), 1);
	check_str("sysname", u.sysname, "Linux");
	check_str("machine", u.machine, "riscv64");
	/* Linux's default when no domain name is set (setdomainname) */
	check_str("domainname", u.domainname, "(none)");
	check_long("a node name", u.nodename[0] != 0, 1);
	char *dot = strchr(u.release, '.');
	check_long("release is N.N...", isdigit((unsigned char)u.release[0]) && dot &&
		   isdigit((unsigned char)dot[1]), 1);
	check_long("version starts with #", u.version[0] == '#', 1);
	check_errno("uname(bad)", sysret(syscall1(SYS_uname, 8L)), EFAULT);
}

int
main(void)
{
	names();
	priorities();
	ids();
	uname_fields();
	printf("sysident: all passed\n");
	return 0;
}
