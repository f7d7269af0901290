/*
 * The vDSO: the clock calls glibc and musl look up in it on riscv64
 * (version LINUX_4.15, vdso.lds), answered in user mode from rdtime and
 * the kernel's data page (vdso.h) where they can be, with the system
 * call where they cannot. Each returns what the system call would: 0 or
 * -errno. Built -fPIC and linked at 0; the data page is reached
 * pc-relative, so nothing is left to relocate.
 */
#include "vdso/vdso.h"
#include "uapi/linux/unistd.h"

#define EXPORT __attribute__((visibility("default")))

/* The page just below the vDSO's ELF header (vdso.lds). */
extern const struct vdso_data vdso_data __attribute__((visibility("hidden")));

static long syscall3(long nr, long a, long b, long c)
{
	register long a7 __asm__("a7") = nr;
	register long a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
	return a0;
}

EXPORT int __vdso_clock_gettime(int clk, struct timespec *ts)
{
	if (!vdso_clock_known(clk))
		return syscall3(SYS_clock_gettime, clk, (long)ts, 0);
	*ts = vdso_clock(&vdso_data, clk);
	return 0;
}

/* The time zone is UTC's, as the system call gives it. */
EXPORT int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz)
{
	if (tv) {
		struct timespec ts = vdso_clock(&vdso_data, CLOCK_REALTIME);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	if (tz)
		*tz = (struct timezone){ 0, 0 };
	return 0;
}

/* One rdtime tick, as the system call says. */
EXPORT int __vdso_clock_getres(int clk, struct timespec *res)
{
	if (!vdso_clock_known(clk))
		return syscall3(SYS_clock_getres, clk, (long)res, 0);
	if (res)
		*res = (struct timespec){ 0, NSEC_PER_SEC / vdso_data.timebase };
	return 0;
}

/* Which hart runs the caller is the kernel's to know: the system call. */
EXPORT int __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
	return syscall3(SYS_getcpu, (long)cpu, (long)node, (long)cache);
}
