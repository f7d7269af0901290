/*
 * What the other rooms call in arch/: the SBI, the FPU's register
 * file and the context switch. CSRs are in riscv.h, the address map in
 * memlayout.h.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H
#include "kern/types.h"
#include "arch/sbi.h"

struct context;

/* fpu.S */
void fpu_save(uint64_t *fregs);
void fpu_restore(const uint64_t *fregs);

/* swtch.S */
void swtch(struct context *old, struct context *new);
#endif
