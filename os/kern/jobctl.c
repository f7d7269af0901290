/*
 * Job control's process side, as Linux's kernel/signal.c (prepare_signal,
 * do_signal_stop) and kernel/exit.c (orphaned process groups) do it:
 * the stop signals (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) left to their
 * default action stop every thread of a group, SIGCONT resumes them, the
 * parent hears of both (SIGCHLD with CLD_STOPPED or CLD_CONTINUED,
 * unless SA_NOCLDSTOP, and wait's WUNTRACED and WCONTINUED), and a
 * process group that no parent in its session outside it can resume is
 * "orphaned": the terminal's stop signals are discarded there, and one
 * that becomes orphaned with a stopped member gets SIGHUP and SIGCONT.
 *
 * A stop is sent, not delivered: the sender marks every thread of the
 * group (stop_req, and SIGSTOP pending, which the return to user mode
 * glances at already: the real SIGSTOP is never left pending, so it
 * only marks) and wakes the sleeping ones; each parks at the next place
 * where it holds nothing, on its way back to user mode (signal_deliver)
 * or at the start of a sleep (sched.c), and the last to park tells the
 * parent. The mark does not cut a sleep short (signal_wakes). A thread woken from a sleep to park goes
 * back to that sleep once resumed: a nanosleep keeps its deadline, a
 * read or a futex wait goes on waiting, with no EINTR, which is what
 * Linux's restart of those calls gives. (Parking in a sleep only
 * happens while the thread holds no sleep lock; one that does parks
 * once it lets go.)
 *
 * The stop state is the group's, under its lock (struct tgroup:
 * stop_sig, nparked, report, cont_owed), and each thread's stop_req.
 */
#include "kern/kern.h"
#include "uapi/linux/signal-defs.h"
#include "uapi/linux/wait.h"

#define SIGBIT(sig) (1UL << ((sig) - 1))

/* Whether thread t takes sig now (does not block it). Caller holds
 * t's group's lock. */
static bool takes(struct proc *t, int sig)
{
	return !(*(volatile uint64_t *)&t->sigblocked & SIGBIT(sig));
}

/* Whether any thread of L's group (or t alone, if given) takes sig.
 * Caller holds the group's lock. */
static bool taken(struct proc *L, struct proc *t, int sig)
{
	struct tgroup *g = &L->group;

	if (t)
		return takes(t, sig);
	for (struct list *n = g->threads.next; n != &g->threads; n = n->next)
		if (takes(list_entry(n, struct proc, tlink), sig))
			return true;
	return false;
}

/* Every thread of the group is to park (a stopped group's thread
 * woken for a signal parks again). Caller holds the group's lock. */
static void stop_threads(struct tgroup *g, int sig)
{
	g->stop_sig = sig;
	g->nparked = 0;
	for (struct list *n = g->threads.next; n != &g->threads; n = n->next) {
		struct proc *t = list_entry(n, struct proc, tlink);
		acquire(&t->lock);
		t->stop_req = true;
		t->sigpending |= SIGBIT(SIGSTOP);
		if (t->state == SLEEPING)
			make_runnable(t, false);	/* it parks before it sleeps again */
		release(&t->lock);
	}
}

/* The group runs again: its parked threads are woken. Caller holds
 * the group's lock. */
static void resume_threads(struct tgroup *g)
{
	g->stop_sig = 0;
	for (struct list *n = g->threads.next; n != &g->threads; n = n->next) {
		struct proc *t = list_entry(n, struct proc, tlink);
		acquire(&t->lock);
		t->stop_req = false;
		t->sigpending &= ~SIGBIT(SIGSTOP);
		if (t->state == SLEEPING && t->chan == &g->stop_sig)
			make_runnable(t, false);
		release(&t->lock);
	}
}

/* Whether every live thread of the group has parked. Caller holds its
 * lock. */
static bool all_parked(struct tgroup *g)
{
	return g->stop_sig && g->nparked >= g->nlive;
}

/*
 * What a stop signal or SIGCONT does as it is sent to L's group (to
 * thread t alone if t is not NULL), before it is posted (Linux's
 * prepare_signal): SIGCONT, whatever its disposition, resumes a
 * stopping or stopped group and discards its pending stop signals; a
 * stop signal discards a pending SIGCONT and, if its action is the
 * default and a thread takes it, stops the group at once. True if the
 * signal is used up (the stop is under way); false: post it (SIGCONT,
 * or a stop signal that is handled, ignored or blocked).
 * Takes only the group's and its threads' locks: the console's
 * interrupt and a walk over a process group call it.
 */
bool jobctl_send(struct proc *L, int sig, struct proc *t)
{
	struct tgroup *g = &L->group;

	if (sig == SIGCONT) {
		signal_discard(L, STOP_SIGNALS);
		acquire(&g->lock);
		if (g->stop_sig) {
			if (all_parked(g)) {
				g->report = CLD_CONTINUED;	/* a stop not yet reported is not */
				g->cont_owed = true;
			}
			resume_threads(g);
		}
		release(&g->lock);
		return false;
	}
	signal_discard(L, SIGBIT(SIGCONT));
	if (L->sigact[sig].handler != SIG_DFL)
		return false;
	acquire(&g->lock);
	bool stop = taken(L, t, sig);
	if (stop && !g->stop_sig && !g->exiting && !g->execer)
		stop_threads(g, sig);
	release(&g->lock);
	return stop;
}

/* The parent of L's group hears of a stop or a continue: SIGCHLD with
 * CLD_STOPPED or CLD_CONTINUED (unless its handler asked for none,
 * SA_NOCLDSTOP), and its wait wakes. Caller holds no lock. */
static void tell_parent(struct proc *L, int code, int status)
{
	acquire(&wait_lock);
	struct proc *parent = L->parent;
	if (parent && !(parent->sigact[SIGCHLD].flags & SA_NOCLDSTOP))
		signal_post_child(parent, L->pid, code, status);
	if (parent)
		wakeup(parent);	/* wait4 sleeps on the parent's leader */
	release(&wait_lock);
}

/* A stop of a group in an orphaned process group by one of the
 * terminal's signals is called off (Linux discards them as they are
 * delivered: is_current_pgrp_orphaned). Caller holds no lock. */
static void cancel_if_orphaned(struct proc *L)
{
	struct tgroup *g = &L->group;
	int sig = *(volatile int *)&g->stop_sig;

	if (!sig || sig == SIGSTOP || !pgrp_is_orphaned(L->pgid))
		return;
	acquire(&g->lock);
	if (g->stop_sig == sig && !all_parked(g))
		resume_threads(g);
	release(&g->lock);
}

/* Counts p parked for its group's stop; true if it is the last. Caller
 * holds the group's lock. */
static bool count_parked(struct proc *p, struct tgroup *g)
{
	if (!p->stop_req)
		return false;
	p->stop_req = false;
	acquire(&p->lock);
	p->sigpending &= ~SIGBIT(SIGSTOP);	/* the mark */
	release(&p->lock);
	g->nparked++;
	if (!all_parked(g))
		return false;
	g->report = CLD_STOPPED;
	g->report_sig = g->stop_sig;
	return true;
}

/* Whether p, parked, is to leave: its group runs again, ends (a fatal
 * signal, exit_group, exec), or SIGKILL came. Caller holds the group's
 * lock and p->lock. */
static bool unparked(struct proc *p, struct tgroup *g)
{
	return !g->stop_sig || g->exiting || g->execer || (p->sigpending & SIGBIT(SIGKILL));
}

/*
 * The calling thread p, asked to (stop_req), parks until its group is
 * resumed or killed: SLEEPING, on no wait channel's list (the group's
 * stop_sig names it, for /proc's T and for resume_threads). The last
 * thread to park tells the parent; the first to run again after a
 * SIGCONT tells it of that. Caller holds no lock.
 */
void jobctl_park(struct proc *p)
{
	struct proc *L = p->leader;
	struct tgroup *g = &L->group;

	cancel_if_orphaned(L);
	acquire(&g->lock);
	for (;;) {
		/* counted once per stop, the last of the group tells; a stop
		 * that comes again before p has left counts p again */
		if (count_parked(p, g)) {
			int sig = g->report_sig;
			release(&g->lock);
			tell_parent(L, CLD_STOPPED, sig);
			acquire(&g->lock);
			continue;
		}
		acquire(&p->lock);
		if (unparked(p, g)) {
			release(&p->lock);
			break;
		}
		p->chan = &g->stop_sig;
		p->state = SLEEPING;
		release(&g->lock);
		sched();
		p->chan = NULL;
		release(&p->lock);
		acquire(&g->lock);
	}
	bool cont = g->cont_owed;
	g->cont_owed = false;
	release(&g->lock);
	if (cont)
		tell_parent(L, CLD_CONTINUED, SIGCONT);
}

/* p, a thread of L's group, leaves it (exit_thread): it parks no more,
 * and a stop that waited only for it is complete. Caller holds the
 * group's lock, and has taken p off its threads; true if the parent is
 * to be told (jobctl_stopped_by_exit, once the lock is let go). */
bool jobctl_leave(struct proc *p, struct tgroup *g)
{
	bool due = p->stop_req;	/* not parked yet: the others may wait for it */

	p->stop_req = false;
	if (!due || !g->nlive || !all_parked(g))
		return false;
	g->report = CLD_STOPPED;
	g->report_sig = g->stop_sig;
	return true;
}

/* The parent of L's group hears of the stop that p's exit completed. */
void jobctl_stopped_by_exit(struct proc *L)
{
	tell_parent(L, CLD_STOPPED, L->group.report_sig);
}

/* A new thread of a stopping group parks too (thread_clone, before np
 * is runnable). Caller holds the group's lock. */
void jobctl_clone(struct proc *np, struct tgroup *g)
{
	np->stop_req = g->stop_sig != 0;
	if (np->stop_req)
		np->sigpending |= SIGBIT(SIGSTOP);
}

/* What wait reports of L: CLD_STOPPED (with *sig) or CLD_CONTINUED if
 * one is due and options ask for it (WUNTRACED, WCONTINUED), taken
 * unless WNOWAIT; 0 if none. Caller holds wait_lock. */
int jobctl_report(struct proc *L, int options, int *sig)
{
	struct tgroup *g = &L->group;
	int r = 0;

	acquire(&g->lock);
	if ((g->report == CLD_STOPPED && (options & WUNTRACED) && all_parked(g)) ||
	    (g->report == CLD_CONTINUED && (options & WCONTINUED))) {
		r = g->report;
		*sig = r == CLD_STOPPED ? g->report_sig : SIGCONT;
		if (!(options & WNOWAIT))
			g->report = 0;
	}
	release(&g->lock);
	return r;
}

/* Whether thread p is parked by its group's stop (/proc's state T); a
 * glance, as /proc's other fields are. */
bool jobctl_parked(struct proc *p)
{
	struct proc *L = *(struct proc *volatile *)&p->leader;

	return *(volatile enum procstate *)&p->state == SLEEPING && L &&
	       *(void *volatile *)&p->chan == &L->group.stop_sig;
}

/* Orphaned process groups */

/* What pgrp_walk looks for in one process group. */
struct orphan_walk {
	int pgid;
	struct proc *gone;	/* exiting: neither a member nor a parent any more */
	bool linked;		/* a member's parent outside the group, in its session */
	bool stopped;		/* a member is stopped */
};

/* proc_walk's step over the group leaders of a->pgid (Linux's
 * will_become_orphaned_pgrp and has_stopped_jobs): a member that is
 * not gone, with a parent that is neither init nor gone, links the
 * group to its session if that parent is in another group of it. */
static int orphan_step(struct proc *p, void *arg)
{
	struct orphan_walk *a = arg;
	struct proc *parent = p->parent;

	if (p->leader != p || p->pgid != a->pgid || p == a->gone || p->group.dead ||
	    p->group.exiting || p->state == UNUSED)
		return 0;
	if (all_parked(&p->group))
		a->stopped = true;
	if (parent && parent != a->gone && parent->pid != 1 && parent->pgid != a->pgid &&
	    parent->sid == p->sid)
		a->linked = true;
	return 0;
}

static struct orphan_walk orphan_look(int pgid, struct proc *gone)
{
	struct orphan_walk a = { .pgid = pgid, .gone = gone };

	proc_walk(orphan_step, &a);
	return a;
}

/* Whether process group pgid is orphaned: no member has a parent in
 * another group of its session, which could resume it (POSIX's
 * definition; Linux's is_current_pgrp_orphaned). For the terminal: its
 * SIGTTIN and SIGTTOU are not sent to an orphaned group (EIO instead).
 * Caller holds no lock. */
bool pgrp_is_orphaned(int pgid)
{
	acquire(&wait_lock);
	bool orphaned = !orphan_look(pgid, NULL).linked;
	release(&wait_lock);
	return orphaned;
}

/* pgid, in the session of a process that links it to it, becomes
 * orphaned as L exits: if a member is stopped, no one is left to resume
 * it, so the group gets SIGHUP and SIGCONT (Linux's kill_orphaned_pgrp). */
static void hangup_if_orphaned(int pgid, struct proc *L)
{
	struct orphan_walk a = orphan_look(pgid, L);

	if (!a.linked && a.stopped) {
		kill_pgrp(pgid, SIGHUP);
		kill_pgrp(pgid, SIGCONT);
	}
}

/* jobctl_orphan_exit's walks, apart: the exit of a process whose
 * group and children share its parent's group (most) pays only for
 * the test. */
static __attribute__((noinline)) void orphan_exit_walks(struct proc *L, bool own)
{
	if (own)
		hangup_if_orphaned(L->pgid, L);
	for (struct list *n = L->children.next; n != &L->children; n = n->next) {
		struct proc *c = list_entry(n, struct proc, sibling);
		if (c->pgid != L->pgid && c->sid == L->sid)
			hangup_if_orphaned(c->pgid, L);
	}
}

/* L's group exits (before its children go to init): its own process
 * group, if its parent links it to the session, and each child's may
 * lose their last link. Caller holds wait_lock. */
void jobctl_orphan_exit(struct proc *L)
{
	struct proc *parent = L->parent;
	bool own = parent && parent->pgid != L->pgid && parent->sid == L->sid;

	if (own || !list_empty(&L->children))
		orphan_exit_walks(L, own);
}
