/*
 * Processes: the table, creation (fork), death (exit, wait4), and the
 * per-hart scheduler with sleep/wakeup.
 */
#include "defs.h"

struct cpu cpus[NCPU];
struct proc proc[NPROC];
static struct proc *initproc;

static struct spinlock pid_lock;
static int nextpid = 1;

/* Guards every p->parent, and keeps a parent's wakeup from being lost
 * between a child's exit and the parent's sleep in wait4. */
static struct spinlock wait_lock;

static void forkret(void);

void procinit(void)
{
	initlock(&pid_lock, "nextpid", LOCK_LEAF);
	initlock(&wait_lock, "wait_lock", LOCK_COND);
	initlock(&tickslock, "ticks", LOCK_COND);
	for (int i = 0; i < NPROC; i++) {
		initlock(&proc[i].lock, "proc", LOCK_PROC);
		proc[i].slot = i;
		proc[i].kstack = KSTACK(i);
	}
}

/* Interrupts must be off, so the process cannot move to another hart. */
int cpuid(void) { return (int)r_tp(); }
struct cpu *mycpu(void) { return &cpus[cpuid()]; }

/*
 * The process whose kernel stack we are on (NULL on a hart's boot stack,
 * in the scheduler). The stack stays the process's wherever it runs, so
 * unlike cpus[tp].proc this needs no interrupts off, whose CSR writes
 * are slow under QEMU, and myproc() is called everywhere.
 */
struct proc *myproc(void)
{
	uint64_t sp = r_sp();

	if (sp < KSTACK_AREA)
		return NULL;
	uint64_t slot = (sp - KSTACK_AREA) / ((KSTACK_PAGES + 1) * PGSIZE);
	return slot < NPROC ? &proc[slot] : NULL;
}

static int allocpid(void)
{
	acquire(&pid_lock);
	int pid = nextpid++;
	release(&pid_lock);
	return pid;
}

/* An empty user address space (the kernel's half is shared). */
pagetable_t proc_pagetable(struct proc *p)
{
	(void)p;
	return uvmcreate();
}

/* Frees a user page table and its pages. No hart may be using it. */
void proc_freepagetable(pagetable_t pt) { uvmfree(pt); }

static void freeproc(struct proc *p)
{
	if (p->trapframe)
		kfree(p->trapframe);
	p->trapframe = NULL;
	if (p->pagetable)
		proc_freepagetable(p->pagetable);
	p->pagetable = NULL;
	p->pid = 0;
	p->parent = NULL;
	p->name[0] = 0;
	p->chan = NULL;
	p->sigpending = 0;
	p->sigblocked = 0;
	p->has_saved_mask = false;
	p->clear_child_tid = 0;
	p->robust_list = 0;
	p->alarm_at = p->alarm_interval = 0;
	memset(p->sigact, 0, sizeof(p->sigact));
	memset(p->vmas, 0, sizeof(p->vmas));
	p->xstatus = 0;
	p->core_req = CORE_NONE;
	p->cpu_time = p->child_cpu_time = 0;
	memset(&p->lstat, 0, sizeof(p->lstat));
	memset(&p->child_lstat, 0, sizeof(p->child_lstat));
	p->state = UNUSED;
}

/* An UNUSED slot made USED, with p->lock held, ready to run forkret. */
static struct proc *allocproc(void)
{
	struct proc *p;

	for (p = proc; p < &proc[NPROC]; p++) {
		acquire(&p->lock);
		if (p->state == UNUSED)
			goto found;
		release(&p->lock);
	}
	return NULL;
found:
	p->pid = allocpid();
	p->state = USED;
	p->trapframe = kzalloc();
	if (p->trapframe)
		p->pagetable = proc_pagetable(p);
	if (!p->pagetable) {
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
	struct proc *p = allocproc();

	if (!p)
		panic("userinit");
	initproc = p;
	strlcpy(p->name, "init", sizeof(p->name));
	strlcpy(p->cwd, "/", sizeof(p->cwd));
	p->pgid = p->pid;
	p->loader = boot_loader_mode();
	p->core_limit[0] = p->core_limit[1] = ~0UL;	/* RLIM_INFINITY, inherited */
	p->state = RUNNABLE;
	release(&p->lock);
}

/* The loader=lazy|eager boot argument: how programs load unless a
 * process says otherwise (loader_mode(2)). Eager if absent. */
int boot_loader_mode(void)
{
	char mode[8];

	if (bootarg("loader", mode, sizeof(mode)) && strcmp(mode, "lazy") == 0)
		return LOADER_LAZY;
	return LOADER_EAGER;
}

static void start_init(void)
{
	static char *const argv[] = { "/init", NULL };
	static char *const envp[] = { "PATH=/bin", "HOME=/", NULL };
	struct file *con = console_file();

	for (int fd = 0; fd < 3; fd++)
		myproc()->ofile[fd] = fd == 0 ? con : filedup(con);
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

	release(&myproc()->lock);
	if (first) {
		/* Mounting sleeps on the disk, so it needs a process context. */
		first = false;
		fsinit();
		start_init();
	}
	usertrapret();
}

int fork(void)
{
	struct proc *p = myproc(), *np;
	struct image img;

	/* first, as opening a file may sleep and allocproc holds np->lock */
	if (image_fork(&img, &p->image) < 0)
		return -EAGAIN;
	if (!(np = allocproc())) {
		image_release(&img);
		return -EAGAIN;
	}
	if (uvmcopy(p->pagetable, np->pagetable) < 0) {
		freeproc(np);
		release(&np->lock);
		image_release(&img);
		return -ENOMEM;
	}
	np->image = img;
	np->loader = p->loader;
	*np->trapframe = *p->trapframe;
	np->trapframe->regs[REG_A0] = 0;
	for (int fd = 0; fd < NOFILE; fd++)
		if (p->ofile[fd])
			np->ofile[fd] = filedup(p->ofile[fd]);
	np->cloexec = p->cloexec;
	np->heap_start = p->heap_start;
	np->brk = p->brk;
	np->stack_low = p->stack_low;
	np->stack_exec = p->stack_exec;
	np->exec_sp = p->exec_sp;
	memcpy(np->core_limit, p->core_limit, sizeof(np->core_limit));
	np->is32 = p->is32;
	vma_copy(p, np);
	np->pgid = p->pgid;
	memcpy(np->sigact, p->sigact, sizeof(np->sigact));
	np->sigblocked = p->sigblocked;
	memcpy(np->exe, p->exe, sizeof(np->exe));
	memcpy(np->cwd, p->cwd, sizeof(np->cwd));
	memcpy(np->name, p->name, sizeof(np->name));
	int pid = np->pid;
	release(&np->lock);

	acquire(&wait_lock);
	np->parent = p;
	release(&wait_lock);

	acquire(&np->lock);
	np->state = RUNNABLE;
	release(&np->lock);
	if (runnable_count() > 1)
		kick_idle_hart();	/* else this hart runs it when the parent waits */
	return pid;
}

/* Gives p's children to init. Caller holds wait_lock. */
static void reparent(struct proc *p)
{
	for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
		if (pp->parent == p) {
			pp->parent = initproc;
			wakeup(initproc);
		}
	}
}

/* Ends the current process with a wait status in Linux's encoding. */
void exit_proc(int wstatus)
{
	struct proc *p = myproc();

	if (p == initproc)
		panic("init exited (status %x)", wstatus);
	robust_list_release(p);	/* writes to shared pages: before they go */
	vma_release_all(p);
	image_stats(p, &p->lstat);	/* final, before the memory goes */
	image_release(&p->image);
	if (p->clear_child_tid) {
		uint32_t zero = 0;
		copyout(p->pagetable, p->clear_child_tid, &zero, sizeof(zero));
	}
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->ofile[fd]) {
			fileclose(p->ofile[fd]);
			p->ofile[fd] = NULL;
		}
	}
	acquire(&wait_lock);
	reparent(p);
	struct proc *parent = p->parent;
	if (parent->sigact[SIGCHLD].handler == SIG_IGN && parent != initproc) {
		/* a parent that ignores SIGCHLD leaves its children to be
		 * reaped by someone else, as on Linux: init does it (and a
		 * wait4 of the parent's sees ECHILD) */
		p->parent = initproc;
		wakeup(initproc);
	} else {
		signal_post(parent, SIGCHLD);
	}
	wakeup_sync(parent);	/* this hart is about to be free to run it */
	acquire(&p->lock);
	p->xstatus = wstatus;
	p->state = ZOMBIE;
	release(&wait_lock);
	sched();
	panic("zombie exit");
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

#define WNOHANG 1

/* wait4(2): the pid of a reaped child, 0 (WNOHANG), or -ECHILD. */
int wait4(int pid, uint64_t status_addr, int options, struct child_usage *use)
{
	struct proc *p = myproc();

	acquire(&wait_lock);
	for (;;) {
		bool have_kids = false;
		for (struct proc *pp = proc; pp < &proc[NPROC]; pp++) {
			if (pp->parent != p || !wait_matches(pp, pid, p->pgid))
				continue;
			have_kids = true;
			acquire(&pp->lock);
			if (pp->state == ZOMBIE) {
				/* reaped even if the status cannot be stored, as on Linux */
				int cpid = pp->pid, st = pp->xstatus;
				struct child_usage u = { .cpu_time = pp->cpu_time + pp->child_cpu_time };
				loadstat_add(&u.load, &pp->lstat);
				loadstat_add(&u.load, &pp->child_lstat);
				if (use)
					*use = u;
				p->child_cpu_time += u.cpu_time;
				loadstat_add(&p->child_lstat, &u.load);
				/* its memory is freed after the locks are let go:
				 * wait_lock is everyone's, and freeing takes a while */
				pagetable_t pt = pp->pagetable;
				void *tf = pp->trapframe;
				pp->pagetable = NULL;
				pp->trapframe = NULL;
				freeproc(pp);
				release(&pp->lock);
				release(&wait_lock);
				proc_freepagetable(pt);
				kfree(tf);
				if (status_addr && copyout(p->pagetable, status_addr, &st, sizeof(st)) < 0)
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
		if (proc_killed(p)) {
			release(&wait_lock);
			return -EINTR;
		}
		sleep(p, &wait_lock);
	}
}

int proc_ppid(struct proc *p)
{
	acquire(&wait_lock);
	int ppid = p->parent ? p->parent->pid : 0;
	release(&wait_lock);
	return ppid;
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

struct proc *proc_find(int pid)
{
	for (struct proc *p = proc; p < &proc[NPROC]; p++)
		if (p->pid == pid && p->state != UNUSED)
			return p;
	return NULL;
}

/* Whether a live process's working directory is dir (len bytes, not
 * "/") or below it: umount must refuse. The caller holds the fs lock,
 * under which chdir changes a cwd. */
bool proc_cwd_within(const char *dir, size_t len)
{
	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		acquire(&p->lock);
		bool live = p->state != UNUSED && p->state != ZOMBIE;
		release(&p->lock);
		if (live && strncmp(p->cwd, dir, len) == 0 &&
		    (p->cwd[len] == 0 || p->cwd[len] == '/'))
			return true;
	}
	return false;
}

/* Bit i set: cpus[i] found nothing to run and waits in WFI. */
static volatile uint64_t idle_harts;

/* A process became runnable: wake one idle hart (not this one) with an
 * IPI, so it does not wait for its next timer tick to notice. Not when
 * this hart is idle itself (an interrupt in its scheduler loop): it will
 * run the process as soon as the handler returns. */
void kick_idle_hart(void)
{
	push_off();
	bool self_idle = mycpu()->proc == NULL;
	uint64_t others = idle_harts & ~(1UL << cpuid());
	pop_off();
	if (self_idle)
		return;
	for (int i = 0; i < NCPU; i++) {
		if ((others >> i) & 1) {
			sbi_send_ipi(1UL << cpus[i].hartid);
			return;
		}
	}
}

/* Each hart's loop: pick a runnable process, run it until it gives the
 * hart back. An idle hart waits for an interrupt (an IPI, a device, or
 * its timer, which is always armed). */
void scheduler(void)
{
	struct cpu *c = mycpu();
	uint64_t me = 1UL << cpuid();

	c->proc = NULL;
	for (;;) {
		intr_on();
		/* idle from before the scan, so a kick during it is not lost:
		 * its IPI stays pending and the WFI below returns at once */
		__atomic_or_fetch(&idle_harts, me, __ATOMIC_SEQ_CST);
		bool ran = false;
		for (struct proc *p = proc; p < &proc[NPROC]; p++) {
			/* a glance without the lock, then a look with it */
			if (*(volatile enum procstate *)&p->state != RUNNABLE)
				continue;
			acquire(&p->lock);
			if (p->state == RUNNABLE) {
				__atomic_and_fetch(&idle_harts, ~me, __ATOMIC_SEQ_CST);
				p->state = RUNNING;
				c->proc = p;
				p->run_start = r_time();
				swtch(&c->context, &p->context);
				p->cpu_time += r_time() - p->run_start;
				/* still under p->lock, so no one frees p's page
				 * table (exit, exec) while this hart uses it */
				vm_activate_kernel();
				c->proc = NULL;
				ran = true;
			}
			release(&p->lock);
		}
		if (!ran)
			__asm__ volatile("wfi");
	}
}

/* Switch to the scheduler. Caller holds only p->lock and has changed
 * p->state. intena belongs to this kernel thread, not the hart. */
void sched(void)
{
	struct proc *p = myproc();

	if (!holding(&p->lock))
		panic("sched: p->lock not held");
	if (mycpu()->noff != 1)
		panic("sched: locks held");
	if (p->state == RUNNING)
		panic("sched: running");
	if (intr_get())
		panic("sched: interruptible");
	int intena = mycpu()->intena;
	swtch(&p->context, &mycpu()->context);
	mycpu()->intena = intena;
}

void yield(void)
{
	struct proc *p = myproc();

	acquire(&p->lock);
	p->state = RUNNABLE;
	sched();
	release(&p->lock);
}

/* Atomically release lk and sleep on chan; reacquire lk when woken.
 * chan and state are set before lk is let go: wakeup() reads them
 * without p->lock, under lk. */
void sleep(void *chan, struct spinlock *lk)
{
	struct proc *p = myproc();

	acquire(&p->lock);
	p->chan = chan;
	p->state = SLEEPING;
	release(lk);
	sched();
	p->chan = NULL;
	release(&p->lock);
	acquire(lk);
}

/*
 * Wakes every process sleeping on chan. The caller holds the lock the
 * sleepers slept under, and a sleeper set its chan and state before it
 * let go of that lock, so reading them here without p->lock cannot miss
 * one; p->lock is taken only to make the change. (Taking every p->lock
 * in turn made each wakeup cost tens of microseconds under QEMU.)
 */
static bool wake_sleepers(void *chan);

void wakeup(void *chan)
{
	if (wake_sleepers(chan))
		kick_idle_hart();
}

/* A wakeup from a process about to give up its hart (exit): the hart
 * runs the woken one next, so no other hart is disturbed. */
void wakeup_sync(void *chan)
{
	wake_sleepers(chan);
}

/* Processes ready to run now (a glance: they may change meanwhile). */
int runnable_count(void)
{
	int n = 0;

	for (struct proc *p = proc; p < &proc[NPROC]; p++)
		n += *(volatile enum procstate *)&p->state == RUNNABLE;
	return n;
}

/* Makes the sleepers on chan runnable; true if there were any. */
static bool wake_sleepers(void *chan)
{
	struct proc *me = myproc();
	bool woke = false;

	for (struct proc *p = proc; p < &proc[NPROC]; p++) {
		if (p == me || *(volatile enum procstate *)&p->state != SLEEPING ||
		    *(void *volatile *)&p->chan != chan)
			continue;
		acquire(&p->lock);
		if (p->state == SLEEPING && p->chan == chan) {
			p->state = RUNNABLE;
			woke = true;
		}
		release(&p->lock);
	}
	return woke;
}
