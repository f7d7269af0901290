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
#endif
