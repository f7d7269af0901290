/*
 * exec: sys_execve -> load_elf -> initElf -> load_segment -> jumpTo.
 *
 * Everything up to the swap of page tables in jumpTo builds a new,
 * separate address space; any failure there frees it and returns an
 * errno (with a one-line reason the caller can fetch), leaving the
 * calling process exactly as it was. After the swap (the point of no
 * return) nothing can fail.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "fs/fs.h"
#include "exec/elf.h"
#include "fs/file.h"
#include "fs/vfs.h"

#define BINPRM_BUF_SIZE 256	/* Linux's: how much of a #! line it reads */
#define SCRIPT_DEPTH_MAX 5	/* #! scripts in a chain: Linux's exec_binprm allows 5 */

/* What load_elf builds before the point of no return, in one page. */
struct exec_work {
	struct image img;	/* the segments as load_segment records them */
	struct loadstat st;	/* what loading them cost */
	uint64_t disk_before;	/* the process's disk bytes when exec began */
	uint64_t entry;		/* where the new program starts: its interpreter's entry if any */
	struct layout lay;	/* where its stack and mmap go (layout.c) */
	uint64_t heap_start;	/* and brk */
	bool held[IMAGE_NFILES];		/* a hold on each file against writers (ihold_text) */
	struct mapname *exe;	/* the program's path, the process's once it runs */
};

/* Remembers why this process's exec failed, for exec_reason(2) and the log. */
static int refuse(const char *path, int err, const char *reason)
{
	struct proc *p = myproc();

	strlcpy(p->exec_reason, reason, sizeof(p->exec_reason));
	klog("exec %s: %s (errno %d)", path, reason, -err);
	return err;
}

/*
 * An open program file and its first bytes, read once with lseek and
 * read like any user file: the ELF header, the program headers and a #!
 * line are nearly always there, so checking a program costs one read of
 * the file rather than one for each. In a page of its own.
 */
#define PROG_HEAD 1024
struct progfile {
	struct file *f;
	uint64_t size;		/* the file's, asked once: a getattr is not free */
	size_t nhead;		/* bytes in head: the file's first, up to PROG_HEAD */
	uint8_t head[PROG_HEAD];
};
_Static_assert(sizeof(struct progfile) <= PGSIZE, "a progfile fits a page");

/* Reads exactly n bytes at off: from the head if they are there. */
static int prog_read(void *ctx, uint64_t off, void *buf, size_t n)
{
	struct progfile *pf = ctx;

	if (off <= pf->nhead && n <= pf->nhead - off) {
		memcpy(buf, pf->head + off, n);
		return 0;
	}
	return image_read(pf->f, off, buf, n);
}

static void prog_close(struct progfile *pf)
{
	fileclose(pf->f);
	kfree(pf);
}

/* The absolute path of a program (out: size bytes), a symlink at its
 * end followed (path_real), for the process's exe and the messages; the
 * cwd only matters to a relative one. */
static int exec_path(const char *path, char *out, size_t size)
{
	struct vnode *cwd = path[0] == '/' ? NULL : cwd_ref();
	int err = path_real(cwd, path, out, size);

	vput(cwd);
	return err;
}

/* Reads the head of pf's file (none for a directory); pf is freed if
 * that fails. */
static int prog_head(struct progfile *pf, struct progfile **out)
{
	int err = 0;

	pf->size = file_is_dir(pf->f) ? 0 : file_size(pf->f);
	pf->nhead = MIN(pf->size, PROG_HEAD);
	if (pf->nhead)
		err = image_read(pf->f, 0, pf->head, pf->nhead);
	if (err < 0) {
		prog_close(pf);
		return err;
	}
	*out = pf;
	return 0;
}

/* Opens path and reads its head. */
static int prog_open(const char *path, struct progfile **out)
{
	struct progfile *pf = kalloc();
	int err;

	if (!pf)
		return -ENOMEM;
	if ((err = file_open(path, O_RDONLY, &pf->f)) < 0) {
		kfree(pf);
		return err;
	}
	return prog_head(pf, out);
}

/* The same for a file already open (execveat's AT_EMPTY_PATH), opened
 * anew for reading as Linux opens it: any open file of a node will do. */
static int prog_reopen(struct file *f, struct progfile **out)
{
	struct progfile *pf;
	int err;

	if (f->type != FD_VNODE)
		return -EACCES;	/* a pipe: Linux's open of it for exec fails so */
	if (!(pf = kalloc()))
		return -ENOMEM;
	if ((err = file_reopen(f, &pf->f)) < 0) {
		kfree(pf);
		return err;
	}
	return prog_head(pf, out);
}

/*
 * Records one PT_LOAD segment in the new image. Loaded eagerly, its
 * pages are filled now (with every segment recorded so far, for a page
 * an earlier one shares), those the text cache lacks first read from the
 * disk straight into pages in as few requests as can be (image_prefetch);
 * loaded lazily, nothing is mapped: each page is filled when the program
 * first touches it (image_fault).
 */
static int load_segment(pagetable_t pt, struct image *img, const struct elf_load *l,
			int file, struct loadstat *st)
{
	img->seg_file[img->nseg] = file;
	img->seg[img->nseg++] = *l;
	if (img->lazy)
		return 0;
	image_prefetch(img, img->nseg - 1);
	for (uint64_t va = PGROUNDDOWN(l->vaddr); va < l->vaddr + l->memsz; va += PGSIZE) {
		int err = image_fill_page(pt, img, va, st);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Leaves the process's address space, tearing it down unless a vfork
 * parent still has it, and puts mm in its place. */
static void swap_space(struct proc *p, struct mm *mm)
{
	struct mm *old = p->mm;

	robust_list_release(p);	/* the locks of the old image die with it */
	if (mm_leave(old)) {
		vma_release_all(p);
		image_release(&old->image);
	} else {
		clear_child_tid_wake(p);	/* the old memory lives on: Linux's mm_release */
	}
	acquire(&p->lock);	/* others look at p->mm under it (filemap.c) */
	p->mm = mm;
	p->pagetable = mm->pagetable;
	release(&p->lock);
	vm_activate(mm->pagetable);	/* off the old table before it is freed */
	mm_put(old);
	vfork_done(p, false);	/* a vfork parent has its memory back */
}

/* Makes w's image the process's, with what loading it cost. */
static void install_image(struct proc *p, struct exec_work *w)
{
	p->mm->image = w->img;
	/* a lazy image reads its files for as long as it runs */
	for (int i = 0; i < IMAGE_NFILES; i++) {
		bool keep = w->img.lazy && w->img.file[i];
		p->mm->image.file[i] = keep ? filedup(w->img.file[i]) : NULL;
		w->held[i] &= !keep;	/* the hold goes with the file */
	}
	w->st.disk_bytes = p->lstat.disk_bytes - w->disk_before;
	p->lstat = w->st;
}

/* Where the new image's heap, stack and mmap regions begin. */
static void set_layout(struct proc *p, const struct ELFseg *seg, const struct exec_work *w,
		       uint64_t sp, uint64_t stack_low)
{
	p->exec_sp = sp;
	p->mm->heap_start = p->mm->brk = w->heap_start;
	p->mm->stack_low = stack_low;
	p->mm->stack_top = w->lay.stack_top;
	p->mm->mmap_top = w->lay.mmap_top;
	p->mm->stack_exec = seg->exec_stack;
	p->is32 = seg->is32;	/* usertrapret sets sstatus.UXL from this */
}

/* The process as exec leaves it: caught signals back to their default,
 * close-on-exec descriptors closed, no exit futex (clear_child_tid),
 * root's capabilities, and the new program's path (w's, taken) and name. */
static void reset_process(struct proc *p, const char *path, struct exec_work *w)
{
	const char *base = path;

	p->exec_reason[0] = 0;
	signal_exec_reset(p);
	p->clear_child_tid = 0;
	fdtable_exec(&p->fds);
	cap_exec(p);
	mapname_put(p->exe);	/* /proc readers wait while p runs (procfs_with_proc) */
	p->exe = w->exe;
	w->exe = NULL;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			base = s + 1;
	strlcpy(p->name, base, sizeof(p->name));
}

/* The new program starts at entry with sp and every other register 0. */
static void set_registers(struct trapframe *tf, uint64_t entry, uint64_t sp)
{
	memset(tf->regs, 0, sizeof(tf->regs));
	memset(tf->fregs, 0, sizeof(tf->fregs));
	tf->fcsr = 0;
	tf->epc = entry;
	tf->regs[REG_SP] = sp;
}

/*
 * Builds the stack, then swaps in the new address space: the point of no
 * return. Afterwards the old image is freed and the new one entered.
 */
static int jumpTo(struct mm *mm, const struct ELFseg *seg, struct exec_work *w,
		  const char *path, const struct exec_args *a)
{
	struct proc *p = myproc();
	uint64_t stack_low;
	int64_t sp = build_stack(mm->pagetable, seg, &w->lay, a, &stack_low, w->img.auxv);

	if (sp < 0)
		return (int)sp;
	/* the other threads killed and gone, as Linux's de_thread */
	int err = dethread(p);
	if (err < 0)
		return err;

	/* --- point of no return --- */
	swap_space(p, mm);
	install_image(p, w);
	set_layout(p, seg, w, sp, stack_low);
	reset_process(p, path, w);
	set_registers(p->trapframe, w->entry, sp);
	fpu_forget(p);
	return 0;
}

/* The page a 32-bit process's signal handlers return through: li a7,
 * 139 (rt_sigreturn); ecall. A 64-bit one's return through its vDSO. */
static int map_sigreturn32(pagetable_t pt)
{
	static const uint32_t code[] = { 0x08b00893, 0x00000073 };
	void *page = kzalloc();

	if (!page)
		return -ENOMEM;
	memcpy(page, code, sizeof(code));
	if (mappages(pt, SIGRETURN_VA32, PGSIZE, KPA(page), PTE_R | PTE_X | PTE_U) < 0) {
		kfree(page);
		return -ENOMEM;
	}
	return 0;
}

/* Segments both writable and executable: mapped RWX as Linux does, with
 * a warning, unless the kernel was booted with wx=strict. */
static int check_wx(const struct ELFseg *seg, const char *path)
{
	char mode[16];

	if (!seg->has_wx)
		return 0;
	if (bootarg("wx", mode, sizeof(mode)) && strcmp(mode, "strict") == 0)
		return refuse(path, -EACCES, "segment both writable and executable (wx=strict)");
	klog("exec %s: warning: a segment is both writable and executable", path);
	return 0;
}

/* Reads and checks the ELF headers of the open file pf into seg: an
 * ET_DYN file goes at dyn_base, or dyn_base32 if it is 32-bit; nothing
 * may reach the stack's guard page (lay: a 64-bit image's layout, then
 * a 32-bit one's). */
static int read_elf(struct progfile *pf, struct ELFseg *seg, const struct layout lay[2],
		    uint64_t dyn_base, uint64_t dyn_base32)
{
	struct elf_source src = { .ctx = pf, .size = pf->size, .read_at = prog_read };
	struct elf_limits lim = {
		.min = USER_MIN, .dyn_base = dyn_base, .dyn_base32 = dyn_base32,
		.max = USER_CEIL(lay[0].stack_top), .max32 = USER_CEIL(lay[1].stack_top),
	};

	return initElf(seg, &src, &lim);
}

/*
 * Opens and checks the interpreter (dynamic linker) a PT_INTERP names:
 * an ELF file, position-independent (ET_DYN, loaded at lay's interp_base),
 * not asking for an interpreter itself, clear of the program. Its
 * faults are ELIBBAD, as on Linux; a missing one is ENOENT.
 */
static int open_interp(const struct ELFseg *seg, const char *path, struct progfile **fp,
		       struct ELFseg *iseg, const struct layout lay[2])
{
	if (seg->is32)	/* an rv32 ld.so would need its own base and limits */
		return refuse(path, -ENOEXEC, "32-bit dynamically linked programs are not supported");
	int err = prog_open(seg->interp, fp);

	if (err < 0)
		return refuse(path, err, "cannot open its interpreter (PT_INTERP)");
	if (file_is_dir((*fp)->f))
		return refuse(path, -EACCES, "its interpreter is a directory");
	if ((err = read_elf(*fp, iseg, lay, lay[0].interp_base, lay[1].interp_base)) < 0) {
		char why[sizeof(myproc()->exec_reason)];
		snprintf(why, sizeof(why), "its interpreter: %s", iseg->reason);
		return refuse(path, err == -ENOMEM ? err : -ELIBBAD, why);
	}
	if (iseg->is32)
		return refuse(path, -ELIBBAD, "its interpreter is a 32-bit program");
	if (iseg->elf_header.e_type != ET_DYN)
		return refuse(path, -ELIBBAD, "its interpreter is not position-independent (ET_DYN)");
	if (iseg->interp[0])
		return refuse(path, -ELIBBAD, "its interpreter asks for an interpreter");
	if (iseg->lo < seg->hi && seg->lo < iseg->hi)
		return refuse(path, -ENOMEM, "the program overlaps its interpreter");
	return check_wx(iseg, path);
}

/* Eager loading needs every page now. Lazy loading needs them only as
 * they are touched, but a program larger than the machine's memory could
 * never run: refused, like Linux's overcommit guess. */
static int check_memory(uint64_t pages, bool lazy, const char *path)
{
	if (!lazy && pages + 2 > free_page_count())
		return refuse(path, -ENOMEM, "not enough free memory for the program");
	if (lazy && pages + 2 > bootinfo.mem_size / PGSIZE)
		return refuse(path, -ENOMEM, "program larger than the machine's memory");
	return 0;
}

/* A program (or interpreter) open for writing cannot be exec'd (ETXTBSY,
 * as on Linux), and none can open it for writing while it loads; a lazy
 * image keeps that hold for as long as it runs. */
static int hold_files(struct exec_work *w, const char *path)
{
	for (int i = 0; i < IMAGE_NFILES; i++) {
		if (!w->img.file[i])
			continue;
		if (image_hold_file(&w->img, i) < 0)
			return refuse(path, -ETXTBSY, i == IMAGE_PROGRAM ? "the program is open for writing"
							   : "its interpreter is open for writing");
		w->held[i] = true;
	}
	return 0;
}

/* Records (and, eagerly, loads) every segment of one ELF file. */
static int load_segments(pagetable_t pt, struct exec_work *w, const struct ELFseg *seg, int file)
{
	for (int i = 0; i < seg->nload; i++) {
		int err = load_segment(pt, &w->img, &seg->load[i], file, &w->st);
		if (err < 0)
			return err;
	}
	return 0;
}

/* This exec's layouts, randomized or not (layout.c): a 64-bit image's,
 * then a 32-bit one's, from the same draw, since which the program is
 * only its header says. */
static void pick_layouts(struct layout lay[2])
{
	struct layout_rnd r;

	layout_draw(&r, layout_randomizes(myproc()));
	layout_make(&lay[0], &r, false);
	layout_make(&lay[1], &r, true);
}

/* Where brk starts: above the program's end, with the room up to the
 * interpreter if it lies above, else up to the stack's guard page. */
static uint64_t brk_start(const struct ELFseg *seg, const struct ELFseg *iseg,
			  const struct layout *l)
{
	uint64_t end = PGROUNDUP(seg->hi);
	uint64_t ceil = iseg && iseg->lo >= end ? iseg->lo : USER_CEIL(l->stack_top);

	return layout_brk_start(l, end, ceil > end ? ceil - end : 0);
}

/*
 * Loads the program in the open file f into a new address space, and
 * its interpreter next to it if it names one (PT_INTERP); the program
 * then starts at the interpreter's entry, which finds the program
 * through the auxiliary vector (AT_PHDR, AT_ENTRY, AT_BASE).
 */
static int load_elf(struct progfile *pf, const char *path, const struct exec_args *a)
{
	struct proc *p = myproc();
	struct exec_work *w = kzalloc();
	struct ELFseg *seg = kalloc(), *iseg = NULL;
	struct progfile *fi = NULL;
	struct mm *mm = NULL;
	struct layout lay[2];
	pagetable_t pt;
	int err = -ENOMEM;

	_Static_assert(sizeof(struct exec_work) <= PGSIZE, "exec_work fits a page");
	_Static_assert(sizeof(struct ELFseg) <= PGSIZE, "ELFseg fits a page");
	if (!w || !seg)
		goto out;
	w->disk_before = p->lstat.disk_bytes;
	w->img.lazy = w->img.lazy_heap = p->loader == LOADER_LAZY;
	w->st.lazy = w->img.lazy;
	pick_layouts(lay);
	if ((err = read_elf(pf, seg, lay, lay[0].pie_base, lay[1].pie_base)) < 0) {
		refuse(path, err, seg->reason);
		goto out;
	}
	if ((err = check_wx(seg, path)) < 0)
		goto out;
	err = -ENOMEM;
	if (seg->interp[0] &&
	    (!(iseg = kalloc()) || (err = open_interp(seg, path, &fi, iseg, lay)) < 0))
		goto out;
	w->lay = lay[seg->is32];
	w->heap_start = brk_start(seg, iseg, &w->lay);
	w->img.file[IMAGE_PROGRAM] = pf->f;	/* borrowed while loading */
	w->img.file[IMAGE_INTERP] = fi ? fi->f : NULL;
	strlcpy(w->img.interp, seg->interp, sizeof(w->img.interp));
	if ((err = hold_files(w, path)) < 0)
		goto out;
	err = -ENOMEM;
	if (!(w->exe = mapname_new(path, w->img.dev[IMAGE_PROGRAM], w->img.ino[IMAGE_PROGRAM])))
		goto out;
	w->entry = iseg ? iseg->entry : seg->entry;
	seg->interp_base = iseg ? iseg->load_bias : 0;
	if ((err = check_memory(seg->needpage + (iseg ? iseg->needpage : 0), w->img.lazy, path)) < 0)
		goto out;
	err = -ENOMEM;
	if (!(mm = mm_create()))
		goto out;
	pt = mm->pagetable;
	if ((err = load_segments(pt, w, seg, IMAGE_PROGRAM)) < 0 ||
	    (iseg && (err = load_segments(pt, w, iseg, IMAGE_INTERP)) < 0) ||
	    (err = seg->is32 ? map_sigreturn32(pt) : vdso_map(pt)) < 0)
		goto out;
	if ((err = jumpTo(mm, seg, w, path, a)) == 0)
		mm = NULL;	/* it is the process's now */
out:
	if (mm)
		mm_put(mm);
	for (int i = 0; w && i < IMAGE_NFILES; i++)
		if (w->held[i])
			vn_drop_text(w->img.file[i]->vn);
	if (fi)
		prog_close(fi);
	if (w)
		mapname_put(w->exe);
	kfree(iseg);
	kfree(seg);
	kfree(w);
	return err;
}

static int exec_file(const char *path, struct exec_args *a, int depth);

static bool spacetab(char c) { return c == ' ' || c == '\t'; }

/* The first byte from s on (before end) that is not a space or tab, or NULL. */
static char *skip_spacetab(char *s, const char *end)
{
	while (s < end && spacetab(*s))
		s++;
	return s < end ? s : NULL;
}

/* The first space, tab or NUL from s on (before end), or NULL. */
static char *find_terminator(char *s, const char *end)
{
	while (s < end && !spacetab(*s) && *s)
		s++;
	return s < end ? s : NULL;
}

/* The first newline in buf's n bytes, before any NUL (Linux's strnchr), or NULL. */
static char *line_end(char *buf, size_t n)
{
	for (char *s = buf; s < buf + n && *s; s++)
		if (*s == '\n')
			return s;
	return NULL;
}

/*
 * A #! line, parsed as Linux's binfmt_script parses the first
 * BINPRM_BUF_SIZE bytes of the file: the interpreter's name and its
 * optional argument (the rest of the line, one argument, trailing
 * spaces and tabs dropped). A line longer than the buffer is cut there,
 * unless the name itself might be cut (no space after it in the
 * buffer): then the file is not a script Linux runs (ENOEXEC).
 */
static int parse_script(char *buf, size_t n, char **name, char **arg)
{
	char *buf_end = buf + BINPRM_BUF_SIZE - 1, *end;

	memset(buf + n, 0, BINPRM_BUF_SIZE - n);
	if (!(end = line_end(buf, BINPRM_BUF_SIZE))) {
		char *first = skip_spacetab(buf + 2, buf_end);
		if (!first || !find_terminator(first, buf_end))
			return -ENOEXEC;
		end = buf_end;
	}
	while (end > buf + 2 && spacetab(end[-1]))
		end--;
	*end = 0;
	*name = skip_spacetab(buf + 2, end);
	if (!*name || *name == end)
		return -ENOEXEC;
	char *sep = find_terminator(*name, end);
	*arg = NULL;
	if (sep && *sep) {
		*arg = skip_spacetab(sep, end);
		*sep = 0;
	}
	return 0;
}

/* Puts the interpreter's name and argument (if any) in front of the
 * strings exec puts before the caller's argv[1...]: the first script's
 * path first, at the first level (a later level's script is the name
 * already in front). */
static void prepend_interp(struct exec_args *a, char *name, char *arg)
{
	int k = arg ? 2 : 1;

	if (a->nprefix == 0)
		a->prefix[a->nprefix++] = a->filename;	/* in place of the caller's argv[0] */
	memmove(&a->prefix[k], &a->prefix[0], a->nprefix * sizeof(a->prefix[0]));
	a->prefix[0] = name;
	if (arg)
		a->prefix[1] = arg;
	a->nprefix += k;
}

/*
 * A "#!interpreter [arg]" script: runs the interpreter with argv
 * [interpreter, arg, script, argv[1]...]. The interpreter may be a
 * script too, as on Linux: each level puts its interpreter and argument
 * in front, and the script's path stands for its own argv[0]; past
 * SCRIPT_DEPTH_MAX scripts in a chain, ELOOP. Each level's line stays
 * in a page of its own until the program at the end of the chain is
 * loaded (the prefix points into it).
 */
static int exec_script(struct progfile *pf, const char *path, struct exec_args *a, int depth)
{
	char *buf, *interp, *name, *arg;
	size_t n = MIN(pf->size, BINPRM_BUF_SIZE);
	int err;

	if (depth >= SCRIPT_DEPTH_MAX)
		return refuse(path, -ELOOP, "more than 5 #! scripts in a chain");
	if (!(buf = kalloc()))
		return -ENOMEM;
	interp = buf + BINPRM_BUF_SIZE;
	if ((err = prog_read(pf, 0, buf, n)) < 0)
		goto out;
	if ((err = parse_script(buf, n, &name, &arg)) < 0) {
		err = refuse(path, err, "#! line names no interpreter, or cuts its name");
		goto out;
	}
	if (!*name) {	/* "#!" and a NUL: Linux walks "" to the cwd, a directory */
		err = refuse(path, -EACCES, "#! names \"\": the current directory");
		goto out;
	}
	/* the rest of the page: Linux's PATH_MAX and more */
	if ((err = exec_path(name, interp, PGSIZE - BINPRM_BUF_SIZE)) < 0)
		goto out;
	prepend_interp(a, name, arg);
	err = exec_file(interp, a, depth + 1);
out:
	kfree(buf);
	return err;
}

/* Whether f may be run: Linux lets root run a file with any x bit (FAT
 * gives every file one), never a directory. */
static bool executable(struct file *f)
{
	struct kstat st;

	return !file_is_dir(f) && filestat(f, &st) == 0 && (st.st_mode & 0111);
}

/* Runs the open program pf (path: its absolute path), a script or an ELF. */
static int exec_prog(struct progfile *pf, const char *path, struct exec_args *a, int depth)
{
	int err;

	if (!executable(pf->f))
		err = -EACCES;
	else if (pf->nhead >= 2 && pf->head[0] == '#' && pf->head[1] == '!')
		err = exec_script(pf, path, a, depth);
	else
		err = load_elf(pf, path, a);
	prog_close(pf);
	return err;
}

static int exec_file(const char *path, struct exec_args *a, int depth)
{
	struct progfile *pf;
	int err = prog_open(path, &pf);

	return err < 0 ? err : exec_prog(pf, path, a, depth);
}

int exec(const char *path, struct exec_args *a)
{
	myproc()->exec_reason[0] = 0;
	return exec_file(path, a, 0);
}

/* The path is Linux's PATH_MAX long at most (4096 bytes with its NUL),
 * and so is its absolute form: on the stack if short, as upath_get
 * keeps the path itself, else in a page. */
uint64_t sys_execve(void)
{
	struct upath upath;
	char short_path[UPATH_SHORT], *path = short_path;
	int err = upath_get(0, &upath);

	if (err < 0)
		return err;
	if ((err = exec_path(upath.s, path, sizeof(short_path))) == -ENAMETOOLONG) {
		err = (path = kalloc()) ? exec_path(upath.s, path, PGSIZE) : -ENOMEM;
	}
	if (err == 0) {
		struct exec_args a = {
			.user = true, .argv = argraw(1), .envp = argraw(2), .filename = upath.s,
		};
		err = exec(path, &a);
	}
	upath_put(&upath);
	if (path != short_path)
		kfree(path);
	return err;
}

/* execveat's AT_EMPTY_PATH: the program is dirfd's own file. */
static int exec_fd(int fd, struct exec_args *a, char *name)
{
	struct progfile *pf;
	struct file *f;
	int err;

	if ((err = fd_file(fd, &f)) < 0)
		return err;
	snprintf(name, PGSIZE, "/dev/fd/%d", fd);	/* AT_EXECFN, as Linux names it */
	a->filename = name;
	myproc()->exec_reason[0] = 0;
	if ((err = prog_reopen(f, &pf)) < 0)
		return err;
	return exec_prog(pf, f->path, a, 0);
}

/* execveat's path walked from dirfd: its absolute form into abs (a
 * page), AT_EXECFN's name into name (a page: the path, or
 * "/dev/fd/N/path" for one relative to a directory descriptor, as
 * Linux names it); with nofollow, a symlink as the last name is ELOOP. */
static int execat_path(int dirfd, const char *path, bool nofollow, char *abs, char *name)
{
	struct vnode *start, *vn;
	int err = at_start(dirfd, path, &start);

	if (err < 0)
		return err;
	if (path[0] == '/' || dirfd == AT_FDCWD)
		strlcpy(name, path, PGSIZE);
	else
		snprintf(name, PGSIZE, "/dev/fd/%d/%s", dirfd, path);
	err = path_real(start, path, abs, PGSIZE);
	if (err == 0 && nofollow && (err = namei(start, path, 0, &vn)) == 0) {
		if (vn->type == S_IFLNK)
			err = -ELOOP;
		vput(vn);
	}
	vput(start);
	return err;
}

/* execveat(dirfd, path, argv, envp, flags): flags AT_EMPTY_PATH (with
 * "", dirfd's file: fexecve) and AT_SYMLINK_NOFOLLOW. */
uint64_t sys_execveat(void)
{
	int dirfd = argraw(0), flags = argraw(4), err;
	struct exec_args a = { .user = true, .argv = argraw(2), .envp = argraw(3) };
	char *name = kalloc(), *abs = kalloc();
	struct upath up;

	if (!name || !abs)
		err = -ENOMEM;
	else if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		err = -EINVAL;
	else if ((flags & AT_EMPTY_PATH) && empty_path_arg(1))
		err = exec_fd(dirfd, &a, name);
	else if ((err = upath_get(1, &up)) == 0) {
		err = execat_path(dirfd, up.s, flags & AT_SYMLINK_NOFOLLOW, abs, name);
		upath_put(&up);
		if (err == 0) {
			a.filename = name;
			err = exec(abs, &a);
		}
	}
	kfree(name);
	kfree(abs);
	return err;
}

/* exec_reason(buf, size), a call of ours: copies out why this process's
 * last exec failed (empty if it gave no reason); returns the length. */
uint64_t sys_exec_reason(void)
{
	struct proc *p = myproc();
	size_t len = strlen(p->exec_reason), size = argraw(1);

	if (size == 0)
		return -EINVAL;
	char out[sizeof(p->exec_reason)];
	strlcpy(out, p->exec_reason, MIN(size, sizeof(out)));
	int err = copyout(p->pagetable, argraw(0), out, MIN(len + 1, size));
	return err < 0 ? err : (int64_t)len;
}
