/*
 * mmap(2), mprotect(2), msync(2), mremap(2), madvise(2) and mlock(2)
 * flags: Linux's (asm-generic).
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

#define MREMAP_MAYMOVE   1
#define MREMAP_FIXED     2
#define MREMAP_DONTUNMAP 4

#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4
#define MADV_FREE       8
#define MADV_REMOVE     9
#define MADV_DONTFORK   10
#define MADV_DOFORK     11
#define MADV_DONTDUMP   16
#define MADV_DODUMP     17
#define MADV_COLD       20
#define MADV_PAGEOUT    21

#define MCL_CURRENT 1
#define MCL_FUTURE  2
#define MCL_ONFAULT 4
#define MLOCK_ONFAULT 1
#endif
