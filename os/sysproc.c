/* Process, time and system system calls. */
#include "defs.h"
#include "syscall.h"

uint64_t sys_exit(void)
{
	exit_proc((argraw(0) & 0xff) << 8);
}

uint64_t sys_getpid(void) { return myproc()->pid; }
/* One user, root, as on a single-user development board. */
uint64_t sys_getid(void) { return 0; }

uint64_t sys_getppid(void) { return proc_ppid(myproc()); }

uint64_t sys_sched_yield(void)
{
	yield();
	return 0;
}

#define CLONE_EXIT_SIGNAL_MASK 0xff

/* clone(flags, stack, ptid, tls, ctid): fork semantics only, so far. */
uint64_t sys_clone(void)
{
	uint64_t flags = argraw(0), stack = argraw(1);

	if (flags & ~(uint64_t)CLONE_EXIT_SIGNAL_MASK) {
		klog("clone: flags %#lx not supported", flags);
		return -EINVAL;
	}
	int pid = fork();
	if (pid > 0 && stack) {
		struct proc *child = proc_find(pid);
		acquire(&child->lock);
		child->trapframe->regs[REG_SP] = stack;
		release(&child->lock);
	}
	return pid;
}

uint64_t sys_wait4(void)
{
	uint64_t rusage = argraw(3);
	int pid = wait4(argraw(0), argraw(1), argraw(2));

	if (pid > 0 && rusage) {
		/* resource accounting is not kept yet: report none used */
		uint8_t zero[144] = { 0 };
		if (copyout(myproc()->pagetable, rusage, zero, sizeof(zero)) < 0)
			return -EFAULT;
	}
	return pid;
}

uint64_t sys_kill(void)
{
	int pid = argraw(0), sig = argraw(1);

	if (pid > 0)
		return kill(pid, sig);
	if (pid == 0)
		return kill_pgrp(myproc()->pgid, sig);
	if (pid < -1)
		return kill_pgrp(-pid, sig);
	return -EINVAL;
}

/* struct sigaction as the kernel takes it on riscv64 (no sa_restorer). */
struct ksigaction {
	uint64_t handler, flags, mask;
};

uint64_t sys_rt_sigaction(void)
{
	int sig = argraw(0);
	uint64_t act = argraw(1), oact = argraw(2);
	struct proc *p = myproc();
	struct ksigaction ka;

	if (sig < 1 || sig >= NSIG)
		return -EINVAL;
	if (oact) {
		struct ksigaction old = { p->sighandler[sig], 0, 0 };
		if (copyout(p->pagetable, oact, &old, sizeof(old)) < 0)
			return -EFAULT;
	}
	if (!act)
		return 0;
	if (copyin(p->pagetable, &ka, act, sizeof(ka)) < 0)
		return -EFAULT;
	if (sig == SIGKILL || sig == SIGSTOP)
		return -EINVAL;
	if (ka.handler != SIG_DFL && ka.handler != SIG_IGN) {
		klog("pid %d: signal handlers are not supported yet", p->pid);
		return -EINVAL;
	}
	p->sighandler[sig] = ka.handler;
	return 0;
}

uint64_t sys_setpgid(void)
{
	int pid = argraw(0), pgid = argraw(1);
	struct proc *me = myproc(), *p = pid ? proc_find(pid) : me;

	if (pgid < 0)
		return -EINVAL;
	if (!p || (p != me && p->parent != me))
		return -ESRCH;
	acquire(&p->lock);
	p->pgid = pgid ? pgid : p->pid;
	release(&p->lock);
	return 0;
}

uint64_t sys_getpgid(void)
{
	int pid = argraw(0);
	struct proc *p = pid ? proc_find(pid) : myproc();

	return p ? p->pgid : -ESRCH;
}

struct timespec {
	int64_t tv_sec, tv_nsec;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

uint64_t sys_clock_gettime(void)
{
	int clk = argraw(0);
	uint64_t ns;

	if (clk == CLOCK_REALTIME)
		ns = realtime_ns();
	else if (clk == CLOCK_MONOTONIC || clk == 4 /* MONOTONIC_RAW */ || clk == 7 /* BOOTTIME */)
		ns = monotonic_ns();
	else
		return -EINVAL;
	struct timespec ts = { ns / 1000000000, ns % 1000000000 };
	return copyout(myproc()->pagetable, argraw(1), &ts, sizeof(ts));
}

uint64_t sys_nanosleep(void)
{
	struct timespec req;

	if (copyin(myproc()->pagetable, &req, argraw(0), sizeof(req)) < 0)
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000)
		return -EINVAL;
	uint64_t want = req.tv_sec * HZ + (req.tv_nsec * HZ + 999999999) / 1000000000;
	acquire(&tickslock);
	uint64_t start = ticks;
	while (ticks - start < want) {
		if (proc_killed(myproc())) {
			release(&tickslock);
			return -EINTR;
		}
		sleep((void *)&ticks, &tickslock);
	}
	release(&tickslock);
	return 0;
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

#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 672274793
#define REBOOT_CMD_POWER_OFF 0x4321fedc
#define REBOOT_CMD_HALT 0xcdef0123

uint64_t sys_reboot(void)
{
	uint32_t m1 = argraw(0), m2 = argraw(1), cmd = argraw(2);

	if (m1 != REBOOT_MAGIC1 || m2 != REBOOT_MAGIC2)
		return -EINVAL;
	if (cmd != REBOOT_CMD_POWER_OFF && cmd != REBOOT_CMD_HALT)
		return -EINVAL;
	klog("power off requested by pid %d", myproc()->pid);
	int err = fs_sync();
	if (err < 0)
		kprintf("power off: writing the disk back failed (error %d)", -err);
	power_off(false);
}

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

uint64_t sys_uname(void)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));	/* the ABI we speak */
	strlcpy(u.nodename, "exec", sizeof(u.nodename));
	strlcpy(u.release, "6.1.0-exec", sizeof(u.release));
	strlcpy(u.version, "#1 exec kernel", sizeof(u.version));
	strlcpy(u.machine, "riscv64", sizeof(u.machine));
	return copyout(myproc()->pagetable, argraw(0), &u, sizeof(u));
}

/* struct sysinfo of Linux on 64-bit, mem_unit = page size. */
struct sysinfo {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t pad2;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	char reserved[4];
};

uint64_t sys_sysinfo(void)
{
	struct sysinfo si;
	uint16_t nprocs = 0;

	memset(&si, 0, sizeof(si));
	for (struct proc *p = proc; p < &proc[NPROC]; p++)
		nprocs += p->state != UNUSED;
	si.uptime = r_time() / bootinfo.timebase;
	si.totalram = bootinfo.mem_size / PGSIZE;
	si.freeram = free_page_count();
	si.procs = nprocs;
	si.mem_unit = PGSIZE;
	return copyout(myproc()->pagetable, argraw(0), &si, sizeof(si));
}

/* blkstats(buf), a call of ours: the block layer's counters (struct
 * bstats in defs.h), for benchmarks that count what exec costs. */
uint64_t sys_blkstats(void)
{
	struct bstats s;

	bstats_copy(&s);
	return copyout(myproc()->pagetable, argraw(0), &s, sizeof(s));
}

/* brk(2): returns the new break, or the old one when it cannot move. */
uint64_t sys_brk(void)
{
	struct proc *p = myproc();
	uint64_t want = argraw(0), old = p->brk;

	/* the page below the lowest stack page stays unmapped: the guard */
	if (want < p->heap_start || want > USTACK_TOP - USTACK_MAX - PGSIZE)
		return old;
	uint64_t old_top = PGROUNDUP(old), new_top = PGROUNDUP(want);
	if (new_top > old_top) {
		if (uvm_map_zeroed(p->pagetable, old_top, new_top, PTE_R | PTE_W) < 0) {
			/* give back what was mapped before the failure */
			for (uint64_t a = old_top; a < new_top; a += PGSIZE)
				if (walkaddr(p->pagetable, a))
					uvmunmap(p->pagetable, a, 1, true);
			return old;
		}
	} else if (new_top < old_top) {
		uvmunmap(p->pagetable, new_top, (old_top - new_top) / PGSIZE, true);
		sfence_vma();
	}
	p->brk = want;
	return want;
}
