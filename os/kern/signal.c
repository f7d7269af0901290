/*
 * Signals: kill, tgkill, rt_sigaction with handlers, rt_sigprocmask,
 * rt_sigpending, rt_sigsuspend, rt_sigreturn, and delivery on the way
 * back to user mode: the default action (terminate, or ignore for
 * SIGCHLD, SIGCONT, SIGURG, SIGWINCH and the stop signals, since
 * processes are never stopped), SIG_IGN, or a handler run on a frame
 * laid out as Linux riscv64's rt_sigframe. A fault runs the handler for
 * its signal if there is one and it is not blocked; otherwise it kills.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "exec/exec.h"

#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
/* Signal sets as Linux keeps them, also inside the kernel: signal n is
 * bit n - 1, so a set from or for user space needs no conversion. */
#define SIGBIT(sig) (1UL << ((sig) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23

/* Linux riscv64's signal frame: siginfo, then ucontext with the
 * registers (pc first, then x1..x31) and the D-extension state. */
struct ksiginfo {
	int32_t si_signo, si_errno, si_code, pad;
	uint64_t si_addr_or_pid;	/* fault address, or pid | uid << 32 */
	uint8_t rest[128 - 24];
};
struct kucontext {
	uint64_t uc_flags, uc_link;
	uint64_t ss_sp;
	int32_t ss_flags, ss_pad;
	uint64_t ss_size;
	uint64_t uc_sigmask;
	uint8_t unused[128 - 8];
	uint64_t pad16;			/* uc_mcontext is 16-byte aligned */
	uint64_t sc_regs[32];		/* pc, x1..x31 */
	uint64_t sc_fregs[32];
	uint32_t sc_fcsr, sc_fpad[3];
	uint8_t sc_fq_rest[528 - 272];	/* the Q-extension room of the union */
};
struct rt_sigframe {
	struct ksiginfo info;
	struct kucontext uc;
};
#define SI_USER 0

static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGWINCH || sig == SIGURG ||
	       sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Would delivering sig do anything (run a handler or end p)? */
static bool acts(struct proc *p, int sig)
{
	if (sig == SIGKILL)
		return true;
	if (p->sigact[sig].handler == SIG_IGN)
		return false;
	return p->sigact[sig].handler != SIG_DFL || !ignored_by_default(sig);
}

static bool deliverable(struct proc *p, int sig)
{
	return (p->sigpending & ~(p->sigblocked & ~UNBLOCKABLE) & SIGBIT(sig)) && acts(p, sig);
}

/* Caller holds p->lock. */
static void post(struct proc *p, int sig)
{
	p->sigpending |= SIGBIT(sig);
	if (p->state == SLEEPING && deliverable(p, sig))
		make_runnable(p, false);	/* interruptible sleeps recheck */
}

/* Posts sig to every live process whose pid (or, if group, pgid) is id;
 * sig 0 only checks that one exists. */
static int post_matching(int id, bool group, int sig)
{
	int found = 0;

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		acquire(&p->lock);
		if ((group ? p->pgid : p->pid) == id && p->state != UNUSED &&
		    p->state != ZOMBIE) {
			if (sig)
				post(p, sig);
			found++;
		}
		release(&p->lock);
	}
	return found ? 0 : -ESRCH;
}

int kill(int pid, int sig) { return post_matching(pid, false, sig); }
int kill_pgrp(int pgid, int sig) { return post_matching(pgid, true, sig); }

void signal_post(struct proc *p, int sig)
{
	acquire(&p->lock);
	post(p, sig);
	release(&p->lock);
}

/* True if a signal waits that would do something when delivered: sleeps
 * that can wait forever give up then (EINTR). */
bool proc_killed(struct proc *p)
{
	acquire(&p->lock);
	bool k = false;
	for (int sig = 1; sig < NSIG && !k; sig++)
		k = deliverable(p, sig);
	release(&p->lock);
	return k;
}

/* Builds the handler's frame on the user stack and points the process at
 * the handler; false if the stack cannot hold it. */
static bool setup_frame(struct proc *p, int sig, uint64_t handler, uint64_t fault_addr)
{
	struct trapframe *tf = p->trapframe;
	_Static_assert(sizeof(struct rt_sigframe) <= PGSIZE, "frame fits a page");

	if (p->is32) {	/* Linux rv32's frame (signal32.c) */
		uint64_t sp = sigframe32_push(p, sig, fault_addr,
					      p->has_saved_mask ? p->saved_mask : p->sigblocked);
		if (!sp)
			return false;
		p->has_saved_mask = false;
		tf->epc = handler;
		tf->regs[REG_SP] = sp;
		tf->regs[REG_A0] = sig;
		tf->regs[REG_RA] = SIGRETURN_VA(USER_TOP32);
		return true;
	}
	struct rt_sigframe *fr = kzalloc();
	if (!fr)
		return false;
	fr->info.si_signo = sig;
	fr->info.si_code = SI_USER;
	fr->info.si_addr_or_pid = fault_addr;
	fr->uc.uc_sigmask = p->has_saved_mask ? p->saved_mask : p->sigblocked;
	fr->uc.sc_regs[0] = tf->epc;
	for (int i = 1; i < 32; i++)
		fr->uc.sc_regs[i] = tf->regs[i];
	memcpy(fr->uc.sc_fregs, tf->fregs, sizeof(fr->uc.sc_fregs));
	fr->uc.sc_fcsr = tf->fcsr;
	uint64_t sp = (tf->regs[REG_SP] - sizeof(*fr)) & ~15UL;
	bool ok = copyout(p->pagetable, sp, fr, sizeof(*fr)) == 0;
	kfree(fr);
	if (!ok)
		return false;
	p->has_saved_mask = false;
	tf->epc = handler;
	tf->regs[REG_SP] = sp;
	tf->regs[REG_A0] = sig;
	tf->regs[REG_A0 + 1] = sp + offsetof(struct rt_sigframe, info);
	tf->regs[REG_A0 + 2] = sp + offsetof(struct rt_sigframe, uc);
	tf->regs[REG_RA] = SIGRETURN_VA(USER_TOP(false));
	return true;
}

/* Runs sig's handler, or ends the process with it. */
static void act_on(struct proc *p, int sig, uint64_t fault_addr)
{
	struct sigact *sa = &p->sigact[sig];

	if (sig == SIGKILL || sa->handler == SIG_DFL) {
		klog("pid %d (%s): killed by signal %d", p->pid, p->name, sig);
		exit_proc(sig | coredump_fatal(sig, fault_addr));
	}
	uint64_t handler = sa->handler;
	uint64_t handler_mask = sa->mask | (sa->flags & SA_NODEFER ? 0 : SIGBIT(sig));
	if (sa->flags & SA_RESETHAND)
		sa->handler = SIG_DFL;
	if (!setup_frame(p, sig, handler, fault_addr)) {
		klog("pid %d (%s): no room for a signal frame: killed", p->pid, p->name);
		exit_proc(SIGSEGV | coredump_fatal(SIGSEGV, fault_addr));
	}
	p->sigblocked |= handler_mask & ~UNBLOCKABLE;
}

/* On the way back to user space: act on one deliverable signal. */
void signal_deliver(void)
{
	struct proc *p = myproc();
	int sig;

	/* every return to user mode comes here: a glance without the lock
	 * first (a signal posted meanwhile waits for the next return) */
	if (!*(volatile uint64_t *)&p->sigpending)
		return;
	acquire(&p->lock);
	for (sig = 1; sig < NSIG; sig++) {
		if (!(p->sigpending & SIGBIT(sig)) || (p->sigblocked & ~UNBLOCKABLE & SIGBIT(sig)))
			continue;
		p->sigpending &= ~SIGBIT(sig);
		if (acts(p, sig))
			break;
	}
	release(&p->lock);
	if (sig < NSIG)
		act_on(p, sig, 0);
}

/* A fault: its handler if one is installed and the signal not blocked,
 * else death. Returning from such a handler retries the instruction. */
void signal_fault(int sig, uint64_t addr)
{
	struct proc *p = myproc();

	if (p->sigact[sig].handler > SIG_IGN && !(p->sigblocked & SIGBIT(sig))) {
		act_on(p, sig, addr);
		return;
	}
	klog("pid %d (%s): killed by signal %d", p->pid, p->name, sig);
	exit_proc(sig | coredump_fatal(sig, addr));
}

/* At exec: caught signals go back to their default; ignored stay so. */
void signal_exec_reset(struct proc *p)
{
	for (int sig = 0; sig < NSIG; sig++)
		if (p->sigact[sig].handler != SIG_IGN)
			p->sigact[sig] = (struct sigact){ SIG_DFL, 0, 0 };
}

uint64_t sys_rt_sigreturn(void)
{
	struct proc *p = myproc();
	struct trapframe *tf = p->trapframe;
	uint64_t mask;

	if (p->is32) {
		if (sigframe32_pop(p, &mask) < 0) {
			klog("pid %d (%s): bad signal frame: killed", p->pid, p->name);
			exit_proc(SIGSEGV);
		}
		acquire(&p->lock);
		p->sigblocked = mask & ~UNBLOCKABLE;
		release(&p->lock);
		return tf->regs[REG_A0];
	}
	struct kucontext *uc = kalloc();
	if (!uc)
		exit_proc(SIGSEGV);
	uint64_t at = tf->regs[REG_SP] + offsetof(struct rt_sigframe, uc);
	if (copyin(p->pagetable, uc, at, sizeof(*uc)) < 0) {
		kfree(uc);
		klog("pid %d (%s): bad signal frame: killed", p->pid, p->name);
		exit_proc(SIGSEGV);
	}
	tf->epc = uc->sc_regs[0];
	for (int i = 1; i < 32; i++)
		tf->regs[i] = uc->sc_regs[i];
	memcpy(tf->fregs, uc->sc_fregs, sizeof(tf->fregs));
	tf->fcsr = uc->sc_fcsr;
	acquire(&p->lock);
	p->sigblocked = uc->uc_sigmask & ~UNBLOCKABLE;
	release(&p->lock);
	kfree(uc);
	return tf->regs[REG_A0];	/* syscall() stores this in a0 again */
}

/* struct sigaction as the kernel takes it on riscv64 (no sa_restorer). */
struct ksigaction {
	uint64_t handler, flags, mask;
};
/* and on rv32: a 4-byte handler and flags, the mask as two 4-byte words */
struct ksigaction32 {
	uint32_t handler, flags, mask[2];
};

static int sigaction_in(struct proc *p, uint64_t addr, struct ksigaction *ka)
{
	struct ksigaction32 k;

	if (!p->is32)
		return copyin(p->pagetable, ka, addr, sizeof(*ka));
	if (copyin(p->pagetable, &k, addr, sizeof(k)) < 0)
		return -EFAULT;
	*ka = (struct ksigaction){ k.handler, k.flags, k.mask[0] | (uint64_t)k.mask[1] << 32 };
	return 0;
}

static int sigaction_out(struct proc *p, uint64_t addr, const struct ksigaction *ka)
{
	struct ksigaction32 k = { ka->handler, ka->flags, { ka->mask, ka->mask >> 32 } };

	if (!p->is32)
		return copyout(p->pagetable, addr, ka, sizeof(*ka));
	return copyout(p->pagetable, addr, &k, sizeof(k));
}

uint64_t sys_rt_sigaction(void)
{
	int sig = argraw(0);
	uint64_t act = argraw(1), oact = argraw(2);
	struct proc *p = myproc();
	struct ksigaction ka;

	if (sig < 1 || sig >= NSIG || argraw(3) != sizeof(uint64_t))
		return -EINVAL;
	if (act && sigaction_in(p, act, &ka) < 0)
		return -EFAULT;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (oact) {
		struct sigact *o = &p->sigact[sig];
		struct ksigaction old = { o->handler, o->flags, o->mask };
		if (sigaction_out(p, oact, &old) < 0)
			return -EFAULT;
	}
	if (act) {
		acquire(&p->lock);
		p->sigact[sig] = (struct sigact){ ka.handler, ka.flags, ka.mask & ~UNBLOCKABLE };
		if (ka.handler == SIG_IGN)
			p->sigpending &= ~SIGBIT(sig);
		release(&p->lock);
	}
	return 0;
}

uint64_t sys_rt_sigprocmask(void)
{
	int how = argraw(0);
	uint64_t set = argraw(1), oset = argraw(2), mask;
	struct proc *p = myproc();

	if (argraw(3) != sizeof(uint64_t))
		return -EINVAL;
	if (oset && copyout(p->pagetable, oset, &p->sigblocked, sizeof(uint64_t)) < 0)
		return -EFAULT;
	if (!set)
		return 0;
	if (copyin(p->pagetable, &mask, set, sizeof(mask)) < 0)
		return -EFAULT;
	acquire(&p->lock);
	if (how == SIG_BLOCK)
		p->sigblocked |= mask;
	else if (how == SIG_UNBLOCK)
		p->sigblocked &= ~mask;
	else if (how == SIG_SETMASK)
		p->sigblocked = mask;
	else
		how = -1;
	p->sigblocked &= ~UNBLOCKABLE;
	release(&p->lock);
	return how < 0 ? -EINVAL : 0;
}

uint64_t sys_rt_sigpending(void)
{
	struct proc *p = myproc();
	uint64_t set = p->sigpending & p->sigblocked;

	if (argraw(1) != sizeof(uint64_t))
		return -EINVAL;
	return copyout(p->pagetable, argraw(0), &set, sizeof(set));
}

/* Waits for a signal with a temporary mask; the old mask comes back
 * when the handler returns (it is saved in the frame). */
uint64_t sys_rt_sigsuspend(void)
{
	struct proc *p = myproc();
	uint64_t mask;

	if (argraw(1) != sizeof(uint64_t))
		return -EINVAL;
	if (copyin(p->pagetable, &mask, argraw(0), sizeof(mask)) < 0)
		return -EFAULT;
	acquire(&p->lock);
	p->saved_mask = p->sigblocked;
	p->has_saved_mask = true;
	p->sigblocked = mask & ~UNBLOCKABLE;
	release(&p->lock);
	signal_wait(p);
	return -EINTR;
}

/* Sleeps until a signal that does something is pending. */
void signal_wait(struct proc *p)
{
	acquire(&tickslock);
	while (!proc_killed(p))
		sleep((void *)&ticks, &tickslock);
	release(&tickslock);
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

/* tgkill(tgid, tid, sig): processes have one thread, tid == pid. */
uint64_t sys_tgkill(void)
{
	int tgid = argraw(0), tid = argraw(1);

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return kill(tid, argraw(2));
}
