/*
 * lazyprobe MODE: touches its own segments the ways that matter to a
 * demand-paged loader, and exits 0 if it saw what an eagerly loaded
 * program sees. No libc, built like pie.c, so that nothing but this
 * code touches the data. MODE is one letter:
 *   d  the data segment's last file page (file bytes, then bss on the
 *      same page) and the bss pages after it: right values, writable
 *   w  writes to read-only data: must die of SIGSEGV
 *   x  jumps into data: must die of SIGSEGV
 *   b  reads the page above the end of bss: must die of SIGSEGV
 *   f  forks after touching one page; the child checks pages neither
 *      touched before the fork
 *   p  touches a few pages, then sleeps until killed
 */
#include "nolibc.h"
#define BSS_PAGES 3
#define SIGCHLD 17

/* Exit statuses for what must not happen. */
enum { RAN_DATA = 42, WROTE_RODATA = 43, READ_PAST_END = 44, BAD_LAYOUT = 45,
       BAD_DATA = 46, BAD_BSS = 47, NO_FORK = 48, BAD_MODE = 49 };

/* The data segment's file bytes (with a small .got after them). */
unsigned char tail_data[5000] = { [0] = 0x11, [2500] = 0x33, [4999] = 0x22 };
unsigned char zeros[BSS_PAGES * 4096];
const unsigned char rodata[64] = { 1, 2, 3 };
extern unsigned char _edata[], _end[];



/* The data and bss as the program's ELF file describes them. */
static int
check_data(void)
{
	volatile unsigned char *d = tail_data;

	/* tail_data's end is on the last page of the file part */
	if ((unsigned long)(tail_data + sizeof tail_data - 1) >> 12 !=
	    ((unsigned long)_edata - 1) >> 12 || _end < zeros + sizeof zeros)
		return BAD_LAYOUT;
	if (d[4999] != 0x22 || d[0] != 0x11 || d[2500] != 0x33)
		return BAD_DATA;
	for (volatile unsigned char *z = _edata; z < _end; z++)
		if (*z != 0)
			return BAD_BSS;
	d[4999] = 0x44;
	zeros[sizeof zeros - 1] = 0x55;
	return d[4999] == 0x44 && ((volatile unsigned char *)zeros)[sizeof zeros - 1] == 0x55 ? 0
												: BAD_BSS;
}

/* Forks after touching one page; the child reads what neither touched. */
static int
check_fork(void)
{
	int status = 0;

	tail_data[0] = 0x66;
	long pid = syscall4(220 /* clone */, SIGCHLD, 0, 0, 0);
	if (pid == 0) {
		volatile unsigned char *d = tail_data;
		exit_now(d[0] == 0x66 && d[4999] == 0x22 && zeros[4096 * 2] == 0 ? 0 : BAD_DATA);
	}
	if (pid < 0 || syscall4(260 /* wait4 */, pid, (long)&status, 0, 0) != pid)
		return NO_FORK;
	return (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
}

static void __attribute__((noreturn))
sleep_forever(void)
{
	long ts[2] = { 1, 0 };

	tail_data[100] = zeros[0] = 1;
	for (;;)
		syscall4(101 /* nanosleep */, (long)ts, 0, 0, 0);
}

void __attribute__((used, noreturn))
probe_main(long *sp)
{
	char **argv = (char **)(sp + 1);
	char mode = sp[0] > 1 ? argv[1][0] : 0;

	switch (mode) {
	case 'd':
		exit_now(check_data());
	case 'w':
		*(volatile unsigned char *)&rodata[1] = 9;
		exit_now(WROTE_RODATA);
	case 'x':
		((void (*)(void))tail_data)();
		exit_now(RAN_DATA);
	case 'b':
		exit_now(*(volatile unsigned char *)(((unsigned long)_end + 4095) & ~4095UL) + READ_PAST_END);
	case 'f':
		exit_now(check_fork());
	case 'p':
		sleep_forever();
	}
	exit_now(BAD_MODE);
}

__asm__(".globl _start\n_start:\n	mv a0, sp\n	call probe_main\n");
