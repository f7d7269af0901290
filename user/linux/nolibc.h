/*
 * The few system calls the no-libc test programs in user/linux make,
 * straight through ecall (Linux's RISC-V numbers). Everything is static
 * inline and PC-relative, so a static PIE needs no relocations for it.
 */
#ifndef USER_LINUX_NOLIBC_H
#define USER_LINUX_NOLIBC_H

#define NR_write 64
#define NR_exit 93

static inline long
syscall4(long n, long a, long b, long c, long d)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a7 __asm__("a7") = n;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
	return a0;
}

static inline void __attribute__((noreturn))
exit_now(int code)
{
	syscall4(NR_exit, code, 0, 0, 0);
	for (;;)
		;
}

/* Writes a NUL-terminated string to stdout. */
static inline void
say(const char *s)
{
	long n = 0;

	while (s[n])
		n++;
	syscall4(NR_write, 1, (long)s, n, 0);
}

/* "ok WHAT" or "FAIL WHAT" on its own line; a failure ends the program (1). */
static inline void
check(const char *what, int ok)
{
	say(ok ? "ok " : "FAIL ");
	say(what);
	say("\n");
	if (!ok)
		exit_now(1);
}
#endif
