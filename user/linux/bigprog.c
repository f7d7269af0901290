/*
 * bigprog: a program of about BIG_SIZE bytes, half of it in .text and
 * half in initialised .data, for measuring exec by program size (make
 * bench). No libc, built like pie.c; it touches one byte of each half
 * and exits. Built with -DTOUCH_DATA it also writes a byte of each page
 * of the .data half first (make bench-linux's big1m-touch: what the
 * pages a program uses cost, as against the bytes it maps).
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
#ifdef TOUCH_DATA
	for (unsigned long off = 0; off < sizeof(data_blob); off += 4096)
		((volatile unsigned char *)data_blob)[off] = 2;
#endif
	register long a0 __asm__("a0") = text_blob[0] + data_blob[BIG_SIZE / 2 - 1] == 1 ? 0 : 1;
	register long a7 __asm__("a7") = 93;	/* exit */
	__asm__ volatile("ecall" :: "r"(a0), "r"(a7));
	for (;;)
		;
}

__asm__(".globl _start\n_start:\n	call big_main\n");
