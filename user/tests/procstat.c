/*
 * procstat: what /proc says of time and of mapped files, against the
 * calls that say it too. A child spends CPU time in user mode, then in
 * the kernel (reads of /dev/zero): its /proc/PID/stat utime and stime,
 * wait4's rusage, then the parent's times() and getrusage(CHILDREN)
 * for the reaped child, and /proc/stat's cpu line, each show both.
 * stat's starttime (field 22, 1/100 s since boot) lies between the
 * /proc/uptime read before the fork and after it. A maps line of a
 * mapped file has the file's device (major:minor in hex, as st_dev
 * splits) and inode number, for the program and for an mmap. Times
 * vary: only bounds are printed, the same under Linux.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define USER_HZ 100
#define TICKS 3			/* of each kind, in 1/USER_HZ s */

struct ktms {
	int64_t utime, stime, cutime, cstime;
};
struct krusage {
	int64_t utime_sec, utime_usec, stime_sec, stime_usec, rest[14];
};

static char text[65536];

static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n;

	if (fd < 0)
		return -1;
	while (len < (long)sizeof(text) - 1 && (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = 0;
	return len;
}

/* Field n (1-based) of the stat line in text, counted past comm. */
static unsigned long stat_field(int n)
{
	const char *s = strrchr(text, ')');

	for (int i = 2; s && i < n; i++)
		s = strchr(s + 1, ' ');
	return s ? strtoul(s + 1, NULL, 10) : 0;
}

/* /proc/uptime's first figure, in 1/100 s. */
static unsigned long uptime_cs(void)
{
	unsigned long s = 0, cs = 0;

	slurp("/proc/uptime");
	sscanf(text, "%lu.%lu", &s, &cs);
	return s * 100 + cs;
}

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static struct ktms my_times(void)
{
	struct ktms t = { 0 };

	syscall1(SYS_times, &t);
	return t;
}

/* Spends TICKS of user time, then TICKS of system time (or gives up
 * after 5 s). */
static void spend(void)
{
	static char buf[65536];
	int zero = open("/dev/zero", O_RDONLY);
	time_t give_up = now_s() + 5;
	volatile unsigned long x = 0;

	while (my_times().utime < TICKS && now_s() < give_up)
		for (int i = 0; i < 1000000; i++)
			x += i;
	while (my_times().stime < TICKS && now_s() < give_up)
		for (int i = 0; i < 16; i++)
			read(zero, buf, sizeof(buf));
	close(zero);
}

static bool positive(int64_t sec, int64_t usec) { return sec > 0 || usec > 0; }

static void cpu_split(void)
{
	char path[64];
	int go[2], done[2];

	check_long("pipes", pipe(go) == 0 && pipe(done) == 0, 1);
	unsigned long before = uptime_cs();
	pid_t pid = fork();
	if (pid == 0) {
		char c = 1;
		close(go[1]);
		spend();
		write(done[1], &c, 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	close(go[0]);
	unsigned long after = uptime_cs();
	char c;
	check_long("the child has spent its time", read(done[0], &c, 1), 1);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	slurp(path);
	check_long("the child's stat: utime > 0", stat_field(14) > 0, 1);
	check_long("the child's stat: stime > 0", stat_field(15) > 0, 1);
	unsigned long start = stat_field(22);
	check_long("its starttime is within the uptimes around its fork",
		   start + 1 >= before && start <= after + 1, 1);
	close(go[1]);
	struct krusage ru = { 0 };
	int status;
	check_long("wait4 with rusage", syscall4(SYS_wait4, pid, &status, 0, &ru) == pid, 1);
	check_long("wait4's ru_utime > 0", positive(ru.utime_sec, ru.utime_usec), 1);
	check_long("wait4's ru_stime > 0", positive(ru.stime_sec, ru.stime_usec), 1);
	struct ktms t = my_times();
	/* the split is the clock tick's sample, as Linux's tick
	 * accounting: a few ticks each way, not exactly TICKS */
	check_long("times: the child's user time", t.cutime >= 1, 1);
	check_long("times: the child's system time", t.cstime >= 1, 1);
	memset(&ru, 0, sizeof(ru));
	check_long("getrusage(RUSAGE_CHILDREN)", syscall2(SYS_getrusage, RUSAGE_CHILDREN, &ru), 0);
	check_long("its ru_utime > 0 and ru_stime > 0",
		   positive(ru.utime_sec, ru.utime_usec) && positive(ru.stime_sec, ru.stime_usec), 1);
	unsigned long user = 0, nice = 0, sys = 0;
	slurp("/proc/stat");
	check_long("/proc/stat: cpu user nice system",
		   sscanf(text, "cpu %lu %lu %lu", &user, &nice, &sys), 3);
	check_long("/proc/stat: user > 0 and system > 0", user > 0 && sys > 0, 1);
}

/* The maps line whose address range holds addr: its device and inode. */
static bool maps_ident(uintptr_t addr, unsigned *major, unsigned *minor, unsigned long *ino)
{
	slurp("/proc/self/maps");
	for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		unsigned long lo, hi, off;
		char perm[8];
		if (sscanf(l, "%lx-%lx %7s %lx %x:%x %lu", &lo, &hi, perm, &off, major, minor, ino) == 7 &&
		    addr >= lo && addr < hi)
			return true;
	}
	return false;
}

/* Whether addr's maps line names st's device and inode. */
static bool names_file(uintptr_t addr, const struct kstat *st)
{
	unsigned major = 0, minor = 0;
	unsigned long ino = 0;

	if (!maps_ident(addr, &major, &minor, &ino))
		return false;
	unsigned long dev = st->st_dev;
	return major == ((dev >> 8) & 0xfff) && minor == ((dev & 0xff) | ((dev >> 12) & 0xfff00)) &&
	       ino == st->st_ino && ino != 0;
}

static void maps_ident_of_files(void)
{
	struct kstat st;
	int fd = open("/proc/self/exe", O_RDONLY);

	check_long("fstat my program", kfstat(fd, &st), 0);
	check_long("maps: my code's line has my program's device and inode",
		   names_file((uintptr_t)maps_ident_of_files, &st), 1);
	void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	check_long("mmap my program", m != MAP_FAILED, 1);
	check_long("maps: the mapping's line has its device and inode",
		   names_file((uintptr_t)m, &st), 1);
	munmap(m, 4096);
	close(fd);
}

int main(void)
{
	cpu_split();
	maps_ident_of_files();
	printf("procstat: done\n");
	return 0;
}
