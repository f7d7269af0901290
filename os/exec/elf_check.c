/*
 * initElf: read an ELF file's headers into an ELFseg and check every
 * field a hostile file can get wrong, before anything is mapped. Each
 * refusal has an errno and a one-line reason. Pure: builds on the host.
 *
 * Both classes take one path: an ELF32 file's header and program
 * headers are widened into the ELF64 structures as they are read, and
 * from there every check is the same, with a 32-bit program's limits
 * (everything below 2 GiB) and its own e_flags rules.
 */
#include "exec/elf.h"
#include "uapi/linux/errno.h"

#define REFUSE(seg, err, why) do { (seg)->reason = (why); return -(err); } while (0)

static int check_ident(struct ELFseg *seg)
{
	const uint8_t *id = seg->elf_header.e_ident;

	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		REFUSE(seg, ENOEXEC, "not an ELF file (bad magic)");
	if (id[EI_CLASS] != ELFCLASS64 && id[EI_CLASS] != ELFCLASS32)
		REFUSE(seg, ENOEXEC, "bad ELF class");
	if (id[EI_DATA] != ELFDATA2LSB)
		REFUSE(seg, ENOEXEC, "not little-endian");
	if (id[EI_VERSION] != EV_CURRENT)
		REFUSE(seg, ENOEXEC, "bad ELF ident version");
	if (id[EI_OSABI] != ELFOSABI_SYSV && id[EI_OSABI] != ELFOSABI_LINUX)
		REFUSE(seg, ENOEXEC, "unsupported OS ABI");
	return 0;
}

/*
 * A 32-bit program must name an ABI a 32-bit process here can run:
 * ilp32 (soft float) or ilp32d (the FPU is on for every process), with
 * or without compressed instructions; nothing else.
 */
static int check_flags32(struct ELFseg *seg)
{
	uint32_t f = seg->elf_header.e_flags;

	if (f & EF_RISCV_RVE)
		REFUSE(seg, ENOEXEC, "RV32E program (EF_RISCV_RVE): no 16-register ABI here");
	if ((f & EF_RISCV_FLOAT_ABI) == EF_RISCV_FLOAT_ABI_SINGLE)
		REFUSE(seg, ENOEXEC, "ilp32f float ABI is not supported (ilp32 or ilp32d)");
	if ((f & EF_RISCV_FLOAT_ABI) == EF_RISCV_FLOAT_ABI_QUAD)
		REFUSE(seg, ENOEXEC, "ilp32q float ABI is not supported (ilp32 or ilp32d)");
	if (f & EF_RISCV_TSO)
		REFUSE(seg, ENOEXEC, "RVTSO program (EF_RISCV_TSO) is not supported");
	if (f & ~(uint32_t)(EF_RISCV_RVC | EF_RISCV_FLOAT_ABI))
		REFUSE(seg, ENOEXEC, "unknown e_flags bits");
	return 0;
}

static int check_header(struct ELFseg *seg, const struct elf_source *src)
{
	const Elf64_Ehdr *eh = &seg->elf_header;
	uint64_t ehsize = seg->is32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
	uint64_t phentsize = seg->is32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);

	if (eh->e_version != EV_CURRENT)
		REFUSE(seg, ENOEXEC, "bad e_version");
	switch (eh->e_machine) {
	case EM_RISCV:
		break;
	case EM_X86_64:
	case EM_386:
		REFUSE(seg, ENOEXEC, "x86 program, not RISC-V");
	case EM_ARM:
	case EM_AARCH64:
		REFUSE(seg, ENOEXEC, "ARM program, not RISC-V");
	default:
		REFUSE(seg, ENOEXEC, "not a RISC-V program (e_machine)");
	}
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		REFUSE(seg, ENOEXEC, "not an executable (e_type)");
	if (seg->is32 && check_flags32(seg) < 0)
		return -ENOEXEC;
	if (eh->e_ehsize != ehsize)
		REFUSE(seg, ENOEXEC, "bad e_ehsize");
	if (eh->e_phentsize != phentsize)
		REFUSE(seg, ENOEXEC, "bad e_phentsize");
	if (eh->e_phnum == 0)
		REFUSE(seg, ENOEXEC, "no program headers");
	if (eh->e_phnum > ELF_MAX_PHNUM)
		REFUSE(seg, ENOEXEC, "too many program headers");
	uint64_t table = (uint64_t)eh->e_phnum * phentsize;
	if (eh->e_phoff > src->size || table > src->size - eh->e_phoff)
		REFUSE(seg, ENOEXEC, "program header table outside the file");
	return 0;
}

static int check_load(struct ELFseg *seg, const Elf64_Phdr *ph,
		      const struct elf_source *src, const struct elf_limits *lim)
{
	if (ph->p_filesz > ph->p_memsz)
		REFUSE(seg, ENOEXEC, "segment p_filesz larger than p_memsz");
	if (ph->p_offset > src->size || ph->p_filesz > src->size - ph->p_offset)
		REFUSE(seg, ENOEXEC, "segment data outside the file");
	if (ph->p_memsz == 0)
		return 0;
	uint64_t vaddr = ph->p_vaddr + seg->load_bias;
	if (vaddr < ph->p_vaddr || vaddr + ph->p_memsz < vaddr)
		REFUSE(seg, ENOEXEC, "segment address overflows");
	if (vaddr < lim->min || vaddr + ph->p_memsz > lim->max)
		REFUSE(seg, ENOMEM, "segment outside the user address range");
	if (ph->p_align & (ph->p_align - 1))
		REFUSE(seg, ENOEXEC, "segment p_align not a power of two");
	if ((ph->p_offset - ph->p_vaddr) % ELF_PAGE)
		REFUSE(seg, ENOEXEC, "segment p_offset and p_vaddr not congruent modulo the page size");
	if (seg->nload > 0) {
		const struct elf_load *prev = &seg->load[seg->nload - 1];
		if (vaddr < prev->vaddr)
			REFUSE(seg, ENOEXEC, "PT_LOAD segments not in ascending order");
		if (vaddr < prev->vaddr + prev->memsz)
			REFUSE(seg, ENOEXEC, "PT_LOAD segments overlap");
	}
	if (seg->nload == ELF_MAX_LOAD)
		REFUSE(seg, ENOEXEC, "too many PT_LOAD segments");
	if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
		seg->has_wx = true;
	seg->load[seg->nload++] = (struct elf_load){
		.vaddr = vaddr, .memsz = ph->p_memsz,
		.offset = ph->p_offset, .filesz = ph->p_filesz,
		.flags = ph->p_flags & (PF_R | PF_W | PF_X),
	};
	return 0;
}

/* Pages spanned, counting a page shared by two segments once. */
static uint64_t count_pages(const struct ELFseg *seg)
{
	uint64_t n = 0, last_end = 0;

	for (int i = 0; i < seg->nload; i++) {
		uint64_t lo = seg->load[i].vaddr & ~(ELF_PAGE - 1);
		uint64_t hi = (seg->load[i].vaddr + seg->load[i].memsz + ELF_PAGE - 1) & ~(ELF_PAGE - 1);
		if (lo < last_end)
			lo = last_end;
		if (hi > lo)
			n += (hi - lo) / ELF_PAGE;
		if (hi > last_end)
			last_end = hi;
	}
	return n;
}

static int check_entry_and_phdr(struct ELFseg *seg)
{
	const Elf64_Ehdr *eh = &seg->elf_header;
	bool entry_ok = false;
	uint64_t table = (uint64_t)eh->e_phnum * eh->e_phentsize;	/* checked */

	for (int i = 0; i < seg->nload; i++) {
		const struct elf_load *l = &seg->load[i];
		uint64_t entry = eh->e_entry + seg->load_bias;
		if ((l->flags & PF_X) && entry >= l->vaddr && entry < l->vaddr + l->memsz)
			entry_ok = true;
		if (eh->e_phoff >= l->offset && eh->e_phoff + table <= l->offset + l->filesz)
			seg->phdr_addr = l->vaddr + (eh->e_phoff - l->offset);
	}
	if (!entry_ok)
		REFUSE(seg, ENOEXEC, "entry point not in an executable segment");
	seg->entry = seg->load_bias + eh->e_entry;
	return 0;
}

/*
 * PT_INTERP: the path of the program's interpreter (its dynamic linker),
 * read into seg->interp. At most one; an absolute path, NUL-terminated at
 * the end of the segment and nowhere before.
 */
static int check_interp(struct ELFseg *seg, const Elf64_Phdr *ph, const struct elf_source *src)
{
	uint64_t n = ph->p_filesz;
	int err;

	if (seg->interp[0])
		REFUSE(seg, ENOEXEC, "more than one PT_INTERP");
	if (n < 2 || n > ELF_INTERP_MAX)
		REFUSE(seg, ENOEXEC, "PT_INTERP path empty or too long");
	if (ph->p_offset > src->size || n > src->size - ph->p_offset)
		REFUSE(seg, ENOEXEC, "PT_INTERP outside the file");
	if ((err = src->read_at(src->ctx, ph->p_offset, seg->interp, n)) < 0) {
		seg->interp[0] = 0;
		REFUSE(seg, -err, "cannot read the PT_INTERP path");
	}
	for (uint64_t i = 0; i < n - 1; i++) {
		if (seg->interp[i] == 0) {
			seg->interp[0] = 0;
			REFUSE(seg, ENOEXEC, "PT_INTERP path has a NUL inside");
		}
	}
	if (seg->interp[n - 1] != 0 || seg->interp[0] != '/') {
		seg->interp[0] = 0;
		REFUSE(seg, ENOEXEC, "PT_INTERP path not absolute or not NUL-terminated");
	}
	return 0;
}

/*
 * The load bias of an ET_DYN program: its lowest PT_LOAD page goes to
 * lim->dyn_base, rounded up to the largest p_align so that every
 * segment keeps the alignment it was linked for. 0 for ET_EXEC.
 */
static int choose_bias(struct ELFseg *seg, const struct elf_limits *lim)
{
	uint64_t lowest = UINT64_MAX, align = ELF_PAGE;

	if (seg->elf_header.e_type != ET_DYN)
		return 0;
	for (int i = 0; i < seg->elf_header.e_phnum; i++) {
		const Elf64_Phdr *ph = &seg->phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_vaddr < lowest)
			lowest = ph->p_vaddr;
		if (ph->p_align > align && !(ph->p_align & (ph->p_align - 1)))
			align = ph->p_align;
	}
	if (lowest == UINT64_MAX)
		return 0;	/* no PT_LOAD: refused later */
	if (align > (1UL << 30))
		REFUSE(seg, ENOEXEC, "segment p_align too large");
	uint64_t base = (lim->dyn_base + align - 1) & ~(align - 1);
	lowest &= ~(ELF_PAGE - 1);
	if (lowest > base)
		REFUSE(seg, ENOMEM, "position-independent program linked too high");
	seg->load_bias = base - lowest;
	return 0;
}

/* Widens a 32-bit header into seg->elf_header (e_ident is the same). */
static void widen_header(struct ELFseg *seg, const Elf32_Ehdr *h)
{
	Elf64_Ehdr *eh = &seg->elf_header;

	__builtin_memcpy(eh->e_ident, h->e_ident, EI_NIDENT);
	eh->e_type = h->e_type;
	eh->e_machine = h->e_machine;
	eh->e_version = h->e_version;
	eh->e_entry = h->e_entry;
	eh->e_phoff = h->e_phoff;
	eh->e_shoff = h->e_shoff;
	eh->e_flags = h->e_flags;
	eh->e_ehsize = h->e_ehsize;
	eh->e_phentsize = h->e_phentsize;
	eh->e_phnum = h->e_phnum;
	eh->e_shentsize = h->e_shentsize;
	eh->e_shnum = h->e_shnum;
	eh->e_shstrndx = h->e_shstrndx;
}

/* Reads the ELF header of either class into seg->elf_header and checks it. */
static int read_header(struct ELFseg *seg, const struct elf_source *src)
{
	union { Elf32_Ehdr h32; Elf64_Ehdr h64; } u;
	int err;

	if (src->size < sizeof(Elf32_Ehdr))
		REFUSE(seg, ENOEXEC, "file too short for an ELF header");
	/* one read: as much as either header needs, as far as the file goes */
	size_t n = src->size < sizeof(Elf64_Ehdr) ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
	if ((err = src->read_at(src->ctx, 0, &u, n)) < 0)
		REFUSE(seg, -err, "cannot read the ELF header");
	seg->is32 = u.h32.e_ident[EI_CLASS] == ELFCLASS32;
	if (!seg->is32 && n < sizeof(Elf64_Ehdr))
		REFUSE(seg, ENOEXEC, "file too short for an ELF header");
	if (seg->is32)
		widen_header(seg, &u.h32);
	else
		seg->elf_header = u.h64;
	if ((err = check_ident(seg)) < 0 || (err = check_header(seg, src)) < 0)
		return err;
	return 0;
}

/*
 * Reads the program header table (its place and size checked). A 32-bit
 * table is read into the front of seg->phdr and widened in place from
 * the last entry down: entry i's 64-bit form never reaches an entry
 * below i that is still to be read.
 */
static int read_phdrs(struct ELFseg *seg, const struct elf_source *src)
{
	const Elf64_Ehdr *eh = &seg->elf_header;
	int err = src->read_at(src->ctx, eh->e_phoff, seg->phdr,
			       (size_t)eh->e_phnum * eh->e_phentsize);

	if (err < 0)
		REFUSE(seg, -err, "cannot read the program headers");
	for (int i = seg->is32 ? eh->e_phnum - 1 : -1; i >= 0; i--) {
		Elf32_Phdr p;
		__builtin_memcpy(&p, (const char *)seg->phdr + i * sizeof(Elf32_Phdr), sizeof(p));
		seg->phdr[i] = (Elf64_Phdr){
			.p_type = p.p_type, .p_flags = p.p_flags, .p_offset = p.p_offset,
			.p_vaddr = p.p_vaddr, .p_paddr = p.p_paddr, .p_filesz = p.p_filesz,
			.p_memsz = p.p_memsz, .p_align = p.p_align,
		};
	}
	return 0;
}

int initElf(struct ELFseg *seg, const struct elf_source *src,
	    const struct elf_limits *lim)
{
	struct elf_limits lim32;
	int err;

	seg->nload = 0;
	seg->load_bias = 0;
	seg->phdr_addr = 0;
	seg->exec_stack = false;
	seg->has_wx = false;
	seg->interp[0] = 0;
	seg->interp_base = 0;
	seg->is32 = false;
	seg->reason = NULL;
	if ((err = read_header(seg, src)) < 0 || (err = read_phdrs(seg, src)) < 0)
		return err;
	if (seg->is32) {
		/* a 32-bit address space: nothing at or above 2 GiB */
		lim32 = (struct elf_limits){
			.min = lim->min, .dyn_base = lim->dyn_base32,
			.max = lim->max32 < ELF32_TOP ? lim->max32 : ELF32_TOP,
		};
		lim = &lim32;
	}
	const Elf64_Ehdr *eh = &seg->elf_header;
	if ((err = choose_bias(seg, lim)) < 0)
		return err;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = &seg->phdr[i];
		if (ph->p_type == PT_GNU_STACK)
			seg->exec_stack = ph->p_flags & PF_X;
		if (ph->p_type == PT_INTERP && (err = check_interp(seg, ph, src)) < 0)
			return err;
		if (ph->p_type == PT_LOAD && (err = check_load(seg, ph, src, lim)) < 0)
			return err;
	}
	if (seg->nload == 0)
		REFUSE(seg, ENOEXEC, "no loadable segments");
	if ((err = check_entry_and_phdr(seg)) < 0)
		return err;
	seg->lo = seg->load[0].vaddr & ~(ELF_PAGE - 1);
	const struct elf_load *last = &seg->load[seg->nload - 1];
	seg->hi = (last->vaddr + last->memsz + ELF_PAGE - 1) & ~(ELF_PAGE - 1);
	seg->needpage = count_pages(seg);
	return 0;
}
