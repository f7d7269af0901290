/*
 * The process registry: every process by its pid, in a two-level table
 * as Linux's idr (a page of entries for each range of pids in use, freed
 * when the range empties); the list of them all for the walks (signals
 * to a group, alarms, the load average); pids handed out as Linux does;
 * and the references that keep a process's memory while someone who
 * found it by pid looks at it.
 *
 * pids_lock guards the table, the list and each entry's counts. A walk
 * holds it, so what it visits stays; one that must sleep or wait goes
 * by pid instead (pid_next, proc_get). A process is registered by fork
 * (proc_register), holds the registry's reference until wait4 reaps it
 * (proc_unregister), and its memory goes with the last proc_put.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"

/* What a pid names: a process, and the groups and sessions named by it
 * (a pid stays taken while a live group or session has its number). */
struct pident {
	struct proc *proc;
	uint32_t pgrp;		/* processes whose pgid it is */
	uint32_t session;	/* processes whose sid it is */
};
#define PID_LEAF (PGSIZE / sizeof(struct pident))
#define NLEAF ((PID_MAX + PID_LEAF - 1) / PID_LEAF)

static struct spinlock pids_lock = SPINLOCK_INIT("pids", LOCK_PIDS);
static struct pident *pidmap[NLEAF];
static uint16_t leaf_used[NLEAF];	/* entries of the leaf in use */
/* The leaf emptied last, all zeros, kept for the next: a parent whose
 * children are alone in their leaf would otherwise make and free one at
 * every fork. Memory that is given back when it runs out (pid_reclaim),
 * as the text cache's is, and counted with it (sysinfo's bufferram). */
static struct pident *spare;
static struct list all = { &all, &all };
static int nprocs;
static int last_pid;

/* pid's entry, or NULL if its leaf is not there (or pid is out of
 * range). Caller holds pids_lock. */
static struct pident *entry(int pid)
{
	if (pid <= 0 || pid >= PID_MAX || !pidmap[pid / PID_LEAF])
		return NULL;
	return &pidmap[pid / PID_LEAF][pid % PID_LEAF];
}

static bool in_use(const struct pident *e) { return e && (e->proc || e->pgrp || e->session); }

/* pid's entry, its leaf made if need be; NULL if no memory. Caller
 * holds pids_lock; the entry must be put to use at once. */
static struct pident *entry_make(int pid)
{
	struct pident *e = entry(pid);

	if (!e && !(pidmap[pid / PID_LEAF] = __atomic_exchange_n(&spare, NULL, __ATOMIC_ACQUIRE)) &&
	    !(pidmap[pid / PID_LEAF] = kzalloc()))
		return NULL;
	e = entry(pid);
	if (!in_use(e))
		leaf_used[pid / PID_LEAF]++;
	return e;
}

/* After a change to e (pid's entry): its leaf goes once none is used. */
static void entry_done(int pid, struct pident *e)
{
	int leaf = pid / PID_LEAF;

	struct pident *none = NULL;

	if (in_use(e) || --leaf_used[leaf])
		return;
	if (!__atomic_compare_exchange_n(&spare, &none, pidmap[leaf], false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		kfree(pidmap[leaf]);
	pidmap[leaf] = NULL;
}

/* The spare leaf's page, given back: 1, or 0 if there was none. Takes
 * no lock: kalloc calls it, and may be called under pids_lock. */
int pid_reclaim(void)
{
	struct pident *leaf = __atomic_exchange_n(&spare, NULL, __ATOMIC_ACQUIRE);

	if (leaf)
		kfree(leaf);
	return leaf != NULL;
}

/* Pages kept that pid_reclaim would give back. */
int pid_spare_pages(void) { return __atomic_load_n(&spare, __ATOMIC_RELAXED) != NULL; }

/* The next free pid after the last one given, wrapping at PID_MAX to
 * PID_WRAP as Linux does; 0 if every one is taken. Caller holds
 * pids_lock. */
static int pid_pick(void)
{
	int pid = last_pid;

	for (int tries = 0; tries < PID_MAX; tries++) {
		if (++pid >= PID_MAX)
			pid = PID_WRAP;
		if (!in_use(entry(pid)))
			return last_pid = pid;
	}
	return 0;
}

static void group_hold(int id, bool session)
{
	struct pident *e = entry_make(id);	/* a live id: its leaf is there */

	if (session)
		e->session++;
	else
		e->pgrp++;
}

static void group_drop(int id, bool session)
{
	struct pident *e = entry(id);

	if (session)
		e->session--;
	else
		e->pgrp--;
	entry_done(id, e);
}

/*
 * Gives p a pid and enters it in the registry with one reference, the
 * registry's, in process group pgid and session sid (0: its own pid, as
 * the first process's are). -EAGAIN if no pid or no memory is left.
 */
int proc_register(struct proc *p, int pgid, int sid)
{
	struct pident *e;
	int pid;

	acquire(&pids_lock);
	if (!(pid = pid_pick()) || !(e = entry_make(pid))) {
		release(&pids_lock);
		return -EAGAIN;
	}
	e->proc = p;
	p->pid = pid;
	p->pgid = pgid ? pgid : pid;
	p->sid = sid ? sid : pid;
	group_hold(p->pgid, false);
	group_hold(p->sid, true);
	p->refs = 1;
	list_add_tail(&p->all, &all);
	nprocs++;
	release(&pids_lock);
	return pid;
}

/* Takes p (reaped) out of the registry; the caller then drops the
 * registry's reference (proc_put). */
void proc_unregister(struct proc *p)
{
	acquire(&pids_lock);
	struct pident *e = entry(p->pid);
	e->proc = NULL;
	entry_done(p->pid, e);
	group_drop(p->pgid, false);
	group_drop(p->sid, true);
	list_del(&p->all);
	nprocs--;
	release(&pids_lock);
}

/* The process pid names, with a reference (proc_put), or NULL. */
struct proc *proc_get(int pid)
{
	acquire(&pids_lock);
	struct pident *e = entry(pid);
	struct proc *p = e ? e->proc : NULL;
	if (p)
		__atomic_add_fetch(&p->refs, 1, __ATOMIC_RELAXED);
	release(&pids_lock);
	return p;
}

/* Another reference to p, which the caller holds one to (or which is
 * the caller, or its own thread's leader while the thread is live). */
struct proc *proc_hold(struct proc *p)
{
	__atomic_add_fetch(&p->refs, 1, __ATOMIC_RELAXED);
	return p;
}

/* proc_get(pid), or the caller for pid 0 (referenced too). */
struct proc *proc_get_or_self(int pid)
{
	return pid ? proc_get(pid) : proc_hold(myproc());
}

/* Drops a reference; the last one frees p's memory. Caller holds no
 * spinlock ranked at or above pids_lock. */
void proc_put(struct proc *p)
{
	if (__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) == 0)
		procslot_free(p);
}

/* Is pid a registered process's? */
bool pid_alive(int pid)
{
	acquire(&pids_lock);
	struct pident *e = entry(pid);
	bool alive = e && e->proc;
	release(&pids_lock);
	return alive;
}

/* The lowest registered pid at or above from, 0 if none: the walk of
 * one that sleeps between its steps (/proc's listing, filemap.c). */
int pid_next(int from)
{
	int found = 0;

	acquire(&pids_lock);
	for (int pid = from > 0 ? from : 1; pid < PID_MAX && !found; pid++) {
		if (!pidmap[pid / PID_LEAF]) {
			pid = (pid / PID_LEAF + 1) * PID_LEAF - 1;	/* the next leaf */
			continue;
		}
		if (entry(pid)->proc)
			found = pid;
	}
	release(&pids_lock);
	return found;
}

/* Calls fn on every registered process under pids_lock (so fn may not
 * sleep, and takes only locks ranked above it) until fn returns
 * nonzero, which is returned; 0 if none did. */
int proc_walk(int (*fn)(struct proc *p, void *arg), void *arg)
{
	int r = 0;

	acquire(&pids_lock);
	for (struct list *n = all.next; n != &all && !r; n = n->next)
		r = fn(list_entry(n, struct proc, all), arg);
	release(&pids_lock);
	return r;
}

/* Processes registered, any state (sysinfo, /proc/loadavg). */
int proc_count(void) { return __atomic_load_n(&nprocs, __ATOMIC_RELAXED); }

/* The pid given last (/proc/loadavg's last field). */
int proc_last_pid(void) { return __atomic_load_n(&last_pid, __ATOMIC_RELAXED); }

/* Is there a process in group pgid (a zombie's counts until reaped)? */
bool pgrp_exists(int pgid)
{
	acquire(&pids_lock);
	struct pident *e = entry(pgid);
	bool found = e && e->pgrp;
	release(&pids_lock);
	return found;
}

/* The session of process group pgid (TIOCSPGRP's check), or -ESRCH if
 * no process is in it. */
int pgrp_session(int pgid)
{
	int sid = -ESRCH;

	acquire(&pids_lock);
	for (struct list *n = all.next; n != &all && sid < 0; n = n->next) {
		struct proc *p = list_entry(n, struct proc, all);
		if (p->pgid == pgid)
			sid = p->sid;
	}
	release(&pids_lock);
	return sid;
}

/*
 * Moves p into process group pgid (its own pid's: a new group) and, if
 * session, a new session named by its pid too (setsid). -EPERM if pgid
 * is neither p's pid nor a group that exists, as on Linux.
 */
int proc_set_groups(struct proc *p, int pgid, bool session)
{
	acquire(&pids_lock);
	struct pident *e = entry(pgid);
	if (pgid != p->pid && !(e && e->pgrp)) {
		release(&pids_lock);
		return -EPERM;
	}
	group_hold(pgid, false);
	if (session)
		group_hold(p->pid, true);
	int old_pgid = p->pgid, old_sid = p->sid;
	acquire(&p->lock);
	p->pgid = pgid;
	if (session)
		p->sid = p->pid;
	release(&p->lock);
	group_drop(old_pgid, false);
	if (session)
		group_drop(old_sid, true);
	release(&pids_lock);
	return 0;
}

/* ^P's listing: every process, unless the registry is busy (the
 * listing must work when the system is stuck, so it never waits). */
void proc_dump_all(void (*fn)(struct proc *p))
{
	if (!try_acquire(&pids_lock)) {
		console_write_kernel("(process list busy)\n", 20);
		return;
	}
	for (struct list *n = all.next; n != &all; n = n->next)
		fn(list_entry(n, struct proc, all));
	release(&pids_lock);
}

/*
 * exec's de-thread: p, a thread, takes the place of L, its group's
 * leader (a zombie, to be unregistered next): their pids swap, and so
 * do the process groups and sessions each holds, so that L leaves with
 * p's tid and what p held.
 */
void proc_take_pid(struct proc *p, struct proc *L)
{
	acquire(&pids_lock);
	entry(p->pid)->proc = L;
	entry(L->pid)->proc = p;
	int pid = p->pid, pgid = p->pgid, sid = p->sid;
	p->pid = L->pid;
	p->pgid = L->pgid;
	p->sid = L->sid;
	L->pid = pid;
	L->pgid = pgid;
	L->sid = sid;
	release(&pids_lock);
}
