/*
 * fatsharedexec: exec sees what stores through a MAP_SHARED mapping of
 * a FAT file made of a program. /testbin/big256k exits 0 while the
 * last byte of its data_blob is 0, and 1 once a store through a
 * mapping made it 1: run once first (its pages then in the text cache),
 * changed through the mapping, and run again while a read-only open
 * still keeps the changed page in the file's page cache (not yet on the
 * disk: exec's pages must come from the cache, and the text cache's
 * old pages must be gone), and again after the last close wrote it back.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

#define PROG D "/prog"
#define D "/fatshmx"

static char image[512 * 1024];

/* The program copied whole (fsutil's copy_file stops at 256 KiB). */
static long
copy_program(void)
{
	long len = read_file("/testbin/big256k", image, sizeof image);

	if (len <= 0 || len == sizeof image) {
		printf("FAIL read /testbin/big256k: %ld\n", len);
		fail();
	}
	write_file(PROG, image, len);
	return len;
}

/* The file offset of the last byte of symbol name in the ELF image at
 * m: its section's offset plus its distance from the section's
 * address; -1 if none. */
static long
sym_last(const char *m, const char *name)
{
	const Elf64_Ehdr *eh = (const void *)m;
	const Elf64_Shdr *sh = (const void *)(m + eh->e_shoff);

	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		const Elf64_Sym *sym = (const void *)(m + sh[i].sh_offset);
		const char *names = m + sh[sh[i].sh_link].sh_offset;
		for (size_t k = 0; k < sh[i].sh_size / sizeof *sym; k++) {
			if (strcmp(names + sym[k].st_name, name) == 0) {
				const Elf64_Shdr *in = &sh[sym[k].st_shndx];
				return (long)(in->sh_offset + (sym[k].st_value - in->sh_addr) +
					      sym[k].st_size - 1);
			}
		}
	}
	return -1;
}

/* The program's exit status, or 128 + the signal that ended it. */
static int
run(void)
{
	char *argv[] = { "prog", NULL };

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execve(PROG, argv, NULL);
		_exit(127);
	}
	return wait_status(pid);
}

int
main(void)
{
	rm_tree(D);
	must("mkdir " D, mkdir(D, 0755));
	long len = copy_program();
	check_long("the program as copied", run(), 0);

	int ro = must("open it read-only", open(PROG, O_RDONLY));
	int fd = must("open it to write", open(PROG, O_RDWR));
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check_long("mmap it shared", m != MAP_FAILED, 1);
	long at = sym_last(m, "data_blob");
	check_long("data_blob found, its last byte 0", at > 0 && at < len && m[at] == 0, 1);
	m[at] = 1;
	check_long("munmap", munmap(m, len), 0);
	check_long("close the writer", close(fd), 0);
	check_long("the program changed, its page cached", run(), 1);
	check_long("the last close", close(ro), 0);
	check_long("the program after the last close", run(), 1);
	check_long("unlink it", unlink(PROG), 0);
	check_long("rmdir " D, rmdir(D), 0);
	return 0;
}
