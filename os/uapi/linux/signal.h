/*
 * Linux's signal numbers (asm-generic), and the structures sigaction(2)
 * and sigaltstack(2) take: the kernel and user/lib share them. Pure
 * numbers and structures, so user/lib can put them in place of
 * picolibc's (whose numbers differ from 7 up).
 * Checked against <asm/signal.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_SIGNAL_H
#define UAPI_LINUX_SIGNAL_H
#include <stdint.h>

#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGIOT    SIGABRT
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#ifndef SIGRTMIN	/* a C library's own (musl's is 35: it keeps three) wins */
#define SIGRTMIN  32	/* the first real-time signal: each one sent is queued */
#endif

/* rt_sigaction(2)'s struct sigaction on RISC-V (no sa_restorer); the
 * handler is an address in the caller's space, SIG_DFL or SIG_IGN. */
struct ksigaction {		/* Linux's struct sigaction */
	unsigned long handler;	/* Linux's sa_handler */
	unsigned long flags;	/* Linux's sa_flags */
	uint64_t mask;		/* Linux's sa_mask: 64 signals on rv32 too */
};

/* sigaltstack(2)'s stack_t. */
struct kstack {			/* Linux's stack_t */
	unsigned long sp;	/* Linux's ss_sp */
	int flags;		/* Linux's ss_flags */
	unsigned long size;	/* Linux's ss_size */
};
#endif
