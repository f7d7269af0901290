/*
 * exec: sys_execve -> load_elf -> initElf -> load_segment -> jumpTo.
 *
 * Everything up to the swap of page tables in jumpTo builds a new,
 * separate address space; any failure there frees it and returns an
 * errno, leaving the caller exactly as it was. After the swap (the point
 * of no return) nothing can fail.
 */
#include "defs.h"
#include "elf.h"
#include "file.h"

/* The open program file, read with lseek + read like any user file. */
static int file_read_at(void *ctx, uint64_t off, void *buf, size_t n)
{
	struct file *f = ctx;

	if (filelseek(f, off, SEEK_SET) < 0)
		return -EIO;
	ssize_t got = fileread(f, (uint64_t)buf, n, false);
	if (got < 0)
		return (int)got;
	return (size_t)got == n ? 0 : -EIO;
}

static int pte_perm(uint32_t pflags)
{
	int perm = PTE_U;

	if (pflags & PF_R)
		perm |= PTE_R;
	if (pflags & PF_W)
		perm |= PTE_R | PTE_W;	/* W without R is reserved in Sv39 */
	if (pflags & PF_X)
		perm |= PTE_X;
	return perm;
}

/*
 * Fills the page at va with its part of segment l: file bytes where the
 * segment has them, zeros elsewhere (bss). A page two segments share is
 * filled once per segment and mapped with the union of their permissions.
 */
static int load_page(pagetable_t pt, const struct elf_load *l, uint64_t va,
		     const struct elf_source *src)
{
	pte_t *pte = walk(pt, va, true);
	uint64_t pa;

	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_V) {
		pa = PTE2PA(*pte);
		*pte |= pte_perm(l->flags);
	} else {
		if (!(pa = (uint64_t)kzalloc()))
			return -ENOMEM;
		*pte = PA2PTE(pa) | pte_perm(l->flags) | PTE_V | PTE_A | PTE_D;
	}
	uint64_t from = MAX(va, l->vaddr), to = MIN(va + PGSIZE, l->vaddr + l->filesz);
	if (from >= to)
		return 0;
	return src->read_at(src->ctx, l->offset + (from - l->vaddr),
			    (void *)(pa + (from - va)), to - from);
}

/* Maps one PT_LOAD segment page by page with the permissions it asks. */
static int load_segment(pagetable_t pt, const struct elf_load *l,
			const struct elf_source *src)
{
	for (uint64_t va = PGROUNDDOWN(l->vaddr); va < l->vaddr + l->memsz; va += PGSIZE) {
		int err = load_page(pt, l, va, src);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Fresh, unpredictable-enough bytes for AT_RANDOM (splitmix64 over the
 * clock and a counter: not cryptographic, but different every exec). */
static void random_bytes(uint8_t *out, size_t n)
{
	static uint64_t state;
	uint64_t x = __atomic_add_fetch(&state, 0x9e3779b97f4a7c15ULL, __ATOMIC_RELAXED);

	x ^= r_time();
	for (size_t i = 0; i < n; i++) {
		if (i % 8 == 0) {
			x += 0x9e3779b97f4a7c15ULL;
			uint64_t z = x;
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			x ^= z ^ (z >> 31);
		}
		out[i] = (uint8_t)(x >> (8 * (i % 8)));
	}
}

/* The user stack being built: strings and words go down from top. */
struct ustack {
	pagetable_t pt;
	uint64_t sp, low;
	size_t strbytes;	/* argument and environment bytes so far */
};

static int push_bytes(struct ustack *st, const void *src, size_t n)
{
	if (st->sp - st->low < n)
		return -E2BIG;
	st->sp -= n;
	return copyout(st->pt, st->sp, src, n);
}

/* Fetches pointer idx of a NULL-terminated array; 0 at its end. */
static int fetch_ptr(const struct exec_args *a, uint64_t array, int idx, uint64_t *out)
{
	if (!array) {
		*out = 0;
		return 0;
	}
	if (!a->user) {
		*out = ((const uint64_t *)array)[idx];
		return 0;
	}
	return copyin(myproc()->pagetable, out, array + idx * sizeof(uint64_t), sizeof(uint64_t));
}

/* Copies the strings of argv or envp onto the new stack, recording their
 * new addresses in ptrs; returns the count or -errno. */
static int push_strings(struct ustack *st, const struct exec_args *a,
			uint64_t array, uint64_t *ptrs, int max, char *buf)
{
	for (int n = 0;; n++) {
		uint64_t uptr;
		int err = fetch_ptr(a, array, n, &uptr);
		if (err < 0)
			return err;
		if (!uptr)
			return n;
		if (n == max)
			return -E2BIG;
		if (a->user)
			err = copyinstr(myproc()->pagetable, buf, uptr, PGSIZE);
		else
			err = strlcpy(buf, (char *)uptr, PGSIZE) < PGSIZE ? 0 : -E2BIG;
		if (err == -ENAMETOOLONG)
			err = -E2BIG;
		if (err < 0)
			return err;
		size_t len = strlen(buf) + 1;
		st->strbytes += len;
		if (st->strbytes > ARG_MAX)
			return -E2BIG;
		if ((err = push_bytes(st, buf, len)) < 0)
			return err;
		ptrs[n] = st->sp;
	}
}

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_RANDOM 25
#define AT_EXECFN 31
#define HWCAP_ISA(c) (1UL << ((c) - 'a'))

/* Lays out argc, argv, envp and auxv below the strings, as the Linux
 * RISC-V psABI does; sp ends 16-byte aligned at argc. */
static int push_tables(struct ustack *st, const struct ELFseg *seg,
		       uint64_t *argp, int argc, uint64_t *envp, int envc,
		       uint64_t execfn, uint64_t random)
{
	uint64_t auxv[][2] = {
		{ AT_PHDR, seg->phdr_addr }, { AT_PHENT, sizeof(Elf64_Phdr) },
		{ AT_PHNUM, seg->elf_header.e_phnum }, { AT_PAGESZ, PGSIZE },
		{ AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, seg->entry },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_HWCAP, HWCAP_ISA('i') | HWCAP_ISA('m') | HWCAP_ISA('a') |
			    HWCAP_ISA('f') | HWCAP_ISA('d') | HWCAP_ISA('c') },
		{ AT_CLKTCK, HZ }, { AT_RANDOM, random }, { AT_EXECFN, execfn },
		{ AT_NULL, 0 },
	};
	uint64_t words = 1 + (argc + 1) + (envc + 1) + 2 * ARRAY_SIZE(auxv);
	uint64_t zero = 0;
	int err;

	st->sp = (st->sp - words * 8) & ~15UL;
	if (st->sp < st->low)
		return -E2BIG;
	uint64_t at = st->sp;
	uint64_t argc64 = argc;
	if ((err = copyout(st->pt, at, &argc64, 8)) < 0 ||
	    (err = copyout(st->pt, at + 8, argp, argc * 8)) < 0 ||
	    (err = copyout(st->pt, at + 8 + argc * 8, &zero, 8)) < 0)
		return err;
	at += 8 * (argc + 2);
	if ((err = copyout(st->pt, at, envp, envc * 8)) < 0 ||
	    (err = copyout(st->pt, at + envc * 8, &zero, 8)) < 0)
		return err;
	at += 8 * (envc + 1);
	return copyout(st->pt, at, auxv, sizeof(auxv));
}

/* Builds the stack of the new image; returns the initial sp or -errno. */
static int64_t build_stack(pagetable_t pt, const struct ELFseg *seg,
			   const char *path, const struct exec_args *a)
{
	uint64_t low = USTACK_TOP - USTACK_PAGES * PGSIZE;
	struct ustack st = { .pt = pt, .sp = USTACK_TOP, .low = low };
	uint64_t *ptrs = kalloc();	/* argv pointers, then envp pointers */
	char *buf = kalloc();
	int64_t ret;

	if (!ptrs || !buf) {
		ret = -ENOMEM;
		goto out;
	}
	if ((ret = uvm_map_zeroed(pt, low, USTACK_TOP, PTE_R | PTE_W)) < 0)
		goto out;
	if ((ret = push_bytes(&st, path, strlen(path) + 1)) < 0)
		goto out;
	uint64_t execfn = st.sp;
	uint8_t rnd[16];
	random_bytes(rnd, sizeof(rnd));
	if ((ret = push_bytes(&st, rnd, sizeof(rnd))) < 0)
		goto out;
	uint64_t random = st.sp;
	int half = PGSIZE / 8 / 2;
	int argc = push_strings(&st, a, a->argv, ptrs, MIN(half, MAXARG), buf);
	if ((ret = argc) < 0)
		goto out;
	int envc = push_strings(&st, a, a->envp, ptrs + half, MIN(half, MAXARG), buf);
	if ((ret = envc) < 0)
		goto out;
	ret = push_tables(&st, seg, ptrs, argc, ptrs + half, envc, execfn, random);
	if (ret == 0)
		ret = st.sp;
out:
	if (ptrs)
		kfree(ptrs);
	if (buf)
		kfree(buf);
	return ret;
}

/*
 * Builds the stack, then swaps in the new address space: the point of no
 * return. Afterwards the old image is freed and the new one entered.
 */
static int jumpTo(pagetable_t pt, const struct ELFseg *seg, const char *path,
		  const struct exec_args *a)
{
	struct proc *p = myproc();
	int64_t sp = build_stack(pt, seg, path, a);

	if (sp < 0)
		return (int)sp;

	/* --- point of no return --- */
	pagetable_t old = p->pagetable;
	p->pagetable = pt;
	proc_freepagetable(old);

	struct trapframe *tf = p->trapframe;
	memset(tf->regs, 0, sizeof(tf->regs));
	memset(tf->fregs, 0, sizeof(tf->fregs));
	tf->fcsr = 0;
	tf->epc = seg->entry;
	tf->regs[REG_SP] = sp;
	p->heap_start = p->brk = seg->hi;
	p->stack_low = USTACK_TOP - USTACK_PAGES * PGSIZE;
	for (int sig = 0; sig < NSIG; sig++)
		if (p->sighandler[sig] != SIG_IGN)
			p->sighandler[sig] = SIG_DFL;
	for (int fd = 0; fd < NOFILE; fd++) {
		if ((p->cloexec >> fd) & 1 && p->ofile[fd]) {
			fileclose(p->ofile[fd]);
			p->ofile[fd] = NULL;
		}
	}
	p->cloexec = 0;
	const char *base = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			base = s + 1;
	strlcpy(p->name, base, sizeof(p->name));
	return 0;
}

/* Loads the program in the open file f into a new address space. */
static int load_elf(struct file *f, const char *path, const struct exec_args *a)
{
	struct ELFseg *seg = kalloc();
	struct elf_source src = { .ctx = f, .size = file_size(f), .read_at = file_read_at };
	struct elf_limits lim = { .min = USER_MIN, .max = USTACK_TOP - USTACK_MAX };
	pagetable_t pt = NULL;
	int err;

	_Static_assert(sizeof(struct ELFseg) <= PGSIZE, "ELFseg fits a page");
	if (!seg)
		return -ENOMEM;
	if ((err = initElf(seg, &src, &lim)) < 0) {
		klog("exec %s: %s (errno %d)", path, seg->reason, -err);
		goto out;
	}
	err = -ENOMEM;
	if (seg->needpage + USTACK_PAGES > free_page_count())
		goto out;
	if (!(pt = proc_pagetable(myproc())))
		goto out;
	for (int i = 0; i < seg->nload; i++)
		if ((err = load_segment(pt, &seg->load[i], &src)) < 0)
			goto out;
	if ((err = jumpTo(pt, seg, path, a)) == 0)
		pt = NULL;	/* it is the process's now */
out:
	if (pt)
		proc_freepagetable(pt);
	kfree(seg);
	return err;
}

int exec(const char *path, const struct exec_args *a)
{
	struct file *f;
	int err = file_open(path, O_RDONLY, &f);

	if (err < 0)
		return err;
	if (file_is_dir(f))
		err = -EACCES;
	else
		err = load_elf(f, path, a);
	fileclose(f);
	return err;
}

uint64_t sys_execve(void)
{
	char upath[MAXPATH], path[MAXPATH];
	struct proc *p = myproc();
	int err = argstr(0, upath, sizeof(upath));

	if (err < 0)
		return err;
	if ((err = path_resolve(p->cwd, upath, path)) < 0)
		return err;
	struct exec_args a = { .user = true, .argv = argraw(1), .envp = argraw(2) };
	return exec(path, &a);
}
