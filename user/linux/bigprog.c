/*
 * bigprog: a program of about BIG_SIZE bytes, half of it in .text and
 * half in initialised .data, for measuring exec by program size (make
 * bench). No libc, built like pie.c; it touches one byte of each half
 * and exits.
 */
#ifndef BIG_SIZE
#define BIG_SIZE (256 * 1024)
#endif

/* initialised, so the bytes are in the file, not in bss */
__attribute__((section(".text"))) const unsigned char text_blob[BIG_SIZE / 2] = { 1 };
unsigned char data_blob[BIG_SIZE / 2] = { 2 };

void __attribute__((used, noreturn))
big_main(void)
{
	register long a0 __asm__("a0") = text_blob[0] + data_blob[BIG_SIZE / 2 - 1] == 1 ? 0 : 1;
	register long a7 __asm__("a7") = 93;	/* exit */
	__asm__ volatile("ecall" :: "r"(a0), "r"(a7));
	for (;;)
		;
}

__asm__(".globl _start\n_start:\n	call big_main\n");
