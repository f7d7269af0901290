/* Process, time and system system calls. */
#include "kern/kern.h"
#include "fs/vfs.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "fs/fs.h"
#include "kern/syscall.h"
#include "uapi/linux/prctl.h"
#include "uapi/linux/reboot.h"
#include "uapi/linux/resource.h"
#include "uapi/linux/sched.h"
#include "uapi/linux/sysinfo.h"
#include "uapi/linux/wait.h"

/* The group's pid; gettid is the thread's (thread.c). */
uint64_t sys_getpid(void) { return myproc()->tgid; }
/* One user, root, as on a single-user development board. */
uint64_t sys_getid(void) { return 0; }

/* getgroups(size, list): root is in no supplementary group, as Linux's
 * first process; a negative size is EINVAL. */
uint64_t sys_getgroups(void) { return (int)argraw(0) < 0 ? -EINVAL : 0; }

/* getresuid(ruid, euid, suid) and getresgid: root's 0, three times. */
uint64_t sys_getresid(void)
{
	uint32_t id = 0;

	for (int i = 0; i < 3; i++)
		if (copyout(myproc()->pagetable, argraw(i), &id, sizeof(id)) < 0)
			return -EFAULT;
	return 0;
}

uint64_t sys_getppid(void) { return proc_ppid(myproc()); }

uint64_t sys_sched_yield(void)
{
	yield();
	return 0;
}

#define CLONE_FORK_FLAGS (CSIGNAL | CLONE_VFORK | CLONE_SETTLS | \
			  CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID)
/* What a thread shares with its group: all of it, as pthread_create asks */
#define CLONE_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

/*
 * A new thread or process, clone's way (flags, the child's sp, and
 * where its tid goes): a new thread of the caller's group with
 * CLONE_THREAD (thread.c), which must come with the rest of
 * CLONE_THREAD_FLAGS (and may with CLONE_SYSVSEM, which changes nothing
 * here: no System V semaphore has undo records, and CLONE_DETACHED,
 * which Linux ignores and musl's pthread_create sets); else a new process,
 * with fork's semantics: the child gets a copy of the address space, or
 * with CLONE_VM runs in the parent's (a process of its own, as on
 * Linux). CLONE_VFORK has the parent sleep until the child execs or
 * exits (vfork and posix_spawn: CLONE_VM|CLONE_VFORK). Sharing the
 * other things of a thread (CLONE_FILES, CLONE_FS, CLONE_SIGHAND)
 * without CLONE_THREAD is refused.
 */
static int clone_with(uint64_t flags, uint64_t stack, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
	uint64_t asked = flags;
	bool thread = flags & CLONE_THREAD;

	if (thread && (flags & CLONE_THREAD_FLAGS) != CLONE_THREAD_FLAGS)
		return -EINVAL;	/* Linux's answer to THREAD without SIGHAND or VM */
	if (thread)
		flags &= ~(uint64_t)(CLONE_THREAD_FLAGS | CLONE_SYSVSEM | CLONE_DETACHED);
	if (flags & ~(uint64_t)(CLONE_FORK_FLAGS | CLONE_VM) ||
	    (thread && (flags & (CSIGNAL | CLONE_VFORK)))) {
		klog("clone: flags %#lx not supported", asked);
		return -EINVAL;
	}
	struct clone_args a = {
		.stack = stack,
		.tls = tls,
		.settls = flags & CLONE_SETTLS,
		.set_tid = flags & CLONE_CHILD_SETTID ? ctid : 0,
		.clear_tid = flags & CLONE_CHILD_CLEARTID ? ctid : 0,
		.parent_tid = thread && (flags & CLONE_PARENT_SETTID) ? ptid : 0,
		.share_vm = flags & CLONE_VM,
		.vfork = flags & CLONE_VFORK,
	};
	int pid = thread ? thread_clone(&a) : fork(&a);
	uint32_t tid = pid;
	if (pid > 0 && !thread && (flags & CLONE_PARENT_SETTID))
		copyout(myproc()->pagetable, ptid, &tid, sizeof(tid));
	return pid;
}

/* clone(flags, stack, ptid, tls, ctid): the exit signal in flags' low byte.
 * CLONE_DETACHED is ignored, as Linux's clone does (musl's pthread_create
 * passes it); clone3 refuses it, as Linux's does. */
uint64_t sys_clone(void)
{
	return clone_with(argraw(0) & ~(uint64_t)CLONE_DETACHED, argraw(1), argraw(2),
			  argraw(3), argraw(4));
}

/*
 * Whether the bytes [from, to) of user memory at va are all zero: the
 * part of a newer program's structure this kernel does not know, which
 * it may ignore only if unused (Linux's copy_struct_from_user). 0, or
 * -E2BIG, or -EFAULT.
 */
static int user_tail_zero(uint64_t va, size_t from, size_t to)
{
	uint8_t chunk[64];

	for (size_t off = from; off < to; off += sizeof(chunk)) {
		size_t n = MIN(sizeof(chunk), to - off);
		if (copyin(myproc()->pagetable, chunk, va + off, n) < 0)
			return -EFAULT;
		for (size_t i = 0; i < n; i++)
			if (chunk[i])
				return -E2BIG;
	}
	return 0;
}

/*
 * clone3(args, size): clone's flags and addresses in a structure whose
 * size says which version the caller knows. The checks are Linux's
 * (kernel/fork.c): the exit signal has a field of its own and a thread
 * has none; the stack is its lowest address and its size. A pidfd, a
 * chosen tid (set_tid) and a cgroup are refused, logged.
 */
uint64_t sys_clone3(void)
{
	uint64_t uargs = argraw(0), size = argraw(1);
	struct clone3_args a = { 0 };
	int err;

	if (size > PGSIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (copyin(myproc()->pagetable, &a, uargs, MIN(size, sizeof(a))) < 0)
		return -EFAULT;
	if (size > sizeof(a) && (err = user_tail_zero(uargs, sizeof(a), size)) < 0)
		return err;
	if ((a.flags & CSIGNAL) || a.exit_signal >= NSIG ||
	    ((a.flags & CLONE_THREAD) && a.exit_signal) ||
	    (a.stack ? !a.stack_size : a.stack_size != 0) ||
	    (!a.set_tid) != (!a.set_tid_size))
		return -EINVAL;
	if (a.set_tid_size || (a.flags & ~(uint64_t)UINT32_MAX) || (a.flags & CLONE_PIDFD)) {
		klog("clone3: flags %#lx, set_tid_size %lu not supported", a.flags, a.set_tid_size);
		return -EINVAL;
	}
	return clone_with(a.flags | a.exit_signal, a.stack ? a.stack + a.stack_size : 0,
			  a.parent_tid, a.tls, a.child_tid);
}

uint64_t sys_set_tid_address(void)
{
	myproc()->clear_child_tid = argraw(0);
	return myproc()->pid;
}


/* The limits a process may set: soft and hard, inherited by fork and
 * kept by exec. NULL for the others, which are fixed. */
static uint64_t *settable_limit(struct proc *p, int resource)
{
	if (resource == RLIMIT_CORE)
		return p->core_limit;	/* the largest core dump, 0: none */
	if (resource == RLIMIT_NOFILE)
		return p->nofile_limit;	/* 1024 and 4096 at first, as Linux's */
	if (resource == RLIMIT_NPROC)
		return p->nproc_limit;	/* kept for root, as Linux does (proc.c) */
	if (resource == RLIMIT_FSIZE)
		return p->fsize_limit;	/* the largest file a write makes (fs/file.c) */
	return NULL;
}

/* What prlimit64, getrlimit and setrlimit share: the old limit to oldp,
 * the new one from newp (each 0 if not wanted). The soft limit may be
 * set up to the hard one, the hard one lowered only (we are root, but a
 * limit that only falls is easy to reason about); a fixed limit asked
 * to change gives EPERM. */
static int rlimit(int resource, uint64_t newp, uint64_t oldp)
{
	struct proc *p = myproc()->leader;	/* the group's */
	struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY }, nr;
	uint64_t *lim = settable_limit(p, resource);

	if (resource < 0 || resource >= 16)
		return -EINVAL;
	if (lim)
		r = (struct rlimit){ lim[0], lim[1] };
	else if (resource == RLIMIT_STACK)
		r.rlim_cur = r.rlim_max = USTACK_MAX;
	if (newp && copyin(myproc()->pagetable, &nr, newp, sizeof(nr)) < 0)
		return -EFAULT;
	if (newp && nr.rlim_cur > nr.rlim_max)
		return -EINVAL;
	if (newp && (!lim || nr.rlim_max > lim[1]))
		return -EPERM;
	if (oldp && copyout(myproc()->pagetable, oldp, &r, sizeof(r)) < 0)
		return -EFAULT;
	if (newp) {
		lim[0] = nr.rlim_cur;
		lim[1] = nr.rlim_max;
	}
	return 0;
}

uint64_t sys_prlimit64(void)
{
	int pid = argraw(0);

	if (pid != 0 && pid != myproc()->tgid)
		return -ESRCH;
	return rlimit(argraw(1), argraw(2), argraw(3));
}

/* 64-bit processes only: Linux rv32 has prlimit64 alone. */
uint64_t sys_getrlimit(void) { return rlimit(argraw(0), 0, argraw(1)); }
uint64_t sys_setrlimit(void) { return rlimit(argraw(0), argraw(1), 0); }

uint64_t sys_getrandom(void)
{
	uint64_t dst = argraw(0), len = argraw(1), done = 0;
	uint8_t chunk[64];

	if (argraw(2) & ~7UL)
		return -EINVAL;
	len = MIN(len, 1UL << 25);
	while (done < len) {
		size_t k = MIN(len - done, sizeof(chunk));
		random_bytes(chunk, k);
		if (copyout(myproc()->pagetable, dst + done, chunk, k) < 0)
			return done ? (int64_t)done : -EFAULT;
		done += k;
	}
	return done;
}


/* struct rusage of Linux riscv64: CPU time in user mode and in the
 * kernel (rdtime ticks), page faults (minor and major) and the 512-byte
 * blocks read from the disk; the other counters are not kept (0). */
static int put_rusage(uint64_t addr, uint64_t user, uint64_t sys, const struct loadstat *ls)
{
	struct {
		int64_t utime_sec, utime_usec, stime_sec, stime_usec;
		int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, rest[6];
	} ru = { 0 };
	uint64_t us = user * 1000000 / bootinfo.timebase, sys_us = sys * 1000000 / bootinfo.timebase;

	_Static_assert(sizeof(ru) == 144, "Linux's struct rusage");
	ru.utime_sec = us / 1000000;
	ru.utime_usec = us % 1000000;
	ru.stime_sec = sys_us / 1000000;
	ru.stime_usec = sys_us % 1000000;
	/* the peak of the resident set is not kept: the pages its loads
	 * and faults brought in, in KiB, bound it from above */
	ru.maxrss = (ls->file_pages + ls->zero_pages + ls->around_pages) * (PGSIZE / 1024);
	ru.minflt = ls->faults - ls->major_faults;
	ru.majflt = ls->major_faults;
	ru.inblock = ls->disk_bytes / 512;
	if (myproc()->is32)
		return rusage32_out(addr, us, sys_us, ru.minflt, ru.majflt, ru.inblock);
	return copyout(myproc()->pagetable, addr, &ru, sizeof(ru));
}

/* wait4(pid, status, options, rusage): a child's exit, or its stop
 * (WUNTRACED) or continue (WCONTINUED), as a status word. */
uint64_t sys_wait4(void)
{
	uint64_t status = argraw(1), rusage = argraw(3);
	int options = argraw(2);
	struct child_usage use;
	struct wait_result r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	int pid = wait_child(argraw(0), options | WEXITED, &r, &use);
	/* a child is reaped even if its status cannot be stored, as on Linux */
	if (pid > 0 && status && copyout(myproc()->pagetable, status, &r.wstatus, sizeof(int)) < 0)
		return -EFAULT;
	if (pid > 0 && rusage &&
	    put_rusage(rusage, use.utime, use.cpu_time - use.utime, &use.load) < 0)
		return -EFAULT;
	return pid;
}

/* The child waitid selects (idtype, id) as a pid of wait4's rule: 0 if
 * none can be (-EINVAL). P_PGID 0 is the caller's group, as on Linux. */
static int waitid_target(int idtype, int id, int *pid)
{
	if (idtype == P_ALL)
		*pid = -1;
	else if (idtype == P_PID && id > 0)
		*pid = id;
	else if (idtype == P_PGID && id >= 0)
		*pid = id ? -id : 0;
	else
		return -EINVAL;
	return 0;
}

/* waitid's siginfo: Linux writes si_signo (SIGCHLD, or 0 if no child
 * was ready), si_errno, si_code, si_pid, si_uid and si_status alone. */
static int waitid_info(uint64_t addr, const struct wait_result *r)
{
	struct proc *p = myproc();
	int32_t f[7] = { r->pid ? SIGCHLD : 0, 0, r->code, 0, r->pid, 0, r->status };

	if (p->is32)	/* no padding before si_pid on rv32 */
		return copyout(p->pagetable, addr, f, 3 * 4) < 0 ||
		       copyout(p->pagetable, addr + 12, f + 4, 3 * 4) < 0 ? -EFAULT : 0;
	return copyout(p->pagetable, addr, f, sizeof(f)) < 0 ? -EFAULT : 0;
}

/* waitid(idtype, id, info, options, rusage): a child's exit (WEXITED),
 * stop (WSTOPPED) or continue (WCONTINUED) in a siginfo; 0, or -errno. */
uint64_t sys_waitid(void)
{
	uint64_t info = argraw(2), rusage = argraw(4);
	int options = argraw(3), pid;
	struct child_usage use;
	struct wait_result r = { 0 };	/* pid 0 if WNOHANG finds none */

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)) ||
	    waitid_target(argraw(0), argraw(1), &pid) < 0)
		return -EINVAL;
	int err = wait_child(pid, options, &r, &use);
	if (err < 0)
		return err;
	if (r.pid && rusage && put_rusage(rusage, use.utime, use.cpu_time - use.utime, &use.load) < 0)
		return -EFAULT;
	return info ? waitid_info(info, &r) : 0;
}


/* The figures of the calling process, or of its reaped children: CPU
 * time in user mode and in the kernel, and the loader's counts. */
static int usage_of(int who, uint64_t *user, uint64_t *sys, struct loadstat *ls)
{
	struct proc *p = myproc();

	if (who == RUSAGE_SELF || who == RUSAGE_THREAD) {	/* the caller's own times */
		proc_times(p, user, sys);
		image_stats(p, ls);
	} else if (who == RUSAGE_CHILDREN) {
		*user = p->child_utime;
		*sys = p->child_cpu_time - p->child_utime;
		*ls = p->child_lstat;
	} else {
		return -EINVAL;
	}
	return 0;
}

uint64_t sys_getrusage(void)
{
	uint64_t user, sys;
	struct loadstat ls;
	int err = usage_of(argraw(0), &user, &sys, &ls);

	if (err == 0 && put_rusage(argraw(1), user, sys, &ls) < 0)
		err = -EFAULT;
	return err;
}

/* loadstat(who, buf), a call of ours: the loader's figures (struct
 * loadstat) for who = RUSAGE_SELF (since its exec) or RUSAGE_CHILDREN
 * (summed over the children it reaped). What memstat prints. */
uint64_t sys_loadstat(void)
{
	uint64_t user, sys;
	struct loadstat ls;
	int err = usage_of(argraw(0), &user, &sys, &ls);

	if (err == 0 && copyout(myproc()->pagetable, argraw(1), &ls, sizeof(ls)) < 0)
		err = -EFAULT;
	return err;
}

/* getcpu(cpu, node, cache): the hart this process runs on (its cpus[]
 * index, as sched_getcpu gives it) and NUMA node 0; either pointer may
 * be NULL. A glance: the process may move as soon as it returns. */
uint64_t sys_getcpu(void)
{
	push_off();
	uint32_t cpu = cpuid(), node = 0;
	pop_off();
	pagetable_t pt = myproc()->pagetable;

	if (argraw(0) && copyout(pt, argraw(0), &cpu, sizeof(cpu)) < 0)
		return -EFAULT;
	if (argraw(1) && copyout(pt, argraw(1), &node, sizeof(node)) < 0)
		return -EFAULT;
	return 0;
}


/* sched_setaffinity(pid, len, mask): the harts (getcpu's numbers) the
 * process may run on. Bits past len bytes count as 0, and bits of harts
 * that do not run are ignored; none left is EINVAL, as on Linux. */
uint64_t sys_sched_setaffinity(void)
{
	struct proc *p = proc_get_or_self(argraw(0));
	uint64_t mask = 0, len = MIN(argraw(1), sizeof(mask));
	uint64_t online = harts_running() >= 64 ? ~0UL : (1UL << harts_running()) - 1;
	int r = 0;

	if (!p)
		return -ESRCH;
	if (copyin(myproc()->pagetable, &mask, argraw(2), len) < 0)
		r = -EFAULT;
	else if (!(mask &= online))
		r = -EINVAL;
	else
		set_affinity(p, mask);
	bool move = !r && p == myproc() && must_move(p);
	proc_put(p);
	if (move)
		yield();
	return r;
}

/* sched_getaffinity(pid, len, mask): the mask, of the harts that run;
 * returns its size (8 bytes), as Linux's system call does. */
uint64_t sys_sched_getaffinity(void)
{
	struct proc *p = proc_get_or_self(argraw(0));
	uint64_t online = harts_running() >= 64 ? ~0UL : (1UL << harts_running()) - 1;

	if (!p)
		return -ESRCH;
	uint64_t mask = *(volatile uint64_t *)&p->affinity & online;
	proc_put(p);
	if (argraw(1) < sizeof(uint64_t) || argraw(1) % sizeof(uint64_t))
		return -EINVAL;
	if (copyout(myproc()->pagetable, argraw(2), &mask, sizeof(mask)) < 0)
		return -EFAULT;
	return sizeof(mask);
}

/* cpustat(cpu, buf), a call of ours: the scheduler's counters for the
 * hart cpus[cpu] (struct cpustat); -EINVAL past the last hart. */
uint64_t sys_cpustat(void)
{
	int cpu = argraw(0);
	struct cpustat st;

	if (cpu < 0 || cpu >= harts_running())
		return -EINVAL;
	cpu_stats(cpu, &st);
	return copyout(myproc()->pagetable, argraw(1), &st, sizeof(st));
}

/* loader_mode(mode), a call of ours: how the programs this process
 * execs are loaded, LOADER_EAGER (1) or LOADER_LAZY (2); 0 only asks.
 * Inherited across fork and exec, like personality(2)'s flags. Returns
 * the mode before the call. */
uint64_t sys_loader_mode(void)
{
	struct proc *p = myproc();
	int mode = argraw(0), old = p->loader;

	if (mode != 0 && mode != LOADER_EAGER && mode != LOADER_LAZY)
		return -EINVAL;
	if (mode)
		p->loader = mode;
	return old;
}

/* personality(persona): sets this process's persona, inherited across
 * fork and exec; 0xffffffff only asks. Returns the one before. Every
 * flag is kept and given back as Linux's are; ADDR_NO_RANDOMIZE is the
 * one that acts here (exec/layout.c). */
uint64_t sys_personality(void)
{
	struct proc *p = myproc();
	unsigned int persona = argraw(0), old = p->persona;

	if (persona != 0xffffffff)
		p->persona = persona;
	return old;
}

/* setpgid(pid, pgid): into a group that exists or a new one named by
 * pid; -EPERM for another pgid, as on Linux. */
uint64_t sys_setpgid(void)
{
	int pid = argraw(0), pgid = argraw(1), r = -ESRCH;
	struct proc *me = myproc()->leader, *t, *p;

	if (pgid < 0 || pid < 0)
		return -EINVAL;
	if (!(t = proc_get(pid ? pid : me->pid)))
		return -ESRCH;
	p = proc_get(t->tgid);	/* the group's: its leader's */
	proc_put(t);
	if (!p)
		return -ESRCH;
	if (p == me || p->parent == me)
		r = proc_set_groups(p, pgid ? pgid : p->pid, false);
	proc_put(p);
	return r;
}

uint64_t sys_getpgid(void)
{
	struct proc *p = proc_get_or_self(argraw(0));

	if (!p)
		return -ESRCH;
	int pgid = p->leader->pgid;
	proc_put(p);
	return pgid;
}

/* setsid(): a new session and process group, both named by the caller's
 * pid; EPERM if a group has that name already (the caller leads one).
 * The console stays where it was: it has no sessions, only the
 * foreground group ^C goes to (TIOCSPGRP). */
uint64_t sys_setsid(void)
{
	struct proc *p = myproc()->leader;

	if (pgrp_exists(p->pid))
		return -EPERM;
	proc_set_groups(p, p->pid, true);
	return p->pid;
}

uint64_t sys_getsid(void)
{
	struct proc *p = proc_get_or_self(argraw(0));

	if (!p)
		return -ESRCH;
	int sid = p->leader->sid;
	proc_put(p);
	return sid;
}

/* umask(mask): returns the old mask. Kept and inherited; the file layer
 * takes it off a new node's mode (fs/open.c: mode_umask). */
uint64_t sys_umask(void)
{
	struct proc *p = myproc()->leader;	/* the group's (CLONE_FS) */
	uint32_t old = p->umask;

	p->umask = argraw(0) & 0777;
	return old;
}

/* prctl(option, ...): the process's name (what dmesg and ^P show), up
 * to 15 bytes, as Linux's comm; other options are refused with EINVAL,
 * Linux's answer to an option it does not know. */
uint64_t sys_prctl(void)
{
	struct proc *p = myproc();
	int option = argraw(0);
	char name[sizeof(p->name)] = { 0 };

	if (option == PR_GET_NAME)
		return copyout(p->pagetable, argraw(1), p->name, sizeof(p->name));
	if (option != PR_SET_NAME) {
		klog("prctl: option %d not supported", option);
		return -EINVAL;
	}
	/* to its NUL or 15 bytes, whichever comes first (longer is cut) */
	if (copyinstr(p->pagetable, name, argraw(1), sizeof(name) - 1) == -EFAULT)
		return -EFAULT;
	acquire(&p->lock);	/* ^P's listing reads it */
	memcpy(p->name, name, sizeof(name));
	release(&p->lock);
	return 0;
}

/* The priority range of a scheduling policy, as Linux gives it: 1-99
 * for the real-time ones, 0 for the others. The scheduler here has one
 * policy; this only answers what a program asks before choosing. */
static int priority_range(int policy, int *min, int *max)
{
	bool realtime = policy == SCHED_FIFO || policy == SCHED_RR;

	if (!realtime && policy != SCHED_NORMAL && policy != SCHED_BATCH &&
	    policy != SCHED_IDLE && policy != SCHED_DEADLINE)
		return -EINVAL;
	*min = realtime ? 1 : 0;
	*max = realtime ? 99 : 0;
	return 0;
}

/* sched_getscheduler(pid): every process has the one policy there is,
 * SCHED_NORMAL (libc's SCHED_OTHER). */
uint64_t sys_sched_getscheduler(void)
{
	int pid = argraw(0);

	if (pid < 0)
		return -EINVAL;
	return pid == 0 || pid_alive(pid) ? SCHED_NORMAL : -ESRCH;
}

/* sched_getparam(pid, param): SCHED_NORMAL's priority, 0. */
uint64_t sys_sched_getparam(void)
{
	int pid = argraw(0);
	int32_t priority = 0;

	if (pid < 0 || !argraw(1))
		return -EINVAL;
	if (pid != 0 && !pid_alive(pid))
		return -ESRCH;
	return copyout(myproc()->pagetable, argraw(1), &priority, sizeof(priority));
}

uint64_t sys_sched_get_priority_max(void)
{
	int min, max, err = priority_range(argraw(0), &min, &max);

	return err ? err : max;
}

uint64_t sys_sched_get_priority_min(void)
{
	int min, max, err = priority_range(argraw(0), &min, &max);

	return err ? err : min;
}

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

uint64_t sys_syslog(void)
{
	int type = argraw(0);
	uint64_t dst = argraw(1);
	int64_t len = argraw(2);

	if (type == SYSLOG_ACTION_SIZE_BUFFER)
		return KLOG_SIZE;
	if (type != SYSLOG_ACTION_READ_ALL)
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	return klog_read_user(dst, MIN((size_t)len, (size_t)KLOG_SIZE));
}


/* reboot(2): power off, halt (the same here: nothing is left to look
 * at) or restart, after writing every disk back. Ctrl-Alt-Del has no
 * key here: CAD_ON/CAD_OFF succeed and change nothing, as on a console
 * without one. */
uint64_t sys_reboot(void)
{
	uint32_t m1 = argraw(0), m2 = argraw(1), cmd = argraw(2);

	if (m1 != LINUX_REBOOT_MAGIC1 || m2 != LINUX_REBOOT_MAGIC2)
		return -EINVAL;
	if (cmd == LINUX_REBOOT_CMD_CAD_ON || cmd == LINUX_REBOOT_CMD_CAD_OFF)
		return 0;
	if (cmd != LINUX_REBOOT_CMD_POWER_OFF && cmd != LINUX_REBOOT_CMD_HALT &&
	    cmd != LINUX_REBOOT_CMD_RESTART)
		return -EINVAL;
	bool restart = cmd == LINUX_REBOOT_CMD_RESTART;
	klog("%s requested by pid %d", restart ? "restart" : "power off", myproc()->pid);
	int err = vfs_poweroff();
	if (err < 0)
		kprintf("power off: writing the disk back failed (error %d)", -err);
	if (restart)
		restart_machine();
	power_off(false);
}

uint64_t sys_sysinfo(void)
{
	struct sysinfo si;
	uint16_t nprocs = 0;

	memset(&si, 0, sizeof(si));
	nprocs = proc_count();	/* threads too, as Linux's */
	si.uptime = r_time() / bootinfo.timebase;
	uint64_t loads[3];
	loadavg_get(loads);
	for (int i = 0; i < 3; i++)	/* Linux's SI_LOAD_SHIFT: 16 bits of fraction */
		si.loads[i] = loads[i] << (16 - LOAD_FSHIFT);
	si.totalram = bootinfo.mem_size / PGSIZE;
	si.freeram = free_page_count();
	/* given back when memory runs out */
	si.bufferram = textcache_pages() + pid_spare_pages() + procslot_spare_pages();
	si.procs = nprocs;
	si.mem_unit = PGSIZE;
	if (myproc()->is32)
		return sysinfo32_out(argraw(0), si.uptime, si.totalram, si.freeram, si.procs);
	return copyout(myproc()->pagetable, argraw(0), &si, sizeof(si));
}

/* blkstats(buf), a call of ours: the block layer's counters (struct
 * bstats in dev/dev.h), for benchmarks that count what exec costs. */
uint64_t sys_blkstats(void)
{
	struct blkstats s;

	bstats_copy(&s);
	return copyout(myproc()->pagetable, argraw(0), &s, sizeof(s));
}
