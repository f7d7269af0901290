/*
 * Signals: kill, tkill, tgkill, rt_sigaction with handlers,
 * rt_sigprocmask, rt_sigpending, rt_sigsuspend, rt_sigtimedwait,
 * rt_sigreturn, sigaltstack, and delivery on the way
 * back to user mode: the default action (terminate, ignore for
 * SIGCHLD, SIGCONT, SIGURG and SIGWINCH, or stop the group for the stop
 * signals: jobctl.c, which also sees SIGCONT and the stops as they are
 * sent), SIG_IGN, or a handler run on a frame laid out as Linux
 * riscv64's rt_sigframe. A fault runs the handler for its signal if
 * there is one and it is not blocked; otherwise it kills.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "exec/exec.h"
#include "uapi/linux/signal-defs.h"

/* Signal sets as Linux keeps them, also inside the kernel: signal n is
 * bit n - 1, so a set from or for user space needs no conversion. */
#define SIGBIT(sig) (1UL << ((sig) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
/* the signals jobctl_send sees as they are sent */
#define JOBCTL_SIGNALS (STOP_SIGNALS | SIGBIT(SIGCONT))

/* The handlers are the group's (CLONE_SIGHAND): in the leader. */
static inline struct sigact *sigacts(struct proc *p) { return p->leader->sigact; }

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

static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGWINCH || sig == SIGURG;
}

/* Does delivering sig stop p's group (the stop signals' default)? */
static bool stops(struct proc *p, int sig)
{
	return (SIGBIT(sig) & STOP_SIGNALS) && sigacts(p)[sig].handler == SIG_DFL;
}

/* Would delivering sig do anything (run a handler, stop or end p)? */
static bool acts(struct proc *p, int sig)
{
	if (sig == SIGKILL)
		return true;
	struct sigact *sa = &sigacts(p)[sig];

	if (sa->handler == SIG_IGN)
		return false;
	return sa->handler != SIG_DFL || !ignored_by_default(sig);
}

static bool deliverable(struct proc *p, int sig)
{
	return (p->sigpending & ~(p->sigblocked & ~UNBLOCKABLE) & SIGBIT(sig)) && acts(p, sig);
}

/* Caller holds p->lock. A signal already pending keeps its first
 * sender, as Linux keeps one siginfo for a signal below SIGRTMIN. */
static void post(struct proc *p, int sig, struct sigsender from)
{
	if (!(p->sigpending & SIGBIT(sig)))
		p->sigfrom[sig] = from;
	p->sigpending |= SIGBIT(sig);
	if (p->state == SLEEPING && deliverable(p, sig))
		make_runnable(p, false);	/* interruptible sleeps recheck */
}

/* The sender of a signal with si_code code: the calling process, or
 * no process (pid 0) for one the kernel sends. */
static struct sigsender sender(int code)
{
	return (struct sigsender){ code == SI_KERNEL ? 0 : myproc()->tgid, code, 0 };
}

/* What a signal with no entry of its own tells: its sender's. */
static struct sigdata data_of(struct sigsender from)
{
	return (struct sigdata){ .code = from.code, .pid = from.pid, .value = (uint32_t)from.status };
}

/*
 * Posts sig to thread t (NULL: to the group's pending set), with entry
 * q if it has one (sigqueue.c), which is let go instead if sig is below
 * SIGRTMIN and pending already: Linux queues those once. Whether q was
 * queued. Caller holds g->lock, and t's.
 */
static bool post_to(struct tgroup *g, struct proc *t, int sig, struct sigsender from, struct sigq *q)
{
	uint64_t pending = t ? t->sigpending : g->pending;
	bool queue = q && !(sig < SIGRTMIN && (pending & SIGBIT(sig)));

	if (queue)
		sigq_add(g, q, t);
	else if (q)
		sigq_free(q);
	if (t) {
		post(t, sig, from);
	} else {
		if (!(g->pending & SIGBIT(sig)))
			g->sigfrom[sig] = from;
		g->pending |= SIGBIT(sig);
	}
	return queue;
}

/*
 * A process-directed signal goes to a live thread of L's group that
 * does not block it (Linux's complete_signal), the leader first; if
 * every thread blocks it, the group keeps it pending until one unblocks
 * it (claim_group) or takes it (rt_sigtimedwait). Caller holds the
 * group's lock.
 */
static bool route(struct proc *L, int sig, struct sigsender from, struct sigq *q)
{
	struct tgroup *g = &L->group;

	for (struct list *n = g->threads.next; n != &g->threads; n = n->next) {
		struct proc *t = list_entry(n, struct proc, tlink);
		acquire(&t->lock);
		bool takes = !(t->sigblocked & ~UNBLOCKABLE & SIGBIT(sig));
		bool queued = takes && post_to(g, t, sig, from, q);
		release(&t->lock);
		if (takes)
			return queued;
	}
	return post_to(g, NULL, sig, from, q);
}

/* The entry a signal needs (sigqueue.c): one that tells d, or, for a
 * real-time signal, its sender. -EAGAIN if d cannot be queued (the
 * group holds its most, or memory is out); a real-time signal without
 * d is then sent without an entry, as Linux sends kill's. Caller holds
 * g->lock. */
static int entry_for(struct tgroup *g, int sig, struct sigsender from, const struct sigdata *d,
		     struct sigq **q)
{
	struct sigdata own = data_of(from);

	*q = NULL;
	if (!d && sig < SIGRTMIN)
		return 0;
	*q = sigq_alloc(g, sig, d ? d : &own);
	return !*q && d ? -EAGAIN : 0;
}

/* init takes only the signals it has handlers for, as Linux's
 * SIGNAL_UNKILLABLE init: the rest, SIGKILL and SIGSTOP included, are
 * dropped when sent (a fault in init still ends it: signal_fault). L is
 * a group's leader. */
static bool unkillable(struct proc *L, int sig)
{
	return L->pid == 1 && sig > 0 && sigacts(L)[sig].handler == SIG_DFL;
}

/* A process-directed signal, telling d if not NULL (sigqueue's). */
static int post_group(struct proc *L, int sig, struct sigsender from, const struct sigdata *d)
{
	struct tgroup *g = &L->group;
	struct sigq *q;

	if (unkillable(L, sig))
		return 0;
	if ((SIGBIT(sig) & JOBCTL_SIGNALS) && jobctl_send(L, sig, NULL))
		return 0;
	acquire(&g->lock);
	int err = entry_for(g, sig, from, d, &q);
	if (q && g->nlive == 0) {	/* gone: its entries were let go */
		sigq_free(q);
		q = NULL;
	}
	if (!err)
		route(L, sig, from, q);
	release(&g->lock);
	return err;
}

/*
 * A timer's signal, its entry q (ptimer.c), to thread t of L's group,
 * or to the group if t is NULL; false if it was not queued (its signal
 * pending already). Job control does not see it: a stop signal from a
 * timer stops the group when it is delivered (signal_deliver). Caller
 * holds L's group lock.
 */
bool signal_queue(struct proc *L, struct proc *t, struct sigq *q)
{
	struct sigsender from = { q->d.pid, q->d.code, 0 };

	if (!t)
		return route(L, q->sig, from, q);
	acquire(&t->lock);
	bool queued = post_to(&L->group, t, q->sig, from, q);
	release(&t->lock);
	return queued;
}

/* Whether p is a thread that signals may be sent to: alive, and not a
 * zombie (a group's zombie leader still takes the group's signals). */
static bool signal_target(struct proc *p)
{
	enum procstate st = *(volatile enum procstate *)&p->state;

	return st != UNUSED && p->leader && !p->leader->group.dead &&
	       !(st == ZOMBIE && p->autoreap) && p->leader->group.nlive > 0;
}

/* What post_matching posts, and to how many. */
struct posting {
	int id, sig;
	struct sigsender from;
	const struct sigdata *d;	/* what it tells, if more than from */
	int found;
	int err;
};

/* Posts a->sig to the group of p, its leader or held with it, if p is a
 * live thread (sig 0: only counts it). */
static void post_live(struct proc *p, struct posting *a)
{
	acquire(&p->lock);
	struct proc *L = signal_target(p) ? p->leader : NULL;
	release(&p->lock);
	if (!L)
		return;
	int err = a->sig ? post_group(L, a->sig, a->from, a->d) : 0;
	if (err)
		a->err = err;
	a->found++;
}

/* proc_walk's step: p's pgid moves only under the walk's lock (pid.c);
 * the walk holds every leader it visits. A group's pgid is its
 * leader's. */
static int post_in_group(struct proc *p, void *arg)
{
	struct posting *a = arg;

	if (p->pgid == a->id && p->leader == p)
		post_live(p, a);
	return 0;
}

/* Posts sig to every live process whose pid (or, if group, pgid) is id;
 * sig 0 only checks that one exists. A pid may be any thread's id, as
 * on Linux: the signal is its group's. */
static int post_matching(int id, bool group, int sig, int code, const struct sigdata *d)
{
	struct posting a = { .id = id, .sig = sig, .from = sender(code), .d = d };
	struct proc *p;

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (group) {
		proc_walk(post_in_group, &a);
	} else if ((p = proc_get(id))) {
		/* its leader held too, whose slot the group's end frees */
		struct proc *L = proc_get(p->tgid);
		if (L == p->leader)
			post_live(p, &a);
		if (L)
			proc_put(L);
		proc_put(p);
	}
	return a.found ? a.err : -ESRCH;
}

/* A thread-directed signal (tkill, tgkill, rt_tgsigqueueinfo) to thread
 * tid, of group tgid if tgid > 0, telling d if not NULL; sig 0 only
 * checks that it exists. Its group's lock is taken for an entry. */
static int post_thread(int tgid, int tid, int sig, int code, const struct sigdata *d)
{
	struct sigsender from = sender(code);
	struct proc *p, *L;
	struct sigq *q;
	int err = 0;

	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (!(p = proc_get(tid)))
		return -ESRCH;
	if (!(L = proc_get(p->tgid))) {	/* held: its slot holds the group */
		proc_put(p);
		return -ESRCH;
	}
	acquire(&L->group.lock);
	acquire(&p->lock);
	bool ok = p->leader == L && signal_target(p) && p->state != ZOMBIE &&
		  (tgid <= 0 || p->tgid == tgid);
	if (unkillable(L, sig))
		sig = 0;	/* found, and nothing sent */
	bool jobctl = ok && sig && (SIGBIT(sig) & JOBCTL_SIGNALS);
	if (ok && sig && !jobctl && !(err = entry_for(&L->group, sig, from, d, &q)))
		post_to(&L->group, p, sig, from, q);
	release(&p->lock);
	release(&L->group.lock);
	if (jobctl && !jobctl_send(p->leader, sig, p)) {
		acquire(&p->lock);
		post(p, sig, from);
		release(&p->lock);
	}
	proc_put(L);
	proc_put(p);
	return ok ? err : -ESRCH;
}

/* kill(2) by the calling process. */
int kill(int pid, int sig) { return post_matching(pid, false, sig, SI_USER, NULL); }
/* A signal the calling thread sends itself (SIGPIPE): to it alone. */
int kill_self(int sig)
{
	struct proc *p = myproc();

	if (unkillable(p->leader, sig))
		return 0;
	acquire(&p->lock);
	post(p, sig, sender(SI_USER));
	release(&p->lock);
	return 0;
}
/* The console's ^C: the kernel's, from an interrupt. */
int kill_pgrp(int pgid, int sig) { return post_matching(pgid, true, sig, SI_KERNEL, NULL); }

/* A signal the kernel sends (SIGCHLD, SIGALRM): SI_KERNEL, where Linux
 * says CLD_EXITED or SI_TIMER. */
void signal_post(struct proc *p, int sig)
{
	post_group(p->leader, sig, sender(SI_KERNEL), NULL);
}

/* SIGCHLD to parent: its child pid exited, was killed, dumped core,
 * stopped or continued (code CLD_*, with status its si_status). */
void signal_post_child(struct proc *parent, int pid, int code, int status)
{
	post_group(parent->leader, SIGCHLD, (struct sigsender){ pid, code, status }, NULL);
}

/* A signal the kernel sends to thread t alone (a group's SIGKILL). */
void signal_post_thread(struct proc *t, int sig)
{
	acquire(&t->lock);
	post(t, sig, sender(SI_KERNEL));
	release(&t->lock);
}

/* The group's pending signals that p does not block become p's, to be
 * delivered to it: after p's mask changed. */
static void claim_group(struct proc *p)
{
	struct tgroup *g = &p->leader->group;

	if (!*(volatile uint64_t *)&g->pending)
		return;
	acquire(&g->lock);
	acquire(&p->lock);
	uint64_t mine = g->pending & ~(p->sigblocked & ~UNBLOCKABLE);
	for (int sig = 1; sig < NSIG; sig++)
		if (mine & SIGBIT(sig))
			post(p, sig, g->sigfrom[sig]);
	sigq_claim(g, p, mine);
	g->pending &= ~mine;
	release(&p->lock);
	release(&g->lock);
}

/* True if a signal waits that would do something when delivered: sleeps
 * that can wait forever give up then (EINTR). */
/* Whether p has a signal pending that it would take, which ends an
 * interruptible sleep. Caller holds p->lock. */
bool signal_wakes(struct proc *p)
{
	if (!p->sigpending)	/* every interruptible sleep asks, most with none */
		return false;
	for (int sig = 1; sig < NSIG; sig++)
		if (deliverable(p, sig) && sig != SIGSTOP)	/* SIGSTOP: a stop's mark, jobctl.c */
			return true;
	return false;
}

/* Whether p has a signal pending that would end it (SIGKILL, or one
 * left to a default action that terminates): a killable sleep gives up
 * then. Caller holds p->lock. */
bool signal_fatal(struct proc *p)
{
	for (int sig = 1; sig < NSIG; sig++)
		if (deliverable(p, sig) &&
		    (sig == SIGKILL || (sigacts(p)[sig].handler == SIG_DFL && !stops(p, sig))))
			return true;
	return false;
}

bool proc_killed(struct proc *p)
{
	/* a glance first: every blocking read asks, and the walk under
	 * p->lock cost a pipe's round trip more than a microsecond */
	if (!*(volatile uint64_t *)&p->sigpending)
		return false;
	acquire(&p->lock);
	bool k = signal_wakes(p);
	release(&p->lock);
	return k;
}

/* The process's stack pointer (a 32-bit process's is the low half). */
static uint64_t user_sp(struct proc *p)
{
	uint64_t sp = p->trapframe->regs[REG_SP];

	return p->is32 ? (uint32_t)sp : sp;
}

/* Is sp on the alternate signal stack? (Linux's on_sig_stack) */
static bool on_altstack(struct proc *p, uint64_t sp)
{
	return sp > p->altstack.sp && sp - p->altstack.sp <= p->altstack.size;
}

/* ss_flags as sigaltstack and a signal frame's uc_stack report them. */
int altstack_flags(struct proc *p)
{
	if (!p->altstack.size)
		return SS_DISABLE;
	return on_altstack(p, user_sp(p)) ? SS_ONSTACK : 0;
}

/* Where sig's frame goes: below the alternate stack's top if its
 * handler asked for it (SA_ONSTACK) and the process is not on it
 * already (a nested signal stays there), else below the stack pointer. */
static uint64_t frame_top(struct proc *p, int sig)
{
	if ((sigacts(p)[sig].flags & SA_ONSTACK) && altstack_flags(p) == 0)
		return p->altstack.sp + p->altstack.size;
	return user_sp(p);
}

/* AT_MINSIGSTKSZ: the stack a signal frame takes, as Linux reports it
 * on riscv from 6.5 on (the frame, rounded up to 16 bytes). */
uint64_t sigframe_size(bool is32)
{
	return is32 ? sigframe32_size() : (sizeof(struct rt_sigframe) + 15) & ~15UL;
}

/* Builds the handler's frame on the user stack and points the process at
 * the handler; false if the stack cannot hold it. */
static bool setup_frame(struct proc *p, int sig, uint64_t handler, uint64_t fault_addr,
			const struct sigdata *d)
{
	struct trapframe *tf = p->trapframe;
	_Static_assert(sizeof(struct rt_sigframe) <= PGSIZE, "frame fits a page");

	if (p->is32) {	/* Linux rv32's frame (signal32.c) */
		uint64_t sp = sigframe32_push(p, sig, fault_addr, frame_top(p, sig),
					      p->has_saved_mask ? p->saved_mask : p->sigblocked);
		if (!sp)
			return false;
		p->has_saved_mask = false;
		tf->epc = handler;
		tf->regs[REG_SP] = sp;
		tf->regs[REG_A0] = sig;
		tf->regs[REG_RA] = SIGRETURN_VA32;
		return true;
	}
	struct rt_sigframe *fr = kzalloc();
	if (!fr)
		return false;
	fr->info.si_signo = sig;
	fr->info.si_code = fault_addr ? SI_USER : d->code;
	/* a fault's address, or who sent it (glibc's thread cancellation
	 * acts only on its own tgkill: SI_TKILL from its own pid), and
	 * the rest it tells: si_uid, si_value or SIGCHLD's si_status */
	if (fault_addr) {
		fr->info.si_addr_or_pid = fault_addr;
	} else {
		fr->info.si_addr_or_pid = (uint32_t)d->pid | (uint64_t)(uint32_t)d->uid << 32;
		memcpy(fr->info.rest, &d->value, sizeof(d->value));
	}
	fr->uc.uc_sigmask = p->has_saved_mask ? p->saved_mask : p->sigblocked;
	fr->uc.ss_sp = p->altstack.sp;
	fr->uc.ss_flags = altstack_flags(p);
	fr->uc.ss_size = p->altstack.size;
	fr->uc.sc_regs[0] = tf->epc;
	for (int i = 1; i < 32; i++)
		fr->uc.sc_regs[i] = tf->regs[i];
	memcpy(fr->uc.sc_fregs, tf->fregs, sizeof(fr->uc.sc_fregs));
	fr->uc.sc_fcsr = tf->fcsr;
	uint64_t sp = (frame_top(p, sig) - sizeof(*fr)) & ~15UL;
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
	tf->regs[REG_RA] = vdso_sigreturn();
	return true;
}

/*
 * A call ended by a signal before it did anything (ERESTARTSYS): it is
 * set to run again, its ecall re-executed with its registers as they
 * were (a0 still its first argument); act_on makes it EINTR instead if
 * a handler without SA_RESTART runs. Linux's arch_do_signal_or_restart.
 */
void syscall_restart(struct proc *p)
{
	p->restart = true;
	p->trapframe->epc -= 4;
}

/* A handler is about to run on a restarted call's way back: the call
 * ends with EINTR unless the handler asked for SA_RESTART. */
static void restart_or_eintr(struct proc *p, const struct sigact *sa)
{
	if (!p->restart)
		return;
	p->restart = false;
	if (!(sa->flags & SA_RESTART)) {
		p->trapframe->epc += 4;
		p->trapframe->regs[REG_A0] = -EINTR;
	}
}

/* Runs sig's handler, or ends the process with it. */
static void act_on(struct proc *p, int sig, uint64_t fault_addr, const struct sigdata *d)
{
	struct sigact *sa = &sigacts(p)[sig];

	if (sig == SIGKILL || sa->handler == SIG_DFL) {
		klog("pid %d (%s): killed by signal %d", p->pid, p->name, sig);
		exit_proc(sig | coredump_fatal(sig, fault_addr));
	}
	uint64_t handler = sa->handler;
	uint64_t handler_mask = sa->mask | (sa->flags & SA_NODEFER ? 0 : SIGBIT(sig));
	restart_or_eintr(p, sa);
	if (sa->flags & SA_RESETHAND)
		sa->handler = SIG_DFL;
	if (!setup_frame(p, sig, handler, fault_addr, d)) {
		klog("pid %d (%s): no room for a signal frame: killed", p->pid, p->name);
		exit_proc(SIGSEGV | coredump_fatal(SIGSEGV, fault_addr));
	}
	p->sigblocked |= handler_mask & ~UNBLOCKABLE;
}

/* Takes p's own pending signal sig and what it tells into *d: its
 * oldest entry if it has one (its bit stays while another is left),
 * else its sender. Caller holds p->lock, and g->lock if queued. */
static void take_own(struct tgroup *g, struct proc *p, int sig, bool queued, struct sigdata *d)
{
	*d = data_of(p->sigfrom[sig]);
	p->sigpending &= ~SIGBIT(sig);
	if (queued && sigq_take(g, p, sig, d) > 0)
		p->sigpending |= SIGBIT(sig);
}

/* Takes p->lock, and before it g->lock if the group has entries queued
 * (sigqueue.c), which only matter then: one behind p's bits is queued
 * under p->lock, so a count of 0 read under it holds. Whether g->lock
 * was taken. */
static bool lock_for_take(struct tgroup *g, struct proc *p)
{
	acquire(&p->lock);
	if (!__atomic_load_n(&g->nqueued, __ATOMIC_RELAXED))
		return false;
	release(&p->lock);
	acquire(&g->lock);
	acquire(&p->lock);
	return true;
}

/* On the way back to user space, with a signal pending (the caller
 * glanced): act on one deliverable signal. */
void signal_deliver(void)
{
	struct proc *p = myproc();
	struct tgroup *g = &p->leader->group;
	struct sigdata d;
	int sig;

	/* the group is ending (exit_group, a fatal signal, an exec): this
	 * thread goes quietly with it */
	if (*(volatile bool *)&g->exiting || *(struct proc *volatile *)&g->execer)
		exit_thread(0);
	bool queued = lock_for_take(g, p);
	for (sig = 1; sig < NSIG; sig++) {
		if (!(p->sigpending & SIGBIT(sig)) || (p->sigblocked & ~UNBLOCKABLE & SIGBIT(sig)))
			continue;
		take_own(g, p, sig, queued, &d);
		if (acts(p, sig))
			break;
	}
	release(&p->lock);
	if (queued)
		release(&g->lock);
	if (sig < NSIG && stops(p, sig)) {
		/* SIGSTOP: the mark of a stop under way (jobctl.c); another:
		 * one that was blocked as it was sent (jobctl_send stops at
		 * once for the others) */
		if (jobctl_send(p->leader, sig, p))
			jobctl_park(p);
		/* what came while it was stopped (a SIGHUP before the
		 * SIGCONT) is delivered now, as Linux's get_signal goes on */
		if (*(volatile uint64_t *)&p->sigpending)
			signal_deliver();
	} else if (sig < NSIG) {
		act_on(p, sig, 0, &d);
	}
}

/* A fault: its handler if one is installed and the signal not blocked,
 * else death. Returning from such a handler retries the instruction. */
void signal_fault(int sig, uint64_t addr)
{
	struct proc *p = myproc();

	if (sigacts(p)[sig].handler > SIG_IGN && !(p->sigblocked & SIGBIT(sig))) {
		act_on(p, sig, addr, &(struct sigdata){ .code = SI_USER });
		return;
	}
	klog("pid %d (%s): killed by signal %d", p->pid, p->name, sig);
	exit_proc(sig | coredump_fatal(sig, addr));
}

/* At exec: caught signals go back to their default; ignored stay so.
 * The alternate stack was in the old program's memory: gone too. */
void signal_exec_reset(struct proc *p)
{
	p->altstack = (struct altstack){ 0, 0 };
	for (int sig = 0; sig < NSIG; sig++)
		if (sigacts(p)[sig].handler != SIG_IGN)
			sigacts(p)[sig] = (struct sigact){ SIG_DFL, 0, 0 };
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
		claim_group(p);
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
	fpu_forget(p);
	acquire(&p->lock);
	p->sigblocked = uc->uc_sigmask & ~UNBLOCKABLE;
	release(&p->lock);
	claim_group(p);
	kfree(uc);
	return tf->regs[REG_A0];	/* syscall() stores this in a0 again */
}

/* struct sigaction on rv32: a 4-byte handler and flags, the mask as two
 * 4-byte words (rv64's is struct ksigaction, uapi/linux/signal.h) */
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

/* Whether setting sig to ka would change nothing: its disposition the
 * same, and no signal pending for SIG_IGN to discard. */
static bool sigaction_same(struct proc *p, int sig, const struct ksigaction *ka)
{
	const struct sigact *o = &sigacts(p)[sig];

	return o->handler == ka->handler && o->flags == ka->flags &&
	       o->mask == (ka->mask & ~UNBLOCKABLE) &&
	       !((p->sigpending | p->leader->group.pending) & SIGBIT(sig));
}

/* The pending signals of mask, the group's and every thread's, are
 * discarded: SIG_IGN set for one, as on Linux; a stop signal's pending
 * SIGCONT, SIGCONT's pending stops (jobctl.c). */
void signal_discard(struct proc *L, uint64_t mask)
{
	struct tgroup *g = &L->group;

	acquire(&g->lock);
	g->pending &= ~mask;
	sigq_drop(g, NULL, mask);
	for (struct list *n = g->threads.next; n != &g->threads; n = n->next) {
		struct proc *t = list_entry(n, struct proc, tlink);
		acquire(&t->lock);
		t->sigpending &= ~mask;
		release(&t->lock);
	}
	release(&g->lock);
}

/* Only the group's threads write its sigact, and read it without a
 * lock; the leader's p->lock makes a change whole for a sender or
 * another thread on another hart.
 * glibc's posix_spawn child sets each signal it might catch back to
 * SIG_DFL, some 120 calls that mostly change nothing: those take none. */
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
		struct sigact *o = &sigacts(p)[sig];
		struct ksigaction old = { o->handler, o->flags, o->mask };
		if (sigaction_out(p, oact, &old) < 0)
			return -EFAULT;
	}
	if (act && !sigaction_same(p, sig, &ka)) {
		acquire(&p->leader->lock);
		sigacts(p)[sig] = (struct sigact){ ka.handler, ka.flags, ka.mask & ~UNBLOCKABLE };
		release(&p->leader->lock);
		if (ka.handler == SIG_IGN)
			signal_discard(p->leader, SIGBIT(sig));
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
	claim_group(p);
	return how < 0 ? -EINVAL : 0;
}

uint64_t sys_rt_sigpending(void)
{
	struct proc *p = myproc();
	uint64_t set = (p->sigpending | p->leader->group.pending) & p->sigblocked;

	if (argraw(1) != sizeof(uint64_t))
		return -EINVAL;
	return copyout(p->pagetable, argraw(0), &set, sizeof(set));
}

/* Waits for a signal with a temporary mask; the old mask comes back
 * when the handler returns (it is saved in the frame). */
/* ppoll's and pselect6's mask while they wait; the old one is kept, as
 * rt_sigsuspend keeps it. */
void signal_mask_wait(struct proc *p, uint64_t mask)
{
	acquire(&p->lock);
	p->saved_mask = p->sigblocked;
	p->has_saved_mask = true;
	p->sigblocked = mask & ~UNBLOCKABLE;
	release(&p->lock);
}

/* The wait is over: the old mask is back now, or, if a signal it let
 * through interrupted the wait, once that signal's handler returns (its
 * frame keeps the old mask), as Linux restores it. */
void signal_mask_restore(struct proc *p, bool interrupted)
{
	acquire(&p->lock);
	if (!interrupted || !signal_wakes(p)) {
		p->sigblocked = p->saved_mask;
		p->has_saved_mask = false;
	}
	release(&p->lock);
}

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
	claim_group(p);
	signal_wait(p);
	return -EINTR;
}

/* Takes the lowest pending signal of set (Linux takes the standard
 * signals lowest first), the thread's own, else the group's; 0 if none is. */
int signal_take(struct proc *p, uint64_t set, struct sigdata *d)
{
	struct tgroup *g = &p->leader->group;
	int sig;

	acquire(&g->lock);
	acquire(&p->lock);
	for (sig = 1; sig < NSIG && !(p->sigpending & set & SIGBIT(sig)); sig++)
		;
	if (sig < NSIG) {
		take_own(g, p, sig, true, d);
	} else {
		for (sig = 1; sig < NSIG && !(g->pending & set & SIGBIT(sig)); sig++)
			;
		if (sig < NSIG) {
			g->pending &= ~SIGBIT(sig);
			*d = data_of(g->sigfrom[sig]);
			if (sigq_take(g, NULL, sig, d) > 0)
				g->pending |= SIGBIT(sig);
		}
	}
	release(&p->lock);
	release(&g->lock);
	return sig < NSIG ? sig : 0;
}

/* Whether a signal of set is pending for p, its own or its group's (a
 * glance, without the locks: signalfd's poll). */
bool signal_pending_in(struct proc *p, uint64_t set)
{
	return (__atomic_load_n(&p->sigpending, __ATOMIC_ACQUIRE) |
		__atomic_load_n(&p->leader->group.pending, __ATOMIC_ACQUIRE)) & set;
}

/* Linux's siginfo: signo, errno, code, then (8-byte aligned on rv64)
 * si_pid and si_uid, or a timer's id and overrun, then si_value or
 * SIGCHLD's si_status (rv32's sigval is 4 bytes). */
static int siginfo_out(struct proc *p, uint64_t addr, int sig, const struct sigdata *d)
{
	int32_t info[32] = { sig, 0, d->code };
	int at = p->is32 ? 3 : 4;

	info[at] = d->pid;
	info[at + 1] = d->uid;
	if (p->is32)
		info[at + 2] = d->value;
	else
		memcpy(&info[at + 2], &d->value, sizeof(d->value));
	return copyout(p->pagetable, addr, info, sizeof(info));
}

/*
 * rt_sigtimedwait(set, info, timeout, size): takes a pending signal of
 * set (blocked, normally) instead of delivering it, waiting for one up
 * to timeout (NULL: for ever). Its number, or EAGAIN once the timeout
 * has passed, or EINTR if another signal comes that does something.
 * Like signal_wait it looks again at every tick: a blocked signal does
 * not wake a sleeper.
 */
uint64_t sys_rt_sigtimedwait(void)
{
	struct proc *p = myproc();
	uint64_t set, ns = 0, timeout = argraw(2);
	struct sigdata d;
	int sig, err = 0;

	if (argraw(3) != sizeof(uint64_t))
		return -EINVAL;
	if (copyin(p->pagetable, &set, argraw(0), sizeof(set)) < 0)
		return -EFAULT;
	if (timeout && (err = read_timespec(timeout, &ns)) < 0)
		return err;
	set &= ~UNBLOCKABLE;
	uint64_t deadline = monotonic_ns() + ns;
	acquire(&tickslock);
	while (!(sig = signal_take(p, set, &d))) {
		if (proc_killed(p)) {
			err = -EINTR;
			break;
		}
		if (timeout && monotonic_ns() >= deadline) {
			err = -EAGAIN;
			break;
		}
		sleep((void *)&ticks, &tickslock);
	}
	release(&tickslock);
	if (err)
		return err;
	if (argraw(1) && siginfo_out(p, argraw(1), sig, &d) < 0)
		return -EFAULT;
	return sig;
}

/* rv32's stack_t: 4-byte pointer and size (rv64's is struct kstack). */
struct kstack32 {
	uint32_t sp;
	int32_t flags;
	uint32_t size;
};

static int stack_in(struct proc *p, uint64_t addr, struct kstack *ss)
{
	struct kstack32 s;

	if (!p->is32)
		return copyin(p->pagetable, ss, addr, sizeof(*ss));
	if (copyin(p->pagetable, &s, addr, sizeof(s)) < 0)
		return -EFAULT;
	*ss = (struct kstack){ s.sp, s.flags, s.size };
	return 0;
}

static int stack_out(struct proc *p, uint64_t addr, const struct kstack *ss)
{
	struct kstack32 s = { ss->sp, ss->flags, ss->size };

	if (!p->is32)
		return copyout(p->pagetable, addr, ss, sizeof(*ss));
	return copyout(p->pagetable, addr, &s, sizeof(s));
}

/* sigaltstack(ss, old): the stack handlers with SA_ONSTACK run on. It
 * cannot change while in use (EPERM), and must hold MINSIGSTKSZ bytes
 * (ENOMEM). SS_AUTODISARM is refused (EINVAL). */
uint64_t sys_sigaltstack(void)
{
	struct proc *p = myproc();
	struct kstack ss, old = { p->altstack.sp, altstack_flags(p), p->altstack.size };

	if (argraw(0)) {
		if (stack_in(p, argraw(0), &ss) < 0)
			return -EFAULT;
		if (on_altstack(p, user_sp(p)))
			return -EPERM;
		if (ss.flags != 0 && ss.flags != SS_ONSTACK && ss.flags != SS_DISABLE)
			return -EINVAL;
		if (ss.flags != SS_DISABLE && ss.size < MINSIGSTKSZ)
			return -ENOMEM;
		p->altstack = ss.flags == SS_DISABLE ? (struct altstack){ 0, 0 }
						     : (struct altstack){ ss.sp, ss.size };
	}
	if (argraw(1) && stack_out(p, argraw(1), &old) < 0)
		return -EFAULT;
	return 0;
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
		return post_matching(myproc()->leader->pgid, true, sig, SI_USER, NULL);
	if (pid < -1)
		return post_matching(-pid, true, sig, SI_USER, NULL);
	return -EINVAL;
}

/* tgkill(tgid, tid, sig): to thread tid of group tgid alone. */
uint64_t sys_tgkill(void)
{
	int tgid = argraw(0), tid = argraw(1);

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	return post_thread(tgid, tid, argraw(2), SI_TKILL, NULL);
}

/*
 * What rt_sigqueueinfo and rt_tgsigqueueinfo send, from the siginfo at
 * addr: its si_code and what follows it (si_pid, si_uid, si_value, or
 * whatever the sender put there). Only to itself (tid, the caller's
 * thread id) may a sender claim a kill's, a tkill's or the kernel's
 * si_code (0 and up, or SI_TKILL): EPERM, as Linux says.
 */
static int sigqueue_info(uint64_t addr, int tid, struct sigdata *d)
{
	struct ksiginfo info;

	if (copyin(myproc()->pagetable, &info, addr, sizeof(info)) < 0)
		return -EFAULT;
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && tid != myproc()->pid)
		return -EPERM;
	*d = (struct sigdata){ .code = info.si_code, .pid = (uint32_t)info.si_addr_or_pid,
			       .uid = info.si_addr_or_pid >> 32 };
	memcpy(&d->value, info.rest, sizeof(d->value));
	return 0;
}

/* rt_sigqueueinfo(tgid, sig, info): sigqueue(3)'s signal with its value,
 * to a process; EAGAIN if it cannot be queued. */
uint64_t sys_rt_sigqueueinfo(void)
{
	int pid = argraw(0), sig = argraw(1);
	struct sigdata d;
	int err = sigqueue_info(argraw(2), pid, &d);

	if (err)
		return err;
	if (pid <= 0)
		return -ESRCH;
	return post_matching(pid, false, sig, d.code, &d);
}

/* rt_tgsigqueueinfo(tgid, tid, sig, info): the same to one thread. */
uint64_t sys_rt_tgsigqueueinfo(void)
{
	int tgid = argraw(0), tid = argraw(1), sig = argraw(2);
	struct sigdata d;
	int err;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if ((err = sigqueue_info(argraw(3), tid, &d)))
		return err;
	return post_thread(tgid, tid, sig, d.code, &d);
}

/* tkill(tid, sig): tgkill without the group check. */
uint64_t sys_tkill(void)
{
	int tid = argraw(0);

	if (tid <= 0)
		return -EINVAL;
	return post_thread(0, tid, argraw(1), SI_TKILL, NULL);
}

/* Does p keep sig from acting on it, blocked or set to SIG_IGN? The
 * tty's job control asks (Linux's is_ignored): a background reader
 * that does gets EIO instead of SIGTTIN. */
bool signal_ignored(struct proc *p, int sig)
{
	return (p->sigblocked & SIGBIT(sig)) || sigacts(p)[sig].handler == SIG_IGN;
}
