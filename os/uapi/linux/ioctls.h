/*
 * The ioctls the tty answers: Linux's (asm-generic) numbers.
 * Checked against <asm/ioctls.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_IOCTLS_H
#define UAPI_LINUX_IOCTLS_H

#define TCGETS     0x5401	/* struct termios */
#define TCSETS     0x5402	/* at once */
#define TCSETSW    0x5403	/* once output is drained */
#define TCSETSF    0x5404	/* drained, and input flushed */
#define TCSBRK     0x5409	/* tcdrain (arg 1), a break (0) */
#define TCXONC     0x540A	/* TCOOFF ... TCION */
#define TCFLSH     0x540B	/* TCIFLUSH ... TCIOFLUSH */
#define TIOCSCTTY  0x540E	/* become the session's controlling tty */
#define TIOCGPGRP  0x540F	/* the foreground process group */
#define TIOCSPGRP  0x5410
#define TIOCOUTQ   0x5411	/* bytes not yet sent */
#define TIOCGWINSZ 0x5413	/* struct winsize */
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B	/* bytes to read (TIOCINQ) */
#define TIOCINQ    FIONREAD
#define TIOCNOTTY  0x5422	/* give up the controlling tty */
#define TIOCGSID   0x5429	/* the session the tty controls */
#endif
