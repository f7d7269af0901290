/*
 * Processes: creation (fork), death (exit, wait4). Each is allocated
 * when made (mm/procslot.c) and found by pid in the registry (pid.c).
 */
#include "kern/kern.h"
#include "fs/vfs.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "fs/fs.h"
#include "uapi/linux/fcntl.h"
#include "uapi/linux/resource.h"
#include "uapi/linux/wait.h"
#include "uapi/linux/signal-defs.h"

static struct proc *initproc;

/* Guards every p->parent and children list and group.dead, and keeps a
 * parent's wakeup from being lost between a child's exit (or stop, or
 * continue: jobctl.c) and the parent's sleep in wait4 (or exec's,
 * between a thread's exit and its de-thread's wait). */
struct spinlock wait_lock;

static void forkret(void);

void procinit(void)
{
	initlock(&wait_lock, "wait_lock", LOCK_COND);
	initlock(&tickslock, "ticks", LOCK_COND);
	sched_init();
}

/* A reaped process's state reset (its pid stays until proc_unregister). */
static void freeproc(struct proc *p)
{
	if (p->mm)
		mm_put(p->mm);
	p->mm = NULL;
	p->pagetable = NULL;
	p->autoreap = false;
	p->parent = NULL;
	p->ppid = 0;
	p->name[0] = 0;
	p->chan = NULL;
	p->sigpending = 0;
	p->group.pending = 0;
	if (p->group.nqueued)
		sigq_drop(&p->group, NULL, ~0UL);	/* any sent after its group's end */
	p->sigblocked = 0;
	p->has_saved_mask = false;
	p->clear_child_tid = 0;
	p->robust_list = 0;
	p->alarm_at = p->alarm_interval = 0;
	memset(p->sigact, 0, sizeof(p->sigact));
	p->xstatus = 0;
	mapname_put(p->exe);
	p->exe = NULL;
	p->core_req = CORE_NONE;
	p->cpu_time = p->child_cpu_time = p->child_utime = 0;
	p->uticks = p->sticks = 0;
	memset(&p->lstat, 0, sizeof(p->lstat));
	memset(&p->child_lstat, 0, sizeof(p->child_lstat));
	p->state = UNUSED;
}

/*
 * Threads that have exited (exit_thread): out of the registry, each
 * linked by its sibling (a thread other than the leader has no parent
 * and no children), its slot freed once it is off its hart. Under
 * wait_lock.
 */
static struct list dead_threads = { &dead_threads, &dead_threads };

/* Frees the slots of the exited threads that no hart runs any more
 * (thread_end holds p->lock from its ZOMBIE to the switch away, so a
 * ZOMBIE seen under the lock is off its hart): at each fork and clone,
 * wait4, and when a hart is idle, so that the memory of a killed group
 * comes back soon. Caller holds no lock. */
void proc_reap_dead(void)
{
	struct list gone = { &gone, &gone }, *n, *next;

	if (list_empty(&dead_threads))	/* a glance: the next caller sees the rest */
		return;
	acquire(&wait_lock);
	for (n = dead_threads.next; n != &dead_threads; n = next) {
		next = n->next;
		struct proc *t = list_entry(n, struct proc, sibling);
		acquire(&t->lock);
		bool off = t->state == ZOMBIE;
		if (off)
			freeproc(t);
		release(&t->lock);
		if (off) {
			list_del(&t->sibling);
			list_add_tail(&t->sibling, &gone);
		}
	}
	release(&wait_lock);
	while (!list_empty(&gone)) {
		struct proc *t = list_entry(gone.next, struct proc, sibling);
		list_del(&t->sibling);
		proc_put(t);	/* the registry's reference */
	}
}

/* A new process or thread, registered in group pgid and session sid
 * (0: its own pid), USED with p->lock held, ready to run forkret, with
 * mm as its address space (NULL: failed, for want of memory or of a
 * pid; mm left to the caller). */
struct proc *allocproc(struct mm *mm, int pgid, int sid)
{
	struct proc *p;

	proc_reap_dead();	/* a thread's slot may serve at once */
	if (!mm || !(p = procslot_alloc()))
		return NULL;
	initlock(&p->lock, "proc", LOCK_PROC);
	initlock(&p->group.lock, "group", LOCK_GROUP);
	list_init(&p->group.sigq);
	list_init(&p->rq);
	list_init(&p->chanq);
	list_init(&p->children);
	list_init(&p->sibling);
	if (proc_register(p, pgid, sid) < 0) {
		procslot_free(p);
		return NULL;
	}
	acquire(&p->lock);
	p->state = USED;
	p->start_time = r_time();
	p->mm = mm;
	p->pagetable = mm->pagetable;
	fpu_forget(p);
	memset(&p->context, 0, sizeof(p->context));
	p->context.ra = (uint64_t)forkret;
	p->context.sp = p->kstack + KSTACK_PAGES * PGSIZE;
	return p;
}

/* RLIMIT_NPROC at boot, as Linux sets it (fork_init): half its
 * max_threads, the memory's pages over eight kernel stacks' worth.
 * Linux does not hold root to it, and every process here is root: it
 * is kept and inherited, never enforced (memory is the limit: fork
 * fails with ENOMEM or EAGAIN when a process cannot be made). */
static uint64_t nproc_default(void)
{
	return free_page_count() / (8 * KSTACK_PAGES) / 2;
}

/* The first process: it execs /init from forkret once the disk is up. */
void userinit(void)
{
	struct proc *p = allocproc(mm_create(), 0, 0);

	if (!p)
		panic("userinit");
	initproc = p;
	memset(p->trapframe, 0, sizeof(*p->trapframe));	/* a fork copies its parent's */
	group_init(p);
	strlcpy(p->name, "init", sizeof(p->name));
	p->umask = 022;		/* Linux's for init */
	p->loader = boot_loader_mode();
	p->persona = 0;	/* PER_LINUX, inherited */
	p->affinity = ~0UL;	/* every hart; inherited */
	cap_init(p);	/* root's: inherited */
	p->nice = 0;
	p->core_limit[0] = p->core_limit[1] = RLIM_INFINITY;	/* inherited */
	p->nofile_limit[0] = NOFILE_CUR;
	p->nofile_limit[1] = NOFILE_MAX;
	p->fsize_limit[0] = p->fsize_limit[1] = RLIM_INFINITY;
	p->nproc_limit[0] = p->nproc_limit[1] = nproc_default();
	sched_add(p);
	release(&p->lock);
}

/* The loader=lazy|eager boot argument: how programs load unless a
 * process says otherwise (loader_mode(2)). Lazy if absent, as on Linux:
 * exec maps no page, and fork copies only the pages a program touched. */
int boot_loader_mode(void)
{
	char mode[8];

	if (bootarg("loader", mode, sizeof(mode)) && strcmp(mode, "eager") == 0)
		return LOADER_EAGER;
	return LOADER_LAZY;
}

static void start_init(void)
{
	static char *const argv[] = { "/init", NULL };
	static char *const envp[] = { "PATH=/bin", "HOME=/", NULL };
	struct file *con;

	/* as Linux's console_on_rootfs, the console is not init's
	 * controlling tty: init gives it to the shell's session */
	if (file_open("/dev/console", O_RDWR | O_NOCTTY, &con) < 0) {
		kprintf("cannot open /dev/console: is /dev on the disk image?");
		power_off(true);
	}
	for (int fd = 0; fd < 3; fd++)
		if (fdalloc(fd == 0 ? con : filedup(con), 0, false) != fd)
			panic("init's descriptors");
	struct exec_args a = {
		.user = false, .argv = (uint64_t)argv, .envp = (uint64_t)envp, .filename = "/init",
	};
	int err = exec("/init", &a);
	if (err < 0) {
		kprintf("cannot run /init (error %d): is the disk image attached?", -err);
		power_off(true);
	}
}

/* A new process's first kernel code, entered from the scheduler. */
static void forkret(void)
{
	static bool first = true;

	finish_switch();
	release(&myproc()->lock);
	if (first) {
		/* Mounting sleeps on the disk, so it needs a process context. */
		first = false;
		fsinit();
		start_init();
	}
	usertrapret(myproc());
}

/* Gives np what clone asked for, under np->lock, before np can run. A
 * copyout to another process's table takes no fault, so cannot sleep. */
void clone_apply(struct proc *np, const struct clone_args *a)
{
	uint32_t tid = np->pid;

	if (a->stack)
		np->trapframe->regs[REG_SP] = a->stack;
	if (a->settls)
		np->trapframe->regs[REG_TP] = a->tls;
	if (a->set_tid) {
		heap_fault_child(np, a->set_tid);
		copyout(np->pagetable, a->set_tid, &tid, sizeof(tid));
	}
	np->clear_child_tid = a->clear_tid;
}

/* The child's address space: a copy-on-write duplicate of p's, or p's
 * own (share). NULL if there is no memory or no file for the image. */
static struct mm *child_mm(struct proc *p, bool share)
{
	struct image img;
	struct mm *mm;

	if (share) {
		mm_share(p->mm);
		return p->mm;
	}
	if (image_fork(&img, &p->mm->image) < 0)
		return NULL;
	if (!(mm = mm_fork(p->mm, &img)))
		image_release(&img);
	return mm;
}

/* Lets go of what child_mm made, for a child that could not be made. */
static void child_mm_drop(struct mm *mm, bool share)
{
	if (!share)
		image_release(&mm->image);
	mm_leave(mm);	/* a shared one: the parent still runs in it */
	mm_put(mm);
}

/* The caller (a vfork parent) sleeps until child has exec'd or exited,
 * or until a signal ends the caller: the child may be using its stack,
 * so no handler runs before (the others wait, as on Linux). */
static void vfork_wait(struct proc *child)
{
	acquire(&wait_lock);
	while (child->vfork_wait && sleep_killable(&child->vfork_wait, &wait_lock) == 0)
		;
	release(&wait_lock);
}

/* Wakes the thread of parent's group that sleeps on chan (wait4 sleeps
 * on the leader, any of its threads; vfork on the child): parent alone,
 * straight, if it is the group's only thread and still lives. */
static void wake_parent(struct proc *parent, void *chan, bool sync)
{
	if (__atomic_load_n(&parent->group.nlive, __ATOMIC_RELAXED) == 1 &&
	    *(volatile enum procstate *)&parent->state != ZOMBIE)
		wakeup_proc(parent, chan, sync);
	else
		wakeup(chan);
}

/* p, a vfork child, is done with its parent's memory (exec replaced it,
 * or p is exiting): the parent runs again. */
void vfork_done(struct proc *p, bool exiting)
{
	if (!p->vfork_wait)	/* only p clears it */
		return;
	acquire(&wait_lock);
	p->vfork_wait = false;
	wake_parent(p->parent, &p->vfork_wait, exiting);
	release(&wait_lock);
}

/* fork's copies of p's memory (or with CLONE_VM p's own), image record
 * and regions and of its group's descriptors, in a new process *npp
 * (USED, not yet runnable; locked unless the caller holds the mm's
 * lock, a sleep lock). First, as opening a file may sleep and allocproc
 * holds np->lock, and copying memory takes a while: not with interrupts
 * off. */
static int fork_copy(struct proc *p, const struct clone_args *a, struct proc **npp,
		     bool mm_locked)
{
	struct proc *L = p->leader, *np;
	struct fdtable fds;
	struct mm *mm;

	/* another thread may open or close meanwhile */
	if (mm_locked)
		acquire(&L->group.lock);
	int err = fdtable_copy(&fds, &L->fds);
	if (mm_locked)
		release(&L->group.lock);
	if (err < 0)
		return -ENOMEM;
	if (!(mm = child_mm(p, a->share_vm))) {
		fdtable_free(&fds);
		return -ENOMEM;
	}
	if (!(np = allocproc(mm, L->pgid, L->sid))) {
		child_mm_drop(mm, a->share_vm);
		fdtable_free(&fds);
		return -EAGAIN;
	}
	if (mm_locked)
		release(&np->lock);	/* the sleep lock's release may wake */
	np->fds = fds;
	if (!a->share_vm)
		vma_fork(np->mm);
	*npp = np;
	return 0;
}

/*
 * A child, a copy of the caller with a's changes, built whole before it
 * is made runnable: from then on an idle hart may take it at once (a
 * child that once started on its parent's stack, before clone had set
 * its own, made about one posix_spawn in a few thousand fail). It is
 * the child of the caller's group (its leader's).
 */
int fork(const struct clone_args *a)
{
	struct proc *p = myproc(), *L = p->leader, *np;

	/* under the memory's lock, which other threads' faults and mmaps
	 * take (docs/mm.md) */
	bool shared = mm_lock(p);
	int err = fork_copy(p, a, &np, shared);
	mm_unlock(p, shared);
	if (err < 0)
		return err;
	if (shared) {
		acquire(&L->lock);	/* another thread's chdir changes it under the lock */
		np->cwd = L->cwd ? vref(L->cwd) : NULL;
		release(&L->lock);
		acquire(&np->lock);
	} else {
		np->cwd = L->cwd ? vref(L->cwd) : NULL;
	}
	group_init(np);
	np->loader = p->loader;
	np->persona = p->persona;
	np->affinity = p->affinity;
	memcpy(np->caps, p->caps, sizeof(np->caps));
	np->nice = p->nice;
	*np->trapframe = *p->trapframe;
	np->trapframe->regs[REG_A0] = 0;
	clone_apply(np, a);
	np->exec_sp = p->exec_sp;
	memcpy(np->core_limit, L->core_limit, sizeof(np->core_limit));
	memcpy(np->nofile_limit, L->nofile_limit, sizeof(np->nofile_limit));
	memcpy(np->fsize_limit, L->fsize_limit, sizeof(np->fsize_limit));
	memcpy(np->nproc_limit, L->nproc_limit, sizeof(np->nproc_limit));
	np->is32 = p->is32;
	np->umask = L->umask;
	np->altstack = p->altstack;
	memcpy(np->sigact, L->sigact, sizeof(np->sigact));
	np->sigblocked = p->sigblocked;
	mapname_hold(p->exe);
	np->exe = p->exe;
	memcpy(np->name, p->name, sizeof(np->name));
	int pid = np->pid;
	release(&np->lock);

	acquire(&wait_lock);	/* a child of L's may be moving itself to init */
	np->parent = L;
	np->ppid = L->pid;
	np->vfork_wait = a->vfork;
	list_add_tail(&np->sibling, &L->children);
	release(&wait_lock);

	/* at home on this hart, where it runs once the parent waits (the
	 * usual fork, exec, wait) or gives way; an idle hart takes it if the
	 * parent goes on running (sched.c) */
	acquire(&np->lock);
	np->home = cpuid();
	sched_add(np);
	release(&np->lock);
	if (a->vfork)
		vfork_wait(np);
	return pid;
}

/* Makes child's parent init, which is woken to reap it if it already
 * exited. Caller holds wait_lock. */
static void give_to_init(struct proc *child)
{
	list_del(&child->sibling);
	child->parent = initproc;
	__atomic_store_n(&child->ppid, initproc->pid, __ATOMIC_RELAXED);
	list_add_tail(&child->sibling, &initproc->children);
	wakeup_proc(initproc, initproc, false);
}

/* Gives p's children to init. Caller holds wait_lock. */
static void reparent(struct proc *p)
{
	while (!list_empty(&p->children))
		give_to_init(list_entry(p->children.next, struct proc, sibling));
}

/* Zeroes p's clear_child_tid word and wakes its futex (pthread_join's
 * wait ends), at exit, or at exec from memory that lives on. */
void clear_child_tid_wake(struct proc *p)
{
	uint32_t zero = 0;

	if (p->clear_child_tid &&
	    copyout(p->pagetable, p->clear_child_tid, &zero, sizeof(zero)) == 0)
		futex_wake_one(p->clear_child_tid);
}

/* The last thread of L's group lets go of what the group held: the
 * descriptors, the cwd (the memory goes with the mm's last user). */
static void group_release(struct proc *L, int wstatus)
{
	if (L == initproc)
		panic("init exited (status %x)", wstatus);
	fdtable_free(&L->fds);
	proc_set_cwd(L, NULL);	/* a cwd holds its volume mounted */
	ptimers_exit(L);
	if (L->group.nqueued) {
		acquire(&L->group.lock);
		sigq_drop(&L->group, NULL, ~0UL);	/* no thread is left to take them */
		release(&L->group.lock);
	}
}

/* A wait status as waitid's siginfo (and SIGCHLD's) tells it: si_code
 * (CLD_EXITED, CLD_KILLED or CLD_DUMPED) and si_status. */
static void exit_code(int wstatus, int *code, int *status)
{
	if ((wstatus & 0x7f) == 0) {
		*code = CLD_EXITED;
		*status = (wstatus >> 8) & 0xff;
	} else {
		*code = wstatus & WCOREFLAG ? CLD_DUMPED : CLD_KILLED;
		*status = wstatus & 0x7f;
	}
}

/* Tells L's parent that the group is gone (all its threads have
 * exited, with wait status wstatus), giving its children to init: a
 * process group this leaves orphaned with a stopped member is hung up
 * first. Caller holds wait_lock. */
static void group_notify(struct proc *L, int wstatus)
{
	jobctl_orphan_exit(L);
	reparent(L);
	struct proc *parent = L->parent;
	if (parent->sigact[SIGCHLD].handler == SIG_IGN && parent != initproc) {
		/* a parent that ignores SIGCHLD leaves its children to be
		 * reaped by someone else, as on Linux: init does it (and a
		 * wait4 of the parent's sees ECHILD) */
		give_to_init(L);
	} else {
		int code, status;
		exit_code(wstatus, &code, &status);
		signal_post_child(parent, L->pid, code, status);
	}
	/* a parent in wait4 sleeps on itself (any of its threads); this
	 * hart is about to be free to run it */
	wake_parent(parent, parent, true);
}

/*
 * Ends the calling thread with a wait status in Linux's encoding (exit
 * (2)). The group ends with its last thread: the parent is told then,
 * and wait4 reaps the leader, which stays a zombie until that time. A
 * thread other than the leader leaves the registry at once (no one
 * waits for it) and its slot is freed once it is off its hart. Such a
 * thread holds a reference to its leader to the end: once it has left
 * the group, the last thread may end it and the parent reap the leader
 * while this one still looks at it.
 */
void exit_thread(int wstatus)
{
	struct proc *p = myproc(), *L = p->leader;

	fd_unborrow(p);	/* an exit from inside a call (a bad sigreturn) */
	robust_list_release(p);	/* writes to shared pages: before they go */
	if (p != L) {
		proc_hold(L);
		thread_account(p);	/* counted in the group's before it may end */
	}
	bool last = thread_leave(p, &wstatus);
	if (last)
		image_stats(p, &L->lstat);	/* final, before the memory goes */
	/* the last one running in the mm (a thread of the group, or a vfork
	 * child, whose parent sleeps meanwhile) releases its regions */
	if (mm_leave(p->mm)) {
		vma_release_all(p);
		image_release(&p->mm->image);
	}
	clear_child_tid_wake(p);	/* pthread_join's wait ends */
	vfork_done(p, true);
	if (last)
		group_release(L, wstatus);
	if (last && L->sid == L->pid)
		tty_detach(L->sid);	/* a session leader's end hangs up its tty */
	acquire(&wait_lock);
	if (last)	/* the group's status: the leader's, if it exited first on its own */
		group_notify(L, p == L || L->group.exiting ? wstatus : L->xstatus);
	else if (L->group.nlive == 1)
		wakeup(&L->group);	/* an exec's de-thread waits for it */
	if (p == L) {
		/* the last thread came first: its wakeup found the parent's
		 * wait4 looking at p not yet a zombie (under wait_lock, so the
		 * parent looks again once p is one) */
		if (!last && p->group.dead)
			wake_parent(p->parent, p->parent, false);
		acquire(&p->lock);
		p->xstatus = wstatus;
		p->state = ZOMBIE;
		if (last)	/* else the last thread's, which may have come first */
			p->group.dead = true;
		release(&wait_lock);
		sched();
		panic("zombie exit");
	}
	if (last) {
		acquire(&L->lock);
		if (L->group.exiting)
			L->xstatus = wstatus;
		L->group.dead = true;
		release(&L->lock);
	}
	proc_unregister(p);
	list_add_tail(&p->sibling, &dead_threads);
	release(&wait_lock);
	proc_put(L);
	thread_end(p);
}

/* Ends the calling thread's whole group (exit_group(2), a fatal
 * signal): the others are killed, the group's status is wstatus (or
 * that of an end another thread began first). */
void exit_proc(int wstatus)
{
	exit_thread(group_exit_start(wstatus));
}

/* A thread made by thread_clone that never ran (p->lock held, let go
 * here) is given back: its pid and slot. */
void thread_free_unrun(struct proc *p)
{
	freeproc(p);
	release(&p->lock);
	proc_unregister(p);
	proc_put(p);
}

/* exec's de-thread: waits until p is its group's only live thread, the
 * others having been sent SIGKILL (thread.c), and the leader, if that
 * is not p, is a zombie off every hart. */
void group_wait_alone(struct proc *p)
{
	struct proc *L = p->leader;

	acquire(&wait_lock);
	while (__atomic_load_n(&L->group.nlive, __ATOMIC_RELAXED) > 1 ||
	       (L != p && *(volatile enum procstate *)&L->state != ZOMBIE))
		sleep(&L->group, &wait_lock);
	release(&wait_lock);
}

/* Copies the group's fields of proc.h from L into p (pgid and sid move
 * with the pid: proc_take_pid). */
static void take_group_fields(struct proc *p, struct proc *L)
{
	memcpy(p->sigact, L->sigact, sizeof(p->sigact));
	p->fds = L->fds;
	L->fds = (struct fdtable){ 0 };
	p->cwd = L->cwd;
	L->cwd = NULL;
	p->umask = L->umask;
	memcpy(p->core_limit, L->core_limit, sizeof(p->core_limit));
	memcpy(p->nofile_limit, L->nofile_limit, sizeof(p->nofile_limit));
	memcpy(p->fsize_limit, L->fsize_limit, sizeof(p->fsize_limit));
	memcpy(p->nproc_limit, L->nproc_limit, sizeof(p->nproc_limit));
	p->cpu_time += L->cpu_time;
	p->child_cpu_time = L->child_cpu_time;
	p->child_utime = L->child_utime;
	p->child_lstat = L->child_lstat;
	p->start_time = L->start_time;
	p->group.pending = L->group.pending;
	memcpy(p->group.sigfrom, L->group.sigfrom, sizeof(p->group.sigfrom));
	acquire(&L->group.lock);
	sigq_move(&L->group, &p->group);
	p->group.timers = L->group.timers;	/* the itimers: exec kept them */
	L->group.timers = NULL;
	release(&L->group.lock);
}

/*
 * exec's de-thread, p not the leader, every other thread gone: p takes
 * the leader's place (its pid, parent and children, and the group's
 * fields), and the leader's zombie is freed, as Linux's de_thread does.
 */
void take_leader(struct proc *p, struct proc *L)
{
	acquire(&tickslock);	/* the alarm moves (trap.c's fire_alarms) */
	p->alarm_at = L->alarm_at;
	p->alarm_interval = L->alarm_interval;
	L->alarm_at = 0;
	release(&tickslock);
	acquire(&wait_lock);
	take_group_fields(p, L);
	p->parent = L->parent;
	p->ppid = L->ppid;
	list_add_tail(&p->sibling, &L->sibling);	/* L's place among its parent's children */
	list_del(&L->sibling);
	while (!list_empty(&L->children)) {
		struct proc *c = list_entry(L->children.next, struct proc, sibling);
		list_del(&c->sibling);
		list_add_tail(&c->sibling, &p->children);
		c->parent = p;
	}
	acquire(&L->group.lock);
	list_del(&p->tlink);	/* from the old group's list, to its own */
	release(&L->group.lock);
	proc_take_pid(p, L);	/* L now has p's tid, which goes with it */
	acquire(&L->lock);
	struct mm *mm = L->mm;
	L->mm = NULL;
	freeproc(L);		/* off every hart: group_wait_alone */
	release(&L->lock);
	acquire(&p->lock);
	group_init(p);
	release(&p->lock);
	release(&wait_lock);
	proc_unregister(L);
	mm_put(mm);
	proc_put(L);
}

/* Adds the counts of b to a (the lazy flag is b's if a has none). */
void loadstat_add(struct loadstat *a, const struct loadstat *b)
{
	a->faults += b->faults;
	a->major_faults += b->major_faults;
	a->file_pages += b->file_pages;
	a->zero_pages += b->zero_pages;
	a->untouched_pages += b->untouched_pages;
	a->disk_bytes += b->disk_bytes;
	a->frag_bytes += b->frag_bytes;
	a->around_pages += b->around_pages;
	a->cow_faults += b->cow_faults;
	a->lazy |= b->lazy;
}

static bool wait_matches(struct proc *child, int pid, int caller_pgid)
{
	if (pid > 0)
		return child->pid == pid;
	if (pid == 0)
		return child->pgid == caller_pgid;
	if (pid < -1)
		return child->pgid == -pid;
	return true;
}

/* What pp (a zombie, locked) used goes to its parent p and *use. */
static void reap_usage(struct proc *p, struct proc *pp, struct child_usage *use)
{
	uint64_t user, sys;

	proc_times(pp, &user, &sys);
	struct child_usage u = {
		.cpu_time = pp->cpu_time + pp->child_cpu_time,
		.utime = user + pp->child_utime,
	};
	loadstat_add(&u.load, &pp->lstat);
	loadstat_add(&u.load, &pp->child_lstat);
	if (use)
		*use = u;
	p->child_cpu_time += u.cpu_time;
	p->child_utime += u.utime;
	loadstat_add(&p->child_lstat, &u.load);
}

/*
 * Frees pp, a zombie child of the caller, locked, which wait4 took off
 * its children list; lets go of pp->lock and wait_lock. Its memory goes
 * after the locks: wait_lock is everyone's, and freeing takes a while;
 * its struct proc goes with the last reference (pid.c).
 */
static void reap(struct proc *pp)
{
	struct mm *mm = pp->mm;

	pp->mm = NULL;
	freeproc(pp);		/* UNUSED: one who holds a reference sees it gone */
	release(&pp->lock);
	proc_unregister(pp);
	release(&wait_lock);
	mm_put(mm);
	proc_put(pp);
}

/* Whether pp, a child of p, has exited (options: WEXITED), and then
 * what wait reports, taking the child (reaped) unless WNOWAIT. Caller
 * holds wait_lock, which is let go if it has. */
static bool wait_exited(struct proc *p, struct proc *pp, int options, struct wait_result *r,
			struct child_usage *use)
{
	if (!(options & WEXITED))
		return false;
	acquire(&pp->lock);
	if (pp->state != ZOMBIE || !pp->group.dead) {
		release(&pp->lock);
		return false;
	}
	r->pid = pp->pid;
	r->wstatus = pp->xstatus;
	exit_code(pp->xstatus, &r->code, &r->status);
	if (options & WNOWAIT) {
		release(&pp->lock);
		release(&wait_lock);
		return true;
	}
	reap_usage(p, pp, use);
	list_del(&pp->sibling);
	reap(pp);
	proc_reap_dead();	/* its threads' slots, if off their harts */
	return true;
}

/* Whether pp, a child, has stopped (options: WUNTRACED) or continued
 * (WCONTINUED) since wait last said, and then what wait reports (Linux's
 * status words: 0x7f | sig << 8, 0xffff). Caller holds wait_lock, which
 * is let go if it has. */
static bool wait_stopped(struct proc *pp, int options, struct wait_result *r,
			 struct child_usage *use)
{
	int sig;

	if (!(options & (WUNTRACED | WCONTINUED)) || !(r->code = jobctl_report(pp, options, &sig)))
		return false;
	release(&wait_lock);
	if (use)	/* nothing reaped */
		*use = (struct child_usage){ 0 };
	r->pid = pp->pid;
	r->status = sig;
	r->wstatus = r->code == CLD_STOPPED ? 0x7f | sig << 8 : 0xffff;
	return true;
}

/*
 * wait4(2)'s and waitid(2)'s wait for a child that pid selects (wait4's
 * rule) to exit (WEXITED), stop (WUNTRACED) or continue (WCONTINUED):
 * its pid, with *r saying what changed; 0 if none has and WNOHANG says
 * not to wait; -ECHILD if none is selected; -ERESTARTSYS for a signal
 * (EINTR after a handler without SA_RESTART). A child that exited
 * is reaped unless WNOWAIT; a stop or continue is said once.
 */
int wait_child(int pid, int options, struct wait_result *r, struct child_usage *use)
{
	struct proc *p = myproc()->leader;	/* the group's children */

	acquire(&wait_lock);
	for (;;) {
		bool have_kids = false;
		for (struct list *n = p->children.next; n != &p->children; n = n->next) {
			struct proc *pp = list_entry(n, struct proc, sibling);
			if (!wait_matches(pp, pid, p->pgid))
				continue;
			have_kids = true;
			if (wait_exited(p, pp, options, r, use) || wait_stopped(pp, options, r, use))
				return r->pid;
		}
		if (!have_kids) {
			release(&wait_lock);
			return -ECHILD;
		}
		if ((options & WNOHANG)) {
			release(&wait_lock);
			return 0;
		}
		if (sleep_intr(p, &wait_lock) < 0) {
			release(&wait_lock);
			return -ERESTARTSYS;
		}
	}
}

static void dump_one(struct proc *p)
{
	static const char *const states[] = {
		[UNUSED] = "unused", [USED] = "used", [SLEEPING] = "sleep",
		[RUNNABLE] = "runnable", [RUNNING] = "running", [ZOMBIE] = "zombie",
	};
	char line[192];
	int n = snprintf(line, sizeof(line), "%d %s %s chan=%p tgid %d pending %lx", p->pid,
			 states[p->state], p->name, p->chan, p->tgid, p->sigpending);
	if (p->leader == p)	/* what its group's end waits for */
		n += snprintf(line + n, sizeof(line) - n, " live %d%s%s", p->group.nlive,
			      p->group.exiting ? " exiting" : "", p->group.dead ? " dead" : "");
	n += snprintf(line + n, sizeof(line) - n, "\n");

	console_write_kernel(line, n);
}

/* ^P on the console: every process, its state and what it sleeps on.
 * Takes no process's lock, so that it works when the system is stuck. */
void procdump(void)
{
	char line[128];

	console_write_kernel("\n", 1);
	proc_dump_all(dump_one);
	for (int i = 0; i < harts_running(); i++) {	/* hart 0 may be any cpu's */
		int n = snprintf(line, sizeof(line), "cpu %d: hart %lu running pid %d\n", i,
				 cpus[i].hartid, cpus[i].proc ? cpus[i].proc->pid : 0);
		console_write_kernel(line, n);
	}
}

/*
 * p's CPU time in rdtime ticks: in user mode (*user) and in the kernel
 * (*sys). p is the caller, or holds still (its lock, off every hart):
 * its running time so far is counted too. The time is exact, its split
 * sampled: the clock ticks that found p in each mode share it out, as
 * Linux's tick accounting does (all of it is user time if no tick came),
 * which costs a trap nothing.
 */
void proc_times(struct proc *p, uint64_t *user, uint64_t *sys)
{
	uint64_t all = p->cpu_time + (p->state == RUNNING ? r_time() - p->run_start : 0);
	uint64_t ticks = (uint64_t)p->uticks + p->sticks;

	/* all * uticks / ticks without a 128-bit product (no libgcc here) */
	*user = ticks ? all / ticks * p->uticks + all % ticks * p->uticks / ticks : all;
	*sys = all - *user;
}

/* Makes vn (referenced, or NULL) p's working directory and lets the
 * old one go; under p->lock, so that another process (/proc's cwd)
 * reading it can take a reference first. */
void proc_set_cwd(struct proc *p, struct vnode *vn)
{
	acquire(&p->lock);
	struct vnode *old = p->cwd;
	p->cwd = vn;
	release(&p->lock);
	if (old)
		vput(old);
}
