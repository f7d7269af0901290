/*
 * Host tests for the pure core-dump layer (os/core_layout.c): interval
 * fusion, the ELF layout with and without PN_XNUM, notes, NT_FILE, the
 * limited sink and core_pattern expansion, in both classes (ELFCLASS64
 * for riscv64, ELFCLASS32 for rv32). It also writes three whole cores,
 * a small one, one with 70000 segments (PN_XNUM) and a small 32-bit one,
 * for os/tests/core.mk to show to readelf and gdb.
 *
 * usage: test_core SMALL.core XNUM.core SMALL32.core
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/core_layout.h"
#include "uapi/linux/auxvec.h"
#include "uapi/linux/errno.h"

static int passed, failed, group_bad;
static char group[128];

static void begin(const char *name)
{
	snprintf(group, sizeof(group), "%s", name);
	group_bad = 0;
}

__attribute__((format(printf, 2, 3)))
static void expect(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok || group_bad++ >= 5)
		return;
	printf("FAIL %s: ", group);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void end(void)
{
	if (group_bad) {
		failed++;
	} else {
		passed++;
		printf("ok %s\n", group);
	}
}

/* ---- fusion ---- */

struct map { uint64_t va, size; uint32_t flags; };

static int fuse_all(const struct map *m, int n, struct core_interval *out)
{
	struct core_fuse f = { 0 };
	int k = 0;

	for (int i = 0; i < n; i++)
		k += core_fuse_add(&f, m[i].va, m[i].size, m[i].flags, &out[k]);
	k += core_fuse_end(&f, &out[k]);
	return k;
}

static void test_fusion(void)
{
	const uint64_t P = 4096, MB2 = 2 << 20;
	const struct map m[] = {
		{ 0x10000, P, PF_R | PF_X }, { 0x11000, P, PF_R | PF_X },	/* text: one */
		{ 0x12000, P, PF_R | PF_W }, { 0x13000, P, PF_R | PF_W },	/* data: one */
		{ 0x15000, P, PF_R | PF_W },		/* a hole before it: new */
		{ 0x16000, P, PF_R },			/* flags change: new */
		{ 0x17000, P, PF_R | PF_W },
		{ 0x200000, MB2, PF_R | PF_W },		/* a superpage, then pages after it */
		{ 0x400000, P, PF_R | PF_W },
	};
	const struct core_interval want[] = {
		{ 0x10000, 0x12000, PF_R | PF_X }, { 0x12000, 0x14000, PF_R | PF_W },
		{ 0x15000, 0x16000, PF_R | PF_W }, { 0x16000, 0x17000, PF_R },
		{ 0x17000, 0x18000, PF_R | PF_W }, { 0x200000, 0x401000, PF_R | PF_W },
	};
	struct core_interval got[16];

	begin("fusion: one interval per run of touching pages with equal flags");
	int n = fuse_all(m, sizeof(m) / sizeof(m[0]), got);
	expect(n == 6, "expected 6 intervals, got %d", n);
	for (int i = 0; i < n && i < 6; i++)
		expect(got[i].start == want[i].start && got[i].end == want[i].end &&
		       got[i].flags == want[i].flags,
		       "interval %d: expected [%#lx, %#lx) %u, got [%#lx, %#lx) %u", i,
		       want[i].start, want[i].end, want[i].flags, got[i].start, got[i].end,
		       got[i].flags);
	expect(fuse_all(m, 0, got) == 0, "no mappings: expected no interval");
	expect(fuse_all(m, 1, got) == 1 && got[0].end == 0x11000, "one mapping: one interval");
	end();
}

/* ---- the layout ---- */

/* A little-endian field of size bytes at off. */
static uint64_t rd(const uint8_t *p, size_t off, unsigned size)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[off + i] << 8 * i;
	return v;
}

/* Where ELF puts each header field in the two classes. */
struct elf_off {
	unsigned word, ehsize, phentsize, shentsize;
	unsigned e_phoff, e_shoff, e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum;
	unsigned p_flags, p_offset, p_vaddr, p_filesz, p_memsz, p_align;
	unsigned sh_size, sh_info;
};
static const struct elf_off elf64 = { 8, 64, 56, 64, 32, 40, 52, 54, 56, 58, 60,
				      4, 8, 16, 32, 40, 48, 32, 44 };
static const struct elf_off elf32 = { 4, 52, 32, 40, 28, 32, 40, 42, 44, 46, 48,
				      24, 4, 8, 16, 20, 28, 20, 28 };

static void test_layout_class(const struct elf_off *o)
{
	struct core_layout l;
	uint8_t h[CORE_HDR_MAX];
	char what[128];
	unsigned w = o->word;

	snprintf(what, sizeof(what), "layout (ELFCLASS%u): a few segments, no section headers",
		 w * 8);
	begin(what);
	expect(core_plan(&l, w, 3, 1000, 5 * 4096) == 0, "core_plan failed");
	expect(core_ehdr(&l, h) == o->ehsize, "ehdr size");
	expect(memcmp(h, "\177ELF", 4) == 0 &&
	       h[EI_CLASS] == (w == 8 ? ELFCLASS64 : ELFCLASS32) && h[EI_DATA] == ELFDATA2LSB,
	       "bad ident");
	expect(rd(h, 16, 2) == ET_CORE && rd(h, 18, 2) == EM_RISCV && rd(h, 20, 4) == EV_CURRENT,
	       "type %lu machine %lu", rd(h, 16, 2), rd(h, 18, 2));
	expect(rd(h, o->e_phnum, 2) == 4 && rd(h, o->e_phoff, w) == o->ehsize &&
	       rd(h, o->e_phentsize, 2) == o->phentsize && rd(h, o->e_ehsize, 2) == o->ehsize,
	       "phnum %lu phoff %lu", rd(h, o->e_phnum, 2), rd(h, o->e_phoff, w));
	expect(rd(h, o->e_shoff, w) == 0 && rd(h, o->e_shnum, 2) == 0,
	       "section headers without PN_XNUM");
	expect(l.notes_off == o->ehsize + 4 * o->phentsize, "notes at %lu", l.notes_off);
	expect(l.data_off == 4096 && l.size == 4096 + 5 * 4096, "data at %lu, size %lu",
	       l.data_off, l.size);
	expect(core_note_phdr(&l, h) == o->phentsize, "phdr size");
	expect(rd(h, 0, 4) == PT_NOTE && rd(h, o->p_offset, w) == l.notes_off &&
	       rd(h, o->p_filesz, w) == 1000 && rd(h, o->p_memsz, w) == 0, "PT_NOTE");
	struct core_interval iv = { 0x10000, 0x12000, PF_R | PF_X };
	core_load_phdr(&l, &iv, 4096, h);
	expect(rd(h, 0, 4) == PT_LOAD && rd(h, o->p_vaddr, w) == 0x10000 &&
	       rd(h, o->p_filesz, w) == 0x2000 && rd(h, o->p_memsz, w) == 0x2000 &&
	       rd(h, o->p_flags, 4) == (PF_R | PF_X) && rd(h, o->p_offset, w) == 4096 &&
	       rd(h, o->p_align, w) == 4096, "PT_LOAD");
	end();

	snprintf(what, sizeof(what),
		 "layout (ELFCLASS%u): PN_XNUM from 65535 program headers on, count in section header 0",
		 w * 8);
	begin(what);
	core_plan(&l, w, 65533, 100, 0);
	core_ehdr(&l, h);
	expect(!l.xnum && rd(h, o->e_phnum, 2) == 65534, "65534 headers: e_phnum %lu",
	       rd(h, o->e_phnum, 2));
	core_plan(&l, w, 70000, 100, 0);
	core_ehdr(&l, h);
	expect(rd(h, o->e_phnum, 2) == PN_XNUM && rd(h, o->e_shnum, 2) == 1 &&
	       rd(h, o->e_shentsize, 2) == o->shentsize, "e_phnum %#lx e_shnum %lu",
	       rd(h, o->e_phnum, 2), rd(h, o->e_shnum, 2));
	expect(rd(h, o->e_shoff, w) == o->ehsize + 70001UL * o->phentsize &&
	       l.notes_off == rd(h, o->e_shoff, w) + o->shentsize, "shoff %lu notes %lu",
	       rd(h, o->e_shoff, w), l.notes_off);
	expect(core_shdr0(&l, h) == o->shentsize, "shdr size");
	expect(rd(h, 4, 4) == SHT_NULL && rd(h, o->sh_info, 4) == 70001 &&
	       rd(h, o->sh_size, w) == 1, "section 0: type %lu info %lu size %lu", rd(h, 4, 4),
	       rd(h, o->sh_info, 4), rd(h, o->sh_size, w));
	expect(l.data_off % 4096 == 0 && l.data_off >= l.notes_off + 100, "data at %lu",
	       l.data_off);
	expect(core_plan(&l, w, UINT32_MAX, 0, 0) == -E2BIG, "a count past sh_info's 32 bits");
	end();
}

static void test_layout(void)
{
	struct core_layout l;

	test_layout_class(&elf64);
	test_layout_class(&elf32);
	begin("layout: a 32-bit core past 4 GiB is refused, a 64-bit one is not");
	expect(core_plan(&l, CORE_WORD32, 1, 100, (1UL << 32) - 8192) == 0, "just under 4 GiB");
	expect(core_plan(&l, CORE_WORD32, 1, 100, 1UL << 32) == -EFBIG, "4 GiB of memory");
	expect(core_plan(&l, CORE_WORD64, 1, 100, 1UL << 32) == 0, "64-bit: 4 GiB");
	expect(core_plan(&l, CORE_WORD64, 1, 100, UINT64_MAX - 100) == -EFBIG, "overflow");
	end();
}

/* ---- the sink ---- */

struct mem {
	uint8_t *data;
	size_t size, cap;
	int writes;
	long fail_at;	/* a write reaching past this offset fails, -1: never */
};

static int mem_write(void *ctx, uint64_t off, const void *buf, size_t n)
{
	struct mem *m = ctx;

	m->writes++;
	if (m->fail_at >= 0 && off + n > (uint64_t)m->fail_at)
		return -ENOSPC;
	if (off + n > m->cap) {
		m->cap = (off + n) * 2;
		m->data = realloc(m->data, m->cap);
	}
	memcpy(m->data + off, buf, n);
	if (off + n > m->size)
		m->size = off + n;
	return 0;
}

static void test_sink(void)
{
	uint8_t buf[64], src[1000];
	struct mem m = { .fail_at = -1 };
	struct core_sink s = { mem_write, &m, buf, sizeof(buf), 0, 0, 700, 0 };

	for (int i = 0; i < 1000; i++)
		src[i] = (uint8_t)(i * 7);
	begin("sink: buffered, cut exactly at the limit, then stops");
	core_emit(&s, src, 10);
	core_emit(&s, src + 10, 200);	/* fills and flushes the buffer */
	expect(s.err == 0 && s.pos == 210, "pos %lu err %d", s.pos, s.err);
	int err = core_emit(&s, src + 210, 790);
	expect(err == -EFBIG && s.pos == 700 && m.size == 700, "err %d pos %lu size %zu", err,
	       s.pos, m.size);
	expect(memcmp(m.data, src, 700) == 0, "bytes differ");
	expect(core_emit(&s, src, 1) == -EFBIG && m.size == 700, "after the limit, nothing");
	end();

	begin("sink: a failing write sticks");
	struct mem m2 = { .fail_at = 100 };
	struct core_sink s2 = { mem_write, &m2, buf, sizeof(buf), 0, 0, ~0UL, 0 };
	core_emit(&s2, src, 300);
	int writes = m2.writes;
	expect(s2.err == -ENOSPC, "err %d", s2.err);
	expect(core_emit(&s2, src, 10) == -ENOSPC && core_flush(&s2) == -ENOSPC &&
	       m2.writes == writes, "kept writing after an error");
	end();

	begin("sink: notes padded to 4 bytes, core_pad_to");
	struct mem m3 = { .fail_at = -1 };
	struct core_sink s3 = { mem_write, &m3, buf, sizeof(buf), 0, 0, ~0UL, 0 };
	expect(core_note_size("CORE", 5) == 12 + 8 + 8, "size %zu", core_note_size("CORE", 5));
	core_note(&s3, "CORE", NT_AUXV, "abcde", 5);
	core_pad_to(&s3, 100);
	core_flush(&s3);
	Elf64_Nhdr nh;
	memcpy(&nh, m3.data, sizeof(nh));
	expect(nh.n_namesz == 5 && nh.n_descsz == 5 && nh.n_type == NT_AUXV, "header");
	expect(memcmp(m3.data + 12, "CORE\0\0\0\0abcde\0\0\0", 16) == 0, "name and descriptor");
	expect(m3.size == 100 && m3.data[99] == 0, "padded to %zu", m3.size);
	end();
	free(m.data);
	free(m2.data);
	free(m3.data);
}

/* ---- notes ---- */

/* NT_FILE's list for the test: two files. */
static void filemap_at(void *ctx, int i, struct core_filemap *m)
{
	static const struct core_filemap fm[] = {
		{ 0x10000, 0x12000, 0, "/bin/a" }, { 0x20000, 0x21000, 3, "/b" },
	};

	(void)ctx;
	*m = fm[i];
}

/* Where elfcore.h's fields are, and the sizes, in the two classes
 * (riscv64's elf_prstatus, rv32's compat_elf_prstatus, ...). */
struct note_off {
	unsigned word, prstatus, prpsinfo;
	unsigned pr_cursig, pr_sigpend, pr_pid, pr_sid, pr_utime, pr_cstime, pr_reg, pr_fpvalid;
	unsigned pi_pid, pi_fname, pi_psargs, si_addr;
};
static const struct note_off notes64 = { 8, 376, 136, 12, 16, 32, 44, 48, 96, 112, 368,
					 24, 40, 56, 16 };
static const struct note_off notes32 = { 4, 204, 128, 12, 16, 24, 36, 40, 64, 72, 200,
					 16, 32, 48, 12 };

static void test_notes_class(const struct note_off *o)
{
	struct core_task t = { .word = o->word, .pid = 7, .ppid = 1, .pgrp = 7, .sid = 5,
			       .sig = 11, .fault_addr = 0x40, .sigpend = 0x100000001,
			       .utime_us = 3000004, .cstime_us = 5000006, .state = 'R',
			       .fname = "prog", .psargs = "prog -x" };
	uint8_t b[CORE_PRSTATUS_MAX + 8];
	unsigned w = o->word;
	char what[96];

	for (int i = 0; i < 32; i++) {
		t.regs[i] = 0xdead000000001000 + i;	/* garbage above rv32's 32 bits */
		t.fregs[i] = 0x4000000000000000 + i;
	}
	t.fcsr = 0xe0;
	snprintf(what, sizeof(what), "notes (ELFCLASS%u): Linux's prstatus, prpsinfo, siginfo",
		 w * 8);
	begin(what);
	memset(b, 0xaa, sizeof(b));
	expect(core_fill_prstatus(b, &t) == o->prstatus, "prstatus size");
	uint64_t mask = w == 8 ? ~0UL : 0xffffffffUL;
	expect(rd(b, 0, 4) == 11 && rd(b, o->pr_cursig, 2) == 11 &&
	       rd(b, o->pr_sigpend, w) == (0x100000001 & mask) && rd(b, o->pr_pid, 4) == 7 &&
	       rd(b, o->pr_sid, 4) == 5, "cursig %lu pid %lu sid %lu", rd(b, o->pr_cursig, 2),
	       rd(b, o->pr_pid, 4), rd(b, o->pr_sid, 4));
	expect(rd(b, o->pr_utime, w) == 3 && rd(b, o->pr_utime + w, w) == 4 &&
	       rd(b, o->pr_cstime, w) == 5 && rd(b, o->pr_cstime + w, w) == 6, "times");
	expect(rd(b, o->pr_reg, w) == ((0xdead000000001000) & mask) &&
	       rd(b, o->pr_reg + 2 * w, w) == ((0xdead000000001002) & mask) &&
	       rd(b, o->pr_reg + 31 * w, w) == ((0xdead00000000101f) & mask),
	       "pc %#lx sp %#lx", rd(b, o->pr_reg, w), rd(b, o->pr_reg + 2 * w, w));
	expect(rd(b, o->pr_fpvalid, 4) == 1 && b[o->prstatus] == 0xaa, "fpvalid, and no more");
	memset(b, 0xaa, sizeof(b));
	expect(core_fill_prpsinfo(b, &t) == o->prpsinfo, "prpsinfo size");
	expect(b[0] == 0 && b[1] == 'R' && rd(b, o->pi_pid, 4) == 7 &&
	       strcmp((char *)b + o->pi_fname, "prog") == 0 &&
	       strcmp((char *)b + o->pi_psargs, "prog -x") == 0 && b[o->prpsinfo] == 0xaa,
	       "prpsinfo");
	expect(core_fill_siginfo(b, &t) == 128 && rd(b, 0, 4) == 11 &&
	       rd(b, o->si_addr, w) == 0x40, "siginfo");
	expect(core_fill_fpregs(b, &t) == 264 && rd(b, 8, 8) == 0x4000000000000001 &&
	       rd(b, 256, 4) == 0xe0, "fpregs: f[32] of 8 bytes and fcsr, in both classes");
	const uint64_t auxv[] = { AT_PAGESZ, 4096, AT_ENTRY, 0x10074, 0, 0 };
	expect(core_fill_auxv(b, w, auxv, 3) == 6 * w && rd(b, 0, w) == AT_PAGESZ &&
	       rd(b, 3 * w, w) == 0x10074 && rd(b, 5 * w, w) == 0, "auxv in words");
	end();

	snprintf(what, sizeof(what), "notes (ELFCLASS%u): NT_FILE, streamed from a list asked in order",
		 w * 8);
	begin(what);
	struct mem fm_out = { .fail_at = -1 };
	uint8_t sbuf[64];
	struct core_sink s = { mem_write, &fm_out, sbuf, sizeof(sbuf), 0, 0, ~0UL, 0 };
	size_t n = core_ntfile_size(w, 2, filemap_at, NULL);
	expect(n == 8 * w + 7 + 3, "size %zu", n);
	expect(core_ntfile(&s, w, 2, filemap_at, NULL) == 0 && core_flush(&s) == 0 &&
	       fm_out.size == n, "wrote %zu", fm_out.size);
	const uint8_t *d = fm_out.data;
	expect(rd(d, 0, w) == 2 && rd(d, w, w) == 4096 && rd(d, 2 * w, w) == 0x10000 &&
	       rd(d, 3 * w, w) == 0x12000 && rd(d, 4 * w, w) == 0 && rd(d, 7 * w, w) == 3,
	       "counts and ranges");
	expect(memcmp(d + 8 * w, "/bin/a\0/b\0", 10) == 0, "paths");
	end();
	free(fm_out.data);
}

static void test_notes(void)
{
	test_notes_class(&notes64);
	test_notes_class(&notes32);
}

static void test_expand(void)
{
	char out[32];

	begin("core_pattern: %e %p %s %t %%, too long, unknown");
	expect(core_expand(out, sizeof(out), "/core/%e.%p", "sh", 42, 11, 0) == 0 &&
	       strcmp(out, "/core/sh.42") == 0, "got %s", out);
	expect(core_expand(out, sizeof(out), "%e-%s-%t-%%", "a", 1, 6, 1700000000) == 0 &&
	       strcmp(out, "a-6-1700000000-%") == 0, "got %s", out);
	expect(core_expand(out, 8, "/core/%e", "longname", 1, 1, 0) == -ENAMETOOLONG, "too long");
	expect(core_expand(out, sizeof(out), "/x%q", "a", 1, 1, 0) == -EINVAL, "unknown %%q");
	expect(core_expand(out, sizeof(out), "/x%", "a", 1, 1, 0) == -EINVAL, "trailing %%");
	expect(core_expand(out, sizeof(out), "", "a", 1, 1, 0) == -EINVAL, "empty");
	end();
}

/* ---- whole cores for readelf ---- */

static int file_write(void *ctx, uint64_t off, const void *buf, size_t n)
{
	FILE *f = ctx;

	if (fseek(f, (long)off, SEEK_SET) != 0 || fwrite(buf, 1, n, f) != n)
		return -EIO;
	return 0;
}

/* A core of nload one-page segments of class word, flags alternating,
 * each page filled with its index; every page also read back through
 * fusion. Its notes are the ones gdb needs to show the registers:
 * NT_PRSTATUS (pc 0x10074, sp 0x7ffff000), NT_PRPSINFO, NT_FPREGSET,
 * NT_AUXV. */
static void write_core(const char *path, unsigned word, uint64_t nload)
{
	static uint8_t buf[4096], page[4096];
	FILE *f = fopen(path, "wb");
	struct core_sink s = { file_write, f, buf, sizeof(buf), 0, 0, ~0UL, 0 };
	struct core_task t = { .word = word, .pid = 3, .sig = 6, .state = 'R', .fname = "t",
			       .psargs = "t -a" };
	const uint64_t auxv[] = { AT_PAGESZ, 4096, AT_ENTRY, 0x10074, AT_NULL, 0 };
	uint8_t ps[CORE_PRSTATUS_MAX], pi[CORE_PRPSINFO_MAX], fp[CORE_FPREGS_SIZE], av[48];
	uint8_t h[CORE_HDR_MAX];
	struct core_layout l;

	t.regs[0] = 0x10074;
	t.regs[2] = 0x7ffff000;
	size_t nps = core_fill_prstatus(ps, &t), npi = core_fill_prpsinfo(pi, &t);
	size_t nfp = core_fill_fpregs(fp, &t), nav = core_fill_auxv(av, word, auxv, 3);
	core_plan(&l, word, nload,
		  core_note_size("CORE", nps) + core_note_size("CORE", npi) +
		  core_note_size("CORE", nfp) + core_note_size("CORE", nav), nload * 4096);
	core_emit(&s, h, core_ehdr(&l, h));
	core_emit(&s, h, core_note_phdr(&l, h));
	struct core_fuse fu = { 0 };
	struct core_interval iv;
	uint64_t off = l.data_off, n = 0;
	for (uint64_t i = 0; i <= nload; i++) {
		bool closed = i < nload ? core_fuse_add(&fu, 0x100000 + i * 4096, 4096,
							 i % 2 ? PF_R : PF_R | PF_W, &iv)
					: core_fuse_end(&fu, &iv);
		if (closed) {
			core_emit(&s, h, core_load_phdr(&l, &iv, off, h));
			off += iv.end - iv.start;
			n++;
		}
	}
	if (l.xnum)
		core_emit(&s, h, core_shdr0(&l, h));
	core_note(&s, "CORE", NT_PRSTATUS, ps, nps);
	core_note(&s, "CORE", NT_PRPSINFO, pi, npi);
	core_note(&s, "CORE", NT_PRFPREG, fp, nfp);
	core_note(&s, "CORE", NT_AUXV, av, nav);
	core_pad_to(&s, l.data_off);
	for (uint64_t i = 0; i < nload; i++) {
		memset(page, (int)(i & 0xff), sizeof(page));
		core_emit(&s, page, sizeof(page));
	}
	core_flush(&s);
	fclose(f);
	char what[64];
	snprintf(what, sizeof(what), "a whole ELFCLASS%u core of %lu segments", word * 8, nload);
	begin(what);
	expect(n == nload, "fusion gave %lu segments", n);
	expect(s.err == 0 && s.pos == l.size, "err %d, wrote %lu of %lu", s.err, s.pos, l.size);
	end();
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: test_core SMALL.core XNUM.core SMALL32.core\n");
		return 2;
	}
	test_fusion();
	test_layout();
	test_sink();
	test_notes();
	test_expand();
	write_core(argv[1], CORE_WORD64, 5);
	write_core(argv[2], CORE_WORD64, 70000);
	write_core(argv[3], CORE_WORD32, 5);
	printf("core-unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
