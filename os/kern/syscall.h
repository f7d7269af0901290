/* The system call handlers; their numbers are uapi/linux/unistd.h's
 * (Linux's) and uapi/ours.h's. */
#ifndef SYSCALL_H
#define SYSCALL_H
#include "kern/types.h"
#include "uapi/linux/unistd.h"
#include "uapi/ours.h"

/* utimens.c */
uint64_t sys_utimensat(void);

/* sysattr.c */
uint64_t sys_fchmodat(void);
uint64_t sys_fchmod(void);
uint64_t sys_fchownat(void);
uint64_t sys_fchown(void);
uint64_t sys_mknodat(void);

/* robust.c */
uint64_t sys_set_robust_list(void);
uint64_t sys_futex(void);
uint64_t sys_get_robust_list(void);

/* mount.c */
uint64_t sys_mount(void);
uint64_t sys_umount2(void);
uint64_t sys_statfs(void);
uint64_t sys_fstatfs(void);
uint64_t sys_linkat(void);
uint64_t sys_symlinkat(void);

/* sysfile.c, sysproc.c, signal.c: the Linux-ABI additions */
uint64_t sys_fcntl(void);
uint64_t sys_flock(void);
uint64_t sys_truncate(void);
uint64_t sys_faccessat(void);
uint64_t sys_faccessat2(void);
uint64_t sys_fchdir(void);
uint64_t sys_readv(void);
uint64_t sys_writev(void);
uint64_t sys_preadv(void);
uint64_t sys_pwritev(void);
uint64_t sys_preadv2(void);
uint64_t sys_pwritev2(void);
uint64_t sys_readlinkat(void);
uint64_t sys_set_tid_address(void);
uint64_t sys_tgkill(void);
uint64_t sys_rt_sigsuspend(void);
uint64_t sys_rt_sigprocmask(void);
uint64_t sys_rt_sigpending(void);
uint64_t sys_rt_sigreturn(void);
uint64_t sys_rt_sigtimedwait(void);
uint64_t sys_rt_sigqueueinfo(void);
uint64_t sys_rt_tgsigqueueinfo(void);
uint64_t sys_sigaltstack(void);
uint64_t sys_tkill(void);
uint64_t sys_prlimit64(void);
uint64_t sys_getrlimit(void);
uint64_t sys_setrlimit(void);
uint64_t sys_getrandom(void);

/* eventfd.c, timerfd.c, signalfd.c, epoll.c */
uint64_t sys_eventfd2(void);
uint64_t sys_timerfd_create(void);
uint64_t sys_timerfd_settime(void);
uint64_t sys_timerfd_gettime(void);
uint64_t sys_signalfd4(void);
uint64_t sys_epoll_create1(void);
uint64_t sys_epoll_ctl(void);
uint64_t sys_epoll_pwait(void);

/* syssocket.c */
uint64_t sys_socket(void);
uint64_t sys_socketpair(void);
uint64_t sys_bind(void);
uint64_t sys_listen(void);
uint64_t sys_accept(void);
uint64_t sys_accept4(void);
uint64_t sys_connect(void);
uint64_t sys_getsockname(void);
uint64_t sys_getpeername(void);
uint64_t sys_sendto(void);
uint64_t sys_recvfrom(void);
uint64_t sys_setsockopt(void);
uint64_t sys_getsockopt(void);
uint64_t sys_shutdown(void);
uint64_t sys_sendmsg(void);
uint64_t sys_recvmsg(void);
uint64_t sys_sendmmsg(void);
uint64_t sys_recvmmsg(void);

/* sysfile.c */
uint64_t sys_getcwd(void);
uint64_t sys_dup(void);
uint64_t sys_dup3(void);
uint64_t sys_ioctl(void);
uint64_t sys_chdir(void);
uint64_t sys_openat(void);
uint64_t sys_close(void);
uint64_t sys_splice(void);
uint64_t sys_tee(void);
uint64_t sys_vmsplice(void);
uint64_t sys_syncfs(void);
uint64_t sys_sync_file_range(void);
uint64_t sys_fadvise64(void);
uint64_t sys_readahead(void);
uint64_t sys_close_range(void);
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

/* capability.c */
uint64_t sys_capget(void);
uint64_t sys_capset(void);
/* uts.c */
uint64_t sys_uname(void);
uint64_t sys_sethostname(void);
uint64_t sys_setdomainname(void);
/* systime.c */
uint64_t sys_clock_gettime(void);
uint64_t sys_clock_getres(void);
uint64_t sys_nanosleep(void);
uint64_t sys_clock_nanosleep(void);
uint64_t sys_setitimer(void);
uint64_t sys_ppoll(void);
uint64_t sys_pselect6(void);
uint64_t sys_sendfile(void);
uint64_t sys_copy_file_range(void);
uint64_t sys_execveat(void);
uint64_t sys_memfd_create(void);
uint64_t sys_getitimer(void);
uint64_t sys_gettimeofday(void);
uint64_t sys_times(void);

/* prio.c */
uint64_t sys_getpriority(void);
uint64_t sys_setpriority(void);
uint64_t sys_sched_rr_get_interval(void);

/* ptimer.c */
uint64_t sys_timer_create(void);
uint64_t sys_timer_settime(void);
uint64_t sys_timer_gettime(void);
uint64_t sys_timer_getoverrun(void);
uint64_t sys_timer_delete(void);

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
uint64_t sys_getpid(void);
uint64_t sys_gettid(void);
uint64_t sys_exit_group(void);
uint64_t sys_getppid(void);
uint64_t sys_getid(void);
uint64_t sys_getgroups(void);
uint64_t sys_sysinfo(void);
uint64_t sys_brk(void);
uint64_t sys_mmap(void);
uint64_t sys_munmap(void);
uint64_t sys_mprotect(void);
uint64_t sys_msync(void);
uint64_t sys_mremap(void);
uint64_t sys_madvise(void);
uint64_t sys_mincore(void);
uint64_t sys_mlock(void);
uint64_t sys_mlock2(void);
uint64_t sys_munlock(void);
uint64_t sys_mlockall(void);
uint64_t sys_munlockall(void);
uint64_t sys_membarrier(void);
uint64_t sys_clone(void);
uint64_t sys_clone3(void);
uint64_t sys_execve(void);
uint64_t sys_exec_reason(void);
uint64_t sys_blkstats(void);
uint64_t sys_loader_mode(void);
uint64_t sys_personality(void);
uint64_t sys_loadstat(void);
uint64_t sys_getcpu(void);
uint64_t sys_cpustat(void);
uint64_t sys_kprof(void);
uint64_t sys_sched_setaffinity(void);
uint64_t sys_sched_getaffinity(void);
uint64_t sys_getrusage(void);
uint64_t sys_coredump(void);
uint64_t sys_wait4(void);
uint64_t sys_waitid(void);
uint64_t sys_statx(void);
#endif
