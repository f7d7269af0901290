/*
 * System calls from 32-bit (RV32, sstatus.UXL = 1) processes, as Linux's
 * rv32 ABI has them: the same asm-generic numbers, but 64-bit time only
 * (the *_time64 calls; the time32 ones are absent), llseek where rv64
 * has lseek, no fstat/newfstatat (statx instead), mmap2's offset in
 * pages, and 64-bit arguments (file offsets and lengths) split over two
 * registers, low half first. syscall() masks every argument to its low
 * 32 bits before the call and sign-extends the result; struct layouts
 * that differ are handled where each struct is copied (iovec, sigaction,
 * the signal frame, sysinfo, rusage, execve's pointer arrays, timespec's
 * padding). README.md has the table.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "kern/syscall.h"

static uint64_t pair(int lo)
{
	return argraw(lo) | argraw(lo + 1) << 32;
}

/*
 * Calls a 64-bit handler with register r holding v instead, then puts r
 * back: the call must change no register of the caller's but a0.
 */
static uint64_t with_reg(int r, uint64_t v, uint64_t (*fn)(void))
{
	struct trapframe *tf = myproc()->trapframe;
	uint64_t saved = tf->regs[REG_A0 + r];

	tf->regs[REG_A0 + r] = v;
	uint64_t ret = fn();
	tf->regs[REG_A0 + r] = saved;
	return ret;
}

/* llseek(fd, offset_high, offset_low, loff_t *result, whence): rv64's
 * lseek with a1 = the offset and a2 = whence, the result stored. */
static uint64_t sys_llseek(void)
{
	struct trapframe *tf = myproc()->trapframe;
	uint64_t a1 = tf->regs[REG_A0 + 1], a2 = tf->regs[REG_A0 + 2];

	tf->regs[REG_A0 + 1] = a1 << 32 | a2;
	tf->regs[REG_A0 + 2] = tf->regs[REG_A0 + 4];
	int64_t pos = sys_lseek();
	tf->regs[REG_A0 + 1] = a1;
	tf->regs[REG_A0 + 2] = a2;
	if (pos < 0)
		return pos;
	return copyout(myproc()->pagetable, argraw(3), &pos, sizeof(pos));
}

/* pread64/pwrite64(fd, buf, count, pos_lo, pos_hi) */
static uint64_t sys_pread64_32(void) { return with_reg(3, pair(3), sys_pread64); }
static uint64_t sys_pwrite64_32(void) { return with_reg(3, pair(3), sys_pwrite64); }
/* preadv/pwritev(fd, iov, cnt, pos_lo, pos_hi): rv64 ignores pos_hi */
static uint64_t sys_preadv32(void) { return with_reg(3, pair(3), sys_preadv); }
static uint64_t sys_pwritev32(void) { return with_reg(3, pair(3), sys_pwritev); }
/* preadv2/pwritev2(fd, iov, cnt, pos_lo, pos_hi, flags): -1 is both halves */
static uint64_t sys_preadv2_32(void) { return with_reg(3, pair(3), sys_preadv2); }
static uint64_t sys_pwritev2_32(void) { return with_reg(3, pair(3), sys_pwritev2); }
/* ftruncate64(fd, len_lo, len_hi), truncate64(path, len_lo, len_hi) */
static uint64_t sys_ftruncate64(void) { return with_reg(1, pair(1), sys_ftruncate); }
static uint64_t sys_truncate64(void) { return with_reg(1, pair(1), sys_truncate); }

/* mmap2: the offset counts 4096-byte units */
static uint64_t sys_mmap2(void) { return with_reg(5, argraw(5) * 4096, sys_mmap); }

/*
 * The handler for a 32-bit process's call num: rv32's own where its
 * meaning differs, none (ENOSYS) where rv32 Linux has no such call,
 * else the one both classes share (its struct copies ask p->is32).
 */
syscall_fn syscall32_handler(uint64_t num)
{
	switch (num) {
	case SYS_llseek:
		return sys_llseek;
	case SYS_pread64:
		return sys_pread64_32;
	case SYS_pwrite64:
		return sys_pwrite64_32;
	case SYS_preadv:
		return sys_preadv32;
	case SYS_pwritev:
		return sys_pwritev32;
	case SYS_preadv2:
		return sys_preadv2_32;
	case SYS_pwritev2:
		return sys_pwritev2_32;
	case SYS_ftruncate:
		return sys_ftruncate64;
	case SYS_truncate:
		return sys_truncate64;
	case SYS_mmap2:
		return sys_mmap2;
	case SYS_clock_gettime64:
		return sys_clock_gettime;
	case SYS_clock_getres_time64:
		return sys_clock_getres;
	case SYS_clock_nanosleep_time64:
		return sys_clock_nanosleep;
	case SYS_rt_sigtimedwait_time64:
		return sys_rt_sigtimedwait;
	case SYS_futex_time64:
		return sys_futex;
	case SYS_ppoll_time64:	/* pselect6_time64 (rv32's 32-bit fd_set words) is not here yet */
		return sys_ppoll;
	/* absent from rv32 Linux: stat through statx, time through *_time64 */
	case SYS_fstat:
	case SYS_newfstatat:
	case SYS_nanosleep:
	case SYS_clock_gettime:
	case SYS_clock_getres:
	case SYS_clock_nanosleep:
	case SYS_ppoll:
	case SYS_pselect6:
	case SYS_gettimeofday:
	case SYS_rt_sigtimedwait:	/* rv32 has rt_sigtimedwait_time64 */
	case SYS_futex:			/* and futex_time64 */
	/* rv32 keeps getitimer and setitimer with a 32-bit timeval; not
	 * done here yet */
	case SYS_getitimer:
	case SYS_setitimer:
	/* rv32 Linux has prlimit64 alone */
	case SYS_getrlimit:
	case SYS_setrlimit:
	/* rv32 has timerfd_settime64 and gettime64 instead; its msghdr
	 * holds 4-byte pointers: not done here yet */
	case SYS_timerfd_settime:
	case SYS_timerfd_gettime:
	case SYS_sendmsg:
	case SYS_recvmsg:
	case SYS_sendmmsg:
	case SYS_recvmmsg:	/* rv32 has recvmmsg_time64 */
	/* rv32 has timer_settime64 and gettime64, and its sigevent and
	 * siginfo hold a 4-byte sigval: POSIX timers not done here yet */
	case SYS_timer_create:
	case SYS_timer_settime:
	case SYS_timer_gettime:
	case SYS_rt_sigqueueinfo:
	case SYS_rt_tgsigqueueinfo:
	/* rv32's fadvise64_64, readahead and sync_file_range split their
	 * 64-bit offsets and lengths over register pairs: not done here yet */
	case SYS_fadvise64:
	case SYS_readahead:
	case SYS_sync_file_range:
	/* vmsplice's iovecs are 8 bytes on rv32: not done here yet */
	case SYS_vmsplice:
		return NULL;
	}
	return syscall_handler(num);
}

/* sysinfo for a 32-bit process: every long is 4 bytes. */
int sysinfo32_out(uint64_t addr, uint64_t uptime, uint64_t totalram, uint64_t freeram,
		  uint16_t procs)
{
	struct {
		int32_t uptime;
		uint32_t loads[3];
		uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		uint16_t procs, pad;
		uint32_t totalhigh, freehigh, mem_unit;
		char reserved[8];
	} si = { 0 };

	_Static_assert(sizeof(si) == 64, "rv32 Linux's struct sysinfo");
	si.uptime = uptime;
	si.totalram = totalram;	/* pages (mem_unit), so no overflow */
	si.freeram = freeram;
	si.procs = procs;
	si.mem_unit = PGSIZE;
	return copyout(myproc()->pagetable, addr, &si, sizeof(si));
}

/* struct rusage for a 32-bit process: timevals and longs of 4 bytes. */
int rusage32_out(uint64_t addr, uint64_t user_us, uint64_t sys_us, uint64_t minflt,
		 uint64_t majflt, uint64_t inblock)
{
	struct {
		int32_t utime_sec, utime_usec, stime_sec, stime_usec;
		int32_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, rest[6];
	} ru = { 0 };

	_Static_assert(sizeof(ru) == 72, "rv32 Linux's struct rusage");
	ru.utime_sec = user_us / 1000000;
	ru.utime_usec = user_us % 1000000;
	ru.stime_sec = sys_us / 1000000;
	ru.stime_usec = sys_us % 1000000;
	ru.minflt = minflt;
	ru.majflt = majflt;
	ru.inblock = inblock;
	return copyout(myproc()->pagetable, addr, &ru, sizeof(ru));
}
