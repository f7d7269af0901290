/*
 * Host tests for initElf (os/elf_check.c). Every real RISC-V program given
 * must pass; files crafted from the first one, one per check, must each be
 * refused with the right errno and reason; and every truncation of each
 * program must be refused without a stray read (ASan and UBSan watch).
 *
 * usage: test_elf PROGRAM...
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/elf.h"
#include "uapi/linux/errno.h"

/* Crafted files are written through the ELF structs, in host byte order. */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "test_elf needs a little-endian host"
#endif

static const struct elf_limits user_limits = { .min = 0x1000, .max = 0x3f00000000,
						.dyn_base = 0x2aaaaab000,
						.max32 = 0x7f000000, .dyn_base32 = 0x55555000 };

/* ---- results ---- */

static int passed, failed;	/* check groups */
static char group[256];		/* the group running */
static int group_bad;		/* its failed checks */

__attribute__((format(printf, 1, 2)))
static void begin(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(group, sizeof(group), fmt, ap);
	va_end(ap);
	group_bad = 0;
}

/* One check; a failure prints "FAIL group: expected X, got Y". */
__attribute__((format(printf, 2, 3)))
static void expect(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	if (group_bad++ < 5) {
		printf("FAIL %s: ", group);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

/* Closes the group: "ok group (detail)" if none of its checks failed. */
__attribute__((format(printf, 1, 2)))
static void end(const char *fmt, ...)
{
	va_list ap;

	if (group_bad) {
		failed++;
		return;
	}
	passed++;
	printf("ok %s (", group);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
}

static const char *ename(int err)
{
	switch (err) {
	case 0:
		return "0";
	case -ENOEXEC:
		return "-ENOEXEC";
	case -ENOMEM:
		return "-ENOMEM";
	case -EIO:
		return "-EIO";
	default:
		return "unexpected errno";
	}
}

static const char *str(const char *s)
{
	return s ? s : "(null)";
}

/* ---- a file in memory, read through an elf_source ---- */

struct img {
	uint8_t *b;		/* exactly size bytes, so ASan sees overruns */
	uint64_t size;
	int reads;		/* read_at calls so far */
	int fail_read;		/* this read_at call and later ones fail; -1: none */
	int stray;		/* reads initElf asked for outside the file */
};

static int img_read_at(void *ctx, uint64_t off, void *buf, size_t n)
{
	struct img *m = ctx;
	int k = m->reads++;

	if (m->fail_read >= 0 && k >= m->fail_read)
		return -EIO;
	if (off > m->size || n > m->size - off) {
		m->stray++;
		return -EIO;
	}
	memcpy(buf, m->b + off, n);
	return 0;
}

/* initElf on m; seg starts as garbage so stale fields show. */
static int run(struct img *m, const struct elf_limits *lim, struct ELFseg *seg)
{
	struct elf_source src = { .ctx = m, .size = m->size, .read_at = img_read_at };

	memset(seg, 0xa5, sizeof(*seg));
	m->reads = 0;
	m->stray = 0;
	return initElf(seg, &src, lim);
}

/* The first len bytes of base, in a buffer of exactly that size. */
static struct img prefix(const struct img *base, uint64_t len)
{
	struct img m = { .b = malloc(len ? len : 1), .size = len, .fail_read = -1 };

	if (!m.b) {
		perror("malloc");
		exit(2);
	}
	memcpy(m.b, base->b, len);
	return m;
}

static int read_file(const char *path, struct img *m)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		return -1;
	}
	*m = (struct img){ .b = malloc(n ? (size_t)n : 1), .size = (uint64_t)n, .fail_read = -1 };
	if (!m->b || fread(m->b, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(m->b);
		return -1;
	}
	fclose(f);
	return 0;
}

/* ---- real programs ---- */

/* path must pass, and what initElf fills must agree with the file. */
static int check_real(const char *path, const struct img *m, struct ELFseg *seg)
{
	struct img r = *m;
	int err = run(&r, &user_limits, seg);
	const Elf64_Ehdr *eh = &seg->elf_header;
	int nload = 0;

	begin("%s", path);
	expect(err == 0, "expected 0, got %s (%d): %s", ename(err), err, str(seg->reason));
	if (err == 0) {
		for (int i = 0; i < eh->e_phnum; i++)
			if (seg->phdr[i].p_type == PT_LOAD && seg->phdr[i].p_memsz)
				nload++;
		expect(seg->reason == NULL, "expected no reason, got \"%s\"", seg->reason);
		expect(seg->entry == eh->e_entry, "expected entry %#lx, got %#lx",
		       eh->e_entry, seg->entry);
		expect(seg->nload >= 1 && seg->nload == nload, "expected nload %d, got %d",
		       nload, seg->nload);
		for (int i = 1; i < seg->nload && i < ELF_MAX_LOAD; i++)
			expect(seg->load[i - 1].vaddr + seg->load[i - 1].memsz <= seg->load[i].vaddr,
			       "expected load[%d] above load[%d], got %#lx < %#lx", i, i - 1,
			       seg->load[i].vaddr, seg->load[i - 1].vaddr + seg->load[i - 1].memsz);
		expect(seg->needpage > 0 && seg->needpage <= (seg->hi - seg->lo) / ELF_PAGE,
		       "expected 0 < needpage <= %lu, got %lu",
		       (seg->hi - seg->lo) / ELF_PAGE, seg->needpage);
		expect(seg->phdr_addr != 0, "expected phdr_addr non-zero, got 0");
		expect(seg->load_bias == 0, "expected load_bias 0, got %#lx", seg->load_bias);
		expect(seg->lo <= seg->entry && seg->entry < seg->hi,
		       "expected entry in [%#lx, %#lx), got %#lx", seg->lo, seg->hi, seg->entry);
	}
	expect(r.stray == 0, "expected no read past the end, got %d", r.stray);
	end("entry %#lx, %d PT_LOAD, %lu pages", seg->entry, seg->nload, seg->needpage);
	return err == 0 && group_bad == 0;
}

/* ---- bad files crafted from the first program ---- */

/* The headers decoded for editing; emit() writes them over the file. */
struct craft {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[ELF_MAX_PHNUM];
	int nph;		/* entries in ph written back */
	int move_table;		/* write ph[] at the end of the file instead */
	uint64_t size;		/* the file's size before emit() */
	uint64_t cut;		/* emit() truncates the file to this */
	int fail_read;
	struct elf_limits lim;	/* for a 32-bit file, max and dyn_base are max32's */
	int is32;		/* the file is ELFCLASS32: emit() narrows */
	size_t phent;		/* its program header size */
	const char *tail;	/* bytes emit() appends after everything (PT_INTERP paths) */
	size_t tail_len;
};

#define AT_TAIL UINT64_MAX	/* a p_offset emit() turns into where the tail went */

/* The k-th PT_LOAD that takes memory, as initElf counts them. */
static Elf64_Phdr *load(struct craft *c, int k)
{
	for (int i = 0; i < c->nph; i++)
		if (c->ph[i].p_type == PT_LOAD && c->ph[i].p_memsz && k-- == 0)
			return &c->ph[i];
	fprintf(stderr, "test_elf: the first program has too few PT_LOAD segments\n");
	exit(2);
}

static int nloads(const struct craft *c)
{
	int n = 0;

	for (int i = 0; i < c->nph; i++)
		n += c->ph[i].p_type == PT_LOAD && c->ph[i].p_memsz;
	return n;
}

/* The load whose memory holds the entry point. */
static Elf64_Phdr *entry_load(struct craft *c)
{
	for (int i = 0; i < nloads(c); i++) {
		Elf64_Phdr *p = load(c, i);
		if (c->eh.e_entry >= p->p_vaddr && c->eh.e_entry < p->p_vaddr + p->p_memsz)
			return p;
	}
	return load(c, 0);
}

/* Inserts ph at index at; the table moves to the end of the file. */
static void insert_ph(struct craft *c, int at, Elf64_Phdr ph)
{
	if (c->nph == ELF_MAX_PHNUM) {
		fprintf(stderr, "test_elf: no room for another program header\n");
		exit(2);
	}
	memmove(&c->ph[at + 1], &c->ph[at], (c->nph - at) * sizeof(ph));
	c->ph[at] = ph;
	c->eh.e_phnum = ++c->nph;
	c->move_table = 1;
}

/* Empty pages above the image, up to n PT_LOAD segments in all. */
static void add_loads(struct craft *c, int n)
{
	const Elf64_Phdr *last = load(c, nloads(c) - 1);
	uint64_t va = (last->p_vaddr + last->p_memsz + ELF_PAGE - 1) & ~(ELF_PAGE - 1);

	while (nloads(c) < n) {
		insert_ph(c, c->nph, (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R,
			.p_vaddr = va, .p_paddr = va, .p_memsz = ELF_PAGE, .p_align = ELF_PAGE });
		va += ELF_PAGE;
	}
}

static void c_empty(struct craft *c) { c->cut = 0; }
static void c_short(struct craft *c)
{
	c->cut = (c->is32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr)) - 1;
}
static void c_magic(struct craft *c) { c->eh.e_ident[1] = 'X'; }
static void c_other_class(struct craft *c)
{
	c->eh.e_ident[EI_CLASS] = c->is32 ? ELFCLASS64 : ELFCLASS32;
}
static void c_class(struct craft *c) { c->eh.e_ident[EI_CLASS] = 0; }
static void c_bigendian(struct craft *c) { c->eh.e_ident[EI_DATA] = 2; }
static void c_identver(struct craft *c) { c->eh.e_ident[EI_VERSION] = 0; }
static void c_osabi(struct craft *c) { c->eh.e_ident[EI_OSABI] = 9; }
static void c_osabi_linux(struct craft *c) { c->eh.e_ident[EI_OSABI] = ELFOSABI_LINUX; }
static void c_version(struct craft *c) { c->eh.e_version = 2; }
static void c_x86_64(struct craft *c) { c->eh.e_machine = EM_X86_64; }
static void c_i386(struct craft *c) { c->eh.e_machine = EM_386; }
static void c_arm(struct craft *c) { c->eh.e_machine = EM_ARM; }
static void c_aarch64(struct craft *c) { c->eh.e_machine = EM_AARCH64; }
static void c_mips(struct craft *c) { c->eh.e_machine = 8; }
static void c_dyn(struct craft *c) { c->eh.e_type = ET_DYN; }
static void c_dyn_high(struct craft *c) { c_dyn(c); c->lim.dyn_base = 0; }
static void c_dyn_align(struct craft *c) { c_dyn(c); load(c, 0)->p_align = 1UL << 31; }
static void c_gnu_stack_x(struct craft *c)
{
	insert_ph(c, c->nph, (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W | PF_X });
}
static void c_rel(struct craft *c) { c->eh.e_type = ET_REL; }
static void c_core(struct craft *c) { c->eh.e_type = ET_CORE; }
/* the other class's sizes */
static void c_ehsize(struct craft *c) { c->eh.e_ehsize = c->is32 ? 64 : 52; }
static void c_phentsize(struct craft *c) { c->eh.e_phentsize = c->is32 ? 56 : 32; }
static void c_phnum0(struct craft *c) { c->eh.e_phnum = 0; }
static void c_phnum_big(struct craft *c) { c->eh.e_phnum = ELF_MAX_PHNUM + 1; }
static void c_phoff_end(struct craft *c) { c->eh.e_phoff = c->size; }

static void c_table_end(struct craft *c)
{
	c->eh.e_phoff = c->size - c->nph * c->phent + 8;
}

/* phoff + table wraps to 64 (a 32-bit one in 32 bits): a
 * sum-then-compare check would pass it. */
static void c_phoff_wrap(struct craft *c)
{
	c->eh.e_phoff = 64 - (uint64_t)c->nph * c->phent;
	if (c->is32)
		c->eh.e_phoff = (uint32_t)c->eh.e_phoff;
}

static void c_filesz(struct craft *c)
{
	load(c, 1)->p_filesz = load(c, 1)->p_memsz + 1;
}

static void c_data_end(struct craft *c)
{
	Elf64_Phdr *p = load(c, 1);

	p->p_filesz = c->size - p->p_offset + 1;
	if (p->p_memsz < p->p_filesz)
		p->p_memsz = p->p_filesz;
}

/* p_offset + p_filesz wraps to 8. */
static void c_offset_wrap(struct craft *c)
{
	load(c, 1)->p_offset = (c->is32 ? UINT32_MAX : UINT64_MAX) - 7;
	load(c, 1)->p_filesz = 16;
}

static void c_vaddr_wrap(struct craft *c)
{
	Elf64_Phdr *p = load(c, 1);

	p->p_vaddr = (UINT64_MAX & ~(ELF_PAGE - 1)) | (p->p_offset & (ELF_PAGE - 1));
	p->p_memsz = p->p_filesz + 2 * ELF_PAGE;
}

static void c_below_min(struct craft *c)
{
	load(c, 0)->p_vaddr = load(c, 0)->p_offset & (ELF_PAGE - 1);
}

static void c_above_max(struct craft *c)
{
	Elf64_Phdr *p = load(c, nloads(c) - 1);

	p->p_vaddr = ((c->lim.max - p->p_memsz) & ~(ELF_PAGE - 1)) + ELF_PAGE +
		     (p->p_offset & (ELF_PAGE - 1));
}

static void c_min_exact(struct craft *c) { c->lim.min = load(c, 0)->p_vaddr; }
static void c_min_above(struct craft *c) { c->lim.min = load(c, 0)->p_vaddr + 1; }

static void c_max_exact(struct craft *c)
{
	const Elf64_Phdr *p = load(c, nloads(c) - 1);

	c->lim.max = p->p_vaddr + p->p_memsz;
}

static void c_max_below(struct craft *c)
{
	c_max_exact(c);
	c->lim.max--;
}

static void c_align(struct craft *c) { load(c, 1)->p_align = 0x1800; }
static void c_align0(struct craft *c) { load(c, 1)->p_align = 0; }
static void c_congruent(struct craft *c) { load(c, 1)->p_vaddr += 8; }

static void c_unsorted(struct craft *c)
{
	Elf64_Phdr tmp = *load(c, 0);

	*load(c, 0) = *load(c, 1);
	*load(c, 1) = tmp;
}

/* The second load starts inside the first, congruent with its offset. */
static void c_overlap(struct craft *c)
{
	Elf64_Phdr *a = load(c, 0), *b = load(c, 1);
	uint64_t delta = (b->p_offset - a->p_offset) & (ELF_PAGE - 1);

	if (delta + ELF_PAGE < a->p_memsz)
		delta += ELF_PAGE;
	b->p_vaddr = a->p_vaddr + delta;
}

static void c_entry_zero(struct craft *c) { c->eh.e_entry = 0; }

static void c_entry_data(struct craft *c)
{
	load(c, 1)->p_flags &= ~PF_X;
	c->eh.e_entry = load(c, 1)->p_vaddr;
}

static void c_entry_past(struct craft *c)
{
	const Elf64_Phdr *p = entry_load(c);

	c->eh.e_entry = p->p_vaddr + p->p_memsz;
}

static void c_entry_noexec(struct craft *c) { entry_load(c)->p_flags &= ~PF_X; }

static void c_interp_first(struct craft *c)
{
	insert_ph(c, 0, (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R, .p_align = 1 });
}

static void c_interp_last(struct craft *c)
{
	insert_ph(c, c->nph, (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R, .p_align = 1 });
}

/* A PT_INTERP whose path (n bytes, NUL included) is appended to the file. */
static void interp_path(struct craft *c, const char *path, size_t n, int copies)
{
	c->tail = path;
	c->tail_len = n;
	for (int i = 0; i < copies; i++)
		insert_ph(c, 0, (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R,
					      .p_offset = AT_TAIL, .p_filesz = n, .p_align = 1 });
}

static void c_interp_ok(struct craft *c) { interp_path(c, "/lib/ld.so", 11, 1); }
static void c_interp_twice(struct craft *c) { interp_path(c, "/lib/ld.so", 11, 2); }
static void c_interp_relative(struct craft *c) { interp_path(c, "lib/ld.so", 10, 1); }
static void c_interp_no_nul(struct craft *c) { interp_path(c, "/lib/ld.so", 10, 1); }
static void c_interp_nul_inside(struct craft *c) { interp_path(c, "/lib\0ld.so", 11, 1); }

static void c_interp_too_long(struct craft *c)
{
	static char path[ELF_INTERP_MAX + 1];

	memset(path, 'x', ELF_INTERP_MAX);
	path[0] = '/';
	interp_path(c, path, sizeof(path), 1);
}

static void c_interp_outside(struct craft *c)
{
	interp_path(c, "/lib/ld.so", 11, 1);
	c->tail_len = 5;	/* the segment reaches past the end of the file */
}

static void c_no_load(struct craft *c)
{
	for (int i = 0; i < c->nph; i++)
		if (c->ph[i].p_type == PT_LOAD)
			c->ph[i].p_type = PT_NULL;
}

static void c_empty_loads(struct craft *c)
{
	for (int i = 0; i < c->nph; i++)
		if (c->ph[i].p_type == PT_LOAD)
			c->ph[i].p_filesz = c->ph[i].p_memsz = 0;
}

static void c_loads_max(struct craft *c) { add_loads(c, ELF_MAX_LOAD); }
static void c_loads_over(struct craft *c) { add_loads(c, ELF_MAX_LOAD + 1); }
static void c_read_header(struct craft *c) { c->fail_read = 0; }
static void c_read_phdrs(struct craft *c) { c->fail_read = 1; }

/* ---- ELF32 only: e_flags and the 2 GiB limit ---- */

static void c_flags(struct craft *c, uint32_t f) { c->eh.e_flags = f; }
static void c_ilp32(struct craft *c) { c_flags(c, EF_RISCV_RVC); }
static void c_ilp32d(struct craft *c) { c_flags(c, EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE); }
static void c_norvc(struct craft *c) { c_flags(c, EF_RISCV_FLOAT_ABI_DOUBLE); }
static void c_rve(struct craft *c) { c_flags(c, EF_RISCV_RVC | EF_RISCV_RVE); }
static void c_ilp32f(struct craft *c) { c_flags(c, EF_RISCV_FLOAT_ABI_SINGLE); }
static void c_ilp32q(struct craft *c) { c_flags(c, EF_RISCV_FLOAT_ABI_QUAD); }
static void c_tso(struct craft *c) { c_flags(c, EF_RISCV_TSO | EF_RISCV_RVC); }
static void c_flag_unknown(struct craft *c) { c_flags(c, 0x100 | EF_RISCV_RVC); }

/* The last segment's end one page past 2 GiB, the limit raised to 4 GiB:
 * the 2 GiB ceiling must hold whatever the caller's max32 says. */
static void c_past_2g(struct craft *c)
{
	Elf64_Phdr *p = load(c, nloads(c) - 1);

	c->lim.max = UINT32_MAX;
	p->p_vaddr = ELF32_TOP - ELF_PAGE + (p->p_offset & (ELF_PAGE - 1));
	p->p_memsz = p->p_filesz + 2 * ELF_PAGE;
}

static void c_top_4g(struct craft *c)
{
	Elf64_Phdr *p = load(c, nloads(c) - 1);

	p->p_vaddr = (UINT32_MAX & ~(ELF_PAGE - 1)) | (p->p_offset & (ELF_PAGE - 1));
}

static void c_memsz_max(struct craft *c) { load(c, 1)->p_memsz = UINT32_MAX; }
static void c_entry_high(struct craft *c) { c->eh.e_entry = 0x90000000; }

static const struct bad_case {
	const char *name;
	void (*craft)(struct craft *);
	int err;		/* what initElf must return */
	const char *key;	/* a phrase its reason must hold; NULL when err is 0 */
} cases[] = {
	{ "empty file", c_empty, -ENOEXEC, "too short" },
	{ "file too short", c_short, -ENOEXEC, "too short" },
	{ "bad magic", c_magic, -ENOEXEC, "bad magic" },
	{ "the other class's header", c_other_class, -ENOEXEC, NULL },
	{ "bad class", c_class, -ENOEXEC, "bad ELF class" },
	{ "big-endian", c_bigendian, -ENOEXEC, "little-endian" },
	{ "bad ident version", c_identver, -ENOEXEC, "ident version" },
	{ "bad OS ABI", c_osabi, -ENOEXEC, "OS ABI" },
	{ "Linux OS ABI accepted", c_osabi_linux, 0, NULL },
	{ "bad e_version", c_version, -ENOEXEC, "e_version" },
	{ "x86-64 machine", c_x86_64, -ENOEXEC, "x86" },
	{ "i386 machine", c_i386, -ENOEXEC, "x86" },
	{ "ARM machine", c_arm, -ENOEXEC, "ARM" },
	{ "AArch64 machine", c_aarch64, -ENOEXEC, "ARM" },
	{ "MIPS machine", c_mips, -ENOEXEC, "e_machine" },
	{ "ET_DYN loads at dyn_base", c_dyn, 0, NULL },
	{ "ET_DYN linked above dyn_base", c_dyn_high, -ENOMEM, "linked too high" },
	{ "ET_DYN with a 2 GiB p_align", c_dyn_align, -ENOEXEC, "p_align too large" },
	{ "PT_GNU_STACK asking for PF_X", c_gnu_stack_x, 0, NULL },
	{ "ET_REL", c_rel, -ENOEXEC, "e_type" },
	{ "ET_CORE", c_core, -ENOEXEC, "e_type" },
	{ "bad e_ehsize", c_ehsize, -ENOEXEC, "e_ehsize" },
	{ "bad e_phentsize", c_phentsize, -ENOEXEC, "e_phentsize" },
	{ "e_phnum 0", c_phnum0, -ENOEXEC, "no program headers" },
	{ "e_phnum over ELF_MAX_PHNUM", c_phnum_big, -ENOEXEC, "too many program headers" },
	{ "e_phoff at the end of the file", c_phoff_end, -ENOEXEC, "program header table outside" },
	{ "header table past the end", c_table_end, -ENOEXEC, "program header table outside" },
	{ "e_phoff + table wraps", c_phoff_wrap, -ENOEXEC, "program header table outside" },
	{ "p_filesz > p_memsz", c_filesz, -ENOEXEC, "p_filesz larger than p_memsz" },
	{ "segment data past the end", c_data_end, -ENOEXEC, "segment data outside" },
	{ "p_offset + p_filesz wraps", c_offset_wrap, -ENOEXEC, "segment data outside" },
	{ "p_vaddr + p_memsz wraps", c_vaddr_wrap, -ENOEXEC, "overflows" },
	{ "segment below the minimum", c_below_min, -ENOMEM, "user address range" },
	{ "segment above the maximum", c_above_max, -ENOMEM, "user address range" },
	{ "min at the lowest segment", c_min_exact, 0, NULL },
	{ "min one above the lowest segment", c_min_above, -ENOMEM, "user address range" },
	{ "max at the end of the image", c_max_exact, 0, NULL },
	{ "max one below the end of the image", c_max_below, -ENOMEM, "user address range" },
	{ "p_align not a power of two", c_align, -ENOEXEC, "power of two" },
	{ "p_align 0 accepted", c_align0, 0, NULL },
	{ "p_offset, p_vaddr not congruent", c_congruent, -ENOEXEC, "congruent" },
	{ "unsorted PT_LOADs", c_unsorted, -ENOEXEC, "ascending order" },
	{ "overlapping PT_LOADs", c_overlap, -ENOEXEC, "overlap" },
	{ "entry 0", c_entry_zero, -ENOEXEC, "entry point" },
	{ "entry in a data segment", c_entry_data, -ENOEXEC, "entry point" },
	{ "entry one past its segment", c_entry_past, -ENOEXEC, "entry point" },
	{ "entry segment not executable", c_entry_noexec, -ENOEXEC, "entry point" },
	{ "PT_INTERP before the loads", c_interp_first, -ENOEXEC, "PT_INTERP" },
	{ "PT_INTERP after the loads", c_interp_last, -ENOEXEC, "PT_INTERP" },
	{ "PT_INTERP with a path", c_interp_ok, 0, NULL },
	{ "two PT_INTERPs", c_interp_twice, -ENOEXEC, "more than one PT_INTERP" },
	{ "PT_INTERP path relative", c_interp_relative, -ENOEXEC, "not absolute" },
	{ "PT_INTERP path without its NUL", c_interp_no_nul, -ENOEXEC, "NUL-terminated" },
	{ "PT_INTERP path with a NUL inside", c_interp_nul_inside, -ENOEXEC, "NUL inside" },
	{ "PT_INTERP path too long", c_interp_too_long, -ENOEXEC, "too long" },
	{ "PT_INTERP past the end of the file", c_interp_outside, -ENOEXEC, "outside the file" },
	{ "no PT_LOAD", c_no_load, -ENOEXEC, "no loadable segments" },
	{ "only empty PT_LOADs", c_empty_loads, -ENOEXEC, "no loadable segments" },
	{ "ELF_MAX_LOAD PT_LOADs accepted", c_loads_max, 0, NULL },
	{ "ELF_MAX_LOAD + 1 PT_LOADs", c_loads_over, -ENOEXEC, "too many PT_LOAD" },
	{ "header read fails", c_read_header, -EIO, "ELF header" },
	{ "program header read fails", c_read_phdrs, -EIO, "program headers" },
};

/* Run on the first 32-bit program only; the 64-bit wrap of c_vaddr_wrap
 * cannot be written in 32 bits. */
static const struct bad_case cases32[] = {
	{ "ilp32 accepted", c_ilp32, 0, NULL },
	{ "ilp32d accepted", c_ilp32d, 0, NULL },
	{ "ilp32d without RVC accepted", c_norvc, 0, NULL },
	{ "RV32E", c_rve, -ENOEXEC, "RVE" },
	{ "ilp32f", c_ilp32f, -ENOEXEC, "ilp32f" },
	{ "ilp32q", c_ilp32q, -ENOEXEC, "ilp32q" },
	{ "RVTSO", c_tso, -ENOEXEC, "RVTSO" },
	{ "unknown e_flags bit", c_flag_unknown, -ENOEXEC, "unknown e_flags" },
	{ "segment reaching past 2 GiB", c_past_2g, -ENOMEM, "user address range" },
	{ "segment at the top of 4 GiB", c_top_4g, -ENOMEM, "user address range" },
	{ "p_memsz 4 GiB - 1", c_memsz_max, -ENOMEM, "user address range" },
	{ "entry above 2 GiB", c_entry_high, -ENOEXEC, "entry point" },
};

/* Reads base's headers of either class into c, widened. */
static void decode(struct craft *c, const struct img *base)
{
	c->is32 = base->b[EI_CLASS] == ELFCLASS32;
	c->phent = c->is32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
	if (!c->is32) {
		memcpy(&c->eh, base->b, sizeof(c->eh));
		c->nph = c->eh.e_phnum;
		memcpy(c->ph, base->b + c->eh.e_phoff, c->nph * sizeof(Elf64_Phdr));
		return;
	}
	Elf32_Ehdr h;
	memcpy(&h, base->b, sizeof(h));
	c->eh = (Elf64_Ehdr){ .e_type = h.e_type, .e_machine = h.e_machine,
		.e_version = h.e_version, .e_entry = h.e_entry, .e_phoff = h.e_phoff,
		.e_shoff = h.e_shoff, .e_flags = h.e_flags, .e_ehsize = h.e_ehsize,
		.e_phentsize = h.e_phentsize, .e_phnum = h.e_phnum,
		.e_shentsize = h.e_shentsize, .e_shnum = h.e_shnum, .e_shstrndx = h.e_shstrndx };
	memcpy(c->eh.e_ident, h.e_ident, EI_NIDENT);
	c->nph = h.e_phnum;
	for (int i = 0; i < c->nph; i++) {
		Elf32_Phdr p;
		memcpy(&p, base->b + h.e_phoff + i * sizeof(p), sizeof(p));
		c->ph[i] = (Elf64_Phdr){ .p_type = p.p_type, .p_flags = p.p_flags,
			.p_offset = p.p_offset, .p_vaddr = p.p_vaddr, .p_paddr = p.p_paddr,
			.p_filesz = p.p_filesz, .p_memsz = p.p_memsz, .p_align = p.p_align };
	}
}

/* c's headers in the file's own class, at b (header) and t (table);
 * a 32-bit file's fields are cut to 32 bits, as a crafted file would be. */
static void narrow(const struct craft *c, const Elf64_Ehdr *eh, uint8_t *b, uint8_t *t)
{
	Elf32_Ehdr h = { .e_type = eh->e_type, .e_machine = eh->e_machine,
		.e_version = eh->e_version, .e_entry = eh->e_entry, .e_phoff = eh->e_phoff,
		.e_shoff = eh->e_shoff, .e_flags = eh->e_flags, .e_ehsize = eh->e_ehsize,
		.e_phentsize = eh->e_phentsize, .e_phnum = eh->e_phnum,
		.e_shentsize = eh->e_shentsize, .e_shnum = eh->e_shnum, .e_shstrndx = eh->e_shstrndx };

	memcpy(h.e_ident, eh->e_ident, EI_NIDENT);
	memcpy(b, &h, sizeof(h));
	for (int i = 0; t && i < c->nph; i++) {
		const Elf64_Phdr *q = &c->ph[i];
		Elf32_Phdr p = { .p_type = q->p_type, .p_flags = q->p_flags,
			.p_offset = q->p_offset, .p_vaddr = q->p_vaddr, .p_paddr = q->p_paddr,
			.p_filesz = q->p_filesz, .p_memsz = q->p_memsz, .p_align = q->p_align };
		memcpy(t + i * sizeof(p), &p, sizeof(p));
	}
}

/* base, with c's headers written over it, truncated to c->cut. */
static struct img emit(const struct craft *c, const struct img *base)
{
	uint64_t size = base->size, table = c->nph * c->phent;
	Elf64_Ehdr eh = c->eh;

	if (c->move_table) {
		eh.e_phoff = (size + 7) & ~7UL;
		size = eh.e_phoff + table;
	}
	uint64_t tail_at = size;
	Elf64_Phdr ph[ELF_MAX_PHNUM];
	memcpy(ph, c->ph, sizeof(ph));
	for (int i = 0; i < c->nph; i++)
		if (ph[i].p_offset == AT_TAIL)
			ph[i].p_offset = tail_at;
	size += c->tail_len;
	struct img full = { .b = calloc(1, size), .size = size };
	if (!full.b) {
		perror("calloc");
		exit(2);
	}
	memcpy(full.b, base->b, base->size);
	bool table_in = eh.e_phoff <= size && table <= size - eh.e_phoff;
	if (c->is32) {
		struct craft narrowed = *c;
		memcpy(narrowed.ph, ph, sizeof(ph));
		narrow(&narrowed, &eh, full.b, table_in ? full.b + eh.e_phoff : NULL);
	} else {
		memcpy(full.b, &eh, sizeof(eh));
		if (table_in)
			memcpy(full.b + eh.e_phoff, ph, table);
	}
	if (c->tail_len)
		memcpy(full.b + tail_at, c->tail, c->tail_len);
	struct img m = prefix(&full, c->cut < size ? c->cut : size);
	free(full.b);
	m.fail_read = c->fail_read;
	return m;
}

static void run_case(const struct img *base, const struct bad_case *bc, struct ELFseg *seg)
{
	struct craft c = { .size = base->size, .cut = UINT64_MAX, .fail_read = -1,
			   .lim = user_limits };

	decode(&c, base);
	if (c.is32) {
		c.lim.max = c.lim.max32;
		c.lim.dyn_base = c.lim.dyn_base32;
	}
	bc->craft(&c);
	if (c.is32) {
		c.lim.max32 = c.lim.max;
		c.lim.dyn_base32 = c.lim.dyn_base;
	}

	struct img m = emit(&c, base);
	int err = run(&m, &c.lim, seg);

	begin("%s%s", c.is32 ? "ELF32: " : "", bc->name);
	expect(err == bc->err, "expected %s, got %s (%d): %s", ename(bc->err),
	       ename(err), err, str(seg->reason));
	if (bc->key)
		expect(seg->reason && strstr(seg->reason, bc->key),
		       "expected a reason with \"%s\", got \"%s\"", bc->key, str(seg->reason));
	if (err == 0) {
		uint64_t bias = 0;
		if (c.eh.e_type == ET_DYN)
			bias = c.lim.dyn_base - (load(&c, 0)->p_vaddr & ~(ELF_PAGE - 1));
		expect(seg->nload == nloads(&c), "expected nload %d, got %d", nloads(&c), seg->nload);
		expect(seg->load_bias == bias, "expected load_bias %#lx, got %#lx",
		       bias, seg->load_bias);
		expect(seg->entry == c.eh.e_entry + bias, "expected entry %#lx, got %#lx",
		       c.eh.e_entry + bias, seg->entry);
		expect(seg->load[0].vaddr == load(&c, 0)->p_vaddr + bias,
		       "expected load[0] at %#lx, got %#lx", load(&c, 0)->p_vaddr + bias,
		       seg->load[0].vaddr);
		bool stack_x = false;
		for (int i = 0; i < c.nph; i++)
			if (c.ph[i].p_type == PT_GNU_STACK)
				stack_x = c.ph[i].p_flags & PF_X;
		expect(seg->exec_stack == stack_x, "expected exec_stack %d, got %d",
		       stack_x, seg->exec_stack);
	}
	expect(m.stray == 0, "expected no read past the end, got %d", m.stray);
	end("%s: %s", ename(err), str(seg->reason));
	free(m.b);
}

/* ---- truncations ---- */

static void truncated(const struct img *base, uint64_t len, struct ELFseg *seg)
{
	struct img m = prefix(base, len);
	int err = run(&m, &user_limits, seg);

	expect(err == -ENOEXEC && seg->reason,
	       "expected -ENOEXEC for the first %lu bytes, got %s (%d): %s",
	       len, ename(err), err, str(seg->reason));
	expect(m.stray == 0, "expected no read past %lu bytes, got %d", len, m.stray);
	free(m.b);
}

/* Every prefix of the first page, and each PT_LOAD cut one byte short. */
static void sweep(const char *path, const struct img *base, struct ELFseg *seg)
{
	struct craft c;
	int n = 0;

	begin("truncations of %s", path);
	for (uint64_t len = 0; len <= ELF_PAGE && len < base->size; len++, n++)
		truncated(base, len, seg);
	decode(&c, base);
	for (int i = 0; i < c.nph; i++) {
		const Elf64_Phdr ph = c.ph[i];
		if (ph.p_type == PT_LOAD && ph.p_filesz > 0) {
			truncated(base, ph.p_offset + ph.p_filesz - 1, seg);
			n++;
		}
	}
	end("%d lengths refused", n);
}

/* A 64-bit wrap that 32 bits cannot hold: the 32-bit cases have their own. */
static bool only64(const struct bad_case *bc)
{
	return bc->craft == c_vaddr_wrap;
}

/* Every case of table on files crafted from base, which must pass. */
static void crafted(const char *path, const struct img *base, int good,
		    const struct bad_case *table, size_t n, struct ELFseg *seg)
{
	struct craft c;

	begin("files crafted from %s", path);
	expect(good, "expected it to pass initElf, got a refusal");
	if (good) {
		decode(&c, base);
		expect(nloads(&c) >= 2, "expected 2 PT_LOAD segments or more, got %d", nloads(&c));
	}
	if (group_bad) {
		end("%s", "");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!(c.is32 && only64(&table[i])))
			run_case(base, &table[i], seg);
}

int main(int argc, char **argv)
{
	struct ELFseg *seg = malloc(sizeof(*seg));
	struct img *progs = calloc(argc, sizeof(*progs));
	int *good = calloc(argc, sizeof(*good));

	if (argc < 2) {
		fprintf(stderr, "usage: test_elf PROGRAM...\n");
		return 2;
	}
	if (!seg || !progs || !good) {
		perror("malloc");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if (read_file(argv[i], &progs[i]) < 0) {
			begin("%s", argv[i]);
			expect(0, "expected a readable file, got an error");
			end("%s", "");
			continue;
		}
		good[i] = check_real(argv[i], &progs[i], seg);
	}

	int first64 = 0, first32 = 0;
	for (int i = argc - 1; i > 0; i--) {
		if (progs[i].b && progs[i].size > EI_CLASS && progs[i].b[EI_CLASS] == ELFCLASS32)
			first32 = i;
		else if (progs[i].b)
			first64 = i;
	}
	if (first64)
		crafted(argv[first64], &progs[first64], good[first64], cases,
			sizeof(cases) / sizeof(cases[0]), seg);
	if (first32) {
		crafted(argv[first32], &progs[first32], good[first32], cases,
			sizeof(cases) / sizeof(cases[0]), seg);
		crafted(argv[first32], &progs[first32], good[first32], cases32,
			sizeof(cases32) / sizeof(cases32[0]), seg);
	}

	for (int i = 1; i < argc; i++)
		if (progs[i].b)
			sweep(argv[i], &progs[i], seg);

	for (int i = 1; i < argc; i++)
		free(progs[i].b);
	free(progs);
	free(good);
	free(seg);
	printf("elf: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
