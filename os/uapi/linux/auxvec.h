/*
 * The auxiliary vector's entry types: what exec puts after envp on a new
 * program's stack (exec/exec_stack.c) and what programs look up there.
 * Checked against <linux/auxvec.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_AUXVEC_H
#define UAPI_LINUX_AUXVEC_H

#define AT_NULL   0	/* the end of the vector */
#define AT_IGNORE 1	/* an entry to skip */
#define AT_PHDR   3	/* the program headers in memory */
#define AT_PHENT  4
#define AT_PHNUM  5
#define AT_PAGESZ 6
#define AT_BASE   7	/* where the interpreter was loaded */
#define AT_FLAGS  8
#define AT_ENTRY  9	/* the program's entry point */
#define AT_UID    11
#define AT_EUID   12
#define AT_GID    13
#define AT_EGID   14
#define AT_HWCAP  16	/* RISC-V: bit n for extension letter 'a' + n */
#define AT_CLKTCK 17
#define AT_SECURE 23	/* 1 if set-id: never here */
#define AT_RANDOM 25	/* 16 random bytes */
#define AT_EXECFN 31	/* the path execve was given */
#define AT_SYSINFO_EHDR 33	/* the vDSO's ELF header */
/* riscv's ARCH_DLINFO: each cache level's size and geometry (ways << 16
 * | line size), 0 if unknown, then the signal frame's size (Linux 6.5+) */
#define AT_L1I_CACHESIZE 40
#define AT_L1I_CACHEGEOMETRY 41
#define AT_L1D_CACHESIZE 42
#define AT_L1D_CACHEGEOMETRY 43
#define AT_L2_CACHESIZE 44
#define AT_L2_CACHEGEOMETRY 45
#define AT_L3_CACHESIZE 46
#define AT_L3_CACHEGEOMETRY 47
#define AT_MINSIGSTKSZ 51
#endif
