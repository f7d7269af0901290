/*
 * clone(2)'s flags and the scheduling policies: Linux's.
 * Checked against <linux/sched.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_SCHED_H
#define UAPI_LINUX_SCHED_H
#include <stdint.h>

#define CSIGNAL              0x000000ff	/* the signal sent to the parent at exit */
#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_PIDFD          0x00001000
#define CLONE_VFORK          0x00004000
#define CLONE_THREAD         0x00010000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED       0x00400000	/* of the past: clone ignores it */
#define CLONE_CHILD_SETTID   0x01000000

#define CLONE_ARGS_SIZE_VER0 64	/* clone3's first structure; VER2 is this one */
#define CLONE_ARGS_SIZE_VER2 88

/* clone3's argument (kern.h's struct clone_args is what the kernel
 * makes of either call) */
struct clone3_args {	/* Linux's struct clone_args */
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

#define SCHED_NORMAL   0	/* libc's SCHED_OTHER */
#define SCHED_FIFO     1
#define SCHED_RR       2
#define SCHED_BATCH    3
#define SCHED_IDLE     5
#define SCHED_DEADLINE 6
#endif
