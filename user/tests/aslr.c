/*
 * aslr: address-space randomization (os/exec/layout.c), through runs of
 * a dynamic PIE that prints where each region landed (aslr.h), each
 * run's maps checked too.
 *   - 200 runs: each region takes at least as many distinct values as
 *     its bits make near certain (18 bits: 190 of 200; the strings' 8
 *     bits: 120), or one value only when booted with norandmaps
 *     (aslr.norandmaps.out);
 *   - with personality(ADDR_NO_RANDOMIZE) set before exec: one layout
 *     in every run, the fixed one; the persona is still set after exec.
 * aslrmaps checks the maps of many more runs.
 */
#include "aslr.h"

#define SAMPLES 200
#define FIXED_RUNS 20

static const char *const names[NREGION] = { "main", "interp", "mmap", "stack", "strings", "brk", "bss" };
/* distinct values of SAMPLES that the region's bits make near certain */
static const int least[NREGION] = { 190, 190, 190, 190, 120, 190, 190 };

static int distinct(unsigned long (*s)[NREGION], int n, int r)
{
	int count = 0;

	for (int i = 0; i < n; i++) {
		int j = 0;
		while (j < i && s[j][r] != s[i][r])
			j++;
		count += j == i;
	}
	return count;
}

static unsigned long samples[SAMPLES][NREGION];

static void entropy(void)
{
	memset(samples, 0, sizeof(samples));	/* the parent's own pages come in */
	sample(0, samples[0]);			/* and its code's */
	long before = free_pages();
	for (int i = 1; i < SAMPLES; i++)
		sample(0, samples[i]);
	/* each child's page tables, wherever its regions fell, all freed */
	check_long("free pages after the runs minus before", free_pages() - before, 0);
	for (int r = 0; r < NREGION; r++) {
		int d = distinct(samples, SAMPLES, r);
		if (d == 1)
			printf("%s: fixed (one value in %d runs)\n", names[r], SAMPLES);
		else if (d >= least[r])
			printf("%s: randomized (at least %d distinct of %d)\n", names[r], least[r], SAMPLES);
		else {
			printf("FAIL %s: %d distinct of %d, expected at least %d\n", names[r], d,
			       SAMPLES, least[r]);
			fail();
		}
	}
}

/* With ADDR_NO_RANDOMIZE, every run the same, at the fixed bases. */
static void fixed(void)
{
	unsigned long first[NREGION], v[NREGION];

	sample(1, first);
	for (int i = 1; i < FIXED_RUNS; i++) {
		sample(1, v);
		if (memcmp(v, first, sizeof(v))) {
			printf("FAIL ADDR_NO_RANDOMIZE run %d: %.200s\n", i, out);
			fail();
		}
	}
	printf("ADDR_NO_RANDOMIZE: %d runs, one layout\n", FIXED_RUNS);
	printf("interpreter at %#lx, mmap below %#lx\n", first[INTERP], first[MMAP] + 4096);
}

/* The persona survives exec: the child execs this test with --persona. */
static void persona_exec(const char *self)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { (char *)self, "--persona", NULL };
		syscall1(SYS_personality, ADDR_NO_RANDOMIZE | 0x1000000);
		execve(self, argv, argv + 2);
		_exit(127);
	}
	check_long("exec keeps the persona (ADDR_NO_RANDOMIZE | SHORT_INODE)",
		   wait_status(pid), 0);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--persona") == 0)
		return syscall1(SYS_personality, 0xffffffff) == (ADDR_NO_RANDOMIZE | 0x1000000) ? 0 : 1;
	loader_mode(LOADER_LAZY);	/* the 64 MiB bss is never touched */
	check_long("personality(0xffffffff) at start", syscall1(SYS_personality, 0xffffffff), 0);
	persona_exec("/tests/aslr");
	entropy();
	fixed();
	printf("aslr: ok\n");
	return 0;
}
