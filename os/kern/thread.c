/*
 * Threads: clone with CLONE_THREAD, thread groups, and exec's de-thread.
 *
 * Each thread is a struct proc of its own (a pid, the thread's id, a
 * kernel stack, a trapframe, a signal mask and pending set, an
 * alternate stack, a robust list, clear_child_tid). The group shares
 * the address space (p->mm, referenced by each thread) and what lives
 * in the leader: struct tgroup and the fields proc.h marks "group's"
 * (the descriptor table, cwd and umask, the signal handlers, pgid and
 * sid, limits, the alarm, the parent and children). The leader's slot
 * is kept until the last thread is gone and the group is reaped, so a
 * thread may always reach p->leader.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "uapi/linux/sched.h"

/* p starts a group of its own, of which it is the only thread: a new
 * process (not yet runnable), or exec's de-thread. The pending set is
 * the caller's to set. */
void group_init(struct proc *p)
{
	struct tgroup *g = &p->group;

	p->leader = p;
	p->tgid = p->pid;
	p->autoreap = false;
	list_init(&g->threads);
	list_add_tail(&p->tlink, &g->threads);
	g->nlive = 1;
	g->execer = NULL;
	g->exiting = false;
	g->status = 0;
	g->dead = false;
	g->stop_sig = g->nparked = g->report = 0;
	g->cont_owed = false;
	p->stop_req = false;
}

/*
 * A new thread of the caller's group, running on stack a->stack (the
 * caller's own sp if 0) with the caller's registers, a0 = 0. Its pid
 * (its tid), or -errno.
 */
int thread_clone(const struct clone_args *a)
{
	struct proc *p = myproc(), *L = p->leader, *np;
	/* the tid goes to the shared memory as the caller's store, which may
	 * fault (and sleep): not under np->lock, once the tid is known */
	struct clone_args here = *a;

	here.set_tid = 0;
	mm_share(p->mm);	/* a holder, and one more running in it */
	if (!(np = allocproc(p->mm, L->pgid, L->sid))) {
		mm_leave(p->mm);	/* not the last: the caller runs in it */
		mm_put(p->mm);
		return -EAGAIN;
	}
	*np->trapframe = *p->trapframe;
	np->trapframe->regs[REG_A0] = 0;
	clone_apply(np, &here);
	np->tgid = p->tgid;
	np->leader = L;
	np->autoreap = true;
	np->loader = p->loader;
	np->affinity = p->affinity;
	memcpy(np->caps, p->caps, sizeof(np->caps));
	np->nice = p->nice;
	np->is32 = p->is32;
	np->exec_sp = p->exec_sp;
	np->sigblocked = p->sigblocked;	/* the altstack is not inherited (CLONE_VM) */
	np->pgid = L->pgid;
	np->sid = L->sid;
	mapname_hold(p->exe);
	np->exe = p->exe;
	memcpy(np->name, p->name, sizeof(np->name));
	uint32_t tid = np->pid;
	release(&np->lock);
	if (a->set_tid)	/* Linux ignores a bad address here too */
		copyout(p->pagetable, a->set_tid, &tid, sizeof(tid));
	/* before the thread can run: glibc's pthread_join waits while this
	 * word (also CHILD_CLEARTID's) is nonzero, and a thread that ran
	 * and exited first would have its 0 overwritten by the tid */
	if (a->parent_tid)
		copyout(p->pagetable, a->parent_tid, &tid, sizeof(tid));

	acquire(&L->group.lock);
	if (L->group.exiting) {	/* the group is dying: no new thread */
		release(&L->group.lock);
		acquire(&np->lock);
		thread_discard(np);
		thread_free_unrun(np);
		return -EAGAIN;
	}
	list_add_tail(&np->tlink, &L->group.threads);
	L->group.nlive++;
	jobctl_clone(np, &L->group);
	release(&L->group.lock);

	acquire(&np->lock);
	np->home = cpuid();
	sched_add(np);
	release(&np->lock);
	return tid;
}

/* Sends SIGKILL to every thread of L's group but me. Caller holds
 * L->group.lock. */
static void kill_others(struct proc *L, struct proc *me)
{
	for (struct list *n = L->group.threads.next; n != &L->group.threads; n = n->next) {
		struct proc *t = list_entry(n, struct proc, tlink);
		if (t != me)
			signal_post_thread(t, SIGKILL);
	}
}

/* The group of the caller is to end with wait status wstatus (or the
 * status of an end already begun, which is returned): every other
 * thread is sent SIGKILL, and exits quietly on its way to user mode. */
int group_exit_start(int wstatus)
{
	struct proc *p = myproc(), *L = p->leader;

	if (!group_shared(p)) {	/* no other thread to stop, or to race */
		L->group.exiting = true;
		L->group.status = wstatus;
		return wstatus;
	}
	acquire(&L->group.lock);
	if (!L->group.exiting) {
		L->group.exiting = true;
		L->group.status = wstatus;
		kill_others(L, p);
	}
	wstatus = L->group.status;
	release(&L->group.lock);
	return wstatus;
}

/* A fatal signal's core was written: the group's status (which the
 * dump's group_exit_start set to sig) says so, for the parent's wait. */
void group_core_dumped(int sig)
{
	struct proc *L = myproc()->leader;

	acquire(&L->group.lock);
	if (L->group.exiting && L->group.status == sig)
		L->group.status |= WCOREFLAG;
	release(&L->group.lock);
}

/* Takes p out of its group's live threads; true if it was the last.
 * The group's status replaces *wstatus if the group is ending. */
bool thread_leave(struct proc *p, int *wstatus)
{
	struct proc *L = p->leader;

	acquire(&L->group.lock);
	list_del(&p->tlink);
	if (L->group.nqueued)
		sigq_drop(&L->group, p, 0);	/* its queued signals go with it */
	if (L->group.timers)
		ptimers_thread_gone(L, p);
	bool last = --L->group.nlive == 0;
	if (L->group.exiting)
		*wstatus = L->group.status;
	bool stopped = p->stop_req && jobctl_leave(p, &L->group);
	release(&L->group.lock);
	if (stopped)
		jobctl_stopped_by_exit(L);
	return last;
}

/* What a thread other than the leader used goes to the leader, whose
 * wait status and rusage are the group's. */
void thread_account(struct proc *p)
{
	struct proc *L = p->leader;
	uint64_t ran = r_time() - p->run_start;

	acquire(&L->lock);
	L->cpu_time += p->cpu_time + ran;
	L->uticks += p->uticks;
	L->sticks += p->sticks;
	loadstat_add(&L->lstat, &p->lstat);
	release(&L->lock);
}

/*
 * The end of a thread other than the leader, after thread_leave and
 * out of the registry: off its address space (the group's others may
 * run on it still), then a zombie that no one waits for, whose slot is
 * freed once it is off this hart (proc.c's dead threads).
 */
void thread_end(struct proc *p)
{
	acquire(&p->lock);
	thread_discard(p);
	p->state = ZOMBIE;
	sched();
	panic("zombie thread");
}

/* Lets go of what a thread holds beyond its slot (whose trapframe goes
 * with it). Caller holds p->lock; p is the caller, after mm_leave, or
 * not yet run. It is its own leader from now on: the group's may be
 * reaped while one who holds p (proc_get) still looks at it. */
void thread_discard(struct proc *p)
{
	struct mm *mm = p->mm;

	if (p == myproc())
		vm_activate_kernel();
	else
		mm_leave(mm);	/* never ran: not the last, its creator runs in it */
	p->mm = NULL;
	p->pagetable = NULL;
	fpu_forget(p);
	mapname_put(p->exe);
	p->exe = NULL;
	p->autoreap = true;
	p->leader = p;
	mm_put(mm);	/* not the last: the leader holds the mm until reaped */
}

/*
 * exec's de-thread (Linux's de_thread): every other thread of p's
 * group is killed and gone before exec replaces the image, and if p is
 * not the leader it takes the leader's place and pid. -EAGAIN if the
 * group is ending already (exec then fails, and p dies on its way out).
 */
int dethread(struct proc *p)
{
	struct proc *L = p->leader;

	if (!group_shared(p) && p == L) {
		ptimers_exec(L);	/* POSIX timers die with the old program */
		return 0;
	}
	acquire(&L->group.lock);
	if (L->group.exiting) {
		release(&L->group.lock);
		return -EAGAIN;
	}
	L->group.execer = p;
	kill_others(L, p);
	release(&L->group.lock);
	group_wait_alone(p);
	L->group.execer = NULL;
	ptimers_exec(L);	/* before p may take L's place: none names L then */
	if (p != L)
		take_leader(p, L);
	return 0;
}

/*
 * /proc/PID/status's Threads: the live threads of p's group, at least 1
 * (a zombie's group counts as one, as Linux's does).
 */
int group_threads(struct proc *p)
{
	int n = __atomic_load_n(&p->leader->group.nlive, __ATOMIC_RELAXED);

	return n > 0 ? n : 1;
}

uint64_t sys_gettid(void) { return myproc()->pid; }

/* exit(2): the calling thread ends; the group with it if it was the last. */
uint64_t sys_exit(void)
{
	exit_thread((argraw(0) & 0xff) << 8);
}

/* exit_group(2): every thread of the group ends. */
uint64_t sys_exit_group(void)
{
	exit_proc((argraw(0) & 0xff) << 8);
}
