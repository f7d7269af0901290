/*
 * The Linux RISC-V system call interface as our kernel speaks it: raw
 * ecall helpers and the wrappers picolibc's headers do not declare. The
 * numbers and structures are os/uapi/linux's, the kernel's own (user
 * programs see os/uapi through -iquote).
 *
 * picolibc's headers use newlib's numbering for signals, open flags and
 * errno values above 34; the wrappers in sys.c translate at the boundary,
 * and this header replaces the signal numbers with Linux's (include it
 * after any libc header, or alone: it includes <signal.h> itself).
 */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H

#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>

#include "ours.h"		/* the calls that are ours */
#include "linux/unistd.h"
#include "linux/stat.h"
#include "linux/dirent.h"
#include "linux/utsname.h"
#include "linux/sysinfo.h"
#include "linux/ioctls.h"
#include "linux/mount.h"
#include "linux/reboot.h"
#include "linux/utimensat.h"

/* struct rlimit64 and the limits; picolibc's RUSAGE_ values are the same
 * numbers, written otherwise. */
#undef RUSAGE_SELF
#undef RUSAGE_CHILDREN
#include "linux/resource.h"

/* One ecall; returns the kernel's raw result (-errno on failure). */
static inline long
syscall6(long n, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3;
	register long r4 __asm__("a4") = a4;
	register long r5 __asm__("a5") = a5;
	register long r7 __asm__("a7") = n;

	__asm__ volatile("ecall"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7)
			 : "memory");
	return r0;
}

#define syscall0(n)             syscall6((n), 0, 0, 0, 0, 0, 0)
#define syscall1(n, a)          syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define syscall2(n, a, b)       syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define syscall3(n, a, b, c)    syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define syscall4(n, a, b, c, d) \
	syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define syscall5(n, a, b, c, d, e) \
	syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* Linux's signal numbers in place of newlib's (which differ from 7 up). */
#undef SIGHUP
#undef SIGINT
#undef SIGQUIT
#undef SIGILL
#undef SIGTRAP
#undef SIGABRT
#undef SIGIOT
#undef SIGBUS
#undef SIGFPE
#undef SIGKILL
#undef SIGUSR1
#undef SIGSEGV
#undef SIGUSR2
#undef SIGPIPE
#undef SIGALRM
#undef SIGTERM
#undef SIGSTKFLT
#undef SIGCHLD
#undef SIGCONT
#undef SIGSTOP
#undef SIGTSTP
#undef SIGTTIN
#undef SIGTTOU
#undef SIGURG
#undef SIGXCPU
#undef SIGXFSZ
#undef SIGVTALRM
#undef SIGPROF
#undef SIGWINCH
#undef SIGIO
#undef SIGPWR
#undef SIGSYS
#include "linux/signal.h"

#define SYSLOG_ACTION_READ_ALL    3
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* picolibc's value; clock_gettime maps it to Linux's 1. */
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)
#endif

#ifndef WNOHANG
#define WNOHANG 1
#endif
#ifndef WCOREDUMP
#define WCOREDUMP(status) (((status) & 0x80) != 0)	/* Linux's core flag */
#endif

/* picolibc has it only with __LINUX_ERRNO_EXTENSIONS__: exec's answer for
 * a bad interpreter (dynamic linker), as on Linux (whose number is 80). */
#ifndef ELIBBAD
#define ELIBBAD 84
#endif

/* Wrappers picolibc's headers lack (the rest are declared there). */
pid_t wait4(pid_t pid, int *status, int options, void *rusage);
int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_gettime(clockid_t id, struct timespec *ts);
int pipe2(int fds[2], int flags);
int sched_yield(void);
int ioctl(int fd, unsigned long request, void *arg);
long getdents64(int fd, void *buf, size_t len);
int kfstat(int fd, struct kstat *st);
int kfstatat(int dirfd, const char *path, struct kstat *st, int flags);
int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
	      unsigned int flags);
int rt_sigaction(int sig, const struct ksigaction *act, struct ksigaction *old);
int sigdisposition(int sig, void (*handler)(int));
int uname(struct utsname *u);
int sysinfo(struct sysinfo *info);
/* Copies why this process's last execve failed into buf ("" if it gave
 * no reason); returns the reason's length, or -1 with errno. */
int exec_reason(char *buf, size_t size);

/* The kernel's block-layer counters. */
int blkstats(struct blkstats *out);

/* The scheduler's counters of hart cpu (0 up); -1 with EINVAL past the last. */
int cpustat(int cpu, struct cpustat *out);

/* The kernel's sampling profiler: KPROF_START (arg: samples a second),
 * KPROF_STOP, KPROF_READ (samples from number arg on into buf: the bytes
 * copied), KPROF_STAT (struct kprof_stat into buf); -1 with errno. */
long kprof(int op, uint64_t arg, void *buf, size_t size);

/* sched_setaffinity and sched_getaffinity with a mask of up to 64 harts
 * (bit i: the hart sched_getcpu calls i), pid 0 for the caller. */
int set_affinity(int pid, uint64_t mask);
int get_affinity(int pid, uint64_t *mask);
int sched_getcpu(void);

/* Sets the mode (0: leaves it); returns the mode before, or -1 with errno. */
int loader_mode(int mode);

/* The loader's figures (struct loadstat) of this process or its children. */
int loadstat(int who, struct loadstat *out);

/* Execs argv[0] with environ, looked up in /bin when it has no '/', as
 * the shell does; returns only on failure (-1 with errno). */
int exec_program(char *const argv[]);
/* After a failed exec: "WHO: NAME: error (reason)" on stderr. */
void exec_failed(const char *who, const char *name);
/* Dumps the live process pid (0: the caller) to a core file; its path
 * goes to path (size bytes). Returns the core's size, or -1 with errno. */
long coredump(int pid, char *path, size_t size);

/* prlimit64(2) with Linux's struct rlimit64 (linux/resource.h). */
int prlimit64(int pid, int resource, const struct rlimit64 *new_limit,
	      struct rlimit64 *old_limit);

/* mount(2) and umount2(2): FAT32 volumes ("vfat") from /dev/vdXN. */
int mount(const char *source, const char *target, const char *fstype,
	  unsigned long flags, const void *data);
int umount2(const char *target, int flags);
int klogctl(int type, char *buf, int len);
int reboot(unsigned long cmd);
int brk(void *addr);
void exit_group(int status) __attribute__((noreturn));

/* Helpers (signames.c). */
const char *signal_message(int sig);
int signal_number(const char *s);

#endif
