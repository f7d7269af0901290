/*
 * Signals, so far: kill(2) with the default actions (terminate, or
 * ignore for SIGCHLD/SIGCONT/SIGWINCH) and SIG_IGN; faults kill the
 * process with SIGSEGV, SIGILL, SIGBUS or SIGTRAP. Handlers come with
 * the Linux-ABI work.
 */
#include "defs.h"

static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGWINCH;
}

/* Would this pending signal end the process when delivered? */
static bool fatal(struct proc *p, int sig)
{
	if (sig == SIGKILL)
		return true;
	if (p->sighandler[sig] == SIG_IGN)
		return false;
	return !ignored_by_default(sig);
}

static void post(struct proc *p, int sig)
{
	p->sigpending |= 1UL << sig;
	if (p->state == SLEEPING && fatal(p, sig))
		p->state = RUNNABLE;	/* interruptible sleeps recheck */
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
	if (found && sig)
		kick_idle_hart();
	return found ? 0 : -ESRCH;
}

int kill(int pid, int sig) { return post_matching(pid, false, sig); }
int kill_pgrp(int pgid, int sig) { return post_matching(pgid, true, sig); }

/* True if a pending signal will end p: sleeps that can wait forever
 * (console input, wait4) give up when this turns true. */
bool proc_killed(struct proc *p)
{
	acquire(&p->lock);
	bool k = false;
	for (int sig = 1; sig < NSIG && !k; sig++)
		if ((p->sigpending >> sig) & 1)
			k = fatal(p, sig);
	release(&p->lock);
	return k;
}

/* On the way back to user space: act on pending signals. */
void signal_deliver(void)
{
	struct proc *p = myproc();
	int die = 0;

	acquire(&p->lock);
	for (int sig = 1; sig < NSIG && p->sigpending; sig++) {
		if (!((p->sigpending >> sig) & 1))
			continue;
		p->sigpending &= ~(1UL << sig);
		if (fatal(p, sig)) {
			die = sig;
			break;
		}
	}
	release(&p->lock);
	if (die) {
		klog("pid %d (%s): killed by signal %d", p->pid, p->name, die);
		exit_proc(die);
	}
}

/* A fault cannot be ignored: the process dies of it at once. */
void signal_fault(int sig)
{
	struct proc *p = myproc();

	klog("pid %d (%s): killed by signal %d", p->pid, p->name, sig);
	exit_proc(sig);
}
