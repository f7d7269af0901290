/*
 * The pure part of a core dump: fusing page mappings into intervals, the
 * ELF64 ET_CORE layout (program headers, PN_XNUM and section header 0),
 * the notes gdb reads for a Linux riscv64 core, and a size-limited,
 * buffered output. No kernel headers: it builds on the host for unit
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

/* Where everything goes in the file. */
struct core_layout {
	uint64_t nload;		/* PT_LOAD headers */
	uint64_t phnum;		/* nload + the PT_NOTE */
	bool xnum;		/* phnum >= PN_XNUM: the count is in section header 0 */
	uint64_t phoff, shoff;	/* shoff 0 unless xnum */
	uint64_t notes_off, notes_size;
	uint64_t data_off;	/* page-aligned: the first PT_LOAD's bytes */
	uint64_t size;		/* the whole file */
};
int core_plan(struct core_layout *l, uint64_t nload, uint64_t notes_size, uint64_t data_size);
void core_ehdr(const struct core_layout *l, Elf64_Ehdr *eh);
void core_shdr0(const struct core_layout *l, Elf64_Shdr *sh);
void core_note_phdr(const struct core_layout *l, Elf64_Phdr *ph);
void core_load_phdr(const struct core_interval *iv, uint64_t offset, Elf64_Phdr *ph);

/* Linux riscv64's note payloads (include/uapi/linux/elfcore.h layouts). */
struct core_prstatus {
	int32_t si_signo, si_code, si_errno;
	int16_t cursig;
	uint16_t pad0;
	uint64_t sigpend, sighold;
	int32_t pid, ppid, pgrp, sid;
	int64_t utime[2], stime[2], cutime[2], cstime[2];	/* seconds, microseconds */
	uint64_t reg[32];	/* pc, then x1..x31 */
	int32_t fpvalid;
	uint32_t pad1;
};
struct core_prpsinfo {
	char state, sname, zomb, nice;
	uint32_t pad0;
	uint64_t flag;
	uint32_t uid, gid;
	int32_t pid, ppid, pgrp, sid;
	char fname[16];
	char psargs[80];
};
struct core_siginfo {
	int32_t si_signo, si_errno, si_code, pad;
	uint64_t si_addr;
	uint8_t rest[128 - 24];
};
struct core_fpregs {
	uint64_t f[32];
	uint32_t fcsr, pad;
};

/* What the notes say of a process. */
struct core_task {
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
void core_fill_prstatus(struct core_prstatus *ps, const struct core_task *t);
void core_fill_prpsinfo(struct core_prpsinfo *pi, const struct core_task *t);
void core_fill_siginfo(struct core_siginfo *si, const struct core_task *t);
void core_fill_fpregs(struct core_fpregs *fp, const struct core_task *t);

/* NT_FILE: a file's pages mapped at [start, end) from page pgoff on. */
struct core_filemap {
	uint64_t start, end, pgoff;
	const char *path;
};
typedef void core_filemap_fn(void *ctx, int i, struct core_filemap *m);
size_t core_ntfile_size(int n, core_filemap_fn *get, void *ctx);

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
int core_ntfile(struct core_sink *s, int n, core_filemap_fn *get, void *ctx);

/* A core_pattern: %e program name, %p pid, %s signal, %t seconds, %% a %. */
int core_expand(char *out, size_t cap, const char *pattern, const char *name,
		int pid, int sig, uint64_t secs);
#endif
