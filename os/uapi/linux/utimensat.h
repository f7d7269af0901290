/*
 * utimensat(2)'s special tv_nsec values: Linux's, which its uapi headers
 * leave to libc (and picolibc defines only for other systems).
 * Checked against glibc's <sys/stat.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_UTIMENSAT_H
#define UAPI_LINUX_UTIMENSAT_H

#define UTIME_NOW  ((1L << 30) - 1)	/* the time now */
#define UTIME_OMIT ((1L << 30) - 2)	/* this time unchanged */
#endif
