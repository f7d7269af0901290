/*
 * The pure core of the loader of relocatable objects (ET_REL): the dl_obj
 * a checked object is parsed into (ELF's records and numbers are
 * os/uapi/linux/elf.h's, the kernel's too). No system calls: builds with the host compiler for unit
 * tests and fuzzing, and with musl for user programs.
 *
 * The steps, in order (user/dl/dl.c drives them; the host tests too):
 *   dl_check    read and validate every header, table and index
 *   dl_plan     lay out the SHF_ALLOC sections and the GOT in an image
 *   dl_fill     read the section bytes into the image
 *   dl_relax    delete the NOPs R_RISCV_ALIGN says are too many
 *   dl_resolve  find each undefined symbol through a callback
 *   dl_relocate apply every relocation for the address the image runs at
 * Each returns 0 or -errno with o->reason saying why.
 */
#ifndef DL_ELF_H
#define DL_ELF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "linux/elf.h"	/* os/uapi: ELF's records and numbers, shared with the kernel */

#define DL_PAGE 4096UL
/* Bounds on what one object may ask for, so that a hostile header cannot
 * make the loader allocate or loop without end. */
#define DL_MAX_SHNUM 1024
#define DL_MAX_SYMS (1u << 16)
#define DL_MAX_RELAS (1u << 18)
#define DL_MAX_IMAGE (64UL << 20)
#define DL_MAX_NEEDED 8
#define DL_NAME_MAX 64

/* The section holding an object's dependencies: names, NUL-terminated. */
#define DL_NEEDED_SECTION ".dl_needed"

/* Where an object's bytes come from: the loader's lseek/read, or a
 * buffer in the host tests. read_at returns 0 or -errno. */
struct dl_source {
	void *ctx;
	uint64_t size;
	int (*read_at)(void *ctx, uint64_t off, void *buf, uint64_t len);
};

/* The image's three parts, each on its own pages for mprotect. */
enum { DL_TEXT, DL_RODATA, DL_DATA, DL_NCLASS };

struct dl_rela {
	uint32_t target;	/* the section the relocations patch */
	uint32_t n;
	Elf64_Rela *r;
};

struct dl_obj {
	Elf64_Ehdr eh;
	Elf64_Shdr *sh;		/* e_shnum headers */
	char *shstr;		/* section names, NUL-terminated */
	uint64_t shstrsz;
	Elf64_Sym *sym;		/* the symbol table (index 0: the null symbol) */
	uint32_t nsym;
	char *str;		/* its names, NUL-terminated */
	uint64_t strsz;
	struct dl_rela *rela;	/* one per SHT_RELA section */
	uint32_t nrela;
	char *needed;		/* DL_NEEDED_SECTION's bytes, or NULL */
	uint64_t neededsz;

	/* dl_plan: per section, its offset in the image and its size
	 * (which dl_relax may shrink); offset UINT64_MAX: not loaded. */
	uint64_t *secoff;
	uint64_t *secsize;
	uint64_t cls_off[DL_NCLASS], cls_size[DL_NCLASS];
	uint64_t image_size;
	uint32_t *got_slot;	/* per symbol: GOT slot + 1, 0 for none */
	uint32_t ngot;
	uint64_t got_off;

	uint64_t *ext;		/* dl_resolve: per undefined symbol, its address */

	const char *reason;
	char reason_buf[160];
};

int dl_check(struct dl_obj *o, const struct dl_source *src, int want_type);
int dl_refusef(struct dl_obj *o, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int dl_plan(struct dl_obj *o);
int dl_fill(struct dl_obj *o, uint8_t *image, const struct dl_source *src);
int dl_relax(struct dl_obj *o, uint8_t *image);
/* lookup returns 0 and the address of name, or -ENOENT. */
typedef int (*dl_lookup_fn)(void *ctx, const char *name, uint64_t *addr);
int dl_resolve(struct dl_obj *o, dl_lookup_fn lookup, void *ctx);
int dl_relocate(struct dl_obj *o, uint8_t *image, uint64_t base);
void dl_free(struct dl_obj *o);

/* Helpers for the loader and the tests. */
const char *dl_symname(const struct dl_obj *o, uint32_t i);
const char *dl_secname(const struct dl_obj *o, uint32_t i);
/* The address symbol i has in an image at base (after dl_resolve for
 * undefined ones). */
uint64_t dl_symaddr(const struct dl_obj *o, uint64_t base, uint32_t i);
/* 0 when a defined global symbol name exists (its index in *idx). */
int dl_find_global(const struct dl_obj *o, const char *name, uint32_t *idx);
const char *dl_reloc_name(uint32_t type);
/* Bytes a relocation type patches; 0 for none, -1 for a type not handled. */
int dl_reloc_width(uint32_t type);

#endif
