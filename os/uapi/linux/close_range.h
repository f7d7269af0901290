/*
 * close_range(2)'s flags.
 * Checked against <linux/close_range.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_CLOSE_RANGE_H
#define UAPI_LINUX_CLOSE_RANGE_H

#define CLOSE_RANGE_UNSHARE (1U << 1)	/* a table of its own first */
#define CLOSE_RANGE_CLOEXEC (1U << 2)	/* mark close-on-exec, do not close */
#endif
