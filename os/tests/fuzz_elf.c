/*
 * libFuzzer target for initElf (os/elf_check.c). The input is the whole
 * program file. initElf's own checks must keep every read inside the
 * file, so a read_at outside it aborts; and whatever initElf accepts must
 * hold everything load_elf, load_segment and jumpTo rely on. Any broken
 * invariant prints "fuzz_elf: invariant broken: ..." and aborts, which
 * libFuzzer saves as a crash artifact.
 *
 * Seeds: the user programs and a few files of the hostile corpus; see
 * os/tests/elf.mk (make elf-fuzz).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/elf.h"
#include "uapi/linux/errno.h"

/* The kernel's (os/exec.c): USER_MIN, USTACK_TOP - USTACK_MAX - PGSIZE
 * (0x3fff7ed000: a guard page below the lowest stack page), PIE_BASE. */
#define MAXVA (1UL << 38)
static const struct elf_limits lim = {
	.min = 0x1000,
	.max = MAXVA - 18 * ELF_PAGE - (8UL << 20) - ELF_PAGE,
	.dyn_base = 0x2aaaaab000,
	.max32 = 0x80000000UL - 18 * ELF_PAGE - (8UL << 20) - ELF_PAGE,
	.dyn_base32 = 0x55555000,
};

struct file {
	const uint8_t *b;
	uint64_t size;
};

__attribute__((format(printf, 1, 2), noreturn))
static void broken(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_elf: invariant broken: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

#define CHECK(cond, ...) do { if (!(cond)) broken(__VA_ARGS__); } while (0)

static int file_read_at(void *ctx, uint64_t off, void *buf, size_t n)
{
	const struct file *f = ctx;

	CHECK(off <= f->size && n <= f->size - off,
	      "read_at(off %#lx, n %#zx) outside the %lu-byte file", off, n, f->size);
	memcpy(buf, f->b + off, n);
	return 0;
}

/* Pages the loaded segments touch, each counted once: what exec maps. */
static uint64_t distinct_pages(const struct ELFseg *seg)
{
	uint64_t n = 0, last = 0;	/* last: the page after the last one counted */

	for (int i = 0; i < seg->nload; i++) {
		const struct elf_load *l = &seg->load[i];
		uint64_t first = l->vaddr / ELF_PAGE, end = (l->vaddr + l->memsz - 1) / ELF_PAGE + 1;
		if (i > 0 && first < last)
			first = last;
		if (end > first)
			n += end - first;
		if (end > last)
			last = end;
	}
	return n;
}

/* What exec relies on once initElf has said yes. */
static void check_accepted(const struct ELFseg *seg, const struct file *f)
{
	const Elf64_Ehdr *eh = &seg->elf_header;
	/* a 32-bit program: 32-byte program headers, everything below 2 GiB */
	uint64_t table = (uint64_t)eh->e_phnum * (seg->is32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr));
	uint64_t max = seg->is32 ? lim.max32 : lim.max;

	CHECK(!seg->is32 || max < ELF32_TOP, "32-bit limit %#lx at or above 2 GiB", max);
	bool entry_ok = false, phdr_ok = seg->phdr_addr == 0;

	CHECK(seg->reason == NULL, "accepted with a reason: \"%s\"", seg->reason);
	CHECK(seg->nload >= 1 && seg->nload <= ELF_MAX_LOAD, "nload %d", seg->nload);
	CHECK(eh->e_type == ET_DYN || seg->load_bias == 0,
	      "ET_EXEC with load_bias %#lx", seg->load_bias);
	CHECK(seg->load_bias % ELF_PAGE == 0, "load_bias %#lx not page-aligned", seg->load_bias);
	CHECK(seg->entry == eh->e_entry + seg->load_bias, "entry %#lx, e_entry %#lx + bias %#lx",
	      seg->entry, eh->e_entry, seg->load_bias);
	for (int i = 0; i < seg->nload; i++) {
		const struct elf_load *l = &seg->load[i];
		CHECK(l->memsz > 0, "load[%d] has memsz 0", i);
		CHECK(l->filesz <= l->memsz, "load[%d] filesz %#lx > memsz %#lx", i,
		      l->filesz, l->memsz);
		CHECK(l->offset <= f->size && l->filesz <= f->size - l->offset,
		      "load[%d] file bytes [%#lx, +%#lx) outside the %lu-byte file", i,
		      l->offset, l->filesz, f->size);
		CHECK(l->vaddr >= lim.min && l->vaddr <= max && l->memsz <= max - l->vaddr,
		      "load[%d] [%#lx, +%#lx) outside [%#lx, %#lx)", i, l->vaddr, l->memsz,
		      lim.min, max);
		CHECK((l->vaddr - l->offset) % ELF_PAGE == 0,
		      "load[%d] vaddr %#lx and offset %#lx not congruent", i, l->vaddr, l->offset);
		CHECK(!(l->flags & ~(uint32_t)(PF_R | PF_W | PF_X)), "load[%d] flags %#x", i, l->flags);
		CHECK(i == 0 || seg->load[i - 1].vaddr + seg->load[i - 1].memsz <= l->vaddr,
		      "load[%d] at %#lx below the end of load[%d] %#lx", i, l->vaddr, i - 1,
		      seg->load[i - 1].vaddr + seg->load[i - 1].memsz);
		if ((l->flags & PF_X) && seg->entry >= l->vaddr && seg->entry - l->vaddr < l->memsz)
			entry_ok = true;
		/* AT_PHDR must show the program headers themselves: file-backed bytes. */
		if (seg->phdr_addr >= l->vaddr && seg->phdr_addr - l->vaddr <= l->filesz &&
		    table <= l->filesz - (seg->phdr_addr - l->vaddr) &&
		    l->offset + (seg->phdr_addr - l->vaddr) == eh->e_phoff)
			phdr_ok = true;
	}
	CHECK(entry_ok, "entry %#lx not in an executable segment", seg->entry);
	CHECK(phdr_ok, "phdr_addr %#lx does not map the program headers (e_phoff %#lx)",
	      seg->phdr_addr, eh->e_phoff);
	CHECK(seg->lo <= seg->hi, "lo %#lx > hi %#lx", seg->lo, seg->hi);
	CHECK(seg->lo % ELF_PAGE == 0 && seg->hi % ELF_PAGE == 0,
	      "lo %#lx, hi %#lx not page-aligned", seg->lo, seg->hi);
	CHECK(seg->lo >= lim.min && seg->hi <= max, "[lo %#lx, hi %#lx) outside [%#lx, %#lx)",
	      seg->lo, seg->hi, lim.min, max);
	CHECK(seg->lo <= seg->load[0].vaddr &&
	      seg->hi >= seg->load[seg->nload - 1].vaddr + seg->load[seg->nload - 1].memsz,
	      "[lo %#lx, hi %#lx) does not cover the segments", seg->lo, seg->hi);
	CHECK(seg->needpage <= (seg->hi - seg->lo) / ELF_PAGE, "needpage %lu > %lu pages in [lo, hi)",
	      seg->needpage, (seg->hi - seg->lo) / ELF_PAGE);
	CHECK(seg->needpage == distinct_pages(seg), "needpage %lu, segments touch %lu pages",
	      seg->needpage, distinct_pages(seg));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ELFseg seg;
	struct file f = { .b = data, .size = size };
	struct elf_source src = { .ctx = &f, .size = size, .read_at = file_read_at };

	memset(&seg, 0xa5, sizeof(seg));	/* stale fields show */
	int err = initElf(&seg, &src, &lim);
	if (err == 0) {
		check_accepted(&seg, &f);
		return 0;
	}
	CHECK(err == -ENOEXEC || err == -ENOMEM, "refused with %d, not -ENOEXEC or -ENOMEM", err);
	CHECK(seg.reason != NULL && seg.reason != (const char *)(uintptr_t)0xa5a5a5a5a5a5a5a5UL,
	      "refused with %d and no reason", err);
	return 0;
}
