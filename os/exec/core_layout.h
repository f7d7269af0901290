/*
 * The pure part of a core dump: fusing page mappings into intervals, the
 * ET_CORE layout of either class (program headers, PN_XNUM and section
 * header 0), the notes gdb reads for a Linux riscv64 or rv32 core, and a
 * size-limited, buffered output. No kernel headers: it builds on the host for unit
 * tests (os/tests/test_core.c). os/coredump.c feeds it from a process.
 */
#ifndef CORE_LAYOUT_H
#define CORE_LAYOUT_H
#include "exec/elf.h"

#define CORE_PAGE 4096UL

/* A run of user memory with one set of permissions: [start, end). */
struct core_interval {
	uint64_t start, end;
	uint32_t flags;		/* PF_R | PF_W | PF_X */
};

/*
 * Fusion: mappings fed in increasing address order come out as maximal
 * intervals of adjacent mappings with equal flags. add() returns true
 * when it closed an interval (written to *out); end() closes the last.
 */
struct core_fuse {
	bool open;
	struct core_interval cur;
};
bool core_fuse_add(struct core_fuse *f, uint64_t va, uint64_t size, uint32_t flags,
		   struct core_interval *out);
bool core_fuse_end(struct core_fuse *f, struct core_interval *out);

/*
 * A core's class is its process's: ELFCLASS64 for riscv64, ELFCLASS32
 * for rv32. Linux lays both out from the same C declarations, a long
 * (a pointer, an elf_greg_t, a timeval's fields) being 8 bytes or 4
 * (compat_binfmt_elf.c for an rv32 process on a 64-bit kernel); so do
 * we: headers and notes are written field by field, each at its natural
 * alignment, with a word of CORE_WORD64 or CORE_WORD32 bytes.
 */
#define CORE_WORD64 8
#define CORE_WORD32 4

/* Where everything goes in the file. */
struct core_layout {
	unsigned word;		/* CORE_WORD64 or CORE_WORD32 */
	uint64_t nload;		/* PT_LOAD headers */
	uint64_t phnum;		/* nload + the PT_NOTE */
	bool xnum;		/* phnum >= PN_XNUM: the count is in section header 0 */
	uint64_t phoff, shoff;	/* shoff 0 unless xnum */
	uint64_t notes_off, notes_size;
	uint64_t data_off;	/* page-aligned: the first PT_LOAD's bytes */
	uint64_t size;		/* the whole file */
};
int core_plan(struct core_layout *l, unsigned word, uint64_t nload, uint64_t notes_size,
	      uint64_t data_size);

/* The headers, as bytes of the layout's class; each returns its size. */
#define CORE_HDR_MAX 64		/* Elf64_Ehdr and Elf64_Shdr; the rest are smaller */
size_t core_ehdr(const struct core_layout *l, uint8_t *out);
size_t core_shdr0(const struct core_layout *l, uint8_t *out);
size_t core_note_phdr(const struct core_layout *l, uint8_t *out);
size_t core_load_phdr(const struct core_layout *l, const struct core_interval *iv,
		      uint64_t offset, uint8_t *out);

/* What the notes say of a process. */
struct core_task {
	unsigned word;		/* its class: CORE_WORD64 or CORE_WORD32 */
	int32_t pid, ppid, pgrp, sid;
	int sig;		/* what killed it; 0 for a live dump */
	uint64_t fault_addr;
	uint64_t sigpend, sighold;
	uint64_t utime_us, stime_us, cutime_us, cstime_us;
	uint64_t regs[32];	/* regs[0] = pc, regs[i] = x<i> */
	uint64_t fregs[32];
	uint32_t fcsr;
	char state;		/* 'R' running, 'Z' dying */
	char fname[16];
	char psargs[80];	/* arguments joined by spaces */
};

/*
 * The note payloads of include/uapi/linux/elfcore.h (elf_prstatus,
 * elf_prpsinfo; their compat_ forms for rv32), siginfo and the D
 * extension's registers (the same 264 bytes in both classes, as Linux's
 * compat regset writes them), as bytes of the task's class; each
 * returns its size. core_fill_auxv writes n (type, value) pairs, given
 * as 64-bit words, in the class's words: 16 * n bytes at most.
 */
#define CORE_PRSTATUS_MAX 376	/* riscv64's; rv32's is 204 */
#define CORE_PRPSINFO_MAX 136	/* riscv64's; rv32's is 128 */
#define CORE_SIGINFO_SIZE 128
#define CORE_FPREGS_SIZE 264
size_t core_fill_prstatus(uint8_t *out, const struct core_task *t);
size_t core_fill_prpsinfo(uint8_t *out, const struct core_task *t);
size_t core_fill_siginfo(uint8_t *out, const struct core_task *t);
size_t core_fill_fpregs(uint8_t *out, const struct core_task *t);
size_t core_fill_auxv(uint8_t *out, unsigned word, const uint64_t *auxv, int n);

/* NT_FILE: a file's pages mapped at [start, end) from page pgoff on. */
struct core_filemap {
	uint64_t start, end, pgoff;
	const char *path;
};
typedef void core_filemap_fn(void *ctx, int i, struct core_filemap *m);
size_t core_ntfile_size(unsigned word, int n, core_filemap_fn *get, void *ctx);

/*
 * The output: writes go through a buffer to write(ctx, off, buf, n),
 * which stores all n bytes or returns -errno. Nothing goes past limit:
 * the write reaching it is cut there and the sink stops with -EFBIG.
 * The first error sticks; later emits do nothing.
 */
struct core_sink {
	int (*write)(void *ctx, uint64_t off, const void *buf, size_t n);
	void *ctx;
	uint8_t *buf;
	size_t cap, fill;
	uint64_t pos;		/* bytes accepted so far */
	uint64_t limit;
	int err;
};
int core_emit(struct core_sink *s, const void *p, size_t n);
int core_pad_to(struct core_sink *s, uint64_t off);
int core_flush(struct core_sink *s);
size_t core_note_size(const char *name, size_t descsz);
int core_note(struct core_sink *s, const char *name, uint32_t type, const void *desc, size_t descsz);
int core_note_begin(struct core_sink *s, const char *name, uint32_t type, size_t descsz);
int core_note_end(struct core_sink *s, size_t descsz);
int core_ntfile(struct core_sink *s, unsigned word, int n, core_filemap_fn *get, void *ctx);

/* A core_pattern: %e program name, %p pid, %s signal, %t seconds, %% a %. */
int core_expand(char *out, size_t cap, const char *pattern, const char *name,
		int pid, int sig, uint64_t secs);
#endif
