/*
 * core32: the cores of a 32-bit (RV32) program, ELFCLASS32 as Linux
 * rv32's. A child sets known values (a global, a heap buffer, a local
 * four calls deep), starts two threads that block for good, and stores
 * to address 0: it dies of SIGSEGV with the core flag and leaves
 * /core/core32.PID. A second child loads garbage into every register
 * (sp and ra too) and faults: its core is written all the same, the
 * registers cut to their 32 bits. A third spins in user mode while
 * /bin/gcore (a 64-bit program) dumps it live. RLIMIT_CORE 0 gives no
 * core and no flag; 20000 a core cut at exactly 20000 bytes, no flag.
 * The three cores are renamed for core32.host, which reads them with
 * readelf and with gdb-multiarch next to this program.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tests/check.h"
#include "syscall.h"

#define CLONE_THREADS 0x50f00	/* VM | FS | FILES | SIGHAND | THREAD | SYSVSEM */
#define SYS_futex_time64 422	/* rv32's futex */
#define FUTEX_WAIT_PRIVATE 128
#define STACK 4096

volatile int core_global;
char *heap_buffer;
static volatile int asleep, spin = 1;
static volatile int *spinning;	/* a shared page: the live child is in spin_here */
static volatile unsigned never;	/* the futex word no one changes */
static char stacks[2][STACK] __attribute__((aligned(16)));

/* clone(flags, stack) of a thread that runs sleeper() on it. */
long thread_clone(unsigned long flags, void *stack);
__asm__(".text\n"
	".globl thread_clone\n"
	"thread_clone:\n"
	"	li a2, 0\n"
	"	li a3, 0\n"
	"	li a4, 0\n"
	"	li a7, 220\n"
	"	ecall\n"
	"	bnez a0, 1f\n"
	"	call sleeper\n"
	"1:	ret\n");

/* A thread asleep for good (raw calls: its tp is its creator's). */
void __attribute__((noreturn, used))
sleeper(void)
{
	__atomic_add_fetch(&asleep, 1, __ATOMIC_SEQ_CST);
	for (;;)
		syscall4(SYS_futex_time64, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
}

/* Every register but zero loaded with garbage, then a store to 0. */
void garbage_crash(void);
__asm__(".text\n"
	".globl garbage_crash\n"
	"garbage_crash:\n"
	"	li ra, 0x12345678\n"
	"	li sp, 0xfffffff0\n"
	"	li gp, 0x0badf00d\n"
	"	li tp, 0xdeadbeef\n"
	"	li s0, 0x80000000\n"
	"	li s1, 0xffffffff\n"
	"	li a0, 0xa0a0a0a0\n"
	"	li t6, 0x7fffffff\n"
	"	sw zero, 0(zero)\n");

__attribute__((noinline)) static void
crash_now(volatile int *local)
{
	*(volatile int *)(uintptr_t)(*local - 4242) = 1;	/* address 0 */
}

__attribute__((noinline)) static int
level3(int n)
{
	volatile int local_marker = 4242;

	crash_now(&local_marker);
	return n + local_marker;
}

__attribute__((noinline)) static int
level2(int n)
{
	return level3(n + 1) + 1;
}

__attribute__((noinline)) static int
level1(int n)
{
	return level2(n + 1) + 1;
}

/* Says so once here: a live dump asked for after that finds the pc in
 * this function, whatever trap the child returns from. */
__attribute__((noinline)) static void
spin_here(void)
{
	*spinning = 1;
	while (spin)
		;
}

static void
crash_child(void)
{
	core_global = 0x1234abcd;
	heap_buffer = malloc(64);
	strcpy(heap_buffer, "rv32 heap says hello");
	for (int i = 0; i < 2; i++)
		if (thread_clone(CLONE_THREADS, stacks[i] + STACK) <= 0)
			_exit(3);
	while (asleep < 2)
		sched_yield();
	_exit(level1(1));	/* survived: wrong */
}

/* A child that sets RLIMIT_CORE to limit (none: ~0) and runs fn;
 * returns its wait status, and in *size its core's size (-1: none),
 * the core renamed to keep (or removed if keep is NULL). */
static int
child_core(void (*fn)(void), uint64_t limit, long *size, const char *keep)
{
	char path[64];
	struct stat st;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit64 r = { limit, ~0ULL };
		if (prlimit64(0, RLIMIT_CORE, &r, NULL) < 0)
			_exit(4);
		fn();
		_exit(5);
	}
	waitpid(pid, &status, 0);
	snprintf(path, sizeof path, "/core/core32.%d", pid);
	*size = stat(path, &st) == 0 ? (long)st.st_size : -1;
	if (keep) {
		unlink(keep);
		check_long("  renamed for the host check", rename(path, keep), 0);
	} else {
		unlink(path);
	}
	return status;
}

static void
fatal(void)
{
	long size;
	int st = child_core(crash_child, ~0ULL, &size, "/core/core32.core");

	check_long("crash: killed by signal", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGSEGV);
	check_long("crash: core flag in the wait status", WCOREDUMP(st) != 0, 1);
	check_long("crash: the core is past its headers", size > 8192, 1);
	st = child_core(garbage_crash, ~0ULL, &size, "/core/core32-garbage.core");
	check_long("garbage registers: killed by signal", WIFSIGNALED(st) ? WTERMSIG(st) : -1,
		   SIGSEGV);
	check_long("garbage registers: core flag", WCOREDUMP(st) != 0, 1);
	check_long("garbage registers: the core is past its headers", size > 8192, 1);
	st = child_core(crash_child, 0, &size, NULL);
	check_long("limit 0: killed by signal", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGSEGV);
	check_long("limit 0: core flag", WCOREDUMP(st) != 0, 0);
	check_long("limit 0: core file size (-1: none)", size, -1);
	st = child_core(crash_child, 20000, &size, NULL);
	check_long("limit 20000: core flag", WCOREDUMP(st) != 0, 0);
	check_long("limit 20000: core file size", size, 20000);
}

/* /bin/gcore PID, its output read back. */
static void
run_gcore(pid_t pid, char *out, size_t cap)
{
	char arg[16];
	int fds[2], n = 0, r, status;

	snprintf(arg, sizeof arg, "%d", pid);
	pipe(fds);
	pid_t g = fork();
	if (g == 0) {
		char *argv[] = { "gcore", arg, NULL }, *envp[] = { NULL };
		dup2(fds[1], 1);
		execve("/bin/gcore", argv, envp);
		_exit(99);
	}
	close(fds[1]);
	while (n < (int)cap - 1 && (r = read(fds[0], out + n, cap - 1 - n)) > 0)
		n += r;
	out[n] = 0;
	close(fds[0]);
	waitpid(g, &status, 0);
	check_long("gcore's exit status", status, 0);
}

static void
live(void)
{
	char out[128], want[64], path[64];
	int status;

	spinning = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	check_long("a shared page", spinning != MAP_FAILED, 1);
	pid_t pid = fork();
	if (pid == 0) {
		spin_here();
		_exit(0);
	}
	while (!*spinning)
		sched_yield();
	run_gcore(pid, out, sizeof out);
	snprintf(want, sizeof want, "Saved corefile /core/core32.%d (", pid);
	check_long("gcore saved the running 32-bit child's core", strncmp(out, want, strlen(want)),
		   0);
	check_long("the child still runs (signal 0 finds it)", kill(pid, 0), 0);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	check_long("then dies of the SIGTERM sent after",
		   WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGTERM);
	snprintf(path, sizeof path, "/core/core32.%d", pid);
	unlink("/core/core32-live.core");
	check_long("renamed for the host check", rename(path, "/core/core32-live.core"), 0);
}

int
main(void)
{
	mkdir("/core", 0755);
	fatal();
	live();
	sync();
	printf("core32: ok\n");
	return 0;
}
