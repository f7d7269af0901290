/*
 * The ELFseg record initElf fills from a program's headers (the ELF
 * records themselves are uapi/linux/elf.h): an ELF32 file's headers are
 * widened into the ELF64 forms, so every check and the loader are shared
 * by both classes.
 * Pure: no kernel headers, so initElf builds on the host for unit tests
 * and fuzzing.
 */
#ifndef ELF_H
#define ELF_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "uapi/linux/elf.h"

#define ELF_MAX_PHNUM 32	/* more program headers than this: refused */
#define ELF_MAX_LOAD 16		/* more PT_LOAD segments than this: refused */
#define ELF_INTERP_MAX 256	/* a PT_INTERP path, with its NUL, at most */
#define ELF_PAGE 4096UL

/* One PT_LOAD segment, checked and with the load bias applied. */
struct elf_load {
	uint64_t vaddr, memsz;	/* where it lives in memory */
	uint64_t offset, filesz;	/* what of the file it holds */
	uint32_t flags;		/* PF_R | PF_W | PF_X */
};

/* Everything exec needs to know of a program before it maps anything. */
struct ELFseg {
	uint64_t needpage;	/* pages the segments span */
	uint64_t entry;		/* load_bias + e_entry, recomputed */
	uint64_t load_bias;	/* 0 for ET_EXEC */
	uint64_t phdr_addr;	/* where the program headers are mapped (AT_PHDR), 0 if not */
	uint64_t lo, hi;	/* page-aligned span of the loaded image */
	bool exec_stack;	/* PT_GNU_STACK asks for an executable stack */
	bool has_wx;		/* a segment asks to be writable and executable */
	bool is32;		/* ELFCLASS32: runs with XLEN 32 (sstatus.UXL = 1) */
	Elf64_Ehdr elf_header;	/* widened from Elf32_Ehdr for a 32-bit file */
	Elf64_Phdr phdr[ELF_MAX_PHNUM];	/* likewise */
	int nload;
	struct elf_load load[ELF_MAX_LOAD];
	char interp[ELF_INTERP_MAX];	/* PT_INTERP: the interpreter's path, or "" */
	uint64_t interp_base;	/* set by exec: where it loaded the interpreter (AT_BASE) */
	const char *reason;	/* why initElf refused the file */
};

/* Where initElf reads the file from: lseek + read on the open file. */
struct elf_source {
	void *ctx;
	uint64_t size;		/* file size in bytes */
	/* reads exactly n bytes at off; 0, or a negative errno */
	int (*read_at)(void *ctx, uint64_t off, void *buf, size_t n);
};

/* The user address range a segment may occupy, [min, max), and where an
 * ET_DYN (position-independent) program's lowest page goes; a 32-bit
 * program has its own max and base, below 2 GiB (ELF32_TOP). */
struct elf_limits {
	uint64_t min, max;
	uint64_t dyn_base;
	uint64_t max32, dyn_base32;
};
#define ELF32_TOP 0x80000000UL	/* a 32-bit address at or above this sign-extends */

/* Reads and validates the headers; 0, or -errno with seg->reason set. */
int initElf(struct ELFseg *seg, const struct elf_source *src,
	    const struct elf_limits *lim);
#endif
