/* Linux RISC-V (asm-generic) system call numbers, and their handlers. */
#ifndef SYSCALL_H
#define SYSCALL_H
#include "kern/types.h"

#define SYS_getcwd 17
#define SYS_umount2 39
#define SYS_mount 40
#define SYS_fcntl 25
#define SYS_truncate 45
#define SYS_faccessat 48
#define SYS_fchdir 50
#define SYS_readv 65
#define SYS_writev 66
#define SYS_preadv 69
#define SYS_pwritev 70
#define SYS_ppoll 73
#define SYS_readlinkat 78
#define SYS_utimensat 88
#define SYS_set_tid_address 96
#define SYS_set_robust_list 99
#define SYS_get_robust_list 100
#define SYS_setitimer 103
#define SYS_clock_getres 114
#define SYS_clock_nanosleep 115
#define SYS_tgkill 131
#define SYS_rt_sigsuspend 133
#define SYS_rt_sigprocmask 135
#define SYS_rt_sigpending 136
#define SYS_rt_sigreturn 139
#define SYS_prlimit64 261
#define SYS_getrandom 278
#define SYS_dup 23
#define SYS_dup3 24
#define SYS_ioctl 29
#define SYS_mkdirat 34
#define SYS_unlinkat 35
#define SYS_ftruncate 46
#define SYS_chdir 49
#define SYS_openat 56
#define SYS_close 57
#define SYS_pipe2 59
#define SYS_getdents64 61
#define SYS_lseek 62
#define SYS_read 63
#define SYS_write 64
#define SYS_pread64 67
#define SYS_pwrite64 68
#define SYS_newfstatat 79
#define SYS_fstat 80
#define SYS_sync 81
#define SYS_fsync 82
#define SYS_fdatasync 83
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_nanosleep 101
#define SYS_clock_gettime 113
#define SYS_syslog 116
#define SYS_sched_setaffinity 122
#define SYS_sched_getaffinity 123
#define SYS_sched_yield 124
#define SYS_kill 129
#define SYS_rt_sigaction 134
#define SYS_reboot 142
#define SYS_setpgid 154
#define SYS_getpgid 155
#define SYS_getsid 156
#define SYS_setsid 157
#define SYS_times 153
#define SYS_umask 166
#define SYS_prctl 167
#define SYS_gettimeofday 169
#define SYS_getitimer 102
#define SYS_sched_getscheduler 120
#define SYS_sched_getparam 121
#define SYS_getresuid 148
#define SYS_getresgid 150
#define SYS_sched_get_priority_max 125
#define SYS_sched_get_priority_min 126
#define SYS_sigaltstack 132
#define SYS_tkill 130
#define SYS_rt_sigtimedwait 137
#define SYS_uname 160
#define SYS_getrlimit 163
#define SYS_setrlimit 164
#define SYS_getrusage 165
#define SYS_getcpu 168
#define SYS_statx 291
#define SYS_getpid 172
#define SYS_getppid 173
#define SYS_getuid 174
#define SYS_geteuid 175
#define SYS_getgid 176
#define SYS_getegid 177
#define SYS_gettid 178
#define SYS_sysinfo 179
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_mmap 222
#define SYS_mprotect 226
#define SYS_msync 227
#define SYS_clone 220
#define SYS_execve 221
#define SYS_wait4 260
#define SYS_renameat2 276

/* Ours, not Linux's: above every Linux number. */

/* utimens.c */
uint64_t sys_utimensat(void);

/* robust.c */
uint64_t sys_set_robust_list(void);
uint64_t sys_get_robust_list(void);

/* mount.c */
uint64_t sys_mount(void);
uint64_t sys_umount2(void);

/* sysfile.c, sysproc.c, signal.c: the Linux-ABI additions */
uint64_t sys_fcntl(void);
uint64_t sys_truncate(void);
uint64_t sys_faccessat(void);
uint64_t sys_fchdir(void);
uint64_t sys_readv(void);
uint64_t sys_writev(void);
uint64_t sys_preadv(void);
uint64_t sys_pwritev(void);
uint64_t sys_readlinkat(void);
uint64_t sys_set_tid_address(void);
uint64_t sys_tgkill(void);
uint64_t sys_rt_sigsuspend(void);
uint64_t sys_rt_sigprocmask(void);
uint64_t sys_rt_sigpending(void);
uint64_t sys_rt_sigreturn(void);
uint64_t sys_rt_sigtimedwait(void);
uint64_t sys_sigaltstack(void);
uint64_t sys_tkill(void);
uint64_t sys_prlimit64(void);
uint64_t sys_getrlimit(void);
uint64_t sys_setrlimit(void);
uint64_t sys_getrandom(void);

/* sysfile.c */
uint64_t sys_getcwd(void);
uint64_t sys_dup(void);
uint64_t sys_dup3(void);
uint64_t sys_ioctl(void);
uint64_t sys_chdir(void);
uint64_t sys_openat(void);
uint64_t sys_close(void);
uint64_t sys_getdents64(void);
uint64_t sys_mkdirat(void);
uint64_t sys_unlinkat(void);
uint64_t sys_renameat2(void);
uint64_t sys_ftruncate(void);
uint64_t sys_pread64(void);
uint64_t sys_pwrite64(void);
uint64_t sys_sync(void);
uint64_t sys_fsync(void);
uint64_t sys_pipe2(void);
uint64_t sys_lseek(void);
uint64_t sys_read(void);
uint64_t sys_write(void);
uint64_t sys_newfstatat(void);
uint64_t sys_fstat(void);

/* systime.c */
uint64_t sys_clock_gettime(void);
uint64_t sys_clock_getres(void);
uint64_t sys_nanosleep(void);
uint64_t sys_clock_nanosleep(void);
uint64_t sys_setitimer(void);
uint64_t sys_ppoll(void);
uint64_t sys_getitimer(void);
uint64_t sys_gettimeofday(void);
uint64_t sys_times(void);

/* sysproc.c */
uint64_t sys_exit(void);
uint64_t sys_syslog(void);
uint64_t sys_sched_yield(void);
uint64_t sys_kill(void);
uint64_t sys_rt_sigaction(void);
uint64_t sys_reboot(void);
uint64_t sys_setpgid(void);
uint64_t sys_getpgid(void);
uint64_t sys_setsid(void);
uint64_t sys_getsid(void);
uint64_t sys_umask(void);
uint64_t sys_prctl(void);
uint64_t sys_getresid(void);
uint64_t sys_sched_getscheduler(void);
uint64_t sys_sched_getparam(void);
uint64_t sys_sched_get_priority_max(void);
uint64_t sys_sched_get_priority_min(void);
uint64_t sys_uname(void);
uint64_t sys_getpid(void);
uint64_t sys_getppid(void);
uint64_t sys_getid(void);
uint64_t sys_sysinfo(void);
uint64_t sys_brk(void);
uint64_t sys_mmap(void);
uint64_t sys_munmap(void);
uint64_t sys_mprotect(void);
uint64_t sys_msync(void);
uint64_t sys_clone(void);
uint64_t sys_execve(void);
uint64_t sys_exec_reason(void);
uint64_t sys_blkstats(void);
uint64_t sys_loader_mode(void);
uint64_t sys_loadstat(void);
uint64_t sys_getcpu(void);
uint64_t sys_cpustat(void);
uint64_t sys_kprof(void);
uint64_t sys_sched_setaffinity(void);
uint64_t sys_sched_getaffinity(void);
uint64_t sys_getrusage(void);
uint64_t sys_coredump(void);
uint64_t sys_wait4(void);
uint64_t sys_statx(void);
#endif
