/*
 * getdents64(2)'s records: Linux's struct linux_dirent64 (which its uapi
 * headers leave to libc, as glibc's struct dirent64) and the d_type
 * values we give.
 * Checked against glibc's <dirent.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_DIRENT_H
#define UAPI_LINUX_DIRENT_H
#include <stdint.h>

struct linux_dirent64 {		/* glibc's struct dirent64 */
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;	/* this record's length, a multiple of 8 */
	uint8_t d_type;
	char d_name[];		/* NUL-terminated */
};

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12
#endif
