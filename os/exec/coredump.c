/*
 * Core dumps: a process's registers and user memory as an ELF core file
 * that gdb opens, written through the FAT write path. The memory comes
 * from the process's Sv39 page table: every valid user leaf (4 KiB
 * pages, and 2 MiB or 1 GiB superpages where present), in address
 * order, fused into one PT_LOAD per run of the same permissions
 * (core_layout.c). Only what is mapped is dumped: a page not yet
 * faulted in is not there. A 32-bit process gets an ELFCLASS32 core,
 * Linux rv32's layout, by the same code: the class is a word size.
 *
 * A process always dumps itself, on its own kernel stack, so its
 * address space cannot change under the dump: when a default action
 * kills it (coredump_fatal), or when coredump(2) asks it to (a live
 * dump, served on its next return to user mode, coredump_serve).
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "fs/fs.h"
#include "exec/elf.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "exec/core_layout.h"

#define DEFAULT_PATTERN "/core/%e.%p"
#define PATTERN_FILE "/etc/core_pattern"
#define NT_FILE_MAX (4 << 20)	/* a larger list is left out, as Linux's MAX_FILE_NOTE_SIZE */

/*
 * NT_FILE's list, one at a time (core_ntfile asks in order, twice
 * over): the file-backed pages of the program and its interpreter,
 * each segment's file part where exec loaded it (the image record),
 * then the regions mmap made of files (the libraries ld.so maps among
 * them). As many as the process has: the note is written as the list
 * is walked, kept in no buffer.
 */
struct file_list {
	struct proc *p;
	int n;			/* files in the list */
	int nimage;		/* of them the image's segments with file bytes */
	const struct vma *v;	/* the region given last */
};

/* Everything one dump builds before it writes, in one page: the notes'
 * payloads as bytes of the process's class, and their sizes. */
struct core_work {
	struct core_task task;
	uint8_t prstatus[CORE_PRSTATUS_MAX], prpsinfo[CORE_PRPSINFO_MAX];
	uint8_t siginfo[CORE_SIGINFO_SIZE], fpregs[CORE_FPREGS_SIZE];
	uint8_t auxv[16 * IMAGE_AUXV];
	size_t nprstatus, nprpsinfo, nsiginfo, nfpregs, nauxv;
	struct file_list files;
};
_Static_assert(sizeof(struct core_work) <= PGSIZE, "core_work fits a page");

/* A long's bytes in p's class: its core is ELFCLASS64 or ELFCLASS32. */
static unsigned core_word(const struct proc *p) { return p->is32 ? CORE_WORD32 : CORE_WORD64; }

/* ---- the page table ---- */

static uint32_t pte_pflags(pte_t pte)
{
	pte = pte_prot(pte);
	return (pte & PTE_R ? PF_R : 0) | (pte & PTE_W ? PF_W : 0) | (pte & PTE_X ? PF_X : 0);
}

/* A leaf's memory must be RAM: the kernel reads it at KVA(pa). */
static bool in_ram(uint64_t pa, uint64_t size)
{
	uint64_t lo = bootinfo.mem_base, hi = lo + bootinfo.mem_size;

	return pa % size == 0 && pa >= lo && pa <= hi && size <= hi - pa;
}

typedef void visit_fn(void *ctx, uint64_t va, uint64_t size, uint64_t pa, uint32_t flags);

/* Calls visit for every user leaf below pt (a table at level), in
 * address order. At the top only the user half (the rest is the
 * kernel's), or for a 32-bit process its 2 GiB: no address past 4 GiB
 * could be named in its core, and it has nothing there. */
static void walk_user(pagetable_t pt, int level, uint64_t base, bool is32, visit_fn *visit,
		      void *ctx)
{
	int end = level < 2 ? 512 : is32 ? PX(2, USER_TOP32 - 1) + 1 : KERNEL_HALF;

	for (int i = 0; i < end; i++) {
		pte_t pte = pt[i];
		uint64_t va = base | ((uint64_t)i << PXSHIFT(level));
		uint64_t size = 1UL << PXSHIFT(level);
		if (!(pte & PTE_V))
			continue;
		if (!(pte & (PTE_R | PTE_W | PTE_X))) {
			if (level > 0)	/* a pointer at level 0 is malformed: skipped */
				walk_user((pagetable_t)KVA(PTE2PA(pte)), level - 1, va, is32, visit,
					  ctx);
			continue;
		}
		if ((pte & PTE_U) && in_ram(PTE2PA(pte), size))
			visit(ctx, va, size, PTE2PA(pte), pte_pflags(pte));
	}
}

/* The kernel address of user byte va if it is in a readable user leaf
 * (of any size), or 0. Touches nothing: no stack growth, no faulting. */
static uint64_t user_byte(pagetable_t pt, uint64_t va)
{
	if (va >= MAXVA)
		return 0;
	for (int level = 2; level >= 0; level--) {
		pte_t pte = pt[PX(level, va)];
		uint64_t size = 1UL << PXSHIFT(level);
		if (!(pte & PTE_V))
			return 0;
		if (pte & (PTE_R | PTE_W | PTE_X)) {
			if ((pte & (PTE_U | PTE_R)) != (PTE_U | PTE_R) || !in_ram(PTE2PA(pte), size))
				return 0;
			return KVA(PTE2PA(pte) + (va & (size - 1)));
		}
		pt = (pagetable_t)KVA(PTE2PA(pte));
	}
	return 0;
}

static bool read_user(pagetable_t pt, void *dst, uint64_t va, size_t n)
{
	while (n > 0) {
		uint64_t k = user_byte(pt, va);
		size_t chunk = MIN(n, PGSIZE - va % PGSIZE);
		if (!k)
			return false;
		memcpy(dst, (void *)k, chunk);
		dst = (char *)dst + chunk;
		va += chunk;
		n -= chunk;
	}
	return true;
}

/* ---- what the notes say ---- */

/*
 * The arguments (joined by spaces, cut to fit), read from where exec
 * left them on the stack: argc, argv[], NULL, in words of the process's
 * class. A program that has overwritten them gets what is there now, as
 * on Linux.
 */
static void read_args(struct proc *p, struct core_work *w)
{
	pagetable_t pt = p->pagetable;
	uint64_t sp = p->exec_sp, argc = 0, ptr = 0, len = 0;
	unsigned word = w->task.word;	/* little-endian: the low bytes of argc and ptr */
	char *out = w->task.psargs;

	if (!sp || !read_user(pt, &argc, sp, word) || argc > ARG_MAX)
		return;
	for (uint64_t i = 0; i < argc; i++) {
		if (!read_user(pt, &ptr, sp + word + i * word, word))
			return;
		for (char c = 1; c && len + 1 < sizeof(w->task.psargs); len++) {
			if (!read_user(pt, &c, ptr++, 1))
				c = 0;
			out[len] = c ? c : ' ';
		}
	}
	out[len ? len - 1 : 0] = 0;
}

/* NT_AUXV's pairs: the auxv exec gave the program, to its AT_NULL. */
static int auxv_pairs(const struct image *img)
{
	int n = 0;

	while (n < IMAGE_AUXV - 1 && img->auxv[2 * n] != 0)
		n++;
	return n + 1;
}

static uint64_t ticks_to_us(uint64_t t)
{
	return t / bootinfo.timebase * 1000000 + t % bootinfo.timebase * 1000000 / bootinfo.timebase;
}

/* What NT_PRSTATUS and NT_PRFPREG say of thread p: its ids, signals,
 * times and the user registers of its last trap. */
static void task_regs(struct proc *p, int sig, struct core_task *t)
{
	struct trapframe *tf = p->trapframe;

	t->word = core_word(p);
	t->pid = p->pid;
	t->ppid = proc_ppid(p);
	t->pgrp = p->leader->pgid;
	t->sig = sig;
	t->sigpend = p->sigpending;
	t->sighold = p->sigblocked;
	uint64_t user, sys;
	proc_times(p, &user, &sys);
	t->utime_us = ticks_to_us(user);
	t->stime_us = ticks_to_us(sys);
	t->cutime_us = ticks_to_us(p->child_utime);
	t->cstime_us = ticks_to_us(p->child_cpu_time - p->child_utime);
	t->regs[0] = tf->epc;
	for (int i = 1; i < 32; i++)
		t->regs[i] = tf->regs[i];
	memcpy(t->fregs, tf->fregs, sizeof(t->fregs));
	t->fcsr = tf->fcsr;
}

static void fill_task(struct proc *p, int sig, uint64_t addr, struct core_work *w)
{
	struct core_task *t = &w->task;

	task_regs(p, sig, t);
	t->fault_addr = addr;
	t->state = 'R';
	strlcpy(t->fname, p->name, sizeof(t->fname));
	read_args(p, w);
	w->nprstatus = core_fill_prstatus(w->prstatus, t);
	w->nprpsinfo = core_fill_prpsinfo(w->prpsinfo, t);
	w->nsiginfo = core_fill_siginfo(w->siginfo, t);
	w->nfpregs = core_fill_fpregs(w->fpregs, t);
	w->nauxv = core_fill_auxv(w->auxv, t->word, p->mm->image.auxv,
				  auxv_pairs(&p->mm->image));
}

static bool has_file(const struct vma *v) { return v->name != NULL; }

/* The list of p's files: how many (n) it has. */
static void file_list_start(struct file_list *fl, struct proc *p)
{
	const struct image *img = &p->mm->image;
	int n = 0;

	for (int i = 0; i < img->nseg; i++)
		n += img->seg[i].filesz != 0;
	*fl = (struct file_list){ .p = p, .nimage = n };
	for (const struct vma *v = vma_first(p->mm); v; v = vma_next(v))
		n += has_file(v);
	fl->n = n;
}

static void image_file(struct proc *p, int k, struct core_filemap *m)
{
	const struct image *img = &p->mm->image;

	for (int i = 0; i < img->nseg; i++) {
		const struct elf_load *l = &img->seg[i];
		if (l->filesz == 0 || k-- > 0)
			continue;
		*m = (struct core_filemap){
			PGROUNDDOWN(l->vaddr), PGROUNDUP(l->vaddr + l->filesz), l->offset / PGSIZE,
			img->seg_file[i] == IMAGE_INTERP ? img->interp : p->exe ? p->exe->path : "",
		};
		return;
	}
}

static void file_at(void *ctx, int i, struct core_filemap *m)
{
	struct file_list *fl = ctx;

	if (i < fl->nimage) {
		image_file(fl->p, i, m);
		return;
	}
	fl->v = i == fl->nimage ? vma_first(fl->p->mm) : vma_next(fl->v);
	while (!has_file(fl->v))
		fl->v = vma_next(fl->v);
	*m = (struct core_filemap){ fl->v->start, fl->v->end, fl->v->offset / PGSIZE,
				    fl->v->name->path };
}

/* ---- the file ---- */

/* The core's absolute path from the pattern (PATTERN_FILE's first line,
 * if there is one), into path (MAXPATH bytes). */
static int core_path(struct proc *p, int sig, char *path)
{
	char pattern[128], *expanded = path + MAXPATH / 2;
	struct file *f;
	ssize_t n = 0;

	strlcpy(pattern, DEFAULT_PATTERN, sizeof(pattern));
	if (file_open(PATTERN_FILE, O_RDONLY, &f) == 0) {
		n = fileread(f, (uint64_t)pattern, sizeof(pattern) - 1, false);
		fileclose(f);
		pattern[n > 0 ? n : 0] = 0;
		char *nl = strchr(pattern, '\n');
		if (nl)
			*nl = 0;
		if (!pattern[0])
			strlcpy(pattern, DEFAULT_PATTERN, sizeof(pattern));
	}
	int err = core_expand(expanded, MAXPATH / 2, pattern, p->name, p->pid, sig,
			      realtime_ns() / 1000000000);
	if (err < 0)
		return err;
	char *abs = kalloc();
	struct vnode *cwd = cwd_ref();
	if (!abs)
		err = -ENOMEM;
	else if ((err = path_absolute(cwd, expanded, abs, PGSIZE)) == 0)
		strlcpy(path, abs, MAXPATH);
	vput(cwd);
	kfree(abs);
	return err;
}

/* Creates (or empties) the core file, making its directory if missing. */
static int core_open(const char *path, struct file **f)
{
	char *dir = kalloc();
	int err = file_open(path, O_WRONLY | O_CREAT | O_TRUNC, f);

	if (err == -ENOENT && dir) {
		strlcpy(dir, path, MAXPATH);
		char *slash = dir;
		for (char *s = dir; *s; s++)
			if (*s == '/')
				slash = s;
		if (slash != dir) {
			struct vnode *vn;
			*slash = 0;
			if (vfs_create_at(NULL, dir, S_IFDIR | 0755, &vn) == 0)
				vput(vn);
			err = file_open(path, O_WRONLY | O_CREAT | O_TRUNC, f);
		}
	}
	kfree(dir);
	return err;
}

static int file_write(void *ctx, uint64_t off, const void *buf, size_t n)
{
	struct file *f = ctx;
	struct uio u = { (uint64_t)buf, n, false };
	long put = f->vn->ops->write(f->vn, NULL, off, &u);

	return put == (long)n ? 0 : put < 0 ? (int)put : -ENOSPC;
}

/* ---- the three passes over the page table ---- */

enum { PASS_COUNT, PASS_HEADERS, PASS_DATA };

struct pass {
	int mode;
	struct core_fuse fuse;
	uint64_t nload, bytes;	/* PASS_COUNT's answers */
	uint64_t offset;	/* PASS_HEADERS: where the next PT_LOAD's bytes go */
	const struct core_layout *layout;	/* PASS_HEADERS: the class, for the headers */
	struct core_sink *sink;
};

static void interval_done(struct pass *ps, const struct core_interval *iv)
{
	uint8_t ph[CORE_HDR_MAX];

	if (ps->mode == PASS_COUNT) {
		ps->nload++;
		ps->bytes += iv->end - iv->start;
	} else {
		core_emit(ps->sink, ph, core_load_phdr(ps->layout, iv, ps->offset, ph));
		ps->offset += iv->end - iv->start;
	}
}

static void visit(void *ctx, uint64_t va, uint64_t size, uint64_t pa, uint32_t flags)
{
	struct pass *ps = ctx;
	struct core_interval iv;

	if (ps->mode == PASS_DATA) {
		for (uint64_t off = 0; off < size && !ps->sink->err; off += PGSIZE)
			core_emit(ps->sink, (void *)KVA(pa + off), PGSIZE);
	} else if (core_fuse_add(&ps->fuse, va, size, flags, &iv)) {
		interval_done(ps, &iv);
	}
}

static void run_pass(struct proc *p, struct pass *ps)
{
	struct core_interval iv;

	walk_user(p->pagetable, 2, 0, p->is32, visit, ps);
	if (ps->mode != PASS_DATA && core_fuse_end(&ps->fuse, &iv))
		interval_done(ps, &iv);
}

struct note {
	const char *name;
	uint32_t type;
	const void *desc;	/* NULL: NT_FILE's, written from the file list */
	size_t size;
};

/* The notes of the group's other threads (gdb's info threads): an
 * NT_PRSTATUS and an NT_PRFPREG each, after the dumping thread's, as
 * Linux writes them. Their registers are copied under the group's lock
 * (a thread off the list may be gone), from their last trap; the
 * group's end stops them before the memory is written (coredump_fatal). */
struct thread_regs {
	uint8_t ps[CORE_PRSTATUS_MAX];
	uint8_t fp[CORE_FPREGS_SIZE];
};
#define REGS_PER_PAGE (PGSIZE / sizeof(struct thread_regs))
#define MAX_NOTES (PGSIZE / sizeof(struct note))
#define THREAD_PAGES 12
struct thread_notes {
	struct thread_regs *page[THREAD_PAGES];
	int n;
};

/* Each other live thread of p's group into tn (as many as its pages and
 * the notes' page hold), and its two notes after notes[*nnotes]. */
static void gather_threads(struct proc *p, int sig, struct thread_notes *tn, struct note *notes,
			   int *nnotes)
{
	struct proc *L = p->leader;
	struct core_task *t = kalloc();
	int cap = 0;

	tn->n = 0;
	if (!t || !group_shared(p)) {
		kfree(t);
		return;
	}
	for (int i = 0; i < THREAD_PAGES && cap < group_threads(p) - 1; i++)
		if ((tn->page[i] = kalloc()))
			cap += REGS_PER_PAGE;
	acquire(&L->group.lock);
	for (struct list *n = L->group.threads.next; n != &L->group.threads; n = n->next) {
		struct proc *other = list_entry(n, struct proc, tlink);
		if (other == p || tn->n >= cap || *nnotes + 2 > (int)MAX_NOTES)
			continue;
		struct thread_regs *r = &tn->page[tn->n / REGS_PER_PAGE][tn->n % REGS_PER_PAGE];
		task_regs(other, sig, t);
		notes[(*nnotes)++] = (struct note){ "CORE", NT_PRSTATUS, r->ps,
						    core_fill_prstatus(r->ps, t) };
		notes[(*nnotes)++] = (struct note){ "CORE", NT_PRFPREG, r->fp,
						    core_fill_fpregs(r->fp, t) };
		tn->n++;
	}
	release(&L->group.lock);
	kfree(t);
}

static void free_thread_notes(struct thread_notes *tn)
{
	for (int i = 0; i < THREAD_PAGES; i++)
		kfree(tn->page[i]);
}

/* Headers, notes, memory: the whole file through the sink. */
static void write_note(struct core_sink *s, const struct note *n, struct file_list *files)
{
	if (n->desc) {
		core_note(s, n->name, n->type, n->desc, n->size);
		return;
	}
	core_note_begin(s, n->name, n->type, n->size);
	core_ntfile(s, core_word(files->p), files->n, file_at, files);
	core_note_end(s, n->size);
}

static void write_core(struct proc *p, struct core_sink *s, const struct note *notes, int nnotes,
		       struct file_list *files)
{
	struct pass ps = { .mode = PASS_COUNT };
	struct core_layout l;
	uint64_t notes_size = 0;
	uint8_t h[CORE_HDR_MAX];
	int err;

	for (int i = 0; i < nnotes; i++)
		notes_size += core_note_size(notes[i].name, notes[i].size);
	run_pass(p, &ps);
	err = core_plan(&l, core_word(p), ps.nload, notes_size, ps.bytes);
	if (err < 0) {
		s->err = err;
		return;
	}
	core_emit(s, h, core_ehdr(&l, h));
	core_emit(s, h, core_note_phdr(&l, h));
	ps = (struct pass){ .mode = PASS_HEADERS, .offset = l.data_off, .layout = &l, .sink = s };
	run_pass(p, &ps);
	if (l.xnum)
		core_emit(s, h, core_shdr0(&l, h));
	for (int i = 0; i < nnotes; i++)
		write_note(s, &notes[i], files);
	core_pad_to(s, l.data_off);
	ps = (struct pass){ .mode = PASS_DATA, .sink = s };
	run_pass(p, &ps);
	core_flush(s);
}

/*
 * Dumps p (the calling process) to the file its pattern names, at most
 * limit bytes; the path goes to path (MAXPATH bytes). Returns the size
 * written, or -errno: the file, if made, is then cut short.
 */
static int64_t coredump(struct proc *p, int sig, uint64_t addr, uint64_t limit, char *path)
{
	struct core_work *w = kzalloc();
	uint8_t *buf = kalloc();
	struct note *notes = kalloc();
	struct thread_notes tn = { 0 };
	struct file *f = NULL;
	int64_t err = -ENOMEM;

	path[0] = 0;
	if (!w || !buf || !notes)
		goto out;
	if ((err = core_path(p, sig, path)) < 0 || (err = core_open(path, &f)) < 0)
		goto out;
	fill_task(p, sig, addr, w);
	/* the regions as NT_FILE counted them until it is written: another
	 * thread's mmap waits */
	bool locked = mm_lock(p);
	file_list_start(&w->files, p);
	size_t nt_file = core_ntfile_size(w->task.word, w->files.n, file_at, &w->files);
	int nnotes = 0;
	notes[nnotes++] = (struct note){ "CORE", NT_PRSTATUS, w->prstatus, w->nprstatus };
	notes[nnotes++] = (struct note){ "CORE", NT_PRPSINFO, w->prpsinfo, w->nprpsinfo };
	notes[nnotes++] = (struct note){ "CORE", NT_SIGINFO, w->siginfo, w->nsiginfo };
	notes[nnotes++] = (struct note){ "CORE", NT_PRFPREG, w->fpregs, w->nfpregs };
	notes[nnotes++] = (struct note){ "CORE", NT_AUXV, w->auxv, w->nauxv };
	if (w->files.n > 0 && nt_file <= NT_FILE_MAX)
		notes[nnotes++] = (struct note){ "CORE", NT_FILE, NULL, nt_file };
	gather_threads(p, sig, &tn, notes, &nnotes);
	if (sig)	/* a fatal dump: the other threads stop before the memory is read */
		group_exit_start(sig);
	struct core_sink s = {
		.write = file_write, .ctx = f, .buf = buf, .cap = PGSIZE, .limit = limit,
	};
	write_core(p, &s, notes, nnotes, &w->files);
	mm_unlock(p, locked);
	err = s.err ? s.err : (int64_t)s.pos;
	if (s.err)
		klog("pid %d (%s): core dump %s cut short at %ld bytes (error %d)", p->pid,
		     p->name, path, s.pos, -s.err);
	else
		klog("pid %d (%s): core dump %s: %ld bytes", p->pid, p->name, path, s.pos);
out:
	if (err < 0 && !f)
		klog("pid %d (%s): no core dump (error %ld)", p->pid, p->name, -err);
	if (f) {
		fileclose(f);
		vfs_sync_all();	/* on the disk before anyone is told of it */
	}
	kfree(w);
	kfree(buf);
	kfree(notes);
	free_thread_notes(&tn);
	return err;
}

/* ---- when ---- */

static bool dumps_core(int sig)
{
	return sig == SIGQUIT || sig == SIGILL || sig == SIGTRAP || sig == SIGABRT ||
	       sig == SIGBUS || sig == SIGFPE || sig == SIGSEGV || sig == SIGSYS;
}

/*
 * The current process is about to die of sig's default action: if that
 * action dumps core and RLIMIT_CORE allows one, dump. Returns the wait
 * status's core flag (WCOREDUMP, 0x80) if a whole core was written.
 * Below one page of limit there is no core at all, as on Linux.
 */
int coredump_fatal(int sig, uint64_t addr)
{
	struct proc *p = myproc();
	char *path;

	uint64_t limit = p->leader->core_limit[0];	/* the group's */

	if (!dumps_core(sig) || limit < PGSIZE || !(path = kalloc()))
		return 0;
	int64_t r = coredump(p, sig, addr, limit, path);
	kfree(path);
	if (r < 0)
		return 0;
	group_core_dumped(sig);
	return WCOREFLAG;
}

/* On the way back to user mode with a live dump asked (core_req): do it. */
void coredump_serve(struct proc *p)
{
	acquire(&p->lock);
	if (p->core_req != CORE_ASKED) {
		release(&p->lock);
		return;
	}
	p->core_req = CORE_BUSY;
	char *path = p->core_path;
	release(&p->lock);
	int64_t r = coredump(p, 0, 0, ~0UL, path);
	acquire(&p->lock);
	p->core_res = r;
	p->core_req = CORE_DONE;
	release(&p->lock);
}

/* Asks p (pid, referenced) for a live dump and waits for it; the path
 * goes to path. Interruptible until p has started. */
static int64_t ask_dump(struct proc *p, int pid, char *path)
{
	struct proc *me = myproc();
	int64_t r = -ESRCH;

	acquire(&p->lock);
	if (p->pid != pid || p->state == ZOMBIE || p->state == UNUSED) {
		release(&p->lock);
		return -ESRCH;
	}
	if (p->core_req != CORE_NONE) {
		release(&p->lock);
		return -EBUSY;
	}
	p->core_req = CORE_ASKED;
	p->core_path = path;
	release(&p->lock);
	kick_idle_hart();

	/* the target answers on its next return to user mode: look each tick */
	acquire(&tickslock);
	for (;;) {
		bool killed = proc_killed(me);	/* before p->lock: one LOCK_PROC at a time */
		acquire(&p->lock);
		bool gone = p->pid != pid || p->state == ZOMBIE || p->state == UNUSED;
		int state = p->core_req;
		bool give_up = !gone && state == CORE_ASKED && killed;
		if (!gone && state == CORE_DONE)
			r = p->core_res;
		if (!gone && (state == CORE_DONE || give_up))
			p->core_req = CORE_NONE;	/* the target has let go of path */
		release(&p->lock);
		if (give_up)
			r = -EINTR;
		if (gone || state == CORE_DONE || give_up)
			break;
		sleep((void *)&ticks, &tickslock);
	}
	release(&tickslock);
	return r;
}

/*
 * coredump(pid, path, size), a call of ours (502): writes a core of the
 * live process pid (0: the caller) without stopping it for longer than
 * the dump takes; RLIMIT_CORE does not apply, as for gdb's gcore. The
 * core's path goes to path (size bytes, may be NULL). Returns the core's
 * size, or -errno. A process blocked in a system call is dumped when
 * the call returns.
 */
uint64_t sys_coredump(void)
{
	struct proc *p = myproc();
	int pid = argraw(0);
	uint64_t upath = argraw(1), size = argraw(2);
	struct proc *target;
	char *path;
	int64_t r;

	if (pid < 0)
		return -EINVAL;
	if (!(path = kalloc()))
		return -ENOMEM;
	if (pid == 0 || pid == p->pid)
		r = coredump(p, 0, 0, ~0UL, path);
	else if (!(target = proc_get(pid)))
		r = -ESRCH;
	else {
		r = ask_dump(target, pid, path);
		proc_put(target);
	}
	if (r >= 0 && upath && size &&
	    copyout(p->pagetable, upath, path, MIN(strlen(path) + 1, size)) < 0)
		r = -EFAULT;
	kfree(path);
	return r;
}
