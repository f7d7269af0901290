/*
 * bss: memory the ELF file does not hold starts zeroed. A big bss array
 * (1 MiB and a bit, so it spans many pages with no file bytes at all),
 * and a small one that starts in the last page of the data segment that
 * the file does fill: the kernel must zero the rest of that page, not
 * read more of the file into it. Initialised data holds its values.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"

#define BIG_SIZE ((1 << 20) + 40)
#define PAGE 4096

extern const Elf64_Ehdr __ehdr_start;	/* the linker's: our own ELF header */

/* volatile: never written, it would otherwise be moved to .rodata */
static volatile int squares[] = { 0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225 };
/* spans pages of the file: marks at both ends and across a page boundary */
static unsigned char marked[3 * PAGE] = {
	[0] = 1, [PAGE - 1] = 2, [PAGE] = 3, [3 * PAGE - 1] = 4,
};
/* .sbss: the linker puts it first in bss, right after the file's data */
static char small[256] __attribute__((section(".sbss.small")));
static char big[BIG_SIZE];

/* The data PT_LOAD's end of file bytes: p_vaddr + p_filesz. */
static uintptr_t
file_data_end(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)&__ehdr_start +
						     __ehdr_start.e_phoff);

	for (int i = 0; i < __ehdr_start.e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_W))
			return ph[i].p_vaddr + ph[i].p_filesz;
	return 0;
}

static long
nonzero(const volatile char *p, size_t n)
{
	long count = 0;

	for (size_t i = 0; i < n; i++)
		count += p[i] != 0;
	return count;
}

int
main(void)
{
	/* before anything else runs: only the kernel has touched these */
	long small_nonzero = nonzero(small, sizeof small);
	long big_nonzero = nonzero(big, sizeof big);
	uintptr_t end = file_data_end(), s = (uintptr_t)small;

	check_long("small[] starts in the data segment's last file-backed page",
		   end % PAGE != 0 && s >= end && s / PAGE == end / PAGE, 1);
	check_long("non-zero bytes in small[256]", small_nonzero, 0);
	check_long("non-zero bytes in big[1 MiB + 40]", big_nonzero, 0);
	big[0] = big[BIG_SIZE - 1] = 1;
	check_long("big[] is writable at both ends", big[0] + big[BIG_SIZE - 1], 2);

	int bad = 0;
	for (int i = 0; i < 16; i++)
		bad += squares[i] != i * i;
	check_long("squares[16] hold their initial values (wrong ones)", bad, 0);
	check_long("marked[] at 0, 4095, 4096, 12287",
		   marked[0] * 1000 + marked[PAGE - 1] * 100 + marked[PAGE] * 10 +
			   marked[3 * PAGE - 1], 1234);
	check_long("non-zero bytes in marked[] (4 set)", nonzero((char *)marked, sizeof marked), 4);
	return 0;
}
