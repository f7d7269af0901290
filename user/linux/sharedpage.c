/*
 * sharedpage: its text segment (R+X) and data segment (RW) share one
 * page (see sharedpage.ld), which the kernel must map with the union of
 * their permissions, as Linux does: a variable there can be written and
 * a function there can be called. The union is for that page only: a
 * child that writes to a text-only page, or jumps into a data-only
 * page, must die of SIGSEGV. No libc: built like pie.c.
 */
#include "nolibc.h"
#define SIGCHLD 17
#define SIGSEGV 11

/* What the children exit with if the kernel lets them do what they should not. */
#define WROTE_TEXT 43
#define RAN_DATA 42

void _start(void);
static int shared_fn(int x) __attribute__((section(".shared_text"), noinline, used));
static volatile int shared_var __attribute__((section(".shared_data"))) = 1;
void datacode(void);

/* A page of data that holds instructions: exit(RAN_DATA) if it runs. */
__asm__(".section .datacode, \"aw\"\n"
	".balign 4096\n"
	".globl datacode\n"
	"datacode:\n"
	"	li a0, 42\n"
	"	li a7, 93\n"
	"	ecall\n"
	".previous\n");




static void
say_num(unsigned long v)
{
	char buf[24], *p = buf + sizeof(buf) - 1;

	*p = 0;
	do
		*--p = '0' + v % 10;
	while (v /= 10);
	say(p);
}


static int
shared_fn(int x)
{
	return x * 3 + 1;
}

static unsigned long
page(const volatile void *p)
{
	return (unsigned long)p >> 12;
}

/* Runs child() in a forked child; checks it was killed by SIGSEGV. */
static void
expect_segv(const char *what, void (*child)(void))
{
	int status = 0;
	long pid = syscall4(220 /* clone */, SIGCHLD, 0, 0, 0);

	if (pid == 0) {
		child();
		exit_now(0);
	}
	if (pid < 0 || syscall4(260 /* wait4 */, pid, (long)&status, 0, 0) != pid)
		check("fork and wait", 0);
	if ((status & 0x7f) == SIGSEGV) {
		say("ok ");
		say(what);
		say(": SIGSEGV\n");
		return;
	}
	say("FAIL ");
	say(what);
	say(": expected SIGSEGV, got ");
	if (status & 0x7f) {
		say("signal ");
		say_num(status & 0x7f);
	} else {
		say("exit ");
		say_num((status >> 8) & 0xff);
	}
	say("\n");
	exit_now(1);
}

static void
write_text(void)
{
	*(volatile unsigned int *)(void *)_start = 0;
	exit_now(WROTE_TEXT);
}

static void
run_data(void)
{
	datacode();
}

void __attribute__((used, noreturn))
sharedpage_main(void)
{
	check("shared_fn and shared_var are in one page", page(shared_fn) == page(&shared_var));
	check("_start is in a text-only page", page(_start) < page(&shared_var));
	check("datacode is in a data-only page", page(datacode) > page(&shared_var));
	shared_var = 41;
	shared_var++;
	check("write to a variable in the shared page", shared_var == 42);
	check("call a function in the shared page", shared_fn(shared_var) == 127);
	expect_segv("write to a text-only page", write_text);
	expect_segv("jump into a data-only page", run_data);
	say("sharedpage: ok\n");
	exit_now(0);
}

__asm__(".section .text.start, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	"	call sharedpage_main\n"
	".previous\n");
