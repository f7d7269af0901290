/*
 * The exec path (sys_execve -> load_elf -> initElf -> load_segment ->
 * jumpTo), the user stack, the program image and the text cache, core
 * dumps.
 */
#ifndef EXEC_EXEC_H
#define EXEC_EXEC_H
#include "kern/kern.h"

struct file;
struct mount;

/* coredump.c */
int coredump_fatal(int sig, uint64_t addr);
void coredump_serve(struct proc *p);

/* exec.c, exec_stack.c */
/* What the new program is given: argv and envp are arrays of string
 * pointers in user memory, or in the kernel when user is false (the
 * first exec of /init). #! scripts put kernel strings in front of argv:
 * each level its interpreter and that one's argument, then the first
 * script's path in place of argv[0]. */
struct exec_args {
	bool user;
	uint64_t argv, envp;
	const char *filename;	/* as the caller named it: AT_EXECFN */
	const char *prefix[2 * 5 + 1];	/* exec.c's SCRIPT_DEPTH_MAX levels */
	int nprefix;
};
struct ELFseg;
struct layout;
int exec(const char *path, struct exec_args *a);
int64_t build_stack(pagetable_t pt, const struct ELFseg *seg, const struct layout *l,
		    const struct exec_args *a, uint64_t *stack_low, uint64_t auxv[2 * IMAGE_AUXV]);

/* layout.c: where an exec puts each region, randomized unless the
 * process or the boot says not to. */
struct layout_rnd {
	bool on;	/* randomizing: every word 0 if not */
	uint32_t pie, interp, stack, strings, mmap, brk;
};
struct layout {
	uint64_t pie_base;	/* where an ET_DYN program's lowest segment goes */
	uint64_t interp_base;	/* and its interpreter's (ld.so) */
	uint64_t stack_top;	/* the stack's page-aligned top */
	uint64_t string_pad;	/* bytes left free under it, above the argument strings */
	uint64_t mmap_top;	/* mmap places regions downwards from here */
	uint32_t brk_rnd;	/* brk's draw, and the range it picks from (layout_brk_start) */
	uint64_t brk_range;
};
int layout_randomizes(struct proc *p);
void layout_draw(struct layout_rnd *r, int level);
void layout_make(struct layout *l, const struct layout_rnd *r, bool is32);
uint64_t layout_brk_start(const struct layout *l, uint64_t end, uint64_t room);

/* image.c */
void image_init(void);
int image_read(struct file *f, uint64_t off, void *buf, size_t n);
void image_prefetch(const struct image *img, int i);
int image_fill_page(pagetable_t pt, const struct image *img, uint64_t va, struct loadstat *st);
void image_stats(struct proc *p, struct loadstat *out);
int image_hold_file(struct image *img, int i);
void image_release(struct image *img);
int image_fork(struct image *child, const struct image *parent);

#endif
