/*
 * What the console's ioctls (ioctls.h) fill: struct termios with its
 * flags, and the window size. Linux's (asm-generic).
 * Checked against <asm/termbits.h> and <asm/termios.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_TERMIOS_H
#define UAPI_LINUX_TERMIOS_H
#include <stdint.h>

#define NCCS 19
struct termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};

/* c_cc's indices */
#define VINTR  0
#define VERASE 2
#define VKILL  3
#define VEOF   4

#define ICRNL  0000400	/* c_iflag */
#define OPOST  0000001	/* c_oflag */
#define ONLCR  0000004
#define CS8    0000060	/* c_cflag */
#define CREAD  0000200
#define ISIG   0000001	/* c_lflag */
#define ICANON 0000002
#define ECHO   0000010
#define ECHOE  0000020

struct winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};
#endif
