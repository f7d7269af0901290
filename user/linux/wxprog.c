/*
 * wxprog: a program whose only segment is writable and executable
 * (linked with -N, as old linkers did). The kernel maps it RWX with a
 * warning in its log, as Linux does, or refuses it when booted with
 * wx=strict. No libc: built like pie.c.
 */
static long
write1(const char *s, long n)
{
	register long a0 __asm__("a0") = 1;
	register long a1 __asm__("a1") = (long)s;
	register long a2 __asm__("a2") = n;
	register long a7 __asm__("a7") = 64;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

static char message[] = "wxprog: ran\n";

void __attribute__((used, noreturn))
wx_main(void)
{
	message[0] = 'w';	/* the segment really is writable */
	write1(message, sizeof(message) - 1);
	register long a0 __asm__("a0") = 0;
	register long a7 __asm__("a7") = 94;
	__asm__ volatile("ecall" :: "r"(a0), "r"(a7));
	for (;;)
		;
}

__asm__(".globl _start\n_start:\n	call wx_main\n");
