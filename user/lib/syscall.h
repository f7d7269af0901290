/*
 * The Linux RISC-V (asm-generic) system call interface as our kernel
 * speaks it: numbers, raw ecall helpers, the kernel's struct layouts and
 * the wrappers picolibc's headers do not declare.
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
#include <sys/types.h>
#include <time.h>

#include "ours.h"	/* os/uapi: the calls that are ours */

#define SYS_getcwd        17
#define SYS_umount2       39
#define SYS_faccessat     48
#define SYS_utimensat     88
#define SYS_mount         40
#define SYS_dup           23
#define SYS_dup3          24
#define SYS_ioctl         29
#define SYS_mkdirat       34
#define SYS_unlinkat      35
#define SYS_readlinkat    78
#define SYS_ftruncate     46
#define SYS_chdir         49
#define SYS_openat        56
#define SYS_close         57
#define SYS_pipe2         59
#define SYS_getdents64    61
#define SYS_lseek         62
#define SYS_read          63
#define SYS_write         64
#define SYS_pread64       67
#define SYS_pwrite64      68
#define SYS_newfstatat    79
#define SYS_fstat         80
#define SYS_sync          81
#define SYS_fsync         82
#define SYS_exit          93
#define SYS_exit_group    94
#define SYS_nanosleep     101
#define SYS_clock_gettime 113
#define SYS_syslog        116
#define SYS_sched_setaffinity 122
#define SYS_sched_getaffinity 123
#define SYS_sched_yield   124
#define SYS_kill          129
#define SYS_rt_sigaction  134
#define SYS_reboot        142
#define SYS_setpgid       154
#define SYS_getpgid       155
#define SYS_getsid        156
#define SYS_setsid        157
#define SYS_times         153
#define SYS_umask         166
#define SYS_prctl         167
#define SYS_gettimeofday  169
#define SYS_getitimer     102
#define SYS_setitimer     103
#define SYS_sched_getscheduler 120
#define SYS_sched_getparam 121
#define SYS_getresuid     148
#define SYS_getresgid     150
#define SYS_sched_get_priority_max 125
#define SYS_sched_get_priority_min 126
#define SYS_tkill         130
#define SYS_sigaltstack   132
#define SYS_rt_sigprocmask 135
#define SYS_rt_sigpending 136
#define SYS_rt_sigtimedwait 137
#define SYS_gettid        178
#define SYS_uname         160
#define SYS_getpid        172
#define SYS_getppid       173
#define SYS_sysinfo       179
#define SYS_getrusage     165
#define SYS_getcpu        168
#define SYS_prlimit64     261
#define SYS_brk           214
#define SYS_munmap        215
#define SYS_mmap          222
#define SYS_mprotect      226
#define SYS_clone         220
#define SYS_execve        221
#define SYS_wait4         260
#define SYS_renameat2     276
/* rv32 Linux has 64-bit time only (the *_time64 calls) and statx for
 * stat; sys.c uses these when built for rv32 (__riscv_xlen == 32). */
#define SYS_llseek        62
#define SYS_statx         291
#define SYS_clock_gettime64 403
#define SYS_clock_nanosleep_time64 407

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

/* Linux signal numbers (newlib's differ from 7 up). */
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
#undef SIGCHLD
#undef SIGCONT
#undef SIGSTOP
#undef SIGTSTP
#undef SIGTTIN
#undef SIGTTOU
#undef SIGSYS
#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGIOT   6
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1  10
#define SIGSEGV  11
#define SIGUSR2  12
#define SIGPIPE  13
#define SIGALRM  14
#define SIGTERM  15
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define SIGTSTP  20
#define SIGTTIN  21
#define SIGTTOU  22
#define SIGSYS   31

/* The kernel's struct sigaction on RISC-V (no sa_restorer). */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	uint64_t mask;
};

/* asm-generic struct stat, as fstat/newfstatat fill it. */
struct kstat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t pad2;
	int64_t st_blocks;
	int64_t st_atime_sec;
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	uint32_t unused4;
	uint32_t unused5;
};

/* Linux's struct statx (the same on rv32 and rv64), 256 bytes. */
struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};
struct statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad1;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

#define DT_UNKNOWN 0
#define DT_DIR     4
#define DT_REG     8

struct utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

/* Linux's struct sysinfo (longs: 32-bit on rv32); sizes are in units
 * of mem_unit bytes. */
struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	unsigned long totalhigh, freehigh;
	uint32_t mem_unit;
	char reserved[20 - 2 * sizeof(long) - sizeof(int)];
};

#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410

#define SYSLOG_ACTION_READ_ALL    3
#define SYSLOG_ACTION_SIZE_BUFFER 10

#define LINUX_REBOOT_MAGIC1        0xfee1dead
#define LINUX_REBOOT_MAGIC2        672274793
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc
#define LINUX_REBOOT_CMD_RESTART   0x01234567

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

/* prlimit64(2)'s struct and the limits the kernel lets a program set. */
struct rlimit64 {
	uint64_t cur, max;
};
#define RLIMIT_CORE_ 4		/* picolibc has no <sys/resource.h> numbers */
#define RLIMIT_NOFILE_ 7
#define RLIM64_INFINITY (~0ULL)
int prlimit64(int pid, int resource, const struct rlimit64 *new_limit,
	      struct rlimit64 *old_limit);
/* Linux's values (picolibc defines them only for other systems). */
#define UTIME_NOW  ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

/* mount(2) and umount2(2): FAT32 volumes ("vfat") from /dev/vdXN. */
#define MS_RDONLY 1
#define MNT_FORCE 1
#define MNT_DETACH 2
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
