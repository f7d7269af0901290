/*
 * futex(2)'s operations and flags, the robust list head
 * set_robust_list(2) registers and the bits of a lock word. Linux's, as
 * rv64 has them.
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

#define FUTEX_WAIT            0
#define FUTEX_WAKE            1
#define FUTEX_FD              2
#define FUTEX_REQUEUE         3
#define FUTEX_CMP_REQUEUE     4
#define FUTEX_WAKE_OP         5
#define FUTEX_LOCK_PI         6
#define FUTEX_UNLOCK_PI       7
#define FUTEX_TRYLOCK_PI      8
#define FUTEX_WAIT_BITSET     9
#define FUTEX_WAKE_BITSET     10
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_CMP_REQUEUE_PI  12
#define FUTEX_LOCK_PI2        13
#define FUTEX_PRIVATE_FLAG    128
#define FUTEX_CLOCK_REALTIME  256
#define FUTEX_CMD_MASK        (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

/* FUTEX_WAKE_OP's val3: op << 28 | cmp << 24 | oparg << 12 | cmparg */
#define FUTEX_OP_SET        0	/* *uaddr2 = oparg */
#define FUTEX_OP_ADD        1
#define FUTEX_OP_OR         2
#define FUTEX_OP_ANDN       3
#define FUTEX_OP_XOR        4
#define FUTEX_OP_OPARG_SHIFT 8	/* oparg is 1 << oparg */
#define FUTEX_OP_CMP_EQ     0
#define FUTEX_OP_CMP_NE     1
#define FUTEX_OP_CMP_LT     2
#define FUTEX_OP_CMP_LE     3
#define FUTEX_OP_CMP_GT     4
#define FUTEX_OP_CMP_GE     5

#define FUTEX_WAITERS     0x80000000
#define FUTEX_OWNER_DIED  0x40000000
#define FUTEX_TID_MASK    0x3fffffff
#define ROBUST_LIST_LIMIT 2048	/* Linux's bound on a (maybe circular) list */
#endif
