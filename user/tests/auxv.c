/*
 * auxv: what the kernel put on the new program's stack is what the
 * Linux RISC-V psABI says: argc/argv/envp, then the auxiliary vector,
 * with values checked against the program's own headers.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

extern const Elf64_Ehdr __ehdr_start;	/* the linker's: our own ELF header */
extern char _start[];

static uint64_t
aux(char **envp, uint64_t type, int *found)
{
	while (*envp)
		envp++;
	for (uint64_t *a = (uint64_t *)(envp + 1); a[0] != AT_NULL; a += 2) {
		if (a[0] == type) {
			*found = 1;
			return a[1];
		}
	}
	*found = 0;
	return 0;
}

static void
check_aux(char **envp, const char *name, uint64_t type, uint64_t want)
{
	int found;
	uint64_t got = aux(envp, type, &found);
	char what[64];

	snprintf(what, sizeof what, "%s present", name);
	check_long(what, found, 1);
	if (got != want) {
		printf("FAIL %s: expected %#llx, got %#llx\n", name,
		       (unsigned long long)want, (unsigned long long)got);
		fail();
	}
	printf("ok %s is right\n", name);
}

/* Runs /tests/auxv --random and reads the 16 bytes it prints. */
static void
random_of_child(unsigned char out[16])
{
	int fds[2];

	if (pipe(fds) < 0) {
		printf("FAIL pipe\n");
		fail();
	}
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "auxv", "--random", NULL };
		char *envp[] = { NULL };
		dup2(fds[1], 1);
		execve("/tests/auxv", argv, envp);
		_exit(127);
	}
	close(fds[1]);
	int n = 0, r;
	while (n < 16 && (r = read(fds[0], out + n, 16 - n)) > 0)
		n += r;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	check_long("child printed 16 random bytes", n, 16);
}

int
main(int argc, char **argv, char **envp)
{
	int found;

	if (argc == 2 && strcmp(argv[1], "--random") == 0) {
		write(1, (void *)aux(envp, AT_RANDOM, &found), 16);
		return 0;
	}
	check_long("argc", argc, 1);
	check_str("argv[0]", argv[0], "auxv");
	check_long("argv[argc] is NULL", argv[argc] == NULL, 1);
	check_long("envp follows argv", envp == argv + argc + 1, 1);
	check_str("envp[0]", envp[0], "PATH=/bin");
	check_long("argv sits 8 bytes above a 16-byte aligned sp", (uintptr_t)argv % 16, 8);

	const Elf64_Ehdr *eh = &__ehdr_start;
	check_aux(envp, "AT_PHDR", AT_PHDR, (uint64_t)((const char *)eh + eh->e_phoff));
	check_aux(envp, "AT_PHENT", AT_PHENT, sizeof(Elf64_Phdr));
	check_aux(envp, "AT_PHNUM", AT_PHNUM, eh->e_phnum);
	check_aux(envp, "AT_PAGESZ", AT_PAGESZ, 4096);
	check_aux(envp, "AT_BASE", AT_BASE, 0);
	check_aux(envp, "AT_FLAGS", AT_FLAGS, 0);
	check_aux(envp, "AT_ENTRY", AT_ENTRY, (uint64_t)_start);
	check_aux(envp, "AT_UID", AT_UID, 0);
	check_aux(envp, "AT_EUID", AT_EUID, 0);
	check_aux(envp, "AT_GID", AT_GID, 0);
	check_aux(envp, "AT_EGID", AT_EGID, 0);
	check_aux(envp, "AT_CLKTCK", AT_CLKTCK, 100);
	check_aux(envp, "AT_SECURE", AT_SECURE, 0);
	/* the letters Linux 6.1 reports (I, M, A, F, D, C), as the device
	 * tree of QEMU's virt and sifive_u gives them, and qemu-riscv64 */
	uint64_t hwcap = aux(envp, AT_HWCAP, &found);
	check_long("AT_HWCAP is I, M, A, F, D and C", hwcap, 0x112d);
	const char *execfn = (const char *)aux(envp, AT_EXECFN, &found);
	check_str("AT_EXECFN", execfn, "/tests/auxv");

	const unsigned char *rnd = (const unsigned char *)aux(envp, AT_RANDOM, &found);
	int nonzero = 0;
	for (int i = 0; i < 16; i++)
		nonzero |= rnd[i];
	check_long("AT_RANDOM bytes are not all zero", nonzero != 0, 1);
	unsigned char a[16], b[16];
	random_of_child(a);
	random_of_child(b);
	check_long("AT_RANDOM differs between two execs",
		   memcmp(a, b, 16) != 0 && memcmp(a, rnd, 16) != 0, 1);
	printf("auxv: ok\n");
	return 0;
}
