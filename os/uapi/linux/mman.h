/*
 * mmap(2), mprotect(2) and msync(2) flags: Linux's (asm-generic).
 * Checked against <linux/mman.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_MMAN_H
#define UAPI_LINUX_MMAN_H

#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4

#define MAP_SHARED          0x01
#define MAP_PRIVATE         0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE            0x0f	/* the bits of the three above */
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_FIXED_NOREPLACE 0x100000

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4
#endif
