/* Where a 64-bit signal handler returns (kern/signal.c points ra here):
 * rt_sigreturn restores what the signal interrupted. gdb knows a signal
 * frame by these two instructions. */
#include "uapi/linux/unistd.h"

	.text
	.globl __vdso_rt_sigreturn
	.type __vdso_rt_sigreturn, @function
__vdso_rt_sigreturn:
	li a7, SYS_rt_sigreturn
	ecall
	.size __vdso_rt_sigreturn, . - __vdso_rt_sigreturn
