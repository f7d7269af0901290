/*
 * The new program's stack, as the Linux RISC-V psABI lays it out (from
 * sp upwards): argc, argv pointers, NULL, envp pointers, NULL, auxv
 * pairs ending with AT_NULL; above them the 16 AT_RANDOM bytes, the
 * argv strings, the envp strings and the AT_EXECFN name, each array's
 * strings in order upwards as Linux has them. Words are the new program's XLEN: 8
 * bytes, or 4 for a 32-bit program, whose stack ends below 2 GiB. Pages are mapped as the layout grows
 * down, so large argument lists get the room they need, up to ARG_MAX.
 * Everything is written into the new address space only: on failure it
 * is simply freed with it.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "exec/exec.h"
#include "exec/elf.h"
#include "uapi/linux/auxvec.h"

struct ustack {
	pagetable_t pt;
	uint64_t sp;		/* next free byte is below this */
	uint64_t mapped;	/* lowest mapped stack address */
	uint64_t low;		/* nothing may go below this */
	int perm;
	size_t strbytes;	/* argument and environment bytes so far */
};

/* Maps stack pages down to sp - n; -E2BIG if that passes the limit. */
static int reserve(struct ustack *st, size_t n)
{
	if (st->sp - st->low < n)
		return -E2BIG;
	uint64_t want = PGROUNDDOWN(st->sp - n);
	while (st->mapped > want) {
		int err = uvm_map_zeroed(st->pt, st->mapped - PGSIZE, st->mapped, st->perm);
		if (err < 0)
			return err;
		st->mapped -= PGSIZE;
	}
	return 0;
}

static int push_bytes(struct ustack *st, const void *src, size_t n)
{
	int err = reserve(st, n);

	if (err < 0)
		return err;
	st->sp -= n;
	return copyout(st->pt, st->sp, src, n);
}

/* Copies len bytes of the old image's memory at src onto the new stack. */
static int push_user_bytes(struct ustack *st, uint64_t src, size_t len)
{
	char chunk[256];
	int err = reserve(st, len);

	if (err < 0)
		return err;
	st->sp -= len;
	for (size_t done = 0; done < len;) {
		size_t k = MIN(len - done, sizeof(chunk));
		if ((err = copyin(myproc()->pagetable, chunk, src + done, k)) < 0 ||
		    (err = copyout(st->pt, st->sp + done, chunk, k)) < 0)
			return err;
		done += k;
	}
	return 0;
}

/* Pushes one argument or environment string, NUL-terminated however
 * the caller's copy changes meanwhile (put_pointers counts on it). */
static int push_string(struct ustack *st, bool user, uint64_t s)
{
	char nul = 0;
	int64_t len = user ? user_strlen(myproc()->pagetable, s, ARG_MAX)
			   : (int64_t)strlen((const char *)s);
	int err;

	if (len == -ENAMETOOLONG)
		return -E2BIG;
	if (len < 0)
		return len;
	st->strbytes += len + 1;
	if (st->strbytes > ARG_MAX)
		return -E2BIG;
	if (!user)
		return push_bytes(st, (const void *)s, len + 1);
	if ((err = push_user_bytes(st, s, len + 1)) < 0)
		return err;
	return copyout(st->pt, st->sp + len, &nul, 1);
}

/* Fetches pointer idx of a NULL-terminated array; 0 at its end. A
 * 32-bit caller's arrays hold 4-byte pointers. */
static int fetch_ptr(const struct exec_args *a, uint64_t array, int idx, uint64_t *out)
{
	size_t w = myproc()->is32 ? 4 : 8;

	*out = 0;
	if (!array)
		return 0;
	if (!a->user) {
		*out = ((const uint64_t *)array)[idx];
		return 0;
	}
	return copyin(myproc()->pagetable, out, array + idx * w, w);	/* little-endian */
}

/* How many strings array holds from index first to its NULL; -E2BIG
 * if more than max. */
static int count_array(const struct exec_args *a, uint64_t array, int first, int max)
{
	for (int n = 0;; n++) {
		uint64_t s;
		int err = fetch_ptr(a, array, first + n, &s);
		if (err < 0)
			return err;
		if (!s)
			return n;
		if (n == max)
			return -E2BIG;
	}
}

/*
 * Pushes the n strings of array from index first on, the last first, so
 * that they lie in order upwards, one after another, as Linux lays them
 * out (/proc/PID/cmdline is the span from argv[0] to the end of the
 * last).
 */
static int push_array(struct ustack *st, const struct exec_args *a, uint64_t array,
		      int first, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		uint64_t s;
		int err = fetch_ptr(a, array, first + i, &s);
		if (err < 0)
			return err;
		if (!s)		/* the caller's array shrank under us */
			return -EFAULT;
		if ((err = push_string(st, a->user, s)) < 0)
			return err;
	}
	return n;
}

/* Narrows n 8-byte words in place to w-byte ones (a no-op for w = 8):
 * word i moves down to byte i * w, never over a word still to be read. */
static void pack_words(uint64_t *words, size_t n, size_t w)
{
	for (size_t i = 0; w == 4 && i < n; i++) {
		uint32_t v = words[i];
		memcpy((char *)words + i * 4, &v, 4);
	}
}

/* argv: the #! prefix from the kernel (interpreter, its argument, the
 * script), then the caller's argv, without its argv[0] if a prefix
 * stands in for it; pushed from the last string down. */
static int push_argv(struct ustack *st, const struct exec_args *a)
{
	int n = a->nprefix, from = n ? 1 : 0, err;
	int rest = count_array(a, a->argv, from, ARG_MAX - n);

	if (rest < 0)
		return rest;
	if (n + rest == 0)	/* no argv at all: an empty argv[0], so argc >= 1 */
		return (err = push_string(st, false, (uint64_t)"")) < 0 ? err : 1;
	if ((err = push_array(st, a, a->argv, from, rest)) < 0)
		return err;
	for (int i = n - 1; i >= 0; i--)
		if ((err = push_string(st, false, (uint64_t)a->prefix[i])) < 0)
			return err;
	return n + rest;
}

/*
 * Writes the addresses of the n strings that lie one after another from
 * *at upwards in the new stack as w-byte words from table on, as Linux's
 * create_elf_tables finds them again (no count but memory's bounds the
 * arrays); *at ends past the last string. Each string ends at a NUL
 * (push_string), and none runs past end.
 */
static int put_pointers(struct ustack *st, uint64_t table, uint64_t *at, int n, size_t w,
			uint64_t end)
{
	char buf[256];
	uint64_t words[32], buf_va = 0, buf_len = 0;
	int k = 0, err;

	for (int i = 0; i < n; i++) {
		words[k++] = *at;
		for (bool ended = false; !ended; (*at)++) {
			if (*at < buf_va || *at >= buf_va + buf_len) {
				buf_va = *at;
				buf_len = MIN(sizeof(buf), end - *at);
				if (buf_len == 0)
					return -EFAULT;
				if ((err = copyin(st->pt, buf, buf_va, buf_len)) < 0)
					return err;
			}
			ended = buf[*at - buf_va] == 0;
		}
		if (k == ARRAY_SIZE(words) || i == n - 1) {
			pack_words(words, k, w);
			if ((err = copyout(st->pt, table, words, k * w)) < 0)
				return err;
			table += k * w;
			k = 0;
		}
	}
	return 0;
}

/* argc, argv, envp and auxv in words of w bytes, with sp ending 16-byte
 * aligned at argc; the auxv also to saved, in 8-byte words. argv's
 * strings lie from strings on, envp's after them, below execfn. */
static int push_tables(struct ustack *st, const struct ELFseg *seg,
		       uint64_t strings, int argc, int envc,
		       uint64_t execfn, uint64_t random, uint64_t saved[2 * IMAGE_AUXV])
{
	size_t w = seg->is32 ? 4 : 8;
	const struct bootinfo *bi = &bootinfo;
	/* in Linux's order (6.1's create_elf_tables, riscv's ARCH_DLINFO
	 * first, with 6.5's AT_MINSIGSTKSZ), so a listing of it reads the
	 * same; the cache entries are the device tree's (fdt.c) */
	uint64_t auxv[][2] = {
		/* a 32-bit process has no vDSO (mm/vdso.c) */
		{ seg->is32 ? AT_IGNORE : AT_SYSINFO_EHDR, seg->is32 ? 0 : vdso_base() },
		{ AT_L1I_CACHESIZE, bi->cache[CACHE_L1I].size },
		{ AT_L1I_CACHEGEOMETRY, bi->cache[CACHE_L1I].geometry },
		{ AT_L1D_CACHESIZE, bi->cache[CACHE_L1D].size },
		{ AT_L1D_CACHEGEOMETRY, bi->cache[CACHE_L1D].geometry },
		{ AT_L2_CACHESIZE, bi->cache[CACHE_L2].size },
		{ AT_L2_CACHEGEOMETRY, bi->cache[CACHE_L2].geometry },
		{ AT_L3_CACHESIZE, bi->cache[CACHE_L3].size },
		{ AT_L3_CACHEGEOMETRY, bi->cache[CACHE_L3].geometry },
		{ AT_MINSIGSTKSZ, sigframe_size(seg->is32) },
		{ AT_HWCAP, bi->hwcap }, { AT_PAGESZ, PGSIZE }, { AT_CLKTCK, HZ },
		{ AT_PHDR, seg->phdr_addr },
		{ AT_PHENT, seg->is32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr) },
		{ AT_PHNUM, seg->elf_header.e_phnum },
		{ AT_BASE, seg->interp_base }, { AT_FLAGS, 0 }, { AT_ENTRY, seg->entry },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_SECURE, 0 }, { AT_RANDOM, random }, { AT_EXECFN, execfn },
		{ AT_NULL, 0 },
	};
	uint64_t words = 1 + (argc + 1) + (envc + 1) + 2 * ARRAY_SIZE(auxv);
	uint64_t zero = 0, argc64 = argc;
	uint64_t size = st->sp - ((st->sp - words * w) & ~15UL);
	int err;

	_Static_assert(sizeof(auxv) == 16 * IMAGE_AUXV, "IMAGE_AUXV counts the auxv");
	memcpy(saved, auxv, sizeof(auxv));
	if ((err = reserve(st, size)) < 0)
		return err;
	st->sp -= size;
	pack_words(&auxv[0][0], 2 * ARRAY_SIZE(auxv), w);
	uint64_t at = st->sp;
	if ((err = copyout(st->pt, at, &argc64, w)) < 0 ||
	    (err = put_pointers(st, at + w, &strings, argc, w, execfn)) < 0 ||
	    (err = copyout(st->pt, at + w + argc * w, &zero, w)) < 0)
		return err;
	at += w * (argc + 2);
	if ((err = put_pointers(st, at, &strings, envc, w, execfn)) < 0 ||
	    (err = copyout(st->pt, at + envc * w, &zero, w)) < 0)
		return err;
	at += w * (envc + 1);
	return copyout(st->pt, at, auxv, 2 * ARRAY_SIZE(auxv) * w);
}

/*
 * Builds the stack of the new image in pt, under l's stack_top with its
 * string_pad free above the strings. Returns the initial sp, in
 * *stack_low the lowest mapped stack address and in auxv the auxv it
 * holds (for core files: the program may overwrite its own); or -errno.
 */
int64_t build_stack(pagetable_t pt, const struct ELFseg *seg, const struct layout *l,
		    const struct exec_args *a, uint64_t *stack_low, uint64_t auxv[2 * IMAGE_AUXV])
{
	struct ustack st = {
		.pt = pt, .sp = l->stack_top - l->string_pad, .mapped = l->stack_top,
		.low = USTACK_LOW(l->stack_top), .perm = ustack_perm(seg->exec_stack),
	};
	uint8_t rnd[16];
	int64_t ret;

	/* upwards, as Linux: the random bytes, argv's strings, envp's,
	 * and the file name at the top */
	if ((ret = push_string(&st, false, (uint64_t)a->filename)) < 0)
		return ret;
	uint64_t execfn = st.sp;
	int envc = count_array(a, a->envp, 0, ARG_MAX);
	if ((ret = envc) < 0 || (ret = push_array(&st, a, a->envp, 0, envc)) < 0)
		return ret;
	int argc = push_argv(&st, a);
	if ((ret = argc) < 0)
		return ret;
	uint64_t strings = st.sp;
	random_bytes(rnd, sizeof(rnd));
	if ((ret = push_bytes(&st, rnd, sizeof(rnd))) < 0)
		return ret;
	uint64_t random = st.sp;
	if ((ret = push_tables(&st, seg, strings, argc, envc, execfn, random, auxv)) < 0)
		return ret;
	*stack_low = st.mapped;
	return st.sp;
}
