/*
 * personality(2) through musl: the persona a process starts with, a
 * change returning the one before, 0xffffffff only asking, flags kept
 * as given, and the persona inherited across fork.
 *
 * With --layout (for the system test aslr, not compared with Linux):
 * prints where this exec put each region, on one line, then copies
 * /proc/self/maps. Its 64 MiB bss (never touched) puts the program's
 * end, and so brk's start, well above its text.
 */
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static char big_bss[64 << 20];

int main(int argc, char **argv);

/* One line of addresses, then the maps. */
static int layout(char **argv)
{
	int local = 0;
	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[4096];
	FILE *f;
	size_t n;

	CHECK(m != MAP_FAILED);
	printf("main %lx interp %lx mmap %lx stack %lx strings %lx brk %lx bss %lx\n",
	       (unsigned long)(uintptr_t)main, getauxval(AT_BASE), (unsigned long)(uintptr_t)m,
	       (unsigned long)(uintptr_t)&local, (unsigned long)(uintptr_t)argv[0] % 4096,
	       (unsigned long)(uintptr_t)sbrk(0), (unsigned long)(uintptr_t)big_bss);
	CHECK((f = fopen("/proc/self/maps", "r")) != NULL);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return 0;
}

/* The persona a child gets through fork. (Through exec: the system
 * test aslr, as the host here may not run RISC-V programs by exec.) */
static void inherited(void)
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(personality(0xffffffff) == ADDR_NO_RANDOMIZE ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	SAY("fork keeps ADDR_NO_RANDOMIZE", WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--layout"))
		return layout(argv);
	alarm(30);
	printf("persona at start: %#x\n", personality(0xffffffff));
	printf("set ADDR_NO_RANDOMIZE returns the old: %#x\n", personality(ADDR_NO_RANDOMIZE));
	printf("0xffffffff asks: %#x\n", personality(0xffffffff));
	inherited();
	unsigned flags = ADDR_NO_RANDOMIZE | SHORT_INODE | WHOLE_SECONDS | STICKY_TIMEOUTS;
	personality(flags);
	SAY("other flags are kept", personality(0xffffffff) == (int)flags);
	printf("back to PER_LINUX returns: %#x\n", personality(PER_LINUX));
	printf("persona at end: %#x\n", personality(0xffffffff));
	return 0;
}
