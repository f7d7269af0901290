/*
 * Nice values: getpriority, setpriority (PRIO_PROCESS, PRIO_PGRP,
 * PRIO_USER) and sched_rr_get_interval. Each thread has its own nice
 * value (-20..19), inherited by fork and clone, as Linux's; the
 * scheduler here has no priorities (its run queues are first come,
 * first served, README "Harts"), so a nice value is kept and reported
 * (getpriority, /proc/PID/stat) but does not weigh a process's share.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "kern/syscall.h"
#include "uapi/linux/resource.h"
#include "uapi/linux/time.h"

/* The question a get- or setpriority asks of every thread it visits. */
struct prio_walk {
	int which, who;
	bool set;
	int nice;		/* set: the new value; get: the highest found */
	int found;
};

/* Is p, a live thread, one that which and who name? PRIO_USER: every
 * process is root's (uid 0), so who 0 (the caller's uid) names them all. */
static bool named(struct proc *p, const struct prio_walk *w)
{
	struct proc *me = myproc();

	if (p->state == UNUSED || p->state == ZOMBIE)
		return false;
	if (w->which == PRIO_PROCESS)
		return p->pid == (w->who ? w->who : me->pid);
	if (w->which == PRIO_PGRP)
		return p->leader->pgid == (w->who ? w->who : me->leader->pgid);
	return w->who == 0;
}

/* proc_walk's step: the walk lists every thread (pid.c). */
static int visit(struct proc *p, void *arg)
{
	struct prio_walk *w = arg;

	acquire(&p->lock);
	if (named(p, w)) {
		if (w->set)
			p->nice = w->nice;
		else if (!w->found || p->nice < w->nice)
			w->nice = p->nice;
		w->found++;
	}
	release(&p->lock);
	return 0;
}

static int check_which(int which)
{
	return which == PRIO_PROCESS || which == PRIO_PGRP || which == PRIO_USER ? 0 : -EINVAL;
}

/* getpriority(which, who): the system call's 20 - nice of the highest
 * priority (lowest nice) among those named, 1..40, so that no answer is
 * negative; the C library turns it back into a nice value. */
uint64_t sys_getpriority(void)
{
	struct prio_walk w = { .which = argraw(0), .who = argraw(1) };
	int err = check_which(w.which);

	if (err)
		return err;
	proc_walk(visit, &w);
	return w.found ? 20 - w.nice : -ESRCH;
}

/* setpriority(which, who, nice): nice clamped to -20..19, as Linux
 * does; every process here is root's, so lowering it is allowed. */
uint64_t sys_setpriority(void)
{
	struct prio_walk w = { .which = argraw(0), .who = argraw(1), .set = true };
	int nice = argraw(2), err = check_which(w.which);

	if (err)
		return err;
	w.nice = nice < PRIO_MIN ? PRIO_MIN : nice >= PRIO_MAX ? PRIO_MAX - 1 : nice;
	proc_walk(visit, &w);
	return w.found ? 0 : -ESRCH;
}

/* sched_rr_get_interval(pid, tp): the time slice, one clock tick (the
 * scheduler preempts at each), for every process here. */
uint64_t sys_sched_rr_get_interval(void)
{
	int pid = argraw(0);
	struct timespec ts = { 0, 1000000000 / HZ };

	if (pid < 0)
		return -EINVAL;
	if (pid != 0 && !pid_alive(pid))
		return -ESRCH;
	return copyout(myproc()->pagetable, argraw(1), &ts, sizeof(ts)) < 0 ? -EFAULT : 0;
}
