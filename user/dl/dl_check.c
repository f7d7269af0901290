/*
 * dl_check: read a relocatable object's headers, section table, symbol
 * table and relocations, and check every field a hostile file can get
 * wrong (offsets and sizes against the file, every index against its
 * table, every string inside its table, every relocation inside its
 * section) before anything is laid out. Each refusal has an errno and a
 * one-line reason, in the style of initElf (os/exec/elf_check.c). Pure.
 *
 * The program's own ELF (ET_EXEC) goes through the same checks, minus
 * the relocations, when the loader reads its symbol table.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dl_elf.h"

#define REFUSE(o, err, why) do { (o)->reason = (why); return -(err); } while (0)

/* Refuses o with err and a formatted reason (kept in o->reason_buf). */
int dl_refusef(struct dl_obj *o, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->reason_buf, sizeof o->reason_buf, fmt, ap);
	va_end(ap);
	o->reason = o->reason_buf;
	return -err;
}

/* Reads [off, off+len) of the file into a new buffer (one spare NUL byte
 * after it), after checking the range lies inside the file. */
static int read_table(struct dl_obj *o, const struct dl_source *src, uint64_t off,
		      uint64_t len, void **out, const char *what)
{
	if (off > src->size || len > src->size - off)
		return dl_refusef(o, ENOEXEC, "%s outside the file", what);
	char *b = malloc(len + 1);
	if (!b)
		REFUSE(o, ENOMEM, "out of memory for the object's tables");
	int err = len ? src->read_at(src->ctx, off, b, len) : 0;
	if (err < 0) {
		free(b);
		return dl_refusef(o, -err, "cannot read the %s", what);
	}
	b[len] = 0;
	*out = b;
	return 0;
}

static int check_ident(struct dl_obj *o, int want_type)
{
	const Elf64_Ehdr *eh = &o->eh;
	const uint8_t *id = eh->e_ident;

	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		REFUSE(o, ENOEXEC, "not an ELF file (bad magic)");
	if (id[EI_CLASS] == 1)
		REFUSE(o, ENOEXEC, "32-bit ELF (ELFCLASS32), not a 64-bit object");
	if (id[EI_CLASS] != 2)
		REFUSE(o, ENOEXEC, "bad ELF class");
	if (id[EI_DATA] != 1)
		REFUSE(o, ENOEXEC, "not little-endian");
	if (id[EI_VERSION] != 1 || eh->e_version != 1)
		REFUSE(o, ENOEXEC, "bad ELF version");
	if (id[EI_OSABI] != 0 && id[EI_OSABI] != 3)
		REFUSE(o, ENOEXEC, "unsupported OS ABI");
	if (eh->e_machine == 62 || eh->e_machine == 3)
		REFUSE(o, ENOEXEC, "x86 object, not RISC-V (e_machine)");
	if (eh->e_machine == 40 || eh->e_machine == 183)
		REFUSE(o, ENOEXEC, "ARM object, not RISC-V (e_machine)");
	if (eh->e_machine != EM_RISCV)
		return dl_refusef(o, ENOEXEC, "not a RISC-V object (e_machine %u)", eh->e_machine);
	if (eh->e_type != want_type && want_type == ET_REL)
		REFUSE(o, ENOEXEC, eh->e_type == ET_EXEC || eh->e_type == 3 ?
		       "an executable, not a relocatable object (e_type)" :
		       "not a relocatable object (e_type)");
	if (eh->e_type != want_type)
		REFUSE(o, ENOEXEC, "not an executable (e_type)");
	/* Float ABI: EF_RISCV_FLOAT_ABI (bits 1-2) must be the program's,
	 * lp64d, or argument registers would disagree across the call. */
	if (want_type == ET_REL && (eh->e_flags & 0x6) != 0x4)
		REFUSE(o, ENOEXEC, "float ABI is not lp64d (e_flags)");
	if (eh->e_flags & 0x8)
		REFUSE(o, ENOEXEC, "RV32E/RVE object (e_flags)");
	if (eh->e_ehsize != sizeof(Elf64_Ehdr))
		REFUSE(o, ENOEXEC, "bad e_ehsize");
	return 0;
}

static int check_shdrs_table(struct dl_obj *o, const struct dl_source *src)
{
	const Elf64_Ehdr *eh = &o->eh;

	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		REFUSE(o, ENOEXEC, "bad e_shentsize");
	if (eh->e_shnum == 0)
		REFUSE(o, ENOEXEC, "no section headers (or an extended count)");
	if (eh->e_shnum > DL_MAX_SHNUM)
		REFUSE(o, ENOEXEC, "too many sections");
	if (eh->e_shstrndx == 0 || eh->e_shstrndx >= eh->e_shnum)
		REFUSE(o, ENOEXEC, "e_shstrndx out of range");
	return read_table(o, src, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr),
			  (void **)&o->sh, "section header table");
}

/* A string table must end in NUL, so that any offset inside it names a
 * terminated string. */
static int read_strtab(struct dl_obj *o, const struct dl_source *src, uint32_t i,
		       char **out, uint64_t *size, const char *what)
{
	const Elf64_Shdr *s = &o->sh[i];

	if (s->sh_type != SHT_STRTAB)
		return dl_refusef(o, ENOEXEC, "%s (section %u) is not SHT_STRTAB", what, i);
	if (s->sh_size == 0)
		return dl_refusef(o, ENOEXEC, "%s is empty", what);
	int err = read_table(o, src, s->sh_offset, s->sh_size, (void **)out, what);
	if (err < 0)
		return err;
	*size = s->sh_size;
	if ((*out)[s->sh_size - 1] != 0)
		return dl_refusef(o, ENOEXEC, "%s does not end in NUL", what);
	return 0;
}

static int check_section(struct dl_obj *o, const struct dl_source *src, uint32_t i)
{
	const Elf64_Shdr *s = &o->sh[i];

	if (i == 0)
		return 0;
	if (s->sh_name >= o->shstrsz)
		return dl_refusef(o, ENOEXEC, "section %u: name offset outside the string table", i);
	if (s->sh_type != SHT_NOBITS &&
	    (s->sh_offset > src->size || s->sh_size > src->size - s->sh_offset))
		return dl_refusef(o, ENOEXEC, "section %u (%s): data outside the file", i,
			       o->shstr + s->sh_name);
	if (s->sh_addralign & (s->sh_addralign - 1))
		return dl_refusef(o, ENOEXEC, "section %u: sh_addralign not a power of two", i);
	if (s->sh_type == SHT_REL)
		return dl_refusef(o, ENOEXEC, "section %u: SHT_REL relocations (RISC-V uses RELA)", i);
	if (!(s->sh_flags & SHF_ALLOC) || o->eh.e_type != ET_REL)
		return 0;	/* not loaded, or the program's own: already loaded */
	if (s->sh_flags & SHF_TLS)
		return dl_refusef(o, ENOEXEC, "section %u (%s): thread-local storage is not supported",
			       i, o->shstr + s->sh_name);
	if (s->sh_addralign > DL_PAGE)
		return dl_refusef(o, ENOEXEC, "section %u: alignment larger than a page", i);
	if (s->sh_size > DL_MAX_IMAGE)
		return dl_refusef(o, ENOMEM, "section %u: too large to load", i);
	return 0;
}

static int check_symtab(struct dl_obj *o, const struct dl_source *src)
{
	uint32_t symtab = 0;

	for (uint32_t i = 1; i < o->eh.e_shnum; i++) {
		if (o->sh[i].sh_type == SHT_SYMTAB_SHNDX)
			REFUSE(o, ENOEXEC, "extended section indices (SHT_SYMTAB_SHNDX) are not supported");
		if (o->sh[i].sh_type != SHT_SYMTAB)
			continue;
		if (symtab)
			REFUSE(o, ENOEXEC, "more than one symbol table");
		symtab = i;
	}
	if (!symtab)
		REFUSE(o, ENOEXEC, "no symbol table (stripped?)");
	const Elf64_Shdr *s = &o->sh[symtab];
	if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_size % sizeof(Elf64_Sym))
		REFUSE(o, ENOEXEC, "bad symbol table entry size");
	if (s->sh_size / sizeof(Elf64_Sym) > DL_MAX_SYMS || s->sh_size == 0)
		REFUSE(o, ENOEXEC, "symbol table empty or too large");
	o->nsym = s->sh_size / sizeof(Elf64_Sym);
	if (s->sh_info > o->nsym)
		REFUSE(o, ENOEXEC, "symbol table sh_info past its end");
	if (s->sh_link == 0 || s->sh_link >= o->eh.e_shnum)
		REFUSE(o, ENOEXEC, "symbol table sh_link out of range");
	int err = read_strtab(o, src, s->sh_link, &o->str, &o->strsz, "symbol string table");
	if (err < 0)
		return err;
	return read_table(o, src, s->sh_offset, s->sh_size, (void **)&o->sym, "symbol table");
}

static int check_symbol(struct dl_obj *o, uint32_t i)
{
	const Elf64_Sym *y = &o->sym[i];
	uint16_t shndx = y->st_shndx;

	if (y->st_name >= o->strsz)
		return dl_refusef(o, ENOEXEC, "symbol %u: name offset outside the string table", i);
	if (o->eh.e_type != ET_REL)
		return 0;	/* the program's own: only names and values are used */
	if (ELF64_ST_TYPE(y->st_info) == STT_TLS)
		return dl_refusef(o, ENOEXEC, "symbol %s: thread-local storage is not supported",
			       o->str + y->st_name);
	if (shndx == SHN_COMMON)
		return dl_refusef(o, ENOEXEC, "symbol %s: COMMON symbol (compile with -fno-common)",
			       o->str + y->st_name);
	if (shndx == SHN_XINDEX)
		return dl_refusef(o, ENOEXEC, "symbol %u: extended section index", i);
	if (shndx == SHN_UNDEF || shndx == SHN_ABS)
		return 0;
	if (shndx >= o->eh.e_shnum)
		return dl_refusef(o, ENOEXEC, "symbol %s: section index %u out of range",
			       o->str + y->st_name, shndx);
	if (y->st_value > o->sh[shndx].sh_size)
		return dl_refusef(o, ENOEXEC, "symbol %s: value past the end of its section",
			       o->str + y->st_name);
	return 0;
}

static int check_rela_section(struct dl_obj *o, const struct dl_source *src, uint32_t i)
{
	const Elf64_Shdr *s = &o->sh[i];
	struct dl_rela *rs = &o->rela[o->nrela];

	if (s->sh_entsize != sizeof(Elf64_Rela) || s->sh_size % sizeof(Elf64_Rela))
		return dl_refusef(o, ENOEXEC, "section %u: bad relocation entry size", i);
	if (s->sh_link >= o->eh.e_shnum || o->sh[s->sh_link].sh_type != SHT_SYMTAB)
		return dl_refusef(o, ENOEXEC, "section %u: relocations not linked to the symbol table", i);
	if (s->sh_info == 0 || s->sh_info >= o->eh.e_shnum)
		return dl_refusef(o, ENOEXEC, "section %u: relocated section index out of range", i);
	uint32_t t = o->sh[s->sh_info].sh_type;
	if (t == SHT_RELA || t == SHT_SYMTAB || t == SHT_STRTAB)
		return dl_refusef(o, ENOEXEC, "section %u: relocations aimed at a table", i);
	rs->target = s->sh_info;
	rs->n = s->sh_size / sizeof(Elf64_Rela);
	int err = read_table(o, src, s->sh_offset, s->sh_size, (void **)&rs->r, "relocations");
	if (err < 0)
		return err;
	o->nrela++;
	return 0;
}

static int check_rela(struct dl_obj *o, const struct dl_rela *rs)
{
	const Elf64_Shdr *t = &o->sh[rs->target];
	uint64_t size = t->sh_size;

	for (uint32_t k = 0; k < rs->n; k++) {
		const Elf64_Rela *r = &rs->r[k];
		uint32_t type = ELF64_R_TYPE(r->r_info), sym = ELF64_R_SYM(r->r_info);
		int width = dl_reloc_width(type);
		if (width < 0)
			return dl_refusef(o, ENOEXEC, "unknown relocation type %u (%s) in %s",
				       type, dl_reloc_name(type), o->shstr + t->sh_name);
		if (sym >= o->nsym)
			return dl_refusef(o, ENOEXEC, "relocation %u in %s: symbol index %u out of range",
				       k, o->shstr + t->sh_name, sym);
		if (r->r_offset > size || (uint64_t)width > size - r->r_offset)
			return dl_refusef(o, ENOEXEC, "relocation %u in %s: offset outside the section",
				       k, o->shstr + t->sh_name);
		if (type == R_RISCV_ALIGN && (r->r_addend < 0 || (uint64_t)r->r_addend > size - r->r_offset))
			return dl_refusef(o, ENOEXEC, "R_RISCV_ALIGN in %s: padding outside the section",
				       o->shstr + t->sh_name);
		if (t->sh_type == SHT_NOBITS && width > 0 && (t->sh_flags & SHF_ALLOC))
			return dl_refusef(o, ENOEXEC, "relocation in %s: a section with no bytes",
				       o->shstr + t->sh_name);
	}
	return 0;
}

static int check_relocations(struct dl_obj *o, const struct dl_source *src)
{
	uint32_t n = 0;
	uint64_t total = 0;
	int err;

	for (uint32_t i = 1; i < o->eh.e_shnum; i++)
		if (o->sh[i].sh_type == SHT_RELA) {
			n++;
			total += o->sh[i].sh_size / sizeof(Elf64_Rela);
		}
	if (total > DL_MAX_RELAS)
		REFUSE(o, ENOEXEC, "too many relocations");
	if (n && !(o->rela = calloc(n, sizeof *o->rela)))
		REFUSE(o, ENOMEM, "out of memory for the relocations");
	for (uint32_t i = 1; i < o->eh.e_shnum; i++)
		if (o->sh[i].sh_type == SHT_RELA && (err = check_rela_section(o, src, i)) < 0)
			return err;
	for (uint32_t k = 0; k < o->nrela; k++)
		if ((err = check_rela(o, &o->rela[k])) < 0)
			return err;
	return 0;
}

/* DL_NEEDED_SECTION: the names of the libraries this one needs. */
static int check_needed(struct dl_obj *o, const struct dl_source *src)
{
	for (uint32_t i = 1; i < o->eh.e_shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		if (strcmp(o->shstr + s->sh_name, DL_NEEDED_SECTION) != 0)
			continue;
		if (o->needed)
			REFUSE(o, ENOEXEC, "two " DL_NEEDED_SECTION " sections");
		if (s->sh_type != SHT_PROGBITS || s->sh_size == 0)
			REFUSE(o, ENOEXEC, DL_NEEDED_SECTION " is not a list of names");
		int err = read_table(o, src, s->sh_offset, s->sh_size, (void **)&o->needed, DL_NEEDED_SECTION);
		if (err < 0)
			return err;
		o->neededsz = s->sh_size;
		if (o->needed[s->sh_size - 1] != 0)
			REFUSE(o, ENOEXEC, DL_NEEDED_SECTION " does not end in NUL");
		int count = 0;
		for (uint64_t p = 0; p < o->neededsz; p += strlen(o->needed + p) + 1) {
			size_t len = strlen(o->needed + p);
			if (len == 0 || len >= DL_NAME_MAX)
				REFUSE(o, ENOEXEC, DL_NEEDED_SECTION ": an empty or too long name");
			if (++count > DL_MAX_NEEDED)
				REFUSE(o, ENOEXEC, DL_NEEDED_SECTION ": too many libraries");
		}
	}
	return 0;
}

static int check_all(struct dl_obj *o, const struct dl_source *src, int want_type)
{
	int err;

	if (src->size < sizeof(Elf64_Ehdr))
		REFUSE(o, ENOEXEC, "file too short for an ELF header");
	if ((err = src->read_at(src->ctx, 0, &o->eh, sizeof o->eh)) < 0)
		return dl_refusef(o, -err, "cannot read the ELF header");
	if ((err = check_ident(o, want_type)) < 0 || (err = check_shdrs_table(o, src)) < 0)
		return err;
	if ((err = read_strtab(o, src, o->eh.e_shstrndx, &o->shstr, &o->shstrsz,
			       "section name table")) < 0)
		return err;
	for (uint32_t i = 0; i < o->eh.e_shnum; i++)
		if ((err = check_section(o, src, i)) < 0)
			return err;
	if ((err = check_symtab(o, src)) < 0)
		return err;
	for (uint32_t i = 0; i < o->nsym; i++)
		if ((err = check_symbol(o, i)) < 0)
			return err;
	if (want_type != ET_REL)
		return 0;
	if ((err = check_relocations(o, src)) < 0)
		return err;
	return check_needed(o, src);
}

int dl_check(struct dl_obj *o, const struct dl_source *src, int want_type)
{
	memset(o, 0, sizeof *o);
	int err = check_all(o, src, want_type);
	if (err < 0) {
		const char *why = o->reason;
		char keep[sizeof o->reason_buf];
		strcpy(keep, why ? why : "refused");
		dl_free(o);
		memcpy(o->reason_buf, keep, sizeof keep);
		o->reason = o->reason_buf;
	}
	return err;
}

void dl_free(struct dl_obj *o)
{
	for (uint32_t k = 0; k < o->nrela; k++)
		free(o->rela[k].r);
	free(o->rela);
	free(o->sh);
	free(o->shstr);
	free(o->sym);
	free(o->str);
	free(o->needed);
	free(o->secoff);
	free(o->secsize);
	free(o->got_slot);
	free(o->ext);
	memset(o, 0, sizeof *o);
}

const char *dl_symname(const struct dl_obj *o, uint32_t i)
{
	return i < o->nsym ? o->str + o->sym[i].st_name : "?";
}

const char *dl_secname(const struct dl_obj *o, uint32_t i)
{
	return i < o->eh.e_shnum ? o->shstr + o->sh[i].sh_name : "?";
}

int dl_find_global(const struct dl_obj *o, const char *name, uint32_t *idx)
{
	for (uint32_t i = 1; i < o->nsym; i++) {
		const Elf64_Sym *y = &o->sym[i];
		int bind = ELF64_ST_BIND(y->st_info);
		if ((bind == STB_GLOBAL || bind == STB_WEAK) &&
		    y->st_shndx != SHN_UNDEF && strcmp(o->str + y->st_name, name) == 0) {
			*idx = i;
			return 0;
		}
	}
	return -ENOENT;
}
