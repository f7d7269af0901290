/*
 * POSIX timers (timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete) and the CPU-time interval timers
 * (setitimer's ITIMER_VIRTUAL and ITIMER_PROF; ITIMER_REAL is
 * systime.c's).
 *
 * A group's timers are in a table of its own (struct ptimers, a page
 * made at its first timer), each timer a slot of a slab, its id its
 * index. A timer on a wall or monotonic clock is a struct ktimer of
 * timer.c, whose interrupt calls expire(); one on a CPU-time clock is
 * counted down by the clock tick that finds a thread of its process
 * running (ptimers_tick: Linux's tick samples the CPU timers too), so it
 * fires within a tick of its time. Each timer's signal is an entry of
 * its own (sigqueue.c), queued at most once: an expiry while it is
 * still pending counts an overrun, which the delivered siginfo and
 * timer_getoverrun report, as Linux's do.
 *
 * Locks: the table's (LOCK_PTIMERS) guards its slots and the CPU-time
 * timers; a slot is also written only under the group's lock, so the
 * exit of a thread can walk them under that alone. A clock timer's
 * fields are its expiry's, which runs under timer.c's lock: settime
 * first takes the timer out of that list (ktimer_del waits out an
 * expiry under way). The signal entries are under the group's lock.
 *
 * Timers die with their process, and at exec (the itimers live on, as
 * Linux's). A timer's clock is one of its own process's (a CPU-time
 * clock of another process is EINVAL here, where Linux allows it).
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "kern/syscall.h"
#include "uapi/linux/time.h"
#include "uapi/linux/signal-defs.h"

#define NSEC 1000000000ULL
#define TICK_NS (NSEC / HZ)
/* a periodic timer fires at most this often: a tiny interval counts
 * overruns rather than taking the hart with interrupts */
#define MIN_PERIOD_NS 100000

struct ptimer {
	struct ktimer kt;	/* a clock timer's place in timer.c's list */
	struct sigq q;		/* its signal, with its id, value and overruns */
	struct proc *L;		/* its group's leader */
	struct proc *target;	/* SIGEV_THREAD_ID's thread; NULL: the group */
	int id;
	int clock;
	int notify;		/* SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID */
	bool armed;
	uint64_t interval;	/* ns; 0: once */
	/* CPU-time timers: */
	bool cpu;
	bool cpu_thread;	/* counts one thread's time (cpu_owner's) */
	int cpu_which;		/* CPUCLOCK_* */
	struct proc *cpu_owner;
	int64_t left;		/* ns of its clock before it fires */
	struct list cpulink;	/* in the table's cpu_armed while armed */
	/* overruns: of the pending signal, and of the last delivered */
	int overrun, overrun_last;
};

#define PTIMERS_MAX 256		/* a process's timers, at once (EAGAIN past) */
struct ptimers {
	struct spinlock lock;
	struct list cpu_armed;	/* armed CPU-time timers and itimers */
	int ncpu;		/* how many: the tick glances at it */
	struct ptimer itimer[2];	/* ITIMER_VIRTUAL, ITIMER_PROF (cpu_which VIRT, PROF) */
	struct ptimer *slot[PTIMERS_MAX];
};
_Static_assert(sizeof(struct ptimers) <= PGSIZE, "a table fits a page");

static struct slab_cache ptimer_cache = SLAB_CACHE("ptimer", sizeof(struct ptimer));

/* L's table, made if it has none yet; NULL if memory is out. */
static struct ptimers *table_of(struct proc *L)
{
	struct tgroup *g = &L->group;
	struct ptimers *T = __atomic_load_n(&g->timers, __ATOMIC_ACQUIRE);

	if (T)
		return T;
	if (!(T = kzalloc()))
		return NULL;
	initlock(&T->lock, "ptimers", LOCK_PTIMERS);
	list_init(&T->cpu_armed);
	for (int i = 0; i < 2; i++) {
		list_init(&T->itimer[i].cpulink);
		T->itimer[i].cpu = true;
		T->itimer[i].cpu_which = i == 0 ? CPUCLOCK_VIRT : CPUCLOCK_PROF;
	}
	acquire(&g->lock);
	if (!g->timers)
		__atomic_store_n(&g->timers, T, __ATOMIC_RELEASE);
	struct ptimers *won = g->timers;
	release(&g->lock);
	if (won != T)
		kfree(T);
	return won;
}

/* Sends t's signal, or counts an overrun if it is pending still. Caller
 * holds the group's lock. */
static void signal_expiry(struct ptimer *t)
{
	if (t->notify == SIGEV_NONE)
		return;
	if (sigq_queued(&t->q))
		t->overrun++;
	else
		signal_queue(t->L, t->target, &t->q);
}

/* A clock timer's expiry, from timer.c's interrupt under its lock: the
 * signal, and a periodic one armed again past now (the periods it
 * missed are overruns). */
static void expire(struct ktimer *kt, uint64_t now)
{
	struct ptimer *t = list_entry(kt, struct ptimer, kt);
	struct tgroup *g = &t->L->group;

	acquire(&g->lock);
	signal_expiry(t);
	if (t->interval) {
		uint64_t missed = (now - kt->deadline) / t->interval;
		kt->deadline += (missed + 1) * t->interval;
		if (kt->deadline < now + MIN_PERIOD_NS) {
			missed += (now + MIN_PERIOD_NS - kt->deadline) / t->interval + 1;
			kt->deadline = now + MIN_PERIOD_NS;
		}
		if (sigq_queued(&t->q))
			t->overrun += missed;
	}
	release(&g->lock);
	if (t->interval)
		ktimer_rearm(kt);
	else
		t->armed = false;
}

/* A CPU-time timer or itimer ran out: its signal (SIGVTALRM or SIGPROF
 * for an itimer, from the kernel), then its next period or disarmed.
 * p is the thread the tick found running. Caller holds T->lock. */
static void cpu_expire(struct ptimers *T, struct ptimer *t, struct proc *p)
{
	if (t == &T->itimer[0] || t == &T->itimer[1]) {
		signal_post(p, t == &T->itimer[0] ? SIGVTALRM : SIGPROF);
	} else {
		acquire(&t->L->group.lock);
		signal_expiry(t);
		release(&t->L->group.lock);
	}
	if (!t->interval) {
		t->armed = false;
		list_del(&t->cpulink);
		T->ncpu--;
		return;
	}
	uint64_t missed = (uint64_t)-t->left / t->interval;
	t->left += (missed + 1) * t->interval;
	if (t->notify != SIGEV_NONE && sigq_queued(&t->q))
		t->overrun += missed;
}

/*
 * The clock tick found p running (in user mode if user): its process's
 * CPU-time timers that count that time, and p's own thread clocks',
 * lose a tick. From the timer interrupt.
 */
void ptimers_tick(struct proc *p, bool user)
{
	struct ptimers *T = __atomic_load_n(&p->leader->group.timers, __ATOMIC_ACQUIRE);

	if (!T || !__atomic_load_n(&T->ncpu, __ATOMIC_RELAXED))
		return;
	acquire(&T->lock);
	struct list *n = T->cpu_armed.next;
	while (n != &T->cpu_armed) {
		struct ptimer *t = list_entry(n, struct ptimer, cpulink);
		n = n->next;	/* cpu_expire may take t off the list */
		if ((t->cpu_thread && t->cpu_owner != p) || (t->cpu_which == CPUCLOCK_VIRT && !user))
			continue;
		t->left -= TICK_NS;
		if (t->left <= 0)
			cpu_expire(T, t, p);
	}
	release(&T->lock);
}

/* Disarms t. Caller holds T->lock (a clock timer's expiry may be under
 * way until ktimer_del returns, which takes timer.c's lock after it). */
static void disarm(struct ptimers *T, struct ptimer *t)
{
	if (!t->armed)
		return;
	t->armed = false;
	if (t->cpu) {
		list_del(&t->cpulink);
		T->ncpu--;
	} else {
		ktimer_del(&t->kt);
	}
}

/* Arms t to fire after value ns of its clock, then every interval ns.
 * Caller holds T->lock. */
static void arm(struct ptimers *T, struct ptimer *t, uint64_t value, uint64_t interval)
{
	t->interval = value ? interval : 0;	/* a disarmed one keeps none, as Linux's */
	t->overrun = 0;
	if (!value)
		return;
	t->armed = true;
	if (t->cpu) {
		t->left = value > INT64_MAX ? INT64_MAX : (int64_t)value;
		list_add_tail(&t->cpulink, &T->cpu_armed);
		T->ncpu++;
	} else {
		uint64_t now = monotonic_ns();
		t->kt.deadline = value > UINT64_MAX - now ? UINT64_MAX : now + value;
		ktimer_add(&t->kt);
	}
}

/* The time left before t fires, ns; 0 if disarmed. */
static uint64_t time_left(struct ptimer *t)
{
	if (!t->armed)
		return 0;
	if (t->cpu)
		return t->left > 0 ? t->left : 1;
	uint64_t now = monotonic_ns(), at = t->kt.deadline;
	return at > now ? at - now : 1;	/* due: fires at once */
}

/* t's clock now, in ns, for an absolute setting: monotonic clocks as
 * they are; the wall clocks by their distance from the monotonic one. */
static uint64_t clock_now(struct ptimer *t)
{
	if (t->cpu)	/* a thread's that has exited stands still */
		return t->cpu_owner ? cpuclock_time(t->cpu_owner, t->cpu_thread, t->cpu_which) : 0;
	if (t->clock == CLOCK_REALTIME || t->clock == CLOCK_TAI)
		return realtime_ns();
	return monotonic_ns();
}

/* ---- the system calls ---- */

static void destroy(struct ptimers *T, struct ptimer *t);

/* Linux's struct sigevent as far as the kernel reads it. */
struct ksigevent {
	uint64_t value;
	int32_t signo, notify, tid;
	int32_t pad;
};

/* What timer_create's sigevent asks for, checked as Linux's
 * good_sigevent checks it; the thread of SIGEV_THREAD_ID held. */
static int read_sigevent(uint64_t addr, struct ksigevent *ev, struct proc **target)
{
	struct proc *me = myproc();

	*target = NULL;
	if (copyin(me->pagetable, ev, addr, sizeof(*ev)) < 0)
		return -EFAULT;
	switch (ev->notify) {
	case SIGEV_THREAD_ID:
		if (!(*target = proc_get(ev->tid)) || (*target)->tgid != me->tgid)
			return -EINVAL;
		/* fallthrough */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		if (ev->signo <= 0 || ev->signo >= NSIG)
			return -EINVAL;
		/* fallthrough */
	case SIGEV_NONE:
		return 0;
	}
	return -EINVAL;
}

/* A new timer on clock clk; its CPU-time clock's owner held (until
 * install) if it has one. */
static int timer_clock(struct ptimer *t, int clk)
{
	if (cpuclock_is(clk)) {
		struct proc *o = cpuclock_owner(clk, &t->cpu_thread);
		if (!o)
			return -EINVAL;
		t->cpu_owner = o;
		if (o->leader != myproc()->leader)
			return -EINVAL;
		t->cpu = true;
		t->cpu_which = clk < 0 ? clk & 3 : CPUCLOCK_SCHED;
		return 0;
	}
	if (clk == CLOCK_REALTIME || clk == CLOCK_MONOTONIC || clk == CLOCK_BOOTTIME || clk == CLOCK_TAI)
		return 0;
	/* Linux has no timers on the raw and coarse clocks */
	if (clk == CLOCK_MONOTONIC_RAW || clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE)
		return -EOPNOTSUPP;
	return -EINVAL;
}

/* Puts t in a free slot of T: its id, or -EAGAIN if there is none. The
 * thread it signals must still be in the group (its exit clears the
 * timers that name it, under the group's lock). */
static int install(struct ptimers *T, struct ptimer *t)
{
	struct tgroup *g = &t->L->group;
	int id = -EAGAIN;

	acquire(&T->lock);
	acquire(&g->lock);
	bool gone = (t->target && list_empty(&t->target->tlink)) ||
		    (t->cpu_thread && list_empty(&t->cpu_owner->tlink));
	for (int i = 0; i < PTIMERS_MAX && id < 0 && !gone; i++)
		if (!T->slot[i])
			id = i;
	if (id >= 0) {
		t->id = t->q.d.pid = id;
		T->slot[id] = t;
	}
	release(&g->lock);
	release(&T->lock);
	return gone ? -EINVAL : id;
}

/* Fills in timer t of L's group as ev asks and installs it: its id,
 * or -EAGAIN. With no sigevent (ev's defaults), its signal is SIGALRM
 * with the timer's id as its value, as Linux's. */
static int create(struct ptimers *T, struct ptimer *t, struct proc *L, struct proc *target,
		  const struct ksigevent *ev)
{
	list_init(&t->q.link);
	list_init(&t->cpulink);
	t->q.timer = t;
	t->q.sig = ev->signo;
	t->q.d.code = SI_TIMER;
	t->L = L;
	t->target = ev->notify == SIGEV_THREAD_ID ? target : NULL;
	t->clock = argraw(0);
	t->notify = ev->notify == SIGEV_THREAD ? SIGEV_SIGNAL : ev->notify;
	t->kt.fn = expire;
	t->q.d.value = ev->value;
	int id = install(T, t);
	if (id >= 0 && !argraw(1))
		t->q.d.value = id;
	return id;
}

/* timer_create(clock, sigevent, id) */
uint64_t sys_timer_create(void)
{
	struct proc *me = myproc(), *L = me->leader, *target = NULL;
	struct ksigevent ev = { .signo = SIGALRM, .notify = SIGEV_SIGNAL };
	struct ptimers *T = table_of(L);
	struct ptimer *t;
	int err = 0;

	if (!T || !(t = slab_alloc(&ptimer_cache)))
		return -EAGAIN;
	if (argraw(1))
		err = read_sigevent(argraw(1), &ev, &target);
	if (!err)
		err = timer_clock(t, argraw(0));
	if (!err)
		err = create(T, t, L, target, &ev);
	/* held until installed: a timer's hold then is its place in the
	 * group, which the thread's exit clears (ptimers_thread_gone) */
	if (target)
		proc_put(target);
	if (t->cpu_owner)
		proc_put(t->cpu_owner);
	if (err < 0) {
		slab_free(&ptimer_cache, t);
		return err;
	}
	int id = err;
	if (copyout(me->pagetable, argraw(2), &id, sizeof(id)) == 0)
		return 0;
	acquire(&T->lock);
	destroy(T, t);
	return -EFAULT;
}

/* The caller's timer id, with its table's lock held; NULL if none. */
static struct ptimer *lookup(uint64_t id, struct ptimers **T)
{
	*T = __atomic_load_n(&myproc()->leader->group.timers, __ATOMIC_ACQUIRE);
	if (!*T || id >= PTIMERS_MAX)
		return NULL;
	acquire(&(*T)->lock);
	if (!(*T)->slot[id]) {
		release(&(*T)->lock);
		return NULL;
	}
	return (*T)->slot[id];
}

static struct itimerspec setting(struct ptimer *t)
{
	return (struct itimerspec){ ns_timespec(t->interval), ns_timespec(time_left(t)) };
}

/* timer_settime(id, flags, new, old) */
uint64_t sys_timer_settime(void)
{
	uint64_t value, interval;
	struct ptimers *T;
	int err = read_itimerspec(argraw(2), &interval, &value);

	if (err)
		return err;
	struct ptimer *t = lookup(argraw(0), &T);
	if (!t)
		return -EINVAL;
	struct itimerspec old = setting(t);
	disarm(T, t);
	if (value && (argraw(1) & TIMER_ABSTIME)) {
		uint64_t now = clock_now(t);
		value = value > now ? value - now : 1;	/* past: at once */
	}
	arm(T, t, value, interval);
	release(&T->lock);
	if (argraw(3) && copyout(myproc()->pagetable, argraw(3), &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

/* timer_gettime(id, cur) */
uint64_t sys_timer_gettime(void)
{
	struct ptimers *T;
	struct ptimer *t = lookup(argraw(0), &T);

	if (!t)
		return -EINVAL;
	struct itimerspec cur = setting(t);
	release(&T->lock);
	return copyout(myproc()->pagetable, argraw(1), &cur, sizeof(cur)) < 0 ? -EFAULT : 0;
}

/* timer_getoverrun(id): the overruns of its last delivered signal. */
uint64_t sys_timer_getoverrun(void)
{
	struct ptimers *T;
	struct ptimer *t = lookup(argraw(0), &T);

	if (!t)
		return -EINVAL;
	int n = t->overrun_last;
	release(&T->lock);
	return n;
}

/* A delivered timer signal tells its overruns (under the group's lock). */
void ptimer_dequeued(struct ptimer *t, struct sigdata *d)
{
	d->uid = t->overrun_last = t->overrun;
	t->overrun = 0;
}

/* Takes t out of slot id of T and frees it, its pending signal gone
 * with it. Caller holds T->lock, let go here. */
static void destroy(struct ptimers *T, struct ptimer *t)
{
	struct tgroup *g = &t->L->group;

	disarm(T, t);
	acquire(&g->lock);
	T->slot[t->id] = NULL;
	if (sigq_queued(&t->q))
		sigq_cancel(g, &t->q);
	release(&g->lock);
	release(&T->lock);
	slab_free(&ptimer_cache, t);
}

/* timer_delete(id) */
uint64_t sys_timer_delete(void)
{
	struct ptimers *T;
	struct ptimer *t = lookup(argraw(0), &T);

	if (!t)
		return -EINVAL;
	destroy(T, t);
	return 0;
}

/* Deletes every POSIX timer of L's group (exec, and the group's end). */
void ptimers_exec(struct proc *L)
{
	struct ptimers *T = L->group.timers;

	for (int i = 0; T && i < PTIMERS_MAX; i++) {
		acquire(&T->lock);
		if (T->slot[i])
			destroy(T, T->slot[i]);
		else
			release(&T->lock);
	}
}

/* The group's end (its last thread): its timers and table go. */
void ptimers_exit(struct proc *L)
{
	struct ptimers *T = L->group.timers;

	if (!T)
		return;
	ptimers_exec(L);
	acquire(&T->lock);
	disarm(T, &T->itimer[0]);
	disarm(T, &T->itimer[1]);
	release(&T->lock);
	acquire(&L->group.lock);
	L->group.timers = NULL;
	release(&L->group.lock);
	kfree(T);
}

/* Thread p of L's group leaves it: the timers that signal it alone
 * signal no one now (Linux's), and those on its CPU clock stop. Caller
 * holds the group's lock (a slot changes under it too). */
void ptimers_thread_gone(struct proc *L, struct proc *p)
{
	struct ptimers *T = L->group.timers;

	for (int i = 0; T && i < PTIMERS_MAX; i++) {
		struct ptimer *t = T->slot[i];
		if (t && t->target == p)
			t->notify = SIGEV_NONE;
		if (t && t->cpu_thread && t->cpu_owner == p)
			t->cpu_owner = NULL;	/* never matches a running thread */
	}
}

/* ---- setitimer's CPU-time timers ---- */

/* The itimer which (ITIMER_VIRTUAL or ITIMER_PROF) of the caller's
 * process: its old setting to *old (in ns), and, if set, the new one. */
int itimer_cpu(int which, const uint64_t *value, const uint64_t *interval, uint64_t old[2])
{
	struct ptimers *T = table_of(myproc()->leader);

	if (!T)
		return -ENOMEM;
	struct ptimer *t = &T->itimer[which == ITIMER_VIRTUAL ? 0 : 1];
	acquire(&T->lock);
	old[0] = time_left(t);
	old[1] = t->interval;
	if (value) {
		disarm(T, t);
		arm(T, t, *value, *interval);
	}
	release(&T->lock);
	return 0;
}
