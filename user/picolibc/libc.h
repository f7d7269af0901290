/*
 * What picolibc lacks of a Linux libc, for the RV32 programs (musl 1.2.3,
 * the 64-bit programs' library, has no riscv32 port): Linux's signal
 * numbers in place of newlib's, and the wrappers sys.c adds. Included by
 * user/lib/syscall.h; the numbers and structures are os/uapi/linux's.
 *
 * picolibc's headers use newlib's numbering for signals, open flags and
 * errno values above 34; the wrappers in sys.c translate at the boundary.
 */
#ifndef USER_PICOLIBC_LIBC_H
#define USER_PICOLIBC_LIBC_H

#include <sys/resource.h>
#include <unistd.h>

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

/* A raw result as a libc call gives it: -1 and errno in picolibc's
 * numbering (newlib's, which differs from Linux's above 34). */
long syscall_result(long r);

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
int uname(struct utsname *u);
int sysinfo(struct sysinfo *info);
int sched_getcpu(void);

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
#endif
