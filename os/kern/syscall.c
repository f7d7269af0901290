/*
 * System call dispatch with the Linux RISC-V convention: number in a7,
 * arguments in a0-a5, result (or -errno) in a0. Numbers are asm-generic's.
 * An unimplemented call returns -ENOSYS and is logged once.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "kern/syscall.h"

uint64_t argraw(int n) { return myproc()->trapframe->regs[REG_A0 + n]; }

/* Fetches string argument n; -EFAULT or -ENAMETOOLONG on failure. */
int argstr(int n, char *buf, size_t max)
{
	return copyinstr(myproc()->pagetable, buf, argraw(n), max);
}

const syscall_fn syscalls[NSYSCALLS] = {
	[SYS_getcwd] = sys_getcwd,
	[SYS_umount2] = sys_umount2,
	[SYS_mount] = sys_mount,
	[SYS_statfs] = sys_statfs,
	[SYS_fstatfs] = sys_fstatfs,
	[SYS_linkat] = sys_linkat,
	[SYS_mknodat] = sys_mknodat,
	[SYS_fchmod] = sys_fchmod,
	[SYS_fchmodat] = sys_fchmodat,
	[SYS_fchown] = sys_fchown,
	[SYS_fchownat] = sys_fchownat,
	[SYS_symlinkat] = sys_symlinkat,
	[SYS_fcntl] = sys_fcntl,
	[SYS_flock] = sys_flock,
	[SYS_truncate] = sys_truncate,
	[SYS_faccessat] = sys_faccessat,
	[SYS_faccessat2] = sys_faccessat2,
	[SYS_fchdir] = sys_fchdir,
	[SYS_readv] = sys_readv,
	[SYS_writev] = sys_writev,
	[SYS_preadv] = sys_preadv,
	[SYS_pwritev] = sys_pwritev,
	[SYS_preadv2] = sys_preadv2,
	[SYS_pwritev2] = sys_pwritev2,
	[SYS_ppoll] = sys_ppoll,
	[SYS_pselect6] = sys_pselect6,
	[SYS_sendfile] = sys_sendfile,
	[SYS_copy_file_range] = sys_copy_file_range,
	[SYS_splice] = sys_splice,
	[SYS_tee] = sys_tee,
	[SYS_vmsplice] = sys_vmsplice,
	[SYS_execveat] = sys_execveat,
	[SYS_memfd_create] = sys_memfd_create,
	[SYS_readlinkat] = sys_readlinkat,
	[SYS_utimensat] = sys_utimensat,
	[SYS_set_tid_address] = sys_set_tid_address,
	[SYS_set_robust_list] = sys_set_robust_list,
	[SYS_futex] = sys_futex,
	[SYS_get_robust_list] = sys_get_robust_list,
	[SYS_setitimer] = sys_setitimer,
	[SYS_clock_getres] = sys_clock_getres,
	[SYS_clock_nanosleep] = sys_clock_nanosleep,
	[SYS_tgkill] = sys_tgkill,
	[SYS_rt_sigsuspend] = sys_rt_sigsuspend,
	[SYS_rt_sigprocmask] = sys_rt_sigprocmask,
	[SYS_rt_sigpending] = sys_rt_sigpending,
	[SYS_rt_sigreturn] = sys_rt_sigreturn,
	[SYS_prlimit64] = sys_prlimit64,
	[SYS_getrlimit] = sys_getrlimit,
	[SYS_setrlimit] = sys_setrlimit,
	[SYS_getrandom] = sys_getrandom,
	[SYS_dup] = sys_dup,
	[SYS_dup3] = sys_dup3,
	[SYS_ioctl] = sys_ioctl,
	[SYS_chdir] = sys_chdir,
	[SYS_openat] = sys_openat,
	[SYS_close] = sys_close,
	[SYS_close_range] = sys_close_range,
	[SYS_getdents64] = sys_getdents64,
	[SYS_pipe2] = sys_pipe2,
	[SYS_eventfd2] = sys_eventfd2,
	[SYS_timerfd_create] = sys_timerfd_create,
	[SYS_timerfd_settime] = sys_timerfd_settime,
	[SYS_timerfd_gettime] = sys_timerfd_gettime,
	[SYS_signalfd4] = sys_signalfd4,
	[SYS_epoll_create1] = sys_epoll_create1,
	[SYS_epoll_ctl] = sys_epoll_ctl,
	[SYS_epoll_pwait] = sys_epoll_pwait,
	[SYS_socket] = sys_socket,
	[SYS_socketpair] = sys_socketpair,
	[SYS_bind] = sys_bind,
	[SYS_listen] = sys_listen,
	[SYS_accept] = sys_accept,
	[SYS_accept4] = sys_accept4,
	[SYS_connect] = sys_connect,
	[SYS_getsockname] = sys_getsockname,
	[SYS_getpeername] = sys_getpeername,
	[SYS_sendto] = sys_sendto,
	[SYS_recvfrom] = sys_recvfrom,
	[SYS_setsockopt] = sys_setsockopt,
	[SYS_getsockopt] = sys_getsockopt,
	[SYS_shutdown] = sys_shutdown,
	[SYS_sendmsg] = sys_sendmsg,
	[SYS_recvmsg] = sys_recvmsg,
	[SYS_sendmmsg] = sys_sendmmsg,
	[SYS_recvmmsg] = sys_recvmmsg,
	[SYS_mkdirat] = sys_mkdirat,
	[SYS_unlinkat] = sys_unlinkat,
	[SYS_renameat2] = sys_renameat2,
	[SYS_ftruncate] = sys_ftruncate,
	[SYS_pread64] = sys_pread64,
	[SYS_pwrite64] = sys_pwrite64,
	[SYS_sync] = sys_sync,
	[SYS_fsync] = sys_fsync,
	[SYS_fdatasync] = sys_fsync,
	[SYS_syncfs] = sys_syncfs,
	[SYS_sync_file_range] = sys_sync_file_range,
	[SYS_fadvise64] = sys_fadvise64,
	[SYS_readahead] = sys_readahead,
	[SYS_lseek] = sys_lseek,
	[SYS_read] = sys_read,
	[SYS_write] = sys_write,
	[SYS_newfstatat] = sys_newfstatat,
	[SYS_fstat] = sys_fstat,
	[SYS_exit] = sys_exit,
	[SYS_exit_group] = sys_exit_group,
	[SYS_nanosleep] = sys_nanosleep,
	[SYS_clock_gettime] = sys_clock_gettime,
	[SYS_syslog] = sys_syslog,
	[SYS_sched_yield] = sys_sched_yield,
	[SYS_kill] = sys_kill,
	[SYS_rt_sigaction] = sys_rt_sigaction,
	[SYS_reboot] = sys_reboot,
	[SYS_setpgid] = sys_setpgid,
	[SYS_getpgid] = sys_getpgid,
	[SYS_setsid] = sys_setsid,
	[SYS_getsid] = sys_getsid,
	[SYS_umask] = sys_umask,
	[SYS_prctl] = sys_prctl,
	[SYS_times] = sys_times,
	[SYS_gettimeofday] = sys_gettimeofday,
	[SYS_getitimer] = sys_getitimer,
	[SYS_getresuid] = sys_getresid,
	[SYS_getresgid] = sys_getresid,
	[SYS_sched_getscheduler] = sys_sched_getscheduler,
	[SYS_sched_getparam] = sys_sched_getparam,
	[SYS_sched_get_priority_max] = sys_sched_get_priority_max,
	[SYS_sched_get_priority_min] = sys_sched_get_priority_min,
	[SYS_sigaltstack] = sys_sigaltstack,
	[SYS_tkill] = sys_tkill,
	[SYS_rt_sigtimedwait] = sys_rt_sigtimedwait,
	[SYS_rt_sigqueueinfo] = sys_rt_sigqueueinfo,
	[SYS_rt_tgsigqueueinfo] = sys_rt_tgsigqueueinfo,
	[SYS_getpriority] = sys_getpriority,
	[SYS_setpriority] = sys_setpriority,
	[SYS_sched_rr_get_interval] = sys_sched_rr_get_interval,
	[SYS_timer_create] = sys_timer_create,
	[SYS_timer_settime] = sys_timer_settime,
	[SYS_timer_gettime] = sys_timer_gettime,
	[SYS_timer_getoverrun] = sys_timer_getoverrun,
	[SYS_timer_delete] = sys_timer_delete,
	[SYS_uname] = sys_uname,
	[SYS_capget] = sys_capget,
	[SYS_capset] = sys_capset,
	[SYS_sethostname] = sys_sethostname,
	[SYS_setdomainname] = sys_setdomainname,
	[SYS_getpid] = sys_getpid,
	[SYS_getppid] = sys_getppid,
	[SYS_getuid] = sys_getid,
	[SYS_getgroups] = sys_getgroups,
	[SYS_geteuid] = sys_getid,
	[SYS_getgid] = sys_getid,
	[SYS_getegid] = sys_getid,
	[SYS_gettid] = sys_gettid,
	[SYS_sysinfo] = sys_sysinfo,
	[SYS_brk] = sys_brk,
	[SYS_mmap] = sys_mmap,
	[SYS_munmap] = sys_munmap,
	[SYS_mprotect] = sys_mprotect,
	[SYS_msync] = sys_msync,
	[SYS_mremap] = sys_mremap,
	[SYS_madvise] = sys_madvise,
	[SYS_mincore] = sys_mincore,
	[SYS_mlock] = sys_mlock,
	[SYS_mlock2] = sys_mlock2,
	[SYS_munlock] = sys_munlock,
	[SYS_mlockall] = sys_mlockall,
	[SYS_munlockall] = sys_munlockall,
	[SYS_membarrier] = sys_membarrier,
	[SYS_clone] = sys_clone,
	[SYS_clone3] = sys_clone3,
	[SYS_execve] = sys_execve,
	[SYS_wait4] = sys_wait4,
	[SYS_waitid] = sys_waitid,
	[SYS_exec_reason] = sys_exec_reason,
	[SYS_blkstats] = sys_blkstats,
	[SYS_loader_mode] = sys_loader_mode,
	[SYS_personality] = sys_personality,
	[SYS_loadstat] = sys_loadstat,
	[SYS_cpustat] = sys_cpustat,
	[SYS_kprof] = sys_kprof,
	[SYS_getcpu] = sys_getcpu,
	[SYS_sched_setaffinity] = sys_sched_setaffinity,
	[SYS_sched_getaffinity] = sys_sched_getaffinity,
	[SYS_getrusage] = sys_getrusage,
	[SYS_coredump] = sys_coredump,
	[SYS_statx] = sys_statx,
};

/* A 32-bit process's registers hold 32-bit values: only the low half
 * of each argument counts (zero-extended; handlers cast ints). */
static void args32(struct trapframe *tf)
{
	for (int i = 0; i < 6; i++)
		tf->regs[REG_A0 + i] = (uint32_t)tf->regs[REG_A0 + i];
	tf->regs[REG_A7] = (uint32_t)tf->regs[REG_A7];
}

static void log_enosys(uint64_t num)
{
	static uint64_t logged[8];	/* one bit per number below 512 */
	static struct spinlock lock = SPINLOCK_INIT("enosys", LOCK_LEAF);

	if (num >= 512)
		return klog("unknown syscall %lu from pid %d", num, myproc()->pid);
	acquire(&lock);
	bool first = !((logged[num / 64] >> (num % 64)) & 1);
	logged[num / 64] |= 1UL << (num % 64);
	release(&lock);
	if (first)
		klog("syscall %lu not implemented (first from pid %d, %s)", num,
		     myproc()->pid, myproc()->name);
}

/* An unknown or unimplemented call's -ENOSYS. */
void syscall_unknown(struct trapframe *tf, uint64_t num)
{
	log_enosys(num);
	tf->regs[REG_A0] = -ENOSYS;
}

/* A 32-bit process's call: its arguments widened, its own table, a
 * 32-bit result. Out of line, so that the 64-bit path (syscall in
 * kern.h) saves no registers for it. */
void syscall_32(struct proc *p)
{
	struct trapframe *tf = p->trapframe;

	args32(tf);
	uint64_t num = tf->regs[REG_A7];
	syscall_fn fn = syscall32_handler(num);
	if (!fn)
		return syscall_unknown(tf, num);
	uint64_t ret = fn();
	if (ret == (uint64_t)-ERESTARTSYS)
		return syscall_restart(p);
	/* sign-extended as an RV32 register reads, unless execve made p
	 * 64-bit */
	tf->regs[REG_A0] = p->is32 ? (uint64_t)(int64_t)(int32_t)ret : ret;
}
