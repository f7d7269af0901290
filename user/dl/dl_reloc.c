/*
 * Laying out a checked object and relocating it (see dl_elf.h for the
 * order of the steps). Pure: the image is any buffer, and base is the
 * address it will run at, so the host tests relocate for an address that
 * is not the buffer's own.
 *
 * Relocation arithmetic follows the RISC-V ELF psABI: S is the symbol's
 * address, A the addend, P the address of the patched field, and G+GOT
 * the address of the symbol's GOT slot, which this loader makes itself.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl_elf.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the relocation code reads instructions in host byte order"
#endif

#define REFUSE(o, err, why) do { (o)->reason = (why); return -(err); } while (0)
#define NO_OFFSET UINT64_MAX


static const struct { uint32_t type; int width; const char *name; } types[] = {
	{ R_RISCV_NONE, 0, "R_RISCV_NONE" },
	{ R_RISCV_32, 4, "R_RISCV_32" },
	{ R_RISCV_64, 8, "R_RISCV_64" },
	{ 3, -1, "R_RISCV_RELATIVE" },
	{ 4, -1, "R_RISCV_COPY" },
	{ 5, -1, "R_RISCV_JUMP_SLOT" },
	{ 6, -1, "R_RISCV_TLS_DTPMOD32" },
	{ 7, -1, "R_RISCV_TLS_DTPMOD64" },
	{ 8, -1, "R_RISCV_TLS_DTPREL32" },
	{ 9, -1, "R_RISCV_TLS_DTPREL64" },
	{ 10, -1, "R_RISCV_TLS_TPREL32" },
	{ 11, -1, "R_RISCV_TLS_TPREL64" },
	{ R_RISCV_BRANCH, 4, "R_RISCV_BRANCH" },
	{ R_RISCV_JAL, 4, "R_RISCV_JAL" },
	{ R_RISCV_CALL, 8, "R_RISCV_CALL" },
	{ R_RISCV_CALL_PLT, 8, "R_RISCV_CALL_PLT" },
	{ R_RISCV_GOT_HI20, 4, "R_RISCV_GOT_HI20" },
	{ 21, -1, "R_RISCV_TLS_GOT_HI20" },
	{ 22, -1, "R_RISCV_TLS_GD_HI20" },
	{ R_RISCV_PCREL_HI20, 4, "R_RISCV_PCREL_HI20" },
	{ R_RISCV_PCREL_LO12_I, 4, "R_RISCV_PCREL_LO12_I" },
	{ R_RISCV_PCREL_LO12_S, 4, "R_RISCV_PCREL_LO12_S" },
	{ R_RISCV_HI20, 4, "R_RISCV_HI20" },
	{ R_RISCV_LO12_I, 4, "R_RISCV_LO12_I" },
	{ R_RISCV_LO12_S, 4, "R_RISCV_LO12_S" },
	{ 29, -1, "R_RISCV_TPREL_HI20" },
	{ 30, -1, "R_RISCV_TPREL_LO12_I" },
	{ 31, -1, "R_RISCV_TPREL_LO12_S" },
	{ 32, -1, "R_RISCV_TPREL_ADD" },
	{ R_RISCV_ADD8, 1, "R_RISCV_ADD8" },
	{ R_RISCV_ADD16, 2, "R_RISCV_ADD16" },
	{ R_RISCV_ADD32, 4, "R_RISCV_ADD32" },
	{ R_RISCV_ADD64, 8, "R_RISCV_ADD64" },
	{ R_RISCV_SUB8, 1, "R_RISCV_SUB8" },
	{ R_RISCV_SUB16, 2, "R_RISCV_SUB16" },
	{ R_RISCV_SUB32, 4, "R_RISCV_SUB32" },
	{ R_RISCV_SUB64, 8, "R_RISCV_SUB64" },
	{ 41, -1, "R_RISCV_GNU_VTINHERIT" },
	{ 42, -1, "R_RISCV_GNU_VTENTRY" },
	{ R_RISCV_ALIGN, 0, "R_RISCV_ALIGN" },
	{ R_RISCV_RVC_BRANCH, 2, "R_RISCV_RVC_BRANCH" },
	{ R_RISCV_RVC_JUMP, 2, "R_RISCV_RVC_JUMP" },
	{ 46, -1, "R_RISCV_RVC_LUI" },
	{ R_RISCV_RELAX, 0, "R_RISCV_RELAX" },
	{ R_RISCV_SUB6, 1, "R_RISCV_SUB6" },
	{ R_RISCV_SET6, 1, "R_RISCV_SET6" },
	{ R_RISCV_SET8, 1, "R_RISCV_SET8" },
	{ R_RISCV_SET16, 2, "R_RISCV_SET16" },
	{ R_RISCV_SET32, 4, "R_RISCV_SET32" },
	{ R_RISCV_32_PCREL, 4, "R_RISCV_32_PCREL" },
	{ 58, -1, "R_RISCV_IRELATIVE" },
	{ 59, -1, "R_RISCV_PLT32" },
	{ 60, -1, "R_RISCV_SET_ULEB128" },
	{ 61, -1, "R_RISCV_SUB_ULEB128" },
};

const char *dl_reloc_name(uint32_t type)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].type == type)
			return types[i].name;
	return "not a RISC-V relocation";
}

int dl_reloc_width(uint32_t type)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].type == type)
			return types[i].width;
	return -1;
}

/* ---- layout ---- */

static int section_class(const Elf64_Shdr *s)
{
	if (!(s->sh_flags & SHF_ALLOC))
		return -1;
	if (s->sh_flags & SHF_EXECINSTR)
		return DL_TEXT;
	return (s->sh_flags & SHF_WRITE) ? DL_DATA : DL_RODATA;
}

static bool loaded(const struct dl_obj *o, uint32_t shndx)
{
	return shndx < o->eh.e_shnum && o->secoff[shndx] != NO_OFFSET;
}

/* One GOT slot per symbol that an R_RISCV_GOT_HI20 names. */
static int plan_got(struct dl_obj *o)
{
	if (!(o->got_slot = calloc(o->nsym, sizeof *o->got_slot)))
		REFUSE(o, ENOMEM, "out of memory for the GOT");
	for (uint32_t k = 0; k < o->nrela; k++) {
		if (!loaded(o, o->rela[k].target))
			continue;
		for (uint32_t j = 0; j < o->rela[k].n; j++) {
			const Elf64_Rela *r = &o->rela[k].r[j];
			uint32_t sym = ELF64_R_SYM(r->r_info);
			if (ELF64_R_TYPE(r->r_info) == R_RISCV_GOT_HI20 && !o->got_slot[sym])
				o->got_slot[sym] = ++o->ngot;
		}
	}
	return 0;
}

int dl_plan(struct dl_obj *o)
{
	uint32_t n = o->eh.e_shnum;
	int err;

	o->secoff = malloc(n * sizeof *o->secoff);
	o->secsize = malloc(n * sizeof *o->secsize);
	if (!o->secoff || !o->secsize)
		REFUSE(o, ENOMEM, "out of memory for the layout");
	for (uint32_t i = 0; i < n; i++) {
		int c = i ? section_class(&o->sh[i]) : -1;
		o->secoff[i] = NO_OFFSET;
		o->secsize[i] = o->sh[i].sh_size;
		if (c < 0)
			continue;
		uint64_t align = o->sh[i].sh_addralign ? o->sh[i].sh_addralign : 1;
		uint64_t at = (o->cls_size[c] + align - 1) & ~(align - 1);
		if (at + o->sh[i].sh_size > DL_MAX_IMAGE)
			REFUSE(o, ENOMEM, "object too large to load");
		o->secoff[i] = at;	/* relative to its class until below */
		o->cls_size[c] = at + o->sh[i].sh_size;
	}
	if ((err = plan_got(o)) < 0)
		return err;
	if (o->ngot) {
		o->got_off = (o->cls_size[DL_RODATA] + 7) & ~7UL;
		o->cls_size[DL_RODATA] = o->got_off + 8UL * o->ngot;
	}
	uint64_t at = 0;
	for (int c = 0; c < DL_NCLASS; c++) {
		o->cls_off[c] = at;
		at += (o->cls_size[c] + DL_PAGE - 1) & ~(DL_PAGE - 1);
	}
	o->got_off += o->cls_off[DL_RODATA];
	for (uint32_t i = 1; i < n; i++)
		if (o->secoff[i] != NO_OFFSET)
			o->secoff[i] += o->cls_off[section_class(&o->sh[i])];
	o->image_size = at;
	return 0;
}

int dl_fill(struct dl_obj *o, uint8_t *image, const struct dl_source *src)
{
	for (uint32_t i = 1; i < o->eh.e_shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		if (!loaded(o, i) || s->sh_type == SHT_NOBITS || s->sh_size == 0)
			continue;
		int err = src->read_at(src->ctx, s->sh_offset, image + o->secoff[i], s->sh_size);
		if (err < 0)
			return dl_refusef(o, -err, "cannot read section %s", dl_secname(o, i));
	}
	return 0;
}

/* ---- R_RISCV_ALIGN: delete the NOPs the final address does not need ---- */

/* Fills len bytes with 4-byte NOPs, then a 2-byte c.nop if 2 are left. */
static void write_nops(uint8_t *p, uint64_t len)
{
	static const uint8_t nop[4] = { 0x13, 0, 0, 0 }, cnop[2] = { 0x01, 0 };

	for (; len >= 4; len -= 4, p += 4)
		memcpy(p, nop, 4);
	if (len)
		memcpy(p, cnop, 2);
}

/*
 * Removes count bytes at offset at of section sec, moving what follows
 * down, as a relaxing linker does: every symbol, relocation offset and
 * section-relative addend past the cut moves with the bytes.
 */
static int delete_bytes(struct dl_obj *o, uint8_t *image, uint32_t sec, uint64_t at,
			uint64_t count)
{
	uint8_t *b = image + o->secoff[sec];
	uint64_t size = o->secsize[sec];

	memmove(b + at, b + at + count, size - at - count);
	memset(b + size - count, 0, count);
	o->secsize[sec] = size - count;
	for (uint32_t i = 1; i < o->nsym; i++) {
		Elf64_Sym *y = &o->sym[i];
		if (y->st_shndx != sec)
			continue;
		if (y->st_value > at)
			y->st_value = y->st_value >= at + count ? y->st_value - count : at;
		else if (y->st_value + y->st_size > at)
			y->st_size = y->st_size > count ? y->st_size - count : 0;
	}
	for (uint32_t k = 0; k < o->nrela; k++) {
		struct dl_rela *rs = &o->rela[k];
		for (uint32_t j = 0; j < rs->n; j++) {
			Elf64_Rela *r = &rs->r[j];
			const Elf64_Sym *y = &o->sym[ELF64_R_SYM(r->r_info)];
			if (ELF64_ST_TYPE(y->st_info) == STT_SECTION && y->st_shndx == sec &&
			    r->r_addend > 0 && (uint64_t)r->r_addend > at)
				r->r_addend = (uint64_t)r->r_addend >= at + count ?
					r->r_addend - (int64_t)count : (int64_t)at;
			if (rs->target != sec || r->r_offset <= at)
				continue;
			uint32_t type = ELF64_R_TYPE(r->r_info);
			if (r->r_offset < at + count && type != R_RISCV_NONE)
				return dl_refusef(o, ENOEXEC, "%s in the padding R_RISCV_ALIGN deletes (%s)",
					       dl_reloc_name(type), dl_secname(o, sec));
			r->r_offset -= count;
		}
	}
	return 0;
}

/* The unprocessed R_RISCV_ALIGN of rs with the lowest offset, or NULL. */
static Elf64_Rela *next_align(struct dl_rela *rs)
{
	Elf64_Rela *best = NULL;

	for (uint32_t j = 0; j < rs->n; j++)
		if (ELF64_R_TYPE(rs->r[j].r_info) == R_RISCV_ALIGN &&
		    (!best || rs->r[j].r_offset < best->r_offset))
			best = &rs->r[j];
	return best;
}

/*
 * psABI: an R_RISCV_ALIGN's addend is the number of NOP bytes at its
 * offset, and the boundary is the next power of two above it. The
 * assembler padded for the worst case; here the final address is known,
 * so keep the NOPs that reach the boundary and delete the rest. Done in
 * offset order, as each deletion moves the later ones.
 */
static int relax_section(struct dl_obj *o, uint8_t *image, struct dl_rela *rs)
{
	uint32_t sec = rs->target;
	Elf64_Rela *r;

	while ((r = next_align(rs))) {
		uint64_t pad = r->r_addend, off = r->r_offset, align = 1;
		while (align <= pad)
			align <<= 1;
		uint64_t addr = o->secoff[sec] + off;
		uint64_t keep = (align - addr % align) % align;
		r->r_info = (uint64_t)ELF64_R_SYM(r->r_info) << 32 | R_RISCV_NONE;
		if (!(o->sh[sec].sh_flags & SHF_EXECINSTR))
			return dl_refusef(o, ENOEXEC, "R_RISCV_ALIGN outside code (%s)", dl_secname(o, sec));
		if (keep > pad || (keep & 1) || off + pad > o->secsize[sec])
			return dl_refusef(o, ENOEXEC, "R_RISCV_ALIGN at %s+0x%llx: %llu bytes of padding "
				       "cannot reach a %llu-byte boundary", dl_secname(o, sec),
				       (unsigned long long)off, (unsigned long long)pad,
				       (unsigned long long)align);
		write_nops(image + addr, keep);
		if (pad > keep) {
			int err = delete_bytes(o, image, sec, off + keep, pad - keep);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

int dl_relax(struct dl_obj *o, uint8_t *image)
{
	for (uint32_t k = 0; k < o->nrela; k++) {
		if (!loaded(o, o->rela[k].target))
			continue;
		int err = relax_section(o, image, &o->rela[k]);
		if (err < 0)
			return err;
	}
	return 0;
}

/* ---- symbols ---- */

uint64_t dl_symaddr(const struct dl_obj *o, uint64_t base, uint32_t i)
{
	const Elf64_Sym *y = &o->sym[i];

	if (y->st_shndx == SHN_UNDEF)
		return o->ext ? o->ext[i] : 0;
	if (y->st_shndx == SHN_ABS)
		return y->st_value;
	if (o->eh.e_type != ET_REL)
		return y->st_value;
	if (!loaded(o, y->st_shndx))
		return 0;
	return base + o->secoff[y->st_shndx] + y->st_value;
}

/* Marks the symbols a loaded section's relocations use. */
static uint8_t *used_symbols(struct dl_obj *o)
{
	uint8_t *used = calloc(o->nsym, 1);

	if (!used)
		return NULL;
	for (uint32_t k = 0; k < o->nrela; k++)
		if (loaded(o, o->rela[k].target))
			for (uint32_t j = 0; j < o->rela[k].n; j++)
				used[ELF64_R_SYM(o->rela[k].r[j].r_info)] = 1;
	return used;
}

int dl_resolve(struct dl_obj *o, dl_lookup_fn lookup, void *ctx)
{
	uint8_t *used = used_symbols(o);
	int err = 0;

	if (!used || !(o->ext = calloc(o->nsym, sizeof *o->ext))) {
		free(used);
		REFUSE(o, ENOMEM, "out of memory for the symbols");
	}
	for (uint32_t i = 1; i < o->nsym && err == 0; i++) {
		const Elf64_Sym *y = &o->sym[i];
		const char *name = o->str + y->st_name;
		if (!used[i])
			continue;
		if (y->st_shndx != SHN_UNDEF) {
			if (y->st_shndx < SHN_LORESERVE && !loaded(o, y->st_shndx))
				err = dl_refusef(o, ENOEXEC, "symbol %s is in %s, which is not loaded",
					      name, dl_secname(o, y->st_shndx));
			continue;
		}
		if (!*name)
			err = dl_refusef(o, ENOEXEC, "relocation against an unnamed undefined symbol");
		else if (lookup(ctx, name, &o->ext[i]) < 0 && ELF64_ST_BIND(y->st_info) != STB_WEAK)
			err = dl_refusef(o, ENOENT, "undefined symbol %s", name);
	}
	free(used);
	return err;
}

/* ---- instruction fields ---- */

static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

static bool fits_signed(int64_t v, int bits)
{
	return v >= -((int64_t)1 << (bits - 1)) && v < ((int64_t)1 << (bits - 1));
}

/* hi20/lo12 split as lui/auipc + addi: the low part is sign-extended.
 * v + 0x800 must fit 32 bits signed; asked without the addition, which
 * could overflow for a v from a hostile object. */
static bool hi_fits(int64_t v) { return v >= INT32_MIN - 0x800LL && v < INT32_MAX + 1LL - 0x800; }
static uint32_t hi20(int64_t v) { return (uint32_t)(((uint64_t)v + 0x800) >> 12) & 0xfffff; }
static uint32_t lo12(int64_t v) { return (uint32_t)v & 0xfff; }

static void set_u(uint8_t *p, int64_t v) { put32(p, (get32(p) & 0xfff) | hi20(v) << 12); }
static void set_i(uint8_t *p, int64_t v) { put32(p, (get32(p) & 0xfffff) | lo12(v) << 20); }

static void set_s(uint8_t *p, int64_t v)
{
	uint32_t lo = lo12(v);
	put32(p, (get32(p) & 0x01fff07f) | (lo >> 5) << 25 | (lo & 0x1f) << 7);
}

static void set_b(uint8_t *p, int64_t v)
{
	uint32_t x = (uint32_t)v;
	put32(p, (get32(p) & 0x01fff07f) | ((x >> 12) & 1) << 31 | ((x >> 5) & 0x3f) << 25 |
	      ((x >> 1) & 0xf) << 8 | ((x >> 11) & 1) << 7);
}

static void set_j(uint8_t *p, int64_t v)
{
	uint32_t x = (uint32_t)v;
	put32(p, (get32(p) & 0xfff) | ((x >> 20) & 1) << 31 | ((x >> 1) & 0x3ff) << 21 |
	      ((x >> 11) & 1) << 20 | ((x >> 12) & 0xff) << 12);
}

static void set_cb(uint8_t *p, int64_t v)
{
	uint32_t x = (uint32_t)v;
	put16(p, (get16(p) & 0xe383) | ((x >> 8) & 1) << 12 | ((x >> 3) & 3) << 10 |
	      ((x >> 6) & 3) << 5 | ((x >> 1) & 3) << 3 | ((x >> 5) & 1) << 2);
}

static void set_cj(uint8_t *p, int64_t v)
{
	uint32_t x = (uint32_t)v;
	put16(p, (get16(p) & 0xe003) | ((x >> 11) & 1) << 12 | ((x >> 4) & 1) << 11 |
	      ((x >> 8) & 3) << 9 | ((x >> 10) & 1) << 8 | ((x >> 6) & 1) << 7 |
	      ((x >> 7) & 1) << 6 | ((x >> 1) & 7) << 3 | ((x >> 5) & 1) << 2);
}

/* Adds (sign = 1), subtracts (-1) or sets (0) a field of width bytes. */
static void arith(uint8_t *p, int width, int sign, uint64_t v)
{
	uint64_t old = 0;

	memcpy(&old, p, width);
	uint64_t x = sign > 0 ? old + v : sign < 0 ? old - v : v;
	memcpy(p, &x, width);
}

/* ---- relocation ---- */

struct site {
	struct dl_obj *o;
	uint8_t *image;
	uint64_t base;
	const struct dl_rela *rs;
	const Elf64_Rela *r;
};

static int out_of_range(const struct site *s, const char *why)
{
	return dl_refusef(s->o, ERANGE, "%s at %s+0x%llx (symbol %s): %s",
		       dl_reloc_name(ELF64_R_TYPE(s->r->r_info)), dl_secname(s->o, s->rs->target),
		       (unsigned long long)s->r->r_offset, dl_symname(s->o, ELF64_R_SYM(s->r->r_info)),
		       why);
}

static uint64_t got_entry(const struct site *s, uint32_t sym)
{
	return s->base + s->o->got_off + 8UL * (s->o->got_slot[sym] - 1);
}

/* The value a PC-relative HI20 relocation r (at its own P) stands for. */
static int64_t hi_value(const struct site *s, const Elf64_Rela *r)
{
	uint64_t p = s->base + s->o->secoff[s->rs->target] + r->r_offset;
	uint32_t sym = ELF64_R_SYM(r->r_info);

	if (ELF64_R_TYPE(r->r_info) == R_RISCV_GOT_HI20)
		return (int64_t)(got_entry(s, sym) + r->r_addend - p);
	return (int64_t)(dl_symaddr(s->o, s->base, sym) + r->r_addend - p);
}

/*
 * A PCREL_LO12's symbol labels the auipc whose PCREL_HI20 (or GOT_HI20)
 * it completes; the low 12 bits are that relocation's.
 */
static int pcrel_lo(const struct site *s, int64_t *v)
{
	const Elf64_Sym *label = &s->o->sym[ELF64_R_SYM(s->r->r_info)];

	if (label->st_shndx == s->rs->target)
		for (uint32_t j = 0; j < s->rs->n; j++) {
			const Elf64_Rela *h = &s->rs->r[j];
			uint32_t t = ELF64_R_TYPE(h->r_info);
			if (h->r_offset == label->st_value &&
			    (t == R_RISCV_PCREL_HI20 || t == R_RISCV_GOT_HI20)) {
				*v = hi_value(s, h);
				return 0;
			}
		}
	return out_of_range(s, "no PCREL_HI20 or GOT_HI20 at its label");
}

static int apply(const struct site *s)
{
	const Elf64_Rela *r = s->r;
	uint32_t type = ELF64_R_TYPE(r->r_info), sym = ELF64_R_SYM(r->r_info);
	uint8_t *f = s->image + s->o->secoff[s->rs->target] + r->r_offset;
	uint64_t P = s->base + s->o->secoff[s->rs->target] + r->r_offset;
	uint64_t SA = dl_symaddr(s->o, s->base, sym) + r->r_addend;
	int64_t pc = (int64_t)(SA - P), v = 0;

	switch (type) {
	case R_RISCV_NONE: case R_RISCV_RELAX: case R_RISCV_ALIGN:
		return 0;
	case R_RISCV_32:
		if (SA > UINT32_MAX && !fits_signed((int64_t)SA, 32))
			return out_of_range(s, "value does not fit in 32 bits");
		put32(f, (uint32_t)SA);
		return 0;
	case R_RISCV_64:
		memcpy(f, &SA, 8);
		return 0;
	case R_RISCV_32_PCREL:
		if (!fits_signed(pc, 32))
			return out_of_range(s, "target out of range");
		put32(f, (uint32_t)pc);
		return 0;
	case R_RISCV_BRANCH:
		if (!fits_signed(pc, 13) || (pc & 1))
			return out_of_range(s, "target out of range or odd");
		set_b(f, pc);
		return 0;
	case R_RISCV_JAL:
		if (!fits_signed(pc, 21) || (pc & 1))
			return out_of_range(s, "target out of range or odd");
		set_j(f, pc);
		return 0;
	case R_RISCV_RVC_BRANCH:
		if (!fits_signed(pc, 9) || (pc & 1))
			return out_of_range(s, "target out of range or odd");
		set_cb(f, pc);
		return 0;
	case R_RISCV_RVC_JUMP:
		if (!fits_signed(pc, 12) || (pc & 1))
			return out_of_range(s, "target out of range or odd");
		set_cj(f, pc);
		return 0;
	case R_RISCV_CALL: case R_RISCV_CALL_PLT:
		if (!hi_fits(pc))
			return out_of_range(s, "target more than 2 GiB away");
		set_u(f, pc);
		set_i(f + 4, pc);
		return 0;
	case R_RISCV_GOT_HI20:
		memcpy(s->image + (got_entry(s, sym) - s->base), &(uint64_t){ SA - r->r_addend }, 8);
		/* the auipc reaches the slot like any PC-relative HI20 */
		__attribute__((fallthrough));
	case R_RISCV_PCREL_HI20:
		v = hi_value(s, r);
		if (!hi_fits(v))
			return out_of_range(s, "target more than 2 GiB away");
		set_u(f, v);
		return 0;
	case R_RISCV_PCREL_LO12_I: case R_RISCV_PCREL_LO12_S:
		if (pcrel_lo(s, &v) < 0)
			return -ERANGE;
		(type == R_RISCV_PCREL_LO12_I ? set_i : set_s)(f, v);
		return 0;
	case R_RISCV_HI20:
		if (!hi_fits((int64_t)SA))
			return out_of_range(s, "absolute address above 2 GiB");
		set_u(f, (int64_t)SA);
		return 0;
	case R_RISCV_LO12_I:
		set_i(f, (int64_t)SA);
		return 0;
	case R_RISCV_LO12_S:
		set_s(f, (int64_t)SA);
		return 0;
	case R_RISCV_ADD8: case R_RISCV_ADD16: case R_RISCV_ADD32: case R_RISCV_ADD64:
		arith(f, dl_reloc_width(type), 1, SA);
		return 0;
	case R_RISCV_SUB8: case R_RISCV_SUB16: case R_RISCV_SUB32: case R_RISCV_SUB64:
		arith(f, dl_reloc_width(type), -1, SA);
		return 0;
	case R_RISCV_SET8: case R_RISCV_SET16: case R_RISCV_SET32:
		arith(f, dl_reloc_width(type), 0, SA);
		return 0;
	case R_RISCV_SUB6:
		*f = (*f & 0xc0) | ((*f - (uint8_t)SA) & 0x3f);
		return 0;
	case R_RISCV_SET6:
		*f = (*f & 0xc0) | ((uint8_t)SA & 0x3f);
		return 0;
	}
	return dl_refusef(s->o, ENOEXEC, "unknown relocation type %u (%s)", type, dl_reloc_name(type));
}

int dl_relocate(struct dl_obj *o, uint8_t *image, uint64_t base)
{
	for (uint32_t k = 0; k < o->nrela; k++) {
		const struct dl_rela *rs = &o->rela[k];
		if (!loaded(o, rs->target))
			continue;
		for (uint32_t j = 0; j < rs->n; j++) {
			struct site s = { o, image, base, rs, &rs->r[j] };
			uint32_t sym = ELF64_R_SYM(rs->r[j].r_info);
			const Elf64_Sym *y = &o->sym[sym];
			if (y->st_shndx != SHN_UNDEF && y->st_shndx < SHN_LORESERVE &&
			    sym != 0 && !loaded(o, y->st_shndx))
				return dl_refusef(o, ENOEXEC, "symbol %s is in %s, which is not loaded",
					       dl_symname(o, sym), dl_secname(o, y->st_shndx));
			int err = apply(&s);
			if (err < 0)
				return err;
		}
	}
	return 0;
}
