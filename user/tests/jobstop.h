/*
 * Helpers of the job-control tests (jobctl, jobwaitid, jobthreads,
 * joborphan): Linux's wait status words and SIGCHLD codes, and raw
 * calls, so that what the kernel answers is read as it answers it.
 */
#ifndef TESTS_JOBSTOP_H
#define TESTS_JOBSTOP_H

#include <fcntl.h>
#include <stdint.h>

#include "check.h"
#include "syscall.h"

#define L_WUNTRACED  2
#define L_WEXITED    4
#define L_WCONTINUED 8
#define L_WNOWAIT    0x01000000
#define L_SA_NOCLDSTOP 1
#define L_SA_SIGINFO   4
#define L_CLD_EXITED    1
#define L_CLD_KILLED    2
#define L_CLD_STOPPED   5
#define L_CLD_CONTINUED 6
#define L_P_ALL  0
#define L_P_PID  1
#define L_P_PGID 2
#define SIGBIT(sig) (1ULL << ((sig) - 1))

/* Linux's status words: stopped by sig, continued */
#define STOPPED_BY(sig) (0x7f | (sig) << 8)
#define CONTINUED 0xffff

/* The fields of Linux's siginfo that SIGCHLD and waitid fill in. */
struct chldinfo {
	int32_t signo, err, code, pad;
	int32_t pid, uid, status;
	char rest[100];
};

/* wait4 of child pid with options (again if a handler cut it): its
 * status word; a failure is printed. */
static inline int
wait_for(int pid, int options)
{
	int status;
	long r;

	while ((r = wait4(pid, &status, options, NULL)) < 0 && errno == EINTR)
		;

	if (r != pid) {
		printf("FAIL wait4(%d, %#x) returned %ld\n", pid, options, r);
		fail();
	}
	return status;
}

static inline long
waitid_raw(int idtype, int id, struct chldinfo *info, int options)
{
	return sysret(syscall5(95 /* SYS_waitid */, idtype, id, info, options, 0));
}

static inline void
sigmask_block(uint64_t set)
{
	syscall4(SYS_rt_sigprocmask, 0 /* SIG_BLOCK */, &set, 0, sizeof(set));
}

/* Takes the pending SIGCHLD (blocked by the caller), waiting up to 5 s:
 * its siginfo's code, with *status and *pid. */
static inline int
take_sigchld(int *status, int *pid)
{
	uint64_t set = SIGBIT(SIGCHLD);
	struct { int64_t sec, nsec; } five = { 5, 0 };
	struct chldinfo info = { 0 };

	if (sysret(syscall4(SYS_rt_sigtimedwait, &set, &info, &five, sizeof(set))) != SIGCHLD) {
		printf("FAIL no SIGCHLD came\n");
		fail();
	}
	*status = info.status;
	*pid = info.pid;
	return info.code;
}

/* The state letter of /proc/PID/stat (or of a thread's, TID under PID). */
static inline char
proc_state(int pid, int tid)
{
	char path[64], buf[256];

	if (tid)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	char *paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : '?';
}

static inline void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}
#endif
