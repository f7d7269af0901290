/*
 * pie: a position-independent (ET_DYN) program, built without any libc
 * by Debian's riscv64-linux-gnu-gcc (-static-pie -nostdlib), since
 * riscv64-unknown-elf-ld cannot link PIE. It checks that the kernel
 * loaded it at a base of its choosing, not at its link address 0, and
 * recomputed the entry point and AT_PHDR from that base.
 * Everything is reached PC-relative, so it needs no relocations.
 */
#include "nolibc.h"
#include <elf.h>
#include <stdint.h>

/* hidden: reached PC-relative, not through a GOT entry needing relocation */
extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
void _start(void) __attribute__((visibility("hidden")));




static uint64_t
aux(long *sp, uint64_t type)
{
	long argc = sp[0];
	char **envp = (char **)(sp + 1 + argc + 1);

	while (*envp)
		envp++;
	for (uint64_t *a = (uint64_t *)(envp + 1); a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

void __attribute__((used, noreturn))
pie_main(long *sp)
{
	uint64_t base = (uint64_t)&__ehdr_start;

	check("ET_DYN", __ehdr_start.e_type == ET_DYN);
	check("loaded at a non-zero base", base >= 0x10000000);
	check("AT_ENTRY is the relocated entry point", aux(sp, AT_ENTRY) == (uint64_t)_start);
	check("AT_PHDR is the relocated program header table",
	      aux(sp, AT_PHDR) == base + __ehdr_start.e_phoff);
	check("AT_BASE is 0 (no interpreter)", aux(sp, AT_BASE) == 0);
	say("pie: ok\n");
	syscall4(94, 0, 0, 0, 0);
	for (;;)
		;
}

__asm__(".globl _start\n"
	"_start:\n"
	"	mv a0, sp\n"
	"	call pie_main\n");
