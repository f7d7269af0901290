/*
 * membarrier(2) commands: Linux's.
 * Checked against <linux/membarrier.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_MEMBARRIER_H
#define UAPI_LINUX_MEMBARRIER_H

#define MEMBARRIER_CMD_QUERY                       0
#define MEMBARRIER_CMD_GLOBAL                      (1 << 0)
#define MEMBARRIER_CMD_GLOBAL_EXPEDITED            (1 << 1)
#define MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED   (1 << 2)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED           (1 << 3)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED  (1 << 4)
#endif
