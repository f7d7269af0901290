/*
 * Where exec puts a new image: address-space randomization, as Linux's
 * randomize_va_space=2. Each exec draws fresh random bits (random_bytes)
 * for the PIE base, the interpreter's base, the stack's top, the offset
 * of the argument strings within the stack's top page, the mmap base
 * and the brk start. With randomization off (personality(2)'s
 * ADDR_NO_RANDOMIZE, /proc/sys/kernel/randomize_va_space 0, or the boot
 * option norandmaps, which starts that at 0) every draw is 0 and the
 * layout is the fixed one: the same addresses in every run; with
 * randomize_va_space 1 the brk start's draw alone is 0, as Linux's.
 *
 * The bits, in pages (Linux riscv64's on Sv39: mmap_rnd_bits 18,
 * STACK_RND_MASK 0x3ffff, arch_randomize_brk's 1 GiB; its compat ones
 * for a 32-bit process: 8, 0x7ff, 32 MiB):
 *
 *   region       64-bit                 32-bit
 *   PIE base     18 (1 GiB up)          8 (1 MiB up)
 *   interpreter  18 (1 GiB down)        (no 32-bit interpreter)
 *   stack top    18 (1 GiB down)        11 (8 MiB down)
 *   strings      8 (16-byte steps within the top page)
 *   mmap base    18 (1 GiB down)        8 (1 MiB down)
 *   brk start    18 (1 GiB up)          13 (32 MiB up)
 *
 * The ranges cannot meet, whatever the bits. On Sv39 (256 GiB) the
 * stack's top lies in the 1 GiB under USTACK_TOP; the mmap base starts
 * below the lowest the stack and its guard page can reach and moves down
 * 1 GiB at most, to 253 GiB; the interpreter lies in 191..192 GiB, a PIE
 * from 170.7 GiB (Linux's two thirds up) to 171.7 GiB plus its size.
 * brk starts above the program's end by at most half the room left
 * there (up to the interpreter, or the stack's guard page). mmap's
 * search skips the program and interpreter (sysmem.c's find_space);
 * exec refuses a program that would reach the stack's guard page or its
 * interpreter (initElf's limits, open_interp). A 32-bit process has the
 * same shape within its 2 GiB.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "uapi/linux/personality.h"

#define PIE_BASE 0x2aaaaab000UL	/* where ET_DYN programs go: 2/3 up, as Linux */
#define PIE_BASE32 0x55555000UL	/* the same for a 32-bit program, below 2 GiB */
#define INTERP_BASE 0x3000000000UL	/* where a program's interpreter (ld.so) goes */

/* The bits of each region, in pages, for a 64-bit process and a 32-bit one. */
#define PIE_BITS(is32) ((is32) ? 8 : 18)
#define INTERP_BITS 18	/* a 32-bit program has no interpreter (exec.c) */
#define STACK_BITS(is32) ((is32) ? 11 : 18)
#define MMAP_BITS(is32) ((is32) ? 8 : 18)
#define BRK_BITS(is32) ((is32) ? 13 : 18)
/* The largest shift bits pages of randomness give. */
#define SPAN(bits) (((1UL << (bits)) - 1) * PGSIZE)

/* The lowest the mmap base can be: below the lowest stack's guard page. */
#define MMAP_LOW(is32) \
	(USER_CEIL(USTACK_TOP(USER_TOP(is32)) - SPAN(STACK_BITS(is32))) - SPAN(MMAP_BITS(is32)))
/* From the bottom up the ranges never meet: a PIE's base, the interpreter's, mmap's. */
_Static_assert(PIE_BASE + SPAN(PIE_BITS(false)) < INTERP_BASE - SPAN(INTERP_BITS) &&
	       INTERP_BASE < MMAP_LOW(false), "the 64-bit ranges are apart");
_Static_assert(PIE_BASE32 + SPAN(PIE_BITS(true)) < MMAP_LOW(true), "the 32-bit ranges are apart");

#define STRING_STEP 16	/* the strings' offset within a page: a multiple of the psABI's alignment */

/* How much this exec randomizes: 0 nothing, 1 all but the brk start,
 * else everything (/proc/sys/kernel/randomize_va_space, mm.c). */
int layout_randomizes(struct proc *p)
{
	return p->persona & ADDR_NO_RANDOMIZE ? 0 : va_randomize();
}

/* Fresh bits for each region, or none (every word 0). */
void layout_draw(struct layout_rnd *r, int level)
{
	uint32_t w[6] = { 0 };

	if (level != 0)
		random_bytes(w, sizeof(w));
	if (level == 1)
		w[5] = 0;	/* Linux's 1: the brk start stays where the program ends */
	*r = (struct layout_rnd){ level != 0, w[0], w[1], w[2], w[3], w[4], w[5] };
}

/* The low bits of a draw, in pages. */
static uint64_t pages(uint32_t rnd, int bits) { return (rnd & ((1UL << bits) - 1)) * PGSIZE; }

void layout_make(struct layout *l, const struct layout_rnd *r, bool is32)
{
	uint64_t top = USTACK_TOP(USER_TOP(is32));

	l->pie_base = (is32 ? PIE_BASE32 : PIE_BASE) + pages(r->pie, PIE_BITS(is32));
	l->interp_base = INTERP_BASE - pages(r->interp, INTERP_BITS);
	l->stack_top = top - pages(r->stack, STACK_BITS(is32));
	l->string_pad = r->strings % (PGSIZE / STRING_STEP) * STRING_STEP;
	/* below the lowest the stack can reach, wherever its top went */
	l->mmap_top = USER_CEIL(top - (r->on ? SPAN(STACK_BITS(is32)) : 0)) -
		      pages(r->mmap, MMAP_BITS(is32));
	l->brk_rnd = r->brk;
	l->brk_range = SPAN(BRK_BITS(is32)) + PGSIZE;
}

/* As Linux's randomize_page(end, range): a page from end up to (not
 * including) end + range, here with range at most half of room, so
 * that brk keeps room to grow. */
uint64_t layout_brk_start(const struct layout *l, uint64_t end, uint64_t room)
{
	uint64_t npages = MIN(l->brk_range, room / 2) / PGSIZE;

	end = PGROUNDUP(end);
	return npages ? end + l->brk_rnd % npages * PGSIZE : end;
}
