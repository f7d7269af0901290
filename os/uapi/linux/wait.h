/*
 * wait4(2)'s and waitid(2)'s options and waitid's id types: Linux's.
 * Checked against <linux/wait.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_WAIT_H
#define UAPI_LINUX_WAIT_H

#define WNOHANG    0x00000001
#define WUNTRACED  0x00000002
#define WSTOPPED   WUNTRACED	/* waitid's name */
#define WEXITED    0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT    0x01000000	/* report, but leave the child waitable */
#define __WALL     0x40000000	/* clone children too */
#define __WCLONE   0x80000000	/* only clone children */

#define P_ALL  0
#define P_PID  1
#define P_PGID 2
#endif
