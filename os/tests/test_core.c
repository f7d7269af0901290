/*
 * Host tests for the pure core-dump layer (os/core_layout.c): interval
 * fusion, the ELF layout with and without PN_XNUM, notes, NT_FILE, the
 * limited sink and core_pattern expansion. It also writes two whole
 * cores, one small and one with 70000 segments (PN_XNUM), for
 * os/tests/core.mk to show to readelf.
 *
 * usage: test_core SMALL.core XNUM.core
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/core_layout.h"
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

static void test_layout(void)
{
	struct core_layout l;
	Elf64_Ehdr eh;
	Elf64_Shdr sh;
	Elf64_Phdr ph;

	begin("layout: a few segments, no section headers");
	expect(core_plan(&l, 3, 1000, 5 * 4096) == 0, "core_plan failed");
	core_ehdr(&l, &eh);
	expect(memcmp(eh.e_ident, "\177ELF", 4) == 0 && eh.e_ident[EI_CLASS] == ELFCLASS64,
	       "bad ident");
	expect(eh.e_type == ET_CORE && eh.e_machine == EM_RISCV, "type %u machine %u",
	       eh.e_type, eh.e_machine);
	expect(eh.e_phnum == 4 && eh.e_phoff == 64 && eh.e_phentsize == 56, "phnum %u phoff %lu",
	       eh.e_phnum, eh.e_phoff);
	expect(eh.e_shoff == 0 && eh.e_shnum == 0, "section headers without PN_XNUM");
	expect(l.notes_off == 64 + 4 * 56, "notes at %lu", l.notes_off);
	expect(l.data_off == 4096 && l.size == 4096 + 5 * 4096, "data at %lu, size %lu",
	       l.data_off, l.size);
	core_note_phdr(&l, &ph);
	expect(ph.p_type == PT_NOTE && ph.p_offset == l.notes_off && ph.p_filesz == 1000,
	       "PT_NOTE");
	struct core_interval iv = { 0x10000, 0x12000, PF_R | PF_X };
	core_load_phdr(&iv, 4096, &ph);
	expect(ph.p_type == PT_LOAD && ph.p_vaddr == 0x10000 && ph.p_filesz == 0x2000 &&
	       ph.p_memsz == 0x2000 && ph.p_flags == (PF_R | PF_X) && ph.p_offset == 4096,
	       "PT_LOAD");
	end();

	begin("layout: PN_XNUM from 65535 program headers on, count in section header 0");
	core_plan(&l, 65533, 100, 0);
	core_ehdr(&l, &eh);
	expect(!l.xnum && eh.e_phnum == 65534, "65534 headers: e_phnum %u", eh.e_phnum);
	core_plan(&l, 65534, 100, 0);
	core_ehdr(&l, &eh);
	core_shdr0(&l, &sh);
	expect(l.xnum && eh.e_phnum == PN_XNUM && sh.sh_info == 65535,
	       "65535 headers: e_phnum %#x sh_info %u", eh.e_phnum, sh.sh_info);
	core_plan(&l, 70000, 100, 0);
	core_ehdr(&l, &eh);
	core_shdr0(&l, &sh);
	expect(eh.e_phnum == PN_XNUM && eh.e_shnum == 1 && eh.e_shentsize == sizeof(Elf64_Shdr),
	       "e_phnum %#x e_shnum %u", eh.e_phnum, eh.e_shnum);
	expect(eh.e_shoff == 64 + 70001 * 56 && l.notes_off == eh.e_shoff + 64,
	       "shoff %lu notes %lu", eh.e_shoff, l.notes_off);
	expect(sh.sh_type == SHT_NULL && sh.sh_info == 70001 && sh.sh_size == 1,
	       "section 0: type %u info %u size %lu", sh.sh_type, sh.sh_info, sh.sh_size);
	expect(l.data_off % 4096 == 0 && l.data_off >= l.notes_off + 100, "data at %lu",
	       l.data_off);
	expect(core_plan(&l, UINT32_MAX, 0, 0) == -E2BIG, "a count past sh_info's 32 bits");
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

static void test_notes(void)
{
	struct core_task t = { .pid = 7, .ppid = 1, .pgrp = 7, .sig = 11, .fault_addr = 0x40,
			       .state = 'R', .fname = "prog", .psargs = "prog -x" };
	struct core_prstatus ps;
	struct core_prpsinfo pi;
	struct core_siginfo si;
	uint8_t *raw = (uint8_t *)&ps;

	for (int i = 0; i < 32; i++)
		t.regs[i] = 0x1000 + i;
	begin("notes: prstatus as Linux riscv64 lays it out");
	core_fill_prstatus(&ps, &t);
	int32_t pid;
	int16_t cursig;
	uint64_t pc, x2;
	memcpy(&cursig, raw + 12, 2);
	memcpy(&pid, raw + 32, 4);
	memcpy(&pc, raw + 112, 8);
	memcpy(&x2, raw + 112 + 16, 8);
	expect(cursig == 11 && pid == 7 && pc == 0x1000 && x2 == 0x1002,
	       "cursig %d pid %d pc %#lx sp %#lx", cursig, pid, pc, x2);
	core_fill_prpsinfo(&pi, &t);
	expect(pi.sname == 'R' && pi.state == 0 && pi.pid == 7 && strcmp(pi.fname, "prog") == 0 &&
	       strcmp(pi.psargs, "prog -x") == 0, "prpsinfo");
	core_fill_siginfo(&si, &t);
	expect(si.si_signo == 11 && si.si_addr == 0x40, "siginfo");
	end();

	begin("notes: NT_FILE list, streamed from a list asked in order");
	struct mem fm_out = { .fail_at = -1 };
	uint8_t sbuf[64];
	struct core_sink s = { mem_write, &fm_out, sbuf, sizeof(sbuf), 0, 0, ~0UL, 0 };
	size_t n = core_ntfile_size(2, filemap_at, NULL);
	uint64_t w[8];
	expect(n == 16 + 48 + 7 + 3, "size %zu", n);
	expect(core_ntfile(&s, 2, filemap_at, NULL) == 0 && core_flush(&s) == 0 &&
	       fm_out.size == n, "wrote %zu", fm_out.size);
	memcpy(w, fm_out.data, sizeof(w));
	expect(w[0] == 2 && w[1] == 4096 && w[2] == 0x10000 && w[3] == 0x12000 && w[4] == 0 &&
	       w[7] == 3, "counts and ranges");
	expect(memcmp(fm_out.data + 64, "/bin/a\0/b\0", 10) == 0, "paths");
	end();
	free(fm_out.data);
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

/* A core of nload one-page segments, flags alternating, each page
 * filled with its index; every page also read back through fusion. */
static void write_core(const char *path, uint64_t nload)
{
	static uint8_t buf[4096], page[4096];
	FILE *f = fopen(path, "wb");
	struct core_sink s = { file_write, f, buf, sizeof(buf), 0, 0, ~0UL, 0 };
	struct core_task t = { .pid = 3, .sig = 6, .state = 'R', .fname = "t", .psargs = "t" };
	struct core_prstatus ps;
	struct core_layout l;
	union { Elf64_Ehdr eh; Elf64_Phdr ph; Elf64_Shdr sh; } h;

	core_fill_prstatus(&ps, &t);
	core_plan(&l, nload, core_note_size("CORE", sizeof(ps)), nload * 4096);
	core_ehdr(&l, &h.eh);
	core_emit(&s, &h.eh, sizeof(h.eh));
	core_note_phdr(&l, &h.ph);
	core_emit(&s, &h.ph, sizeof(h.ph));
	struct core_fuse fu = { 0 };
	struct core_interval iv;
	uint64_t off = l.data_off, n = 0;
	for (uint64_t i = 0; i <= nload; i++) {
		bool closed = i < nload ? core_fuse_add(&fu, 0x100000 + i * 4096, 4096,
							 i % 2 ? PF_R : PF_R | PF_W, &iv)
					: core_fuse_end(&fu, &iv);
		if (closed) {
			core_load_phdr(&iv, off, &h.ph);
			core_emit(&s, &h.ph, sizeof(h.ph));
			off += iv.end - iv.start;
			n++;
		}
	}
	if (l.xnum) {
		core_shdr0(&l, &h.sh);
		core_emit(&s, &h.sh, sizeof(h.sh));
	}
	core_note(&s, "CORE", NT_PRSTATUS, &ps, sizeof(ps));
	core_pad_to(&s, l.data_off);
	for (uint64_t i = 0; i < nload; i++) {
		memset(page, (int)(i & 0xff), sizeof(page));
		core_emit(&s, page, sizeof(page));
	}
	core_flush(&s);
	fclose(f);
	char what[64];
	snprintf(what, sizeof(what), "a whole core of %lu segments", nload);
	begin(what);
	expect(n == nload, "fusion gave %lu segments", n);
	expect(s.err == 0 && s.pos == l.size, "err %d, wrote %lu of %lu", s.err, s.pos, l.size);
	end();
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_core SMALL.core XNUM.core\n");
		return 2;
	}
	test_fusion();
	test_layout();
	test_sink();
	test_notes();
	test_expand();
	write_core(argv[1], 5);
	write_core(argv[2], 70000);
	printf("core-unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
