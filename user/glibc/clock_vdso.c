/*
 * The clocks through the C library (glibc answers them from the vDSO
 * where the kernel maps one) against the system call: each call's
 * reading falls between two of the library's, monotonic never goes
 * back, gettimeofday and clock_getres agree, the CPU-time clock and an
 * unknown clock behave, and sched_getcpu names the hart the process is
 * pinned to. If there is a vDSO its ELF header must be valid (silently:
 * qemu-riscv64 7.2 maps none).
 */
#include <elf.h>
#include <sched.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void between(const char *name, clockid_t clk)
{
	struct timespec a, s, b;

	CHECK(clock_gettime(clk, &a) == 0);
	CHECK(syscall(SYS_clock_gettime, clk, &s) == 0);
	CHECK(clock_gettime(clk, &b) == 0);
	printf("%s: libc <= syscall <= libc: %d\n", name, ns(&a) <= ns(&s) && ns(&s) <= ns(&b));
}

int main(void)
{
	const Elf64_Ehdr *vdso = (const void *)getauxval(AT_SYSINFO_EHDR);
	struct timespec a, b, r1, r2;
	struct timeval tv;

	CHECK(!vdso || (memcmp(vdso->e_ident, ELFMAG, SELFMAG) == 0 && vdso->e_type == ET_DYN));
	between("CLOCK_REALTIME", CLOCK_REALTIME);
	between("CLOCK_MONOTONIC", CLOCK_MONOTONIC);
	between("CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW);
	between("CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE);
	between("CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE);
	between("CLOCK_BOOTTIME", CLOCK_BOOTTIME);

	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	int back = 0;
	for (int i = 0; i < 100000; i++) {
		CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
		back += ns(&b) < ns(&a);
		a = b;
	}
	printf("CLOCK_MONOTONIC went back in 100000 reads: %d times\n", back);

	CHECK(clock_gettime(CLOCK_REALTIME, &a) == 0);
	CHECK(gettimeofday(&tv, NULL) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &b) == 0);
	long long us = tv.tv_sec * 1000000LL + tv.tv_usec;
	printf("gettimeofday between two CLOCK_REALTIME reads: %d\n",
	       ns(&a) / 1000 <= us && us <= ns(&b) / 1000);

	CHECK(clock_getres(CLOCK_MONOTONIC, &r1) == 0);
	CHECK(syscall(SYS_clock_getres, CLOCK_MONOTONIC, &r2) == 0);
	printf("clock_getres agrees with the system call: %d\n", ns(&r1) == ns(&r2));
	CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a) == 0);
	printf("CPU time is positive: %d\n", ns(&a) > 0);
	CHECK_ERR("clock_gettime(99)", clock_gettime(99, &a), EINVAL);

	cpu_set_t set;
	int cpu = sched_getcpu();
	CHECK(cpu >= 0);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	CHECK(sched_setaffinity(0, sizeof set, &set) == 0);
	unsigned sys_cpu;
	CHECK(syscall(SYS_getcpu, &sys_cpu, NULL, NULL) == 0);
	printf("sched_getcpu pinned is the system call's: %d\n", sched_getcpu() == (int)sys_cpu);
	return 0;
}
