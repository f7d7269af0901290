/*
 * The flags of sigaction(2), sigprocmask(2) and sigaltstack(2), and the
 * si_code values the kernel sends: Linux's, which picolibc's differ from
 * (user/lib translates; only the kernel includes this).
 * Checked against <asm/signal.h>, <linux/signal.h> and
 * <asm-generic/siginfo.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_SIGNAL_DEFS_H
#define UAPI_LINUX_SIGNAL_DEFS_H

#define SA_NOCLDSTOP 0x00000001
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SS_ONSTACK  1
#define SS_DISABLE  2
#define MINSIGSTKSZ 2048

#define SI_USER   0
#define SI_KERNEL 0x80
#define SI_QUEUE  (-1)
#define SI_TIMER  (-2)
#define SI_TKILL  (-6)

/* struct sigevent's sigev_notify (timer_create) */
#define SIGEV_SIGNAL    0
#define SIGEV_NONE      1
#define SIGEV_THREAD    2
#define SIGEV_THREAD_ID 4

/* SIGCHLD's si_code, and waitid's */
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_STOPPED   5
#define CLD_CONTINUED 6
#endif
