/*
 * What our programs use beyond the C library: raw ecall helpers, the
 * Linux structures the kernel itself fills (struct kstat, struct
 * ksigaction: os/uapi/linux), and the calls that are ours (os/uapi/ours.h,
 * wrapped in ours.c). Shared by both C libraries: musl for the 64-bit
 * programs, picolibc for the RV32 ones (musl 1.2.3 has no riscv32 port),
 * whose gaps and numbering user/picolibc/libc.h fills in.
 */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>

#include "ours.h"		/* the calls that are ours */

#ifdef __PICOLIBC__
#include "libc.h"		/* user/picolibc: Linux's numbers, the wrappers */
#else
#include <dirent.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "linux/dirent.h"
#include "linux/stat.h"
#include "linux/signal.h"
#include "linux/reboot.h"
#endif

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

#ifndef __PICOLIBC__
/* A raw result as a libc call gives it: -1 and errno (musl's numbers are
 * Linux's); an address (mmap's, brk's) passes through. */
static inline long
syscall_result(long r)
{
	if ((unsigned long)r > -4096UL) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* Linux's struct stat, as the kernel fills it (riscv64 has fstat). */
static inline int
kfstat(int fd, struct kstat *st)
{
	return syscall_result(syscall2(SYS_fstat, fd, st));
}

static inline int
kfstatat(int dirfd, const char *path, struct kstat *st, int flags)
{
	return syscall_result(syscall4(SYS_newfstatat, dirfd, path, st, flags));
}

/* musl 1.2.3 has no renameat2 (1.2.5 adds it). */
static inline int
renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
	  unsigned int flags)
{
	return syscall_result(syscall5(SYS_renameat2, olddirfd, oldpath, newdirfd,
				       newpath, flags));
}

/* The raw call, on any buffer: musl's getdents64 takes a struct dirent *. */
#undef getdents64
static inline long
getdents64(int fd, void *buf, size_t len)
{
	return syscall_result(syscall3(SYS_getdents64, fd, buf, len));
}

#endif

/* sbrk(2) on the kernel's brk, as Linux's C libraries had it: the old
 * break, or (void *)-1 and ENOMEM. musl's sbrk refuses any increment (its
 * malloc does not use the break), and the tests grow the heap with this. */
static inline void *
raw_sbrk(intptr_t inc)
{
	char *old = (char *)syscall1(SYS_brk, 0);

	if (inc != 0 && (char *)syscall1(SYS_brk, old + inc) != old + inc) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return old;
}

#define SYSLOG_ACTION_READ_ALL    3
#define SYSLOG_ACTION_SIZE_BUFFER 10

/* ours.c: rt_sigaction(2) with Linux's own struct (no libc trampoline). */
int rt_sigaction(int sig, const struct ksigaction *act, struct ksigaction *old);
/* Only SIG_IGN and SIG_DFL, through rt_sigaction. */
int sigdisposition(int sig, void (*handler)(int));

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

/* Helpers (signames.c). */
const char *signal_message(int sig);
int signal_number(const char *s);

#endif
