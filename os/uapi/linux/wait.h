/*
 * wait4(2)'s options: Linux's.
 * Checked against <linux/wait.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_WAIT_H
#define UAPI_LINUX_WAIT_H

#define WNOHANG    0x00000001
#define WUNTRACED  0x00000002
#define WCONTINUED 0x00000008
#define __WALL     0x40000000	/* clone children too */
#define __WCLONE   0x80000000	/* only clone children */
#endif
