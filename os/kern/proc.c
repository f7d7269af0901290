/*
 * Processes: the table, creation (fork), death (exit, wait4), and the
 * per-hart scheduler with sleep/wakeup.
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

struct proc proc[NPROC];
static struct proc *initproc;

static struct spinlock pid_lock;
static int nextpid = 1;

/* Guards every p->parent and group.dead, and keeps a parent's wakeup
 * from being lost between a child's exit and the parent's sleep in
 * wait4 (or exec's, between a thread's exit and its de-thread's wait). */
static struct spinlock wait_lock;

static void forkret(void);

void procinit(void)
{
	initlock(&pid_lock, "nextpid", LOCK_LEAF);
	initlock(&wait_lock, "wait_lock", LOCK_COND);
	initlock(&tickslock, "ticks", LOCK_COND);
	for (int i = 0; i < NPROC; i++) {
		initlock(&proc[i].lock, "proc", LOCK_PROC);
		initlock(&proc[i].group.lock, "group", LOCK_GROUP);
		proc[i].slot = i;
		proc[i].kstack = KSTACK(i);
	}
	sched_init();
}

static int allocpid(void)
{
	acquire(&pid_lock);
	int pid = nextpid++;
	release(&pid_lock);
	return pid;
}

static void freeproc(struct proc *p)
{
	if (p->trapframe)
		kfree(p->trapframe);
	p->trapframe = NULL;
	if (p->mm)
		mm_put(p->mm);
	p->mm = NULL;
	p->pagetable = NULL;
	p->pid = p->tgid = 0;
	p->leader = NULL;
	p->autoreap = false;
	p->parent = NULL;
	p->ppid = 0;
	p->nchildren = 0;
	p->name[0] = 0;
	p->chan = NULL;
	p->sigpending = 0;
	p->group.pending = 0;
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

/* Whether slot p may be taken: unused, or a thread's zombie (which no
 * one waits for; thread_end). A glance, then again under p->lock. */
static bool slot_free(struct proc *p)
{
	enum procstate st = *(volatile enum procstate *)&p->state;

	return st == UNUSED || (st == ZOMBIE && *(volatile bool *)&p->autoreap);
}

/* An UNUSED slot made USED, with p->lock held, ready to run forkret,
 * with mm as its address space (put here on failure; NULL: failed). */
struct proc *allocproc(struct mm *mm)
{
	struct proc *p;
	bool skipped = true;

	if (!mm)
		return NULL;
	/* a glance first, and no waiting: a used slot's lock may be held
	 * while it sleeps or switches, and a free one that another hart is
	 * taking is no better than the next. Only if every free slot was
	 * locked is the table looked at again. */
	while (skipped) {
		skipped = false;
		for (p = proc; p < &proc[NPROC]; p++) {
			if (!slot_free(p))
				continue;
			if (!try_acquire(&p->lock)) {
				skipped = true;
				continue;
			}
			if (slot_free(p))
				goto found;
			release(&p->lock);
		}
	}
	mm_put(mm);
	return NULL;
found:
	if (p->state == ZOMBIE)
		freeproc(p);
	p->pid = allocpid();
	p->state = USED;
	p->start_time = r_time();
	p->mm = mm;
	p->pagetable = mm->pagetable;
	fpu_forget(p);
	if (!(p->trapframe = kzalloc())) {
		freeproc(p);
		release(&p->lock);
		return NULL;
	}
	memset(&p->context, 0, sizeof(p->context));
	p->context.ra = (uint64_t)forkret;
	p->context.sp = p->kstack + KSTACK_PAGES * PGSIZE;
	return p;
}

/* The first process: it execs /init from forkret once the disk is up. */
void userinit(void)
{
	struct proc *p = allocproc(mm_create());

	if (!p)
		panic("userinit");
	initproc = p;
	group_init(p);
	strlcpy(p->name, "init", sizeof(p->name));
	p->pgid = p->sid = p->pid;
	p->umask = 022;		/* Linux's for init */
	p->loader = boot_loader_mode();
	p->affinity = ~0UL;	/* every hart; inherited */
	p->core_limit[0] = p->core_limit[1] = RLIM_INFINITY;	/* inherited */
	p->nofile_limit[0] = NOFILE_CUR;
	p->nofile_limit[1] = NOFILE_MAX;
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

	if (file_open("/dev/console", O_RDWR, &con) < 0) {
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

/*
 * A child, a copy of the caller with a's changes, built whole before it
 * is made runnable: from then on an idle hart may take it at once (a
 * child that once started on its parent's stack, before clone had set
 * its own, made about one posix_spawn in a few thousand fail).
 */
/* fork's copies of p's memory, image record and regions and of its
 * group's descriptors, in a new process *npp (USED, not yet runnable;
 * locked unless the caller holds the mm's lock, a sleep lock). First,
 * as opening a file may sleep and allocproc holds np->lock, and copying
 * memory takes a while: not with interrupts off. */
static int fork_copy(struct proc *p, struct proc **npp, bool mm_locked)
{
	struct image img;
	struct fdtable fds;
	struct mm *mm;
	struct proc *np;

	if (image_fork(&img, &p->mm->image) < 0)
		return -EAGAIN;
	/* another thread may open or close meanwhile */
	if (mm_locked)
		acquire(&p->leader->group.lock);
	int err = fdtable_copy(&fds, &p->leader->fds);
	if (mm_locked)
		release(&p->leader->group.lock);
	if (err < 0) {
		image_release(&img);
		return -ENOMEM;
	}
	if (!(mm = mm_fork(p->mm, &img))) {
		fdtable_free(&fds);
		image_release(&img);
		return -ENOMEM;
	}
	if (!(np = allocproc(mm))) {
		fdtable_free(&fds);
		image_release(&img);
		return -EAGAIN;
	}
	if (mm_locked)
		release(&np->lock);	/* the sleep lock's release may wake */
	np->fds = fds;
	vma_copy(p->mm, np->mm);
	*npp = np;
	return 0;
}

int fork(const struct clone_args *a)
{
	struct proc *p = myproc(), *L = p->leader, *np;

	/* under the memory's lock, which other threads' faults and mmaps
	 * take (docs/mm.md) */
	bool shared = mm_lock(p);
	int err = fork_copy(p, &np, shared);
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
	np->affinity = p->affinity;
	*np->trapframe = *p->trapframe;
	np->trapframe->regs[REG_A0] = 0;
	clone_apply(np, a);
	np->exec_sp = p->exec_sp;
	memcpy(np->core_limit, L->core_limit, sizeof(np->core_limit));
	memcpy(np->nofile_limit, L->nofile_limit, sizeof(np->nofile_limit));
	np->is32 = p->is32;
	np->pgid = L->pgid;
	np->sid = L->sid;
	np->umask = L->umask;
	np->altstack = p->altstack;
	memcpy(np->sigact, L->sigact, sizeof(np->sigact));
	np->sigblocked = p->sigblocked;
	mapname_hold(p->exe);
	np->exe = p->exe;
	memcpy(np->name, p->name, sizeof(np->name));
	int pid = np->pid;
	release(&np->lock);

	/* the group's child. No wait_lock if the group has one thread: no
	 * one looks for its children while it forks, and np is seen by
	 * others only once it is runnable (np->lock) */
	if (shared)
		acquire(&wait_lock);
	np->parent = L;
	np->ppid = L->pid;
	__atomic_add_fetch(&L->nchildren, 1, __ATOMIC_RELAXED);
	if (shared)
		release(&wait_lock);

	/* at home on this hart, where it runs once the parent waits (the
	 * usual fork, exec, wait) or gives way; an idle hart takes it if the
	 * parent goes on running (sched.c) */
	acquire(&np->lock);
	np->home = cpuid();
	sched_add(np);
	release(&np->lock);
	return pid;
}

/* Makes child's parent init, which is woken to reap it if it already
 * exited. Caller holds wait_lock. */
static void give_to_init(struct proc *child)
{
	__atomic_sub_fetch(&child->parent->nchildren, 1, __ATOMIC_RELAXED);
	child->parent = initproc;
	__atomic_store_n(&child->ppid, initproc->pid, __ATOMIC_RELAXED);
	__atomic_add_fetch(&initproc->nchildren, 1, __ATOMIC_RELAXED);
	wakeup_proc(initproc, initproc, false);
}

/* Gives p's children to init. Caller holds wait_lock. */
static void reparent(struct proc *p)
{
	for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
		if (__atomic_load_n(&p->nchildren, __ATOMIC_RELAXED) == 0)
			break;
		if (pp->parent == p)
			give_to_init(pp);
	}
}

/* The last thread of p's group lets go of what the group held: the
 * memory's regions and image, the descriptors, the cwd. */
static void group_release(struct proc *p)
{
	struct proc *L = p->leader;

	if (L == initproc)
		panic("init exited");
	vma_release_all(p);
	image_stats(p, &L->lstat);	/* final, before the memory goes */
	image_release(&p->mm->image);
	fdtable_free(&L->fds);
	proc_set_cwd(L, NULL);	/* a cwd holds its volume mounted */
}

/* Tells L's parent that the group is gone (all its threads have
 * exited), giving its children to init. Caller holds wait_lock. */
static void group_notify(struct proc *L)
{
	reparent(L);
	struct proc *parent = L->parent;
	if (parent->sigact[SIGCHLD].handler == SIG_IGN && parent != initproc) {
		/* a parent that ignores SIGCHLD leaves its children to be
		 * reaped by someone else, as on Linux: init does it (and a
		 * wait4 of the parent's sees ECHILD) */
		give_to_init(L);
	} else {
		signal_post(parent, SIGCHLD);
	}
	/* a parent in wait4 sleeps on itself (any of its threads); this
	 * hart is about to be free to run it */
	if (group_shared(parent))
		wakeup(parent);
	else
		wakeup_proc(parent, parent, true);
}

/*
 * Ends the calling thread with a wait status in Linux's encoding (exit
 * (2)). The group ends with its last thread: the parent is told then,
 * and wait4 reaps the leader, which stays a zombie until that time.
 */
void exit_thread(int wstatus)
{
	struct proc *p = myproc(), *L = p->leader;

	fd_unborrow(p);	/* an exit from inside a call (a bad sigreturn) */
	robust_list_release(p);	/* writes to shared pages: before they go */
	if (p->clear_child_tid) {	/* pthread_join's wait ends */
		uint32_t zero = 0;
		if (copyout(p->pagetable, p->clear_child_tid, &zero, sizeof(zero)) == 0)
			futex_wake_one(p->clear_child_tid);
	}
	bool last = thread_leave(p, &wstatus);
	if (last)
		group_release(p);
	if (p != L)
		thread_account(p);
	acquire(&wait_lock);
	if (last)
		group_notify(L);
	else if (L->group.nlive == 1)
		wakeup(&L->group);	/* an exec's de-thread waits for it */
	if (p == L) {
		acquire(&p->lock);
		p->xstatus = wstatus;
		p->state = ZOMBIE;
		p->group.dead = last;
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
	release(&wait_lock);
	thread_end(p);
}

/* Ends the calling thread's whole group (exit_group(2), a fatal
 * signal): the others are killed, the group's status is wstatus (or
 * that of an end another thread began first). */
void exit_proc(int wstatus)
{
	exit_thread(group_exit_start(wstatus));
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

/* Copies the group's fields of proc.h from L into p. */
static void take_group_fields(struct proc *p, struct proc *L)
{
	p->pgid = L->pgid;
	p->sid = L->sid;
	memcpy(p->sigact, L->sigact, sizeof(p->sigact));
	p->fds = L->fds;
	L->fds = (struct fdtable){ 0 };
	p->cwd = L->cwd;
	L->cwd = NULL;
	p->umask = L->umask;
	memcpy(p->core_limit, L->core_limit, sizeof(p->core_limit));
	memcpy(p->nofile_limit, L->nofile_limit, sizeof(p->nofile_limit));
	p->cpu_time += L->cpu_time;
	p->child_cpu_time = L->child_cpu_time;
	p->child_utime = L->child_utime;
	p->child_lstat = L->child_lstat;
	p->start_time = L->start_time;
	p->group.pending = L->group.pending;
	memcpy(p->group.sigfrom, L->group.sigfrom, sizeof(p->group.sigfrom));
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
	struct proc *parent = L->parent;
	p->parent = parent;
	p->ppid = L->ppid;
	p->nchildren = L->nchildren;
	for (struct proc *pp = proc; pp < &proc[NPROC]; pp++)
		if (pp->parent == L)
			pp->parent = p;
	acquire(&L->group.lock);
	list_del(&p->tlink);	/* from the old group's list, to its own */
	release(&L->group.lock);
	acquire(&L->lock);
	struct mm *mm = L->mm;
	void *tf = L->trapframe;
	int pid = L->pid;
	L->mm = NULL;
	L->trapframe = NULL;
	freeproc(L);
	release(&L->lock);
	acquire(&p->lock);
	p->pid = pid;
	group_init(p);
	release(&p->lock);
	release(&wait_lock);
	mm_put(mm);
	kfree(tf);
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

/* wait4(2): the pid of a reaped child, 0 (WNOHANG), or -ECHILD. */
int wait4(int pid, uint64_t status_addr, int options, struct child_usage *use)
{
	struct proc *p = myproc()->leader;	/* the group's children */

	acquire(&wait_lock);
	for (;;) {
		bool have_kids = false;
		int seen = 0;
		int nchildren = __atomic_load_n(&p->nchildren, __ATOMIC_RELAXED);
		for (struct proc *pp = proc; pp < &proc[NPROC] && seen < nchildren; pp++) {
			uint64_t user, sys;
			if (pp->parent != p || (seen++, !wait_matches(pp, pid, p->pgid)))
				continue;
			have_kids = true;
			acquire(&pp->lock);
			if (pp->state == ZOMBIE && pp->group.dead) {
				/* reaped even if the status cannot be stored, as on Linux */
				int cpid = pp->pid, st = pp->xstatus;
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
				/* its memory is freed after the locks are let go:
				 * wait_lock is everyone's, and freeing takes a while */
				struct mm *mm = pp->mm;
				void *tf = pp->trapframe;
				pp->mm = NULL;
				pp->trapframe = NULL;
				freeproc(pp);
				__atomic_sub_fetch(&p->nchildren, 1, __ATOMIC_RELAXED);
				release(&pp->lock);
				release(&wait_lock);
				mm_put(mm);
				kfree(tf);
				if (status_addr && copyout(myproc()->pagetable, status_addr, &st, sizeof(st)) < 0)
					return -EFAULT;
				return cpid;
			}
			release(&pp->lock);
		}
		if (!have_kids) {
			release(&wait_lock);
			return -ECHILD;
		}
		if ((options & WNOHANG)) {
			release(&wait_lock);
			return 0;
		}
		if (proc_killed(myproc())) {
			release(&wait_lock);
			return -EINTR;
		}
		sleep(p, &wait_lock);
	}
}

/* ^P on the console: every process, its state and what it sleeps on.
 * Takes no locks, so that it works when the system is stuck. */
void procdump(void)
{
	static const char *const states[] = {
		[UNUSED] = "unused", [USED] = "used", [SLEEPING] = "sleep",
		[RUNNABLE] = "runnable", [RUNNING] = "running", [ZOMBIE] = "zombie",
	};
	char line[128];

	console_write_kernel("\n", 1);
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		if (p->state == UNUSED)
			continue;
		int n = snprintf(line, sizeof(line), "%d %s %s chan=%p\n", p->pid,
				 states[p->state], p->name, p->chan);
		console_write_kernel(line, n);
	}
	for (int i = 0; i < NCPU; i++) {
		if (i > 0 && !cpus[i].hartid)
			continue;
		int n = snprintf(line, sizeof(line), "cpu %d: hart %lu running pid %d\n", i,
				 cpus[i].hartid, cpus[i].proc ? cpus[i].proc->pid : 0);
		console_write_kernel(line, n);
	}
}

/* The pid given last (/proc/loadavg's last field; fork's count). */
int proc_last_pid(void)
{
	acquire(&pid_lock);
	int pid = nextpid - 1;
	release(&pid_lock);
	return pid;
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

struct proc *proc_find(int pid)
{
	for (struct proc *p = proc; p < &proc[NPROC]; p++)
		if (p->pid == pid && proc_exists(p))
			return p;
	return NULL;
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
