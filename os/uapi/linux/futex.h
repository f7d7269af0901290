/*
 * Robust futexes: the list head set_robust_list(2) registers and the bits
 * of a lock word. Linux's, as rv64 has them.
 * Checked against <linux/futex.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_FUTEX_H
#define UAPI_LINUX_FUTEX_H
#include <stdint.h>

/* The list's first link (the list is circular through it), the offset
 * from a link to its lock word, and the link of a lock being taken or
 * released right now. */
struct robust_list_head {
	uint64_t next;		/* Linux's list */
	int64_t futex_offset;
	uint64_t pending;	/* Linux's list_op_pending */
};

#define FUTEX_WAITERS     0x80000000
#define FUTEX_OWNER_DIED  0x40000000
#define FUTEX_TID_MASK    0x3fffffff
#define ROBUST_LIST_LIMIT 2048	/* Linux's bound on a (maybe circular) list */
#endif
