/*
 * ELF64 and ELF32 as the loader sees them, and the ELFseg record initElf
 * fills: an ELF32 file's headers are widened into the ELF64 forms, so
 * every check and the loader are shared by both classes.
 * Pure: no kernel headers, so initElf builds on the host for unit tests
 * and fuzzing.
 */
#ifndef ELF_H
#define ELF_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define EI_NIDENT 16
#define ELFMAG "\177ELF"
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define EI_OSABI 7
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ELFOSABI_SYSV 0
#define ELFOSABI_LINUX 3

#define ET_REL 1
#define ET_EXEC 2
#define ET_DYN 3
#define ET_CORE 4
#define EM_386 3
#define EM_ARM 40
#define EM_X86_64 62
#define EM_AARCH64 183
#define EM_RISCV 243

#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_GNU_STACK 0x6474e551
/* RISC-V e_flags: the compressed extension, the float ABI, RV32E, TSO */
#define EF_RISCV_RVC 0x1
#define EF_RISCV_FLOAT_ABI 0x6
#define EF_RISCV_FLOAT_ABI_SOFT 0x0
#define EF_RISCV_FLOAT_ABI_SINGLE 0x2
#define EF_RISCV_FLOAT_ABI_DOUBLE 0x4
#define EF_RISCV_FLOAT_ABI_QUAD 0x6
#define EF_RISCV_RVE 0x8
#define EF_RISCV_TSO 0x10
#define PF_X 1
#define PF_W 2
#define PF_R 4

typedef struct {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
} Elf64_Phdr;

typedef struct {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint32_t e_entry;
	uint32_t e_phoff;
	uint32_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	uint32_t p_type;
	uint32_t p_offset;
	uint32_t p_vaddr;
	uint32_t p_paddr;
	uint32_t p_filesz;
	uint32_t p_memsz;
	uint32_t p_flags;
	uint32_t p_align;
} Elf32_Phdr;

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
