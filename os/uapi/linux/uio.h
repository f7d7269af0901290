/*
 * readv(2) and writev(2): one buffer of the array, as rv64 has it, and
 * the longest array; preadv2(2)'s and pwritev2(2)'s flags. Linux's.
 * Checked against <linux/uio.h> and <linux/fs.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_UIO_H
#define UAPI_LINUX_UIO_H

struct iovec {
	unsigned long base;	/* Linux's iov_base */
	unsigned long len;	/* Linux's iov_len */
};

#define UIO_MAXIOV 1024

#define RWF_HIPRI  0x01	/* polled completion (direct I/O) */
#define RWF_DSYNC  0x02	/* as O_DSYNC, for this write */
#define RWF_SYNC   0x04	/* as O_SYNC, for this write */
#define RWF_NOWAIT 0x08	/* EAGAIN rather than wait for the disk */
#define RWF_APPEND 0x10	/* as O_APPEND, for this write */
#define RWF_SUPPORTED 0x1f	/* Linux's: the flags it knows */
#endif
