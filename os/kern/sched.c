/*
 * The per-hart scheduler: which hart runs a runnable process, sleep and
 * wakeup, and the IPIs that wake idle harts.
 *
 * Placement. Every process has a home hart, where it last ran (a child
 * of fork starts at its parent's). A hart runs the runnable processes
 * at home first; it takes one from another hart only if that hart is
 * busy running something else, so that the process would otherwise
 * wait. A process woken while its home hart is idle is sent there with
 * an IPI; woken while its home is busy, it is offered to an idle hart.
 * A hart that starts running one process while others wait on it
 * offers them to an idle hart too. A process runs only on the harts its
 * affinity mask allows (sched_setaffinity); its home is always one.
 *
 * Queues, as Linux's: each hart keeps its runnable processes at home in
 * a run queue, oldest first, and each wait channel's sleepers are in a
 * bucket of a hash table, so a switch or a wakeup costs the same however
 * many processes there are (scanning the table of 64 cost more than the
 * rest of a pipe's round trip between two processes).
 *
 * Why a home: under QEMU every hart is a host thread, and waking an idle
 * hart (an IPI, the host waking its thread) costs as much as a short
 * system call; a fork, exec and wait that stays on one hart needs none.
 * With everything free to run anywhere, two fork+exec loops on four
 * harts went no faster than one: each step woke another hart.
 *
 * IPIs are owed while spinlocks are held and sent when the hart lets go
 * of its last one (pop_off), so that no lock is held across the call
 * into the firmware.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"

struct cpu cpus[NCPU];

/* Bit i set: cpus[i] is in its scheduler loop and will wait in WFI if it
 * finds nothing to run (set before it scans; and a hart told to rescan
 * does so before it waits, so a wakeup is never lost, whether its IPI
 * comes before the WFI or during the scan). */
static volatile uint64_t idle_harts;

static bool hart_idle(int i) { return (idle_harts >> i) & 1; }

/* The sleepers of each wait channel, in the bucket its address hashes to. */
#define NCHANQ 64
static struct chanq {
	struct spinlock lock;
	struct list sleepers;	/* by proc.chanq */
} chanqs[NCHANQ];

static struct chanq *chanq_of(void *chan)
{
	return &chanqs[((uint64_t)chan * 0x9E3779B97F4A7C15UL) >> 58];
}

void sched_init(void)
{
	for (int i = 0; i < NCPU; i++) {
		initlock(&cpus[i].rqlock, "runq", LOCK_LEAF);
		list_init(&cpus[i].runq);
	}
	for (int i = 0; i < NCHANQ; i++) {
		initlock(&chanqs[i].lock, "chan", LOCK_CHAN);
		list_init(&chanqs[i].sleepers);
	}
}

/* A glance at a list without its lock: its first node, or l if empty.
 * Only compared, never followed: a process's memory may be freed once
 * it is off every list (pid.c), so a node is looked at under the list's
 * lock. */
static struct list *first(struct list *l) { return *(struct list *volatile *)&l->next; }

/* p, just made RUNNABLE, goes to the tail of its home's queue; dequeue
 * takes it off when it stops being RUNNABLE. Caller holds p->lock:
 * under it, p is RUNNABLE exactly when it is in cpus[p->home].runq. */
static void enqueue(struct proc *p)
{
	struct cpu *c = &cpus[p->home];

	acquire(&c->rqlock);
	list_add_tail(&p->rq, &c->runq);
	release(&c->rqlock);
}

static void dequeue(struct proc *p)
{
	struct cpu *c = &cpus[p->home];

	acquire(&c->rqlock);
	list_del(&p->rq);
	release(&c->rqlock);
}

/* Tells hart i, idle, to look at the table again before it waits: it
 * may have passed over the slot of the process just made runnable. */
static void rescan(int i)
{
	__atomic_store_n(&cpus[i].rescan, true, __ATOMIC_SEQ_CST);
}

/* An IPI to cpus[i] (and a rescan), sent when this hart holds no spinlock. */
static void owe_ipi(int i)
{
	rescan(i);
	push_off();
	mycpu()->ipi_owed |= 1UL << i;
	pop_off();
}

/* From pop_off, with interrupts still off and no spinlock held. */
void send_owed_ipis(struct cpu *c)
{
	uint64_t mask = 0, owed = c->ipi_owed;

	c->ipi_owed = 0;
	for (int i = 0; i < NCPU; i++) {
		if ((owed >> i) & 1) {
			mask |= 1UL << cpus[i].hartid;
			c->stat.ipis++;
		}
	}
	sbi_send_ipi(mask);
}

/* Wakes one idle hart in mask other than this one, if there is one: it
 * will take a runnable process whose home hart is busy. */
static void kick_idle_hart_in(uint64_t mask)
{
	push_off();
	uint64_t others = idle_harts & mask & ~(1UL << cpuid());
	for (int i = 0; i < NCPU; i++) {
		if ((others >> i) & 1) {
			owe_ipi(i);
			break;
		}
	}
	pop_off();
}

void kick_idle_hart(void) { kick_idle_hart_in(~0UL); }

/*
 * Marks p runnable and sees that a hart will run it (caller holds
 * p->lock). Sync: the caller is about to give up this hart (exit waking
 * its parent), so p runs here next and no other hart is disturbed.
 */
void make_runnable(struct proc *p, bool sync)
{
	int me = cpuid();

	p->state = RUNNABLE;
	if (sync && allowed(p, me)) {
		p->home = me;
		enqueue(p);
		return;
	}
	enqueue(p);
	if (hart_idle(p->home)) {
		if (p->home != me)
			owe_ipi(p->home);
		else
			rescan(me);	/* an interrupt in this hart's idle loop */
		return;
	}
	kick_idle_hart_in(p->affinity);	/* home is busy, maybe with this very caller */
}

/* A new process (fork's child, the first one), locked: runnable at its
 * home, no other hart disturbed (the clock tick has idle harts look). */
void sched_add(struct proc *p)
{
	p->state = RUNNABLE;
	enqueue(p);
}

/* The harts that may take the runnable processes waiting at home on
 * hart me while it runs another (0 if none waits). One waiting on
 * another busy hart is that hart's to offer when it next picks: often
 * it is a child of fork that runs there as soon as its parent waits. */
static uint64_t others_waiting(int me)
{
	struct cpu *c = &cpus[me];
	uint64_t mask = 0;

	if (first(&c->runq) == &c->runq)
		return 0;
	acquire(&c->rqlock);
	for (struct list *n = c->runq.next; n != &c->runq; n = n->next)
		mask |= list_entry(n, struct proc, rq)->affinity;
	release(&c->rqlock);
	return mask;
}

/*
 * The process queued on hart h that hart me may run, taken off the
 * queue and returned locked; NULL if there is none, with *busy true if
 * one could not be looked at. Never waits for a p->lock: whoever holds
 * it is running p, switching away from it or waking it, and a hart
 * spinning here while that hart's host thread is preempted would spin
 * for the host's whole time slice. (The queue's lock ranks after
 * p->lock, so p->lock is only tried under it.)
 */
static struct proc *take(int h, int me, bool *busy)
{
	struct cpu *c = &cpus[h];
	struct proc *p = NULL;

	if (first(&c->runq) == &c->runq)	/* a glance: none queued */
		return NULL;
	/* p is tried, checked and taken off under the queue's lock: while
	 * queued, it cannot be freed */
	acquire(&c->rqlock);
	if (h == me) {
		p = list_empty(&c->runq) ? NULL : list_entry(c->runq.next, struct proc, rq);
		if (p == myproc())	/* sched() from p, which queued itself */
			p = NULL;
	} else {
		for (struct list *n = c->runq.next; n != &c->runq && !p; n = n->next)
			if (allowed(list_entry(n, struct proc, rq), me))
				p = list_entry(n, struct proc, rq);
	}
	if (p && !try_acquire(&p->lock)) {
		*busy = true;
		p = NULL;
	} else if (p && (p->state != RUNNABLE || p->home != h || !allowed(p, me))) {
		release(&p->lock);	/* it moved meanwhile */
		*busy = true;
		p = NULL;
	} else if (p) {
		list_del(&p->rq);	/* dequeue's work, under the lock held */
	}
	release(&c->rqlock);
	return p;
}

/*
 * The next process for hart me, returned locked: the oldest at home;
 * else one at home on a busy hart, which then moves here. NULL if there
 * is none, with *busy true if one could not be looked at.
 */
static struct proc *pick(struct cpu *c, int me, bool *busy)
{
	struct proc *p;

	*busy = false;
	if ((p = take(me, me, busy)) || *busy)
		return p;
	for (int h = 0; h < NCPU; h++) {
		if (h == me || hart_idle(h) || !(p = take(h, me, busy)))
			continue;
		p->home = me;
		c->stat.migrations++;
		return p;
	}
	return NULL;
}

/* Hart c makes p (locked, off the queue) the process it runs. */
static void enter(struct cpu *c, struct proc *p)
{
	p->state = RUNNING;
	c->proc = p;
	c->stat.switches++;
	p->run_start = r_time();
	vm_activate(p->pagetable);	/* for its return to user mode */
	csr_write(sscratch, p);	/* myproc() */
	/* what uservec reads, for this hart (fork copied the parent's) */
	p->trapframe->kernel_sp = p->kstack + KSTACK_PAGES * PGSIZE;
	p->trapframe->kernel_hartid = r_tp();
	p->trapframe->proc = p;
}

/* p (locked) stops running on hart c: its time is counted. */
static void leave(struct cpu *c, struct proc *p)
{
	uint64_t ran = r_time() - p->run_start;

	p->cpu_time += ran;
	c->stat.busy_time += ran;
}

/* Runs p (locked, runnable) on this hart until a process (p, or one p
 * switched to straight: sched()) gives the hart back, and unlocks that
 * one. */
static void run(struct cpu *c, struct proc *p)
{
	enter(c, p);
	swtch(&c->context, &p->context);
	p = c->proc;
	csr_write(sscratch, 0);
	leave(c, p);
	/* still under p->lock, so no one frees p's page table (exit, exec)
	 * while this hart uses it */
	vm_activate_kernel();
	c->proc = NULL;
	release(&p->lock);
}

/* Each hart's loop: pick a runnable process, run it until it gives the
 * hart back. An idle hart waits for an interrupt (an IPI, a device, or
 * its timer, which is always armed). */
void scheduler(void)
{
	struct cpu *c = mycpu();
	int me = cpuid();

	c->proc = NULL;
	for (;;) {
		intr_on();
		__atomic_store_n(&c->rescan, false, __ATOMIC_SEQ_CST);
		__atomic_or_fetch(&idle_harts, 1UL << me, __ATOMIC_SEQ_CST);
		bool busy;
		struct proc *p = pick(c, me, &busy);
		if (!p && busy)
			continue;
		if (!p) {
			proc_reap_dead();	/* exited threads' slots, now off their harts */
			/* interrupts off from the last look to the WFI, which an
			 * interrupt pending still ends: a wakeup from a handler on
			 * this hart cannot fall between them unseen. (No clock is
			 * read around the WFI: under QEMU 7.2's -icount, a WFI and
			 * then a read of the time CSR could stop every hart.) */
			intr_off();
			if (!__atomic_load_n(&c->rescan, __ATOMIC_SEQ_CST))
				__asm__ volatile("wfi");
			continue;
		}
		__atomic_and_fetch(&idle_harts, ~(1UL << me), __ATOMIC_SEQ_CST);
		uint64_t waiting = others_waiting(me);
		if (waiting)
			kick_idle_hart_in(waiting);
		run(c, p);
	}
}

/* What a process switched to straight from another does first: it lets
 * go of the lock of the one it replaced (held over the switch, as the
 * scheduler holds it, so that no other hart runs that one while this
 * hart is still on its stack). */
void finish_switch(void)
{
	struct cpu *c = mycpu();
	struct proc *prev = c->prev;

	if (prev) {
		c->prev = NULL;
		release(&prev->lock);
	}
}

/*
 * Gives up the hart: to the oldest process at home here, straight, as
 * Linux switches, when there is one to take at once; else to the
 * scheduler (which may idle, look again, or take from another hart).
 * Caller holds only p->lock and has changed p->state. intena belongs to
 * this kernel thread, not the hart.
 */
void sched(void)
{
	struct proc *p = myproc(), *next;
	struct cpu *c = mycpu();
	int me = cpuid();
	bool busy = false;

	if (!holding(&p->lock))
		panic("sched: p->lock not held");
	if (c->noff != 1)
		panic("sched: locks held");
	if (p->state == RUNNING)
		panic("sched: running");
	if (intr_get())
		panic("sched: interruptible");
	int intena = c->intena;
	if ((next = take(me, me, &busy))) {
		uint64_t waiting = others_waiting(me);
		if (waiting)
			kick_idle_hart_in(waiting);
		leave(c, p);
		enter(c, next);
		c->prev = p;
		swtch(&p->context, &next->context);
	} else {
		swtch(&p->context, &c->context);
	}
	mycpu()->intena = intena;
	finish_switch();
}

/* Gives up the hart; p stays runnable, at home (here, unless its
 * affinity moved it: then its home hart is told). */
void yield(void)
{
	struct proc *p = myproc();

	acquire(&p->lock);
	p->state = RUNNABLE;
	enqueue(p);
	if (p->home != cpuid() && hart_idle(p->home))
		owe_ipi(p->home);
	sched();
	release(&p->lock);
}

/*
 * sched_setaffinity's part: p may run only on the harts in mask (cpus[]
 * indexes; the caller has checked that it names a running hart). Its
 * home moves into the mask; if it is running on a hart now outside, that
 * hart is interrupted so that it gives p up at once (must_move).
 */
void set_affinity(struct proc *p, uint64_t mask)
{
	acquire(&p->lock);
	p->affinity = mask;
	if (!allowed(p, p->home)) {
		bool queued = p->state == RUNNABLE;
		if (queued)
			dequeue(p);
		for (p->home = 0; !allowed(p, p->home); p->home++)
			;
		if (queued)
			enqueue(p);
	}
	for (int i = 0; i < NCPU; i++)
		if (cpus[i].proc == p && !allowed(p, i) && i != cpuid())
			owe_ipi(i);
	if (p->state == RUNNABLE && hart_idle(p->home) && p->home != cpuid())
		owe_ipi(p->home);
	release(&p->lock);
}

/* Why a sleep that may end early should not start: its deadline has
 * passed (t), or a signal pending ends it (intr: signal_wakes, or
 * signal_fatal for a killable sleep; NULL: none does). Caller holds
 * p->lock, and p is SLEEPING: a timer that fires later sees that. */
static int sleep_cut(struct proc *p, const struct ktimer *t, bool (*intr)(struct proc *))
{
	__sync_synchronize();	/* p->state is seen before t->fired is read */
	if (t && *(volatile bool *)&t->fired)
		return -ETIMEDOUT;
	if (intr && intr(p))
		return -EINTR;
	return 0;
}

/* sleep(), but it does not sleep if sleep_cut says so, and returns that. */
static int sleep_until_cut(void *chan, struct spinlock *lk, const struct ktimer *t,
			   bool (*intr)(struct proc *))
{
	struct proc *p = myproc();
	struct chanq *q = chanq_of(chan);
	int cut;

	/* its group is stopping: it parks first, holding nothing, then the
	 * caller looks again at what it waits for, as after any wakeup */
	if (*(volatile bool *)&p->stop_req && !p->sleeplocks) {
		release(lk);
		jobctl_park(p);
		acquire(lk);
		return 0;
	}
	acquire(&q->lock);
	list_add_tail(&p->chanq, &q->sleepers);
	acquire(&p->lock);
	p->chan = chan;
	p->state = SLEEPING;
	if ((t || intr) && (cut = sleep_cut(p, t, intr)) != 0) {
		p->state = RUNNING;
		p->chan = NULL;
		list_del(&p->chanq);
		release(&p->lock);
		release(&q->lock);
		return cut;
	}
	release(&q->lock);
	release(lk);
	sched();
	p->chan = NULL;
	release(&p->lock);
	/* only p links its node: once seen unlinked, it stays so */
	if (first(&p->chanq) != &p->chanq) {
		acquire(&q->lock);
		list_del(&p->chanq);
		release(&q->lock);
	}
	acquire(lk);
	return 0;
}

/* Atomically release lk and sleep on chan; reacquire lk when woken.
 * p joins chan's sleepers and sets chan and state before lk is let go:
 * a waker holds lk, so it cannot miss p. A wakeup takes p off the list;
 * a signal that ends the sleep (signal.c) leaves that to p. */
void sleep(void *chan, struct spinlock *lk)
{
	sleep_until_cut(chan, lk, NULL, NULL);
}

/*
 * sleep(), ending with -EINTR when a signal the process would take is
 * pending (Linux's TASK_INTERRUPTIBLE); the caller returns -ERESTARTSYS.
 * It looks once p sleeps, where post() finds it: a look before sleep()
 * misses a signal that comes in between, and the sleep never ends.
 */
int sleep_intr(void *chan, struct spinlock *lk)
{
	return sleep_until_cut(chan, lk, NULL, signal_wakes);
}

/* sleep(), ending with -EINTR when a signal that ends the process is
 * pending (Linux's TASK_KILLABLE): others wait for the sleep to end. */
int sleep_killable(void *chan, struct spinlock *lk)
{
	return sleep_until_cut(chan, lk, NULL, signal_fatal);
}

/*
 * sleep(), ending at deadline (monotonic ns; 0: none) with -ETIMEDOUT,
 * or (if intr) with -EINTR when a signal the process would take is
 * pending; 0 when woken, which may be for another reason (the caller
 * looks again at what it waits for). Neither is missed between the
 * caller's last look and the sleep: both are checked once p sleeps.
 */
int sleep_timed(void *chan, struct spinlock *lk, uint64_t deadline, bool intr)
{
	struct ktimer t = { .deadline = deadline, .p = myproc(), .chan = chan };
	bool (*cut)(struct proc *) = intr ? signal_wakes : NULL;
	int err;

	if (!deadline)
		return sleep_until_cut(chan, lk, NULL, cut);
	if (monotonic_ns() >= deadline)
		return -ETIMEDOUT;
	ktimer_add(&t);
	err = sleep_until_cut(chan, lk, &t, cut);
	ktimer_del(&t);
	return err == 0 && t.fired ? -ETIMEDOUT : err;
}

/* p, among chan's sleepers, made runnable if it still sleeps there.
 * Caller holds chan's bucket lock. */
static void wake(struct proc *p, void *chan, bool sync)
{
	acquire(&p->lock);
	if (p->state == SLEEPING && p->chan == chan) {
		list_del(&p->chanq);
		make_runnable(p, sync);
	}
	release(&p->lock);
}

/*
 * Wakes every process sleeping on chan. The caller holds the lock the
 * sleepers slept under, and a sleeper joined chan's bucket before it let
 * go of that lock, so a glance at the bucket without its lock cannot
 * miss one: a wakeup with no sleeper (most of a pipe's) takes no lock.
 */
void wakeup(void *chan)
{
	struct chanq *q = chanq_of(chan);
	struct list *n, *next;

	if (first(&q->sleepers) == &q->sleepers)
		return;
	acquire(&q->lock);
	for (n = q->sleepers.next; n != &q->sleepers; n = next) {
		next = n->next;	/* wake() may unlink n */
		struct proc *p = list_entry(n, struct proc, chanq);
		if (p->chan == chan)
			wake(p, chan, false);
	}
	release(&q->lock);
}

/* Wakes p alone if it sleeps on chan: wakeup() when only p can be
 * sleeping there. Same rules as wakeup; sync as make_runnable's. */
void wakeup_proc(struct proc *p, void *chan, bool sync)
{
	struct chanq *q = chanq_of(chan);

	if (*(volatile enum procstate *)&p->state != SLEEPING ||
	    *(void *volatile *)&p->chan != chan)
		return;
	acquire(&q->lock);
	wake(p, chan, sync);
	release(&q->lock);
}

/* Hart i's counters (cpustat(2), ours). */
void cpu_stats(int i, struct cpustat *out)
{
	*out = cpus[i].stat;
	out->hartid = cpus[i].hartid;
	out->idle = hart_idle(i);
}
