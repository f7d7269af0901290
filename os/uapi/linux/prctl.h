/*
 * The prctl(2) options we answer: Linux's.
 * Checked against <linux/prctl.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_PRCTL_H
#define UAPI_LINUX_PRCTL_H

#define PR_SET_NAME 15	/* the name in /proc and core files, 16 bytes */
#define PR_GET_NAME 16
#endif
