/*
 * The host's stand-in for the kernel's kern/kern.h, just what the device
 * tree reader (os/dev/fdt.c) uses, for its unit test (os/tests/
 * test_fdt.c): the host's strings with the kernel's strlcpy, the boot
 * information and the kernel's errno numbers.
 */
#ifndef KERN_KERN_H
#define KERN_KERN_H
#include <string.h>
#include "kern/bootinfo.h"
#include "uapi/linux/errno.h"

/* the kernel's own (os/kern/string.c, built as string.mk builds it) */
size_t kstrlcpy(char *dst, const char *src, size_t n);
#define strlcpy kstrlcpy
#endif
