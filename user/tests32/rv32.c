/*
 * A 32-bit (RV32, ilp32d) program on the 64-bit kernel: printf of 64-bit
 * integers and doubles, malloc, files (llseek, pread/pwrite and
 * ftruncate with split 64-bit arguments, statx), time64 clocks, fork and
 * exit status, exec of a 64-bit program, signal handlers (a SIGSEGV
 * handler sees the fault address; a returning handler resumes), the
 * auxv's 32-bit words, and the rv32 ABI's refusals.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tests/check.h"

static jmp_buf env;
static volatile uint32_t fault_addr;
static volatile int usr1_seen;
static volatile uintptr_t fault_target = 0x10;	/* page 0: never mapped */

static void on_segv(int sig, void *info, void *uc)
{
	(void)sig, (void)uc;
	fault_addr = *(uint32_t *)((char *)info + 12);	/* rv32 si_addr */
	longjmp(env, 1);	/* SA_NODEFER: SIGSEGV is not left blocked */
}

static void on_usr1(int sig) { usr1_seen = sig; }

static void test_types_and_printf(void)
{
	char buf[128];

	check_long("sizeof(long)", sizeof(long), 4);
	check_long("sizeof(void *)", sizeof(void *), 4);
	snprintf(buf, sizeof buf, "%lld %llx %.6f %g", 1234567890123456789LL,
		 0xfedcba9876543210ULL, 3.14159265358979, 1e-5);
	check_str("printf 64-bit and double", buf,
		  "1234567890123456789 fedcba9876543210 3.141593 1e-05");
	volatile double x = 2.0;
	snprintf(buf, sizeof buf, "%.10f", x / 3.0);
	check_str("FPU division", buf, "0.6666666667");
	int local;
	check_long("stack below 2 GiB", (uintptr_t)&local < 0x80000000u, 1);
}

static void test_malloc(void)
{
	size_t n = 1 << 20;
	unsigned char *p = malloc(n);
	uint32_t sum = 0;

	check_long("malloc 1 MiB", p != NULL && (uintptr_t)p < 0x80000000u, 1);
	for (size_t i = 0; i < n; i++)
		p[i] = i * 7;
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	check_long("1 MiB written and summed", sum, 133693440);
	free(p);
}

static void test_files(void)
{
	char buf[64];
	struct stat st;
	int fd = open("/rv32.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);

	check_long("open", fd >= 0, 1);
	for (int i = 0; i < 100; i++)
		write(fd, "0123456789", 10);
	check_long("lseek (llseek) to the end", lseek(fd, 0, SEEK_END), 1000);
	check_long("lseek back to 995", lseek(fd, -5, SEEK_CUR), 995);
	check_long("pwrite at 500 (split offset)", pwrite(fd, "ABCD", 4, 500), 4);
	memset(buf, 0, sizeof buf);
	check_long("pread at 498", pread(fd, buf, 8, 498), 8);
	check_str("pread data", buf, "89ABCD45");
	check_long("ftruncate to 700", ftruncate(fd, 700), 0);
	check_long("fstat (statx) size", fstat(fd, &st) == 0 ? (long)st.st_size : -1, 700);
	check_long("S_ISREG", S_ISREG(st.st_mode), 1);
	close(fd);
	check_long("stat (statx) of a path", stat("/rv32.tmp", &st) == 0 ? (long)st.st_size : -1, 700);
	check_long("unlink", unlink("/rv32.tmp"), 0);
}

static void test_time(void)
{
	struct timespec a, b, d = { 0, 20 * 1000 * 1000 };

	clock_gettime(CLOCK_MONOTONIC, &a);
	check_long("nanosleep 20 ms (clock_nanosleep_time64)", nanosleep(&d, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	int64_t ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
	check_long("clock_gettime64 saw >= 20 ms", ns >= 20000000, 1);
}

static void test_fork_exec(void)
{
	int status, fds[2];
	char out[64] = "";

	pid_t pid = fork();
	if (pid == 0)
		_exit(42);
	check_long("wait4 returns the child", waitpid(pid, &status, 0) == pid, 1);
	check_long("child's exit status", WEXITSTATUS(status), 42);

	pipe(fds);
	if ((pid = fork()) == 0) {
		char *argv[] = { "echo", "from", "a", "64-bit", "echo", NULL };
		char *envp[] = { "A=1", NULL };
		dup2(fds[1], 1);
		execve("/bin/echo", argv, envp);
		_exit(99);
	}
	close(fds[1]);
	int n = 0, r;
	while ((r = read(fds[0], out + n, sizeof out - 1 - n)) > 0)
		n += r;
	close(fds[0]);
	waitpid(pid, &status, 0);
	check_str("exec of a 64-bit program", out, "from a 64-bit echo\n");
	check_long("its exit status", WEXITSTATUS(status), 0);
}

static void test_signals(void)
{
	struct ksigaction sa = { .handler = (unsigned long)on_segv,
				 .flags = 4 | 0x40000000 /* SA_SIGINFO | SA_NODEFER */ };

	check_long("rt_sigaction SIGSEGV", rt_sigaction(SIGSEGV, &sa, NULL), 0);
	if (setjmp(env) == 0)
		*(volatile int *)(uintptr_t)fault_target = 1;
	check_long("SIGSEGV handler saw address 0x10", fault_addr, 0x10);
	if (setjmp(env) == 0)
		*(volatile int *)0x90000000u = 1;
	check_long("an address above 2 GiB faults (0x90000000)", fault_addr == 0x90000000u, 1);

	struct ksigaction old, u = { .handler = (unsigned long)on_usr1 };
	rt_sigaction(SIGUSR1, &u, NULL);
	check_long("rt_sigaction reads back the handler",
		   rt_sigaction(SIGUSR1, NULL, &old) == 0 && old.handler == (unsigned long)on_usr1, 1);
	volatile double keep = 1.5;
	kill(getpid(), SIGUSR1);
	check_long("handler ran and returned", usr1_seen, SIGUSR1);
	check_long("registers restored after sigreturn", keep == 1.5, 1);
}

static char alt[8192];
static volatile int usr2_on_alt;

static void on_usr2(int sig)
{
	char here;

	(void)sig;
	usr2_on_alt = &here >= alt && &here < alt + sizeof(alt);
}

/* The POSIX calls whose structs are rv32's own: stack_t of 4-byte
 * words, struct tms of 4-byte clock_t, siginfo with si_pid at 12. */
static void test_posix_structs(void)
{
	uint32_t ss[3] = { (uint32_t)alt, 0, sizeof(alt) }, old[3] = { 9, 9, 9 };
	uint32_t tms[6] = { 0, 0, 0, 0, 0x55, 0x55 };
	int32_t info[32];
	uint64_t usr1 = 1ULL << (SIGUSR1 - 1);
	int64_t zero[2] = { 0, 0 };

	check_long("sigaltstack, 12-byte stack_t", syscall2(132, ss, old), 0);
	check_long("old: SS_DISABLE, size 0", old[1] == 2 && old[2] == 0, 1);
	struct ksigaction sa = { .handler = (unsigned long)on_usr2, .flags = 0x08000000 /* SA_ONSTACK */ };
	rt_sigaction(SIGUSR2, &sa, NULL);
	kill(getpid(), SIGUSR2);
	check_long("SA_ONSTACK handler on the alternate stack", usr2_on_alt, 1);
	check_long("times, 4-byte clock_t", syscall1(153, tms) > 0, 1);
	check_long("wrote 16 bytes, no more", tms[4] == 0x55 && tms[5] == 0x55, 1);
	syscall4(135, 0 /* SIG_BLOCK */, &usr1, 0, 8);
	kill(getpid(), SIGUSR1);
	check_long("rt_sigtimedwait_time64 (421)", syscall4(421, &usr1, info, zero, 8), SIGUSR1);
	check_long("si_pid at 12", info[3] == getpid(), 1);
	check_long("gettimeofday (169) is time32, not rv32", syscall2(169, 0, 0), -38);
}

static void test_refusals(void)
{
	char st[256];

	check_long("fstat (80) is not an rv32 call", syscall2(80, 0, st), -38);
	check_long("clock_gettime (113) is time32, not rv32", syscall2(113, 1, st), -38);
}

/* An auxv entry's value from the 32-bit words after envp; -1 if absent. */
static long aux32(char **envp, uint32_t type)
{
	while (*envp)
		envp++;
	for (uint32_t *a = (uint32_t *)(envp + 1); a[0] != 0; a += 2)
		if (a[0] == type)
			return a[1];
	return -1;
}

static void test_auxv(char **envp)
{
	check_long("AT_PAGESZ", aux32(envp, 6), 4096);
	check_long("AT_PHENT: an Elf32_Phdr", aux32(envp, 4), 32);
	check_long("AT_HWCAP", aux32(envp, 16), 0x112d);
	check_long("AT_MINSIGSTKSZ: rv32's signal frame", aux32(envp, 51), 944);
	check_long("AT_L1D_CACHESIZE", aux32(envp, 42), 0);

	/* /proc/self/auxv: the same 32-bit words, to AT_NULL's */
	static char buf[512];
	char **e = envp;
	while (*e)
		e++;
	const uint32_t *a = (const uint32_t *)(e + 1);
	long words = 2;
	while (a[words - 2] != 0)
		words += 2;
	int fd = open("/proc/self/auxv", O_RDONLY);
	long n = read(fd, buf, sizeof buf);
	close(fd);
	check_long("/proc/self/auxv is the stack's words", n == words * 4 && memcmp(buf, a, n) == 0, 1);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv;
	test_types_and_printf();
	test_auxv(envp);
	test_malloc();
	test_files();
	test_time();
	test_fork_exec();
	test_signals();
	test_posix_structs();
	test_refusals();
	printf("rv32: done\n");
	return 0;
}
