/*
 * The ioctls the console answers: Linux's (asm-generic) numbers.
 * Checked against <asm/ioctls.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_IOCTLS_H
#define UAPI_LINUX_IOCTLS_H

#define TCGETS     0x5401	/* struct termios */
#define TIOCGPGRP  0x540F	/* the foreground process group */
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413	/* struct winsize */
#endif
