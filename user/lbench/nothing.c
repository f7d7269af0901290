/*
 * nothing: a program without libc that exits 0 at once, the smallest
 * thing exec can load (lbench exec /lbench/nothing).
 */
#include "../linux/nolibc.h"

void __attribute__((used, noreturn))
nothing_main(void)
{
	exit_now(0);
}

__asm__(".globl _start\n_start:\n	call nothing_main\n");
