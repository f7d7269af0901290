/*
 * clone3 (no C library calls it on riscv64 yet: glibc 2.36 and musl
 * 1.2.3 use clone): its structure's size rules (smaller than the first
 * version, larger than a page, a larger one with something in the part
 * the kernel does not know) and its other checks (the exit signal in
 * flags or out of range, a thread with an exit signal, a stack without
 * a size, an unmapped structure), each refused as Linux 6.1 refuses it;
 * then a child made by clone3 as fork makes one, one whose exit status
 * comes back with a larger structure whose tail is zero, one with
 * CLONE_PARENT_SETTID and CLONE_CHILD_SETTID, and a vfork child that
 * writes to the parent's memory before it exits.
 * qemu-riscv64 has no clone3 (ENOSYS): clone3_args.linux.out is Linux
 * 6.1's own output (tools/linuxref.py).
 */
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define CLONE_VM 0x100
#define CLONE_FS 0x200
#define CLONE_FILES 0x400
#define CLONE_SIGHAND 0x800
#define CLONE_VFORK 0x4000
#define CLONE_THREAD 0x10000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CHILD_SETTID 0x1000000

struct clone_args3 {	/* <linux/sched.h>'s struct clone_args */
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* A larger structure than this kernel's: a tail it must find zero. */
static union {
	struct clone_args3 a;
	unsigned char bytes[256];
} big;

static long clone3(void *args, size_t size) { return syscall(SYS_clone3, args, size); }

/* The exit status of child pid (-1 if it did not exit). */
static int exited_with(pid_t pid)
{
	int status;

	CHECK(waitpid(pid, &status, 0) == pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void refusals(void)
{
	struct clone_args3 a = { .exit_signal = SIGCHLD };

	CHECK_ERR("a structure smaller than the first version", clone3(&a, 63), EINVAL);
	CHECK_ERR("a structure larger than a page", clone3(&big, 4097), E2BIG);
	big.a = a;
	big.bytes[200] = 1;
	CHECK_ERR("a larger structure with its tail in use", clone3(&big, sizeof(big)), E2BIG);
	big.bytes[200] = 0;
	a.flags = SIGCHLD;
	CHECK_ERR("the exit signal in flags", clone3(&a, sizeof(a)), EINVAL);
	a.flags = 0;
	a.exit_signal = 65;
	CHECK_ERR("exit signal 65", clone3(&a, sizeof(a)), EINVAL);
	a.exit_signal = SIGCHLD;
	a.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
	CHECK_ERR("a thread with an exit signal", clone3(&a, sizeof(a)), EINVAL);
	a.flags = 0;
	a.stack = (uint64_t)(uintptr_t)&big;
	CHECK_ERR("a stack without a size", clone3(&a, sizeof(a)), EINVAL);
	a.stack = 0;
	a.stack_size = 4096;
	CHECK_ERR("a size without a stack", clone3(&a, sizeof(a)), EINVAL);
	CHECK_ERR("an unmapped structure", clone3((void *)8, sizeof(a)), EFAULT);
}

static void children(void)
{
	struct clone_args3 a = { .exit_signal = SIGCHLD };
	static volatile int ptid, ctid, seen;

	fflush(stdout);
	long pid = clone3(&a, 64);
	if (pid == 0)
		_exit(7);
	CHECK(pid > 0);
	printf("a child of the first version's 64 bytes: exit status %d\n", exited_with(pid));

	pid = clone3(&big, sizeof(big));
	if (pid == 0)
		_exit(8);
	CHECK(pid > 0);
	printf("a child with a larger structure, its tail zero: exit status %d\n",
	       exited_with(pid));

	a.flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID;
	a.parent_tid = (uint64_t)(uintptr_t)&ptid;
	a.child_tid = (uint64_t)(uintptr_t)&ctid;
	pid = clone3(&a, sizeof(a));
	if (pid == 0)
		_exit(ctid == getpid() ? 9 : 10);
	CHECK(pid > 0);
	printf("PARENT_SETTID: the parent's copy holds the child's id: %s\n",
	       ptid == pid ? "yes" : "no");
	printf("CHILD_SETTID: the child's copy held its id: exit status %d\n", exited_with(pid));

	a = (struct clone_args3){ .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };
	pid = clone3(&a, sizeof(a));
	if (pid == 0) {
		seen = 42;
		_exit(11);
	}
	CHECK(pid > 0);
	printf("a vfork child wrote %d to the parent's memory: exit status %d\n", seen,
	       exited_with(pid));
}

int main(void)
{
	refusals();
	children();
	return 0;
}
