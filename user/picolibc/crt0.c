/*
 * Program entry. The kernel starts us at _start with sp pointing at
 * argc, argv[0..argc-1], NULL, envp..., NULL, auxv pairs, AT_NULL (the
 * Linux layout). We set gp, give picolibc its thread-local block (errno
 * lives there), run constructors and call main.
 */
#include <picolibc.h>
#include <picotls.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp);
void __libc_init_array(void);
void start_c(long *sp) __attribute__((noreturn, used));

/* Reserved at the end of bss by user.ld, sized by the PT_TLS segment. */
extern char __tls_block[];

__asm__(".section .text.init.enter, \"ax\", @progbits\n"
	".globl _start\n"
	"_start:\n"
	".option push\n"
	".option norelax\n"
	"	lla gp, __global_pointer$\n"
	".option pop\n"
	"	mv a0, sp\n"
	"	andi sp, sp, -16\n"
	"	li ra, 0\n"
	"	tail start_c\n"
	".previous\n");

void
start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;

	_init_tls(__tls_block);
	_set_tls(__tls_block);
	environ = envp;
	__libc_init_array();
	exit(main(argc, argv, envp));
}
