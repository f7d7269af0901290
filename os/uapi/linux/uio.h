/*
 * readv(2) and writev(2): one buffer of the array, as rv64 has it, and
 * the longest array. Linux's.
 * Checked against <linux/uio.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_UIO_H
#define UAPI_LINUX_UIO_H

struct iovec {
	unsigned long base;	/* Linux's iov_base */
	unsigned long len;	/* Linux's iov_len */
};

#define UIO_MAXIOV 1024
#endif
