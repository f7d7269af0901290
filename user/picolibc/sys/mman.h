/*
 * Memory mappings: what <sys/mman.h> gives on Linux, which picolibc does
 * not have. Linux's numbers (os/uapi/linux/mman.h); the calls are in sys.c.
 */
#ifndef USER_MMAN_H
#define USER_MMAN_H
#include <stddef.h>
#include <sys/types.h>

#include "linux/mman.h"

#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
#endif
