/*
 * crash [segv|ill|text|stack]: dies of the named fault, so a new user can
 * see how the kernel and the shell report a program that faults. The
 * kernel kills only this program; the shell prints the signal's name.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv);

/* volatile, so the compiler cannot see the null pointer and drop the store */
static int *volatile null_pointer;

static void store_to_null(void) { *null_pointer = 1; }
static void illegal_instruction(void) { __asm__ volatile(".4byte 0"); }
static void store_to_text(void) { *(volatile unsigned char *)(void *)main = 0; }

static void run_stack(void)
{
	volatile unsigned int ret[1] = { 0x00008067 };	/* "ret", on the stack */
	((void (*)(void))(unsigned long)ret)();
}

int
main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "segv";

	if (strcmp(what, "segv") == 0)
		store_to_null();
	else if (strcmp(what, "ill") == 0)
		illegal_instruction();
	else if (strcmp(what, "text") == 0)
		store_to_text();
	else if (strcmp(what, "stack") == 0)
		run_stack();
	fprintf(stderr, "usage: crash [segv|ill|text|stack]\n");
	return 2;
}
