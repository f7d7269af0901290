/*
 * procfs: one process's files (/proc/PID/...), made from its struct
 * proc and its memory at the time of each read. A process is found by
 * pid on every call, never kept: pids are not reused, so a file of a
 * process that has been reaped answers ESRCH. A zombie (exited, not yet
 * reaped) has no memory, descriptors or cwd left: its files say what
 * Linux's say of one (state Z, sizes 0, cmdline and maps empty, exe and
 * cwd ENOENT, environ ESRCH).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "dev/dev.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "fs/procfs/procfs.h"
#include "uapi/linux/auxvec.h"

#define USER_HZ 100		/* Linux's clock_t unit in /proc */
#define TTY_S0 (4 << 8 | 64)	/* the console's tty_nr: ttyS0, 4:64 */

/*
 * Another process's memory and descriptors change only while it runs:
 * exec and munmap free pages in its own context. Holding its p->lock
 * while it is not RUNNING keeps it off every hart (the scheduler only
 * try_acquires), so a wait for it to stop running, then the lock, is
 * all a reader needs.
 */
int procfs_with_proc(int pid, int (*fn)(struct proc *p, void *arg), void *arg)
{
	struct proc *me = myproc();

	for (int waits = 0;; waits++) {
		struct proc *p = proc_get(pid);
		if (!p)
			return -ESRCH;
		acquire(&p->lock);
		if (p->pid != pid || p->state == UNUSED) {
			release(&p->lock);
			proc_put(p);
			return -ESRCH;
		}
		if (p == me || (p->state != RUNNING && p->state != USED)) {
			int r = fn(p, arg);
			release(&p->lock);
			proc_put(p);
			return r;
		}
		release(&p->lock);
		proc_put(p);
		if (proc_killed(me))
			return -EINTR;
		/* two processes reading each other's files, each on a hart
		 * of its own with nothing else to run, could each find the
		 * other RUNNING for ever if they only yielded: after a few
		 * yields the reader sleeps a while, and the other reads */
		if (waits < 4)
			yield();
		else if (sleep_until(monotonic_ns() + 1000000) < 0)
			return -EINTR;
	}
}

static int alive(struct proc *p, void *arg) { return 0; }

bool procfs_pid_alive(int pid) { return procfs_with_proc(pid, alive, NULL) == 0; }

/* Up to n bytes of p's memory at va into dst, page by page through its
 * table (no faults: a page not there ends the copy). */
static size_t read_user(struct proc *p, uint64_t va, void *dst, size_t n)
{
	size_t done = 0;

	while (done < n) {
		uint64_t pa = walkaddr(p->pagetable, PGROUNDDOWN(va + done));
		if (!pa)
			break;
		uint64_t in = (va + done) % PGSIZE;
		size_t k = MIN(n - done, PGSIZE - in);
		memcpy((char *)dst + done, (void *)KVA(pa + in), k);
		done += k;
	}
	return done;
}

size_t procfs_copy_user(struct proc *p, uint64_t va, size_t n, struct pbuf *b)
{
	char chunk[256];
	size_t done = 0;

	while (done < n) {
		size_t want = MIN(sizeof(chunk), n - done);
		size_t k = read_user(p, va + done, chunk, want);
		pb_put(b, chunk, k);
		done += k;
		if (k < want)
			break;
	}
	return done;
}

/* The end of the NUL-terminated string at va (past its NUL), or 0. */
static uint64_t string_end(struct proc *p, uint64_t va)
{
	char c = 1;

	for (uint64_t a = va; a - va < MAXPATH * 4; a++)
		if (read_user(p, a, &c, 1) != 1 || c == 0)
			return c == 0 ? a + 1 : 0;
	return 0;
}

/*
 * The strings exec put on the stack: argv (which 0) or envp (which 1),
 * as Linux's arg_start..arg_end: every string of the array, each with
 * its NUL, read as one span (exec lays them out one after another).
 */
struct strings_arg {
	int which;
	struct pbuf *b;
};

static int strings_of(struct proc *p, void *arg)
{
	struct strings_arg *a = arg;
	uint64_t sp = p->exec_sp, argc = 0, first = 0, last = 0, ptr;

	if (p->state == ZOMBIE)
		return a->which ? -ESRCH : 0;	/* Linux's: no mm, no environ */
	if (!sp || read_user(p, sp, &argc, 8) != 8 || argc > ARG_MAX)
		return 0;
	/* argv[0..argc), NULL, then envp[] to its NULL */
	uint64_t vec = sp + 8 + (a->which ? (argc + 1) * 8 : 0);
	for (int i = 0; i < ARG_MAX; i++) {	/* each string takes a byte at least */
		if (read_user(p, vec + 8 * i, &ptr, 8) != 8 || !ptr || (a->which == 0 && i >= (int)argc))
			break;
		if (i == 0)
			first = ptr;
		last = ptr;
	}
	uint64_t end = last ? string_end(p, last) : 0;
	if (end > first)
		procfs_copy_user(p, first, end - first, a->b);
	return 0;
}

int procfs_pid_cmdline(int pid, struct pbuf *b)
{
	struct strings_arg a = { 0, b };
	return procfs_with_proc(pid, strings_of, &a);
}

int procfs_pid_environ(int pid, struct pbuf *b)
{
	struct strings_arg a = { 1, b };
	return procfs_with_proc(pid, strings_of, &a);
}

/* exec's auxv as Linux's /proc/PID/auxv gives it: the pairs up to and
 * with AT_NULL's, in the program's word size. A zombie has none. */
static int auxv_of(struct proc *p, void *arg)
{
	struct pbuf *b = arg;
	size_t w = p->is32 ? 4 : 8;	/* little-endian: a word's low bytes */

	if (p->state == ZOMBIE)
		return 0;
	const uint64_t *a = p->mm->image.auxv;
	for (int i = 0; i < 2 * IMAGE_AUXV; i += 2) {
		pb_put(b, &a[i], w);
		pb_put(b, &a[i + 1], w);
		if (a[i] == AT_NULL)
			break;
	}
	return 0;
}

int procfs_pid_auxv(int pid, struct pbuf *b)
{
	return procfs_with_proc(pid, auxv_of, b);
}

static char state_letter(struct proc *p)
{
	if (jobctl_parked(p))
		return 'T';
	switch (p->state) {
	case SLEEPING:
		return 'S';
	case ZOMBIE:
		return 'Z';
	default:
		return 'R';
	}
}

static uint64_t to_clock_t(uint64_t ticks) { return ticks * USER_HZ / bootinfo.timebase; }

/* Pages mapped in [start, end) of p, the ones in memory. */
static uint64_t resident(struct proc *p, uint64_t start, uint64_t end)
{
	uint64_t n = 0;

	for (uint64_t a = PGROUNDDOWN(start); a < end; a += PGSIZE)
		n += walkaddr_any(p->pagetable, a) != 0;
	return n;
}

/* What statm and status count, in pages: the whole space (size), what
 * of it is in memory (rss), the program's text and its data with the
 * heap and stack (data, Linux's "data + stack"). */
struct vmsize {
	uint64_t size, rss, text, data, stack;
	uint64_t locked;	/* pages of mlock'd regions */
};

static void vm_size(struct proc *p, struct vmsize *v)
{
	const struct image *img = &p->mm->image;
	uint64_t top = p->mm->stack_top;

	memset(v, 0, sizeof(*v));
	if (p->state == ZOMBIE)
		return;	/* its memory is gone */
	for (int i = 0; i < img->nseg; i++) {
		const struct elf_load *l = &img->seg[i];
		uint64_t lo = PGROUNDDOWN(l->vaddr), hi = PGROUNDUP(l->vaddr + l->memsz);
		uint64_t pages = (hi - lo) / PGSIZE;
		v->size += pages;
		v->rss += resident(p, lo, hi);
		if (l->flags & PF_X)
			v->text += pages;
		else
			v->data += pages;
	}
	uint64_t heap = (PGROUNDUP(p->mm->brk) - p->mm->heap_start) / PGSIZE;
	v->stack = (top - p->mm->stack_low) / PGSIZE;
	v->size += heap + v->stack;
	v->data += heap + v->stack;
	v->rss += resident(p, p->mm->heap_start, PGROUNDUP(p->mm->brk)) + resident(p, p->mm->stack_low, top);
	for (const struct vma *m = vma_first(p->mm); m; m = vma_next(m)) {
		v->size += (m->end - m->start) / PGSIZE;
		v->rss += resident(p, m->start, m->end);
		if (!m->name)
			v->data += (m->end - m->start) / PGSIZE;
		if (m->locked)
			v->locked += (m->end - m->start) / PGSIZE;
	}
}

static int stat_of(struct proc *p, void *arg)
{
	struct pbuf *b = arg;
	struct vmsize v;
	uint64_t user, sys;
	/* a zombie's addresses are 0, as Linux's (no mm) */
	bool mm = p->state != ZOMBIE;

	vm_size(p, &v);
	proc_times(p, &user, &sys);
	/* Linux's 52 fields (fs/proc/array.c do_task_stat); those this
	 * kernel does not keep are 0, as Linux gives them when unknown */
	pb_printf(b, "%d (%s) %c %d %d %d %d %d %u ", p->pid, p->name, state_letter(p),
		  proc_ppid(p), p->leader->pgid, p->leader->sid, TTY_S0, console_get_pgrp(), 0u);
	pb_printf(b, "%lu %lu %lu %lu ", p->lstat.faults - p->lstat.major_faults,
		  p->child_lstat.faults - p->child_lstat.major_faults, p->lstat.major_faults,
		  p->child_lstat.major_faults);
	pb_printf(b, "%lu %lu %lu %lu %d %d %d 0 %lu %lu %lu %lu ", to_clock_t(user),
		  to_clock_t(sys), to_clock_t(p->child_utime),
		  to_clock_t(p->child_cpu_time - p->child_utime), 20 + p->nice, p->nice,
		  group_threads(p),
		  to_clock_t(p->start_time),
		  v.size * PGSIZE, v.rss, ~0UL);
	pb_printf(b, "%lu %lu %lu 0 0 ", mm && p->mm->image.nseg ? p->mm->image.seg[0].vaddr : 0,
		  mm ? p->mm->heap_start : 0, mm ? p->mm->stack_top : 0);
	pb_printf(b, "%lu %lu 0 0 0 0 0 17 %d 0 0 0 0 0 ", p->sigpending, p->sigblocked,
		  p->home);
	pb_printf(b, "0 %lu %lu 0 0 0 0 %d\n", mm ? p->mm->heap_start : 0, mm ? p->mm->brk : 0,
		  p->xstatus);
	return 0;
}

int procfs_pid_stat(int pid, struct pbuf *b) { return procfs_with_proc(pid, stat_of, b); }

/* comm: the name stat shows in parentheses, on a line. */
static int comm_of(struct proc *p, void *arg)
{
	pb_printf(arg, "%s\n", p->name);
	return 0;
}

int procfs_pid_comm(int pid, struct pbuf *b) { return procfs_with_proc(pid, comm_of, b); }

static int statm_of(struct proc *p, void *arg)
{
	struct vmsize v;

	vm_size(p, &v);
	pb_printf(arg, "%lu %lu 0 %lu 0 %lu 0\n", v.size, v.rss, v.text, v.data);
	return 0;
}

int procfs_pid_statm(int pid, struct pbuf *b) { return procfs_with_proc(pid, statm_of, b); }

/* The signals p ignores (ign) or catches (!ign): SigIgn, SigCgt. */
static uint64_t sig_mask(const struct proc *p, bool ign)
{
	uint64_t m = 0;

	for (int s = 1; s < NSIG; s++) {
		uint64_t h = p->leader->sigact[s].handler;
		if (ign ? h == SIG_IGN : h > SIG_IGN)
			m |= 1UL << (s - 1);
	}
	return m;
}

/* status's memory lines, in kB */
static void vm_lines(struct pbuf *b, const struct vmsize *v)
{
	pb_printf(b, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8u kB\n",
		  v->size * 4, v->size * 4, v->locked * 4, 0);
	pb_printf(b, "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n", v->rss * 4, v->rss * 4);
	pb_printf(b, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n",
		  (v->data - v->stack) * 4, v->stack * 4, v->text * 4);
}

static int status_of(struct proc *p, void *arg)
{
	static const char *const names[] = {
		[UNUSED] = "X (dead)", [USED] = "R (running)", [SLEEPING] = "S (sleeping)",
		[RUNNABLE] = "R (running)", [RUNNING] = "R (running)", [ZOMBIE] = "Z (zombie)",
	};
	struct pbuf *b = arg;
	struct vmsize v;
	/* a zombie's has no Umask (no fs) and no Vm lines (no mm), and
	 * FDSize 0 (no files), as Linux's */
	bool live = p->state != ZOMBIE;

	pb_printf(b, "Name:\t%s\n", p->name);
	if (live)
		pb_printf(b, "Umask:\t%04o\n", p->leader->umask);
	pb_printf(b, "State:\t%s\n", jobctl_parked(p) ? "T (stopped)" : names[p->state]);
	pb_printf(b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", p->tgid, p->pid,
		  proc_ppid(p));
	pb_printf(b, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%lu\nGroups:\t\n",
		  live ? p->leader->nofile_limit[0] : 0);
	if (live) {
		vm_size(p, &v);
		vm_lines(b, &v);
	}
	pb_printf(b, "Threads:\t%d\nSigQ:\t0/0\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n",
		  group_threads(p), p->sigpending, p->leader->group.pending);
	pb_printf(b, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", p->sigblocked,
		  sig_mask(p, true), sig_mask(p, false));
	pb_printf(b, "Cpus_allowed:\t%lx\nCpus_allowed_list:\t0-%d\n", p->affinity,
		  harts_running() - 1);
	return 0;
}

int procfs_pid_status(int pid, struct pbuf *b) { return procfs_with_proc(pid, status_of, b); }

/* exe's target: the path exec ran, copied under the lock. */
struct link_arg {
	char *buf;
	size_t size;
	size_t len;
};

static int exe_of(struct proc *p, void *arg)
{
	struct link_arg *a = arg;

	if (!p->exe || p->state == ZOMBIE)
		return -ENOENT;	/* a kernel-made process runs no file; a zombie none now */
	a->len = MIN(strlen(p->exe->path), a->size);
	memcpy(a->buf, p->exe->path, a->len);
	return 0;
}

int procfs_pid_exe(int pid, char *buf, size_t size)
{
	struct link_arg a = { buf, size, 0 };
	int err = procfs_with_proc(pid, exe_of, &a);

	return err < 0 ? err : (int)a.len;
}

/* Up to size bytes of vn's path into buf, without its NUL: its length.
 * The walk up reads directories, so no lock may be held. */
static int node_link(struct vnode *vn, char *buf, size_t size)
{
	char *path = kalloc();
	int err = path ? vn_path(vn, path, PGSIZE) : -ENOMEM;

	if (err == 0) {
		err = (int)MIN(strlen(path), size);
		memcpy(buf, path, err);
	}
	kfree(path);
	return err;
}

/* The working directory, referenced: named after the lock goes. */
static int cwd_of(struct proc *p, void *arg)
{
	struct vnode **out = arg;

	if (p->state == ZOMBIE)
		return -ENOENT;	/* exit let it go */
	*out = p->leader->cwd ? vref(p->leader->cwd) : vfs_root();
	return *out ? 0 : -ENOENT;
}

int procfs_pid_cwd(int pid, char *buf, size_t size)
{
	struct vnode *cwd;
	int err = procfs_with_proc(pid, cwd_of, &cwd);

	if (err < 0)
		return err;
	err = node_link(cwd, buf, size);
	vput(cwd);
	return err;
}

static int next_fd_of(struct proc *p, void *arg)
{
	for (int fd = *(int *)arg; fd < NOFILE_MAX; fd++) {
		if (!p->leader->fds.page[fd / FDS_PER_PAGE]) {
			fd |= FDS_PER_PAGE - 1;	/* no page: none of its slots */
			continue;
		}
		struct fdslot *s = fd_slot(p, fd);
		if (s && s->file)
			return fd;
	}
	return -ENOENT;
}

int procfs_pid_next_fd(int pid, int fd) { return procfs_with_proc(pid, next_fd_of, &fd); }

/* The group of pid: its leader, referenced, or NULL once it is gone.
 * Through the tgid, not p->leader: a thread that has ended is its own
 * leader, and the group's may be reaped while we look. */
static struct proc *group_of(int pid)
{
	struct proc *p = proc_get(pid), *L;

	if (!p)
		return NULL;
	int tgid = p->tgid;
	proc_put(p);
	if (!(L = proc_get(tgid)))
		return NULL;
	if (L->leader != L || L->state == UNUSED) {
		proc_put(L);
		return NULL;
	}
	return L;
}

int procfs_pid_tgid(int pid)
{
	struct proc *L = group_of(pid);
	int tgid = L ? L->pid : -ESRCH;

	if (L)
		proc_put(L);
	return tgid;
}

/* The leader is listed until the group is reaped, as on Linux, where
 * a leader that has ended stays in its group as a zombie. */
int procfs_pid_next_tid(int pid, int tid)
{
	struct proc *L = group_of(pid);
	int best = -ENOENT;

	if (!L)
		return -ESRCH;
	if (L->pid >= tid)
		best = L->pid;
	acquire(&L->group.lock);
	for (struct list *n = L->group.threads.next; n != &L->group.threads; n = n->next) {
		int t = list_entry(n, struct proc, tlink)->pid;
		if (t >= tid && (best < 0 || t < best))
			best = t;
	}
	release(&L->group.lock);
	proc_put(L);
	return best;
}

/* The open file behind a descriptor, referenced: described after the
 * lock goes (naming a file may read the disk). */
struct fd_arg {
	int fd;
	struct file *f;
};

static int fd_of(struct proc *p, void *arg)
{
	struct fd_arg *a = arg;
	struct fdslot *s = fd_slot(p, a->fd);

	if (!s || !s->file)
		return -ENOENT;
	a->f = filedup(s->file);
	return 0;
}

/* What Linux's readlink of /proc/PID/fd/N gives for the file: a
 * directory's path found again from its node (it may have moved), a
 * file's as it was opened (a file's node knows no parent). */
static int describe(struct file *f, char *buf, size_t size)
{
	char s[40];

	if (f->type == FD_VNODE && vn_is_dir(f->vn))
		return node_link(f->vn, buf, size);
	const char *text = f->path;
	if (f->type == FD_PIPE) {
		snprintf(s, sizeof(s), "pipe:[%lu]", file_ino(f));
		text = s;
	} else if (f->type == FD_OBJ && !strcmp(f->ops->kind, "socket")) {
		snprintf(s, sizeof(s), "socket:[%lu]", file_ino(f));
		text = s;
	} else if (f->type == FD_OBJ) {
		snprintf(s, sizeof(s), "anon_inode:[%s]", f->ops->kind);
		text = s;
	}
	size_t len = MIN(strlen(text), size);
	memcpy(buf, text, len);
	return (int)len;
}

/* /proc/PID/fd/N as Linux's magic link: the node of the open file
 * itself (1), whatever its name now (an unlinked file, a memfd); 0 for
 * a pipe, which has no node: its link's text names nothing. */
int procfs_pid_fd_node(int pid, int fd, struct vnode **out)
{
	struct fd_arg a = { fd, NULL };
	int err = procfs_with_proc(pid, fd_of, &a);

	if (err < 0)
		return err;
	int r = a.f->type == FD_VNODE;
	if (r)
		*out = vref(a.f->vn);
	fileclose(a.f);
	return r;
}

int procfs_pid_fd(int pid, int fd, char *buf, size_t size)
{
	struct fd_arg a = { fd, NULL };
	int err = procfs_with_proc(pid, fd_of, &a);

	if (err < 0)
		return err;
	int len = describe(a.f, buf, size);
	fileclose(a.f);
	return len;
}
