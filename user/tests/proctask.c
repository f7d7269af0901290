/*
 * proctask: /proc/PID/task and /proc/thread-self, as Linux has them. A
 * child starts THREADS threads (clone with CLONE_THREAD) that block in
 * futex; its task/ lists the leader and each thread by id, in order;
 * task/TID's stat and status are the thread's (its id first, the
 * group's as Tgid); a thread's /proc/TID is found but not listed in
 * /proc; a process outside the group is not in task/, and a thread's
 * directory has no task/ of its own. ".." climbs task/TID -> task ->
 * PID. A thread reads /proc/self (the group's pid) and
 * /proc/thread-self (PID/task/TID). Once the child is killed and
 * reaped, its task/ is gone.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "rawthread.h"
#include "syscall.h"

#define THREADS 4
#define STACK 4096
#define L_SIGKILL 9
#define L_AT_FDCWD (-100)
#define FUTEX_WAIT_PRIVATE 128
#define SYS_mmap 222
#define PROT_RW 3
#define MAP_SHARED_ANON 0x21

enum { BLOCK, READ_LINKS };

static char stacks[THREADS][STACK] __attribute__((aligned(16)));
static volatile int started, tids[THREADS];
static volatile unsigned never;	/* the futex word no one changes */
static char self_link[64], thread_self_link[64];	/* what a thread read */

static void
read_link(const char *path, char *buf, long size)
{
	long n = syscall4(SYS_readlinkat, L_AT_FDCWD, path, buf, size - 1);

	buf[n > 0 ? n : 0] = 0;
}

/* A thread (rawthread.h): blocks for ever, or reads the links first. */
void
thread_main(long what)
{
	if (what == READ_LINKS) {
		read_link("/proc/self", self_link, sizeof self_link);
		read_link("/proc/thread-self", thread_self_link, sizeof thread_self_link);
	}
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
	syscall1(SYS_exit, 99);
	__builtin_unreachable();
}

/* A child whose THREADS threads are blocked, their ids in tids (a
 * shared page); returns once they all are. */
static pid_t
blocked_child(volatile int *shared_tids)
{
	int ready[2];
	char c = 0;

	if (pipe(ready) < 0)
		fail();
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < THREADS; i++)
			if ((shared_tids[i] = thread_clone(CLONE_THREADS, stacks[i] + STACK, BLOCK, NULL)) <= 0)
				_exit(90);
		while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < THREADS)
			sched_yield();
		write(ready[1], "r", 1);
		syscall4(SYS_futex, &never, FUTEX_WAIT_PRIVATE, 0, NULL);
		_exit(92);
	}
	read(ready[0], &c, 1);
	close(ready[0]);
	close(ready[1]);
	return c == 'r' ? pid : -1;
}

/* The entries of dir as numbers, in the order listed: how many. */
static int
list_numbers(const char *dir, int *out, int max)
{
	static char buf[4096];
	int n = 0, fd = open(dir, O_RDONLY | O_DIRECTORY);
	long len;

	if (fd < 0)
		return -1;
	while ((len = getdents64(fd, buf, sizeof buf)) > 0)
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			off += d->d_reclen;
			if (pid_name(d->d_name) && n < max)
				out[n++] = atoi(d->d_name);
		}
	close(fd);
	return n;
}

/* got must be want; both depend on the pids, so neither is printed
 * unless they differ. */
static void
same(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want) != 0) {
		printf("FAIL %s: expected \"%s\", got \"%s\"\n", what, want, got);
		fail();
	}
	printf("ok %s\n", what);
}

/* The first line of path that starts with key, past the key; "" if none. */
static const char *
field(const char *path, const char *key)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, key, strlen(key)) == 0) {
			char *v = line + strlen(key), *end = strchr(v, '\n');
			if (end)
				*end = 0;
			return v;
		}
	return "";
}

/* path's inode number, or -1: from the kernel's struct stat, whose
 * st_ino is the second word. */
static long
ino_of(const char *path)
{
	unsigned long st[16];

	return syscall4(SYS_newfstatat, L_AT_FDCWD, path, st, 0) == 0 ? (long)st[1] : -1;
}

static void
task_listing(pid_t pid, volatile int *tid)
{
	int listed[THREADS + 8], n = list_numbers("/proc/1/task", listed, THREADS + 8);
	char path[96];

	check_long("init's task/ lists one thread", n, 1);
	check_long("  its own pid", listed[0], 1);
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	n = list_numbers(path, listed, THREADS + 8);
	check_long("the child's task/ lists its threads", n, THREADS + 1);
	check_long("  the leader first", listed[0] == pid, 1);
	int in_order = 1;
	for (int i = 0; i < THREADS; i++)
		in_order &= listed[i + 1] == tid[i];
	check_long("  then each thread's id, in order", in_order, 1);
}

static void
thread_files(pid_t pid, volatile int *tid)
{
	char path[96], want[32];

	snprintf(path, sizeof path, "/proc/%d/task/%d/status", (int)pid, tid[1]);
	snprintf(want, sizeof want, "\t%d", tid[1]);
	same("task/TID/status Pid: the thread's id", field(path, "Pid:"), want);
	snprintf(want, sizeof want, "\t%d", (int)pid);
	same("task/TID/status Tgid: the group's", field(path, "Tgid:"), want);
	snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)pid, tid[1]);
	snprintf(want, sizeof want, "%d (proctask) S", tid[1]);
	char head[32];
	snprintf(head, sizeof head, "%.*s", (int)strlen(want), field(path, ""));
	same("task/TID/stat begins with the thread's id", head, want);
	snprintf(path, sizeof path, "/proc/%d/task/%d/comm", (int)pid, tid[1]);
	same("task/TID/comm: the program's name", field(path, ""), "proctask");
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	same("/proc/PID/comm too", field(path, ""), "proctask");
	snprintf(path, sizeof path, "/proc/%d/task/%d/task", (int)pid, tid[1]);
	check_errno("a thread's directory has no task/", open(path, O_RDONLY), ENOENT);
	snprintf(path, sizeof path, "/proc/%d/task/%d", (int)pid, getpid());
	check_errno("task/ of a process outside the group", open(path, O_RDONLY), ENOENT);
	snprintf(path, sizeof path, "/proc/%d", tid[2]);
	check_long("/proc/TID of a thread is found", ino_of(path) > 0, 1);

	int listed[64], n = list_numbers("/proc", listed, 64), seen = 0;
	for (int i = 0; i < n; i++)
		seen += listed[i] == tid[2];
	check_long("  but /proc does not list it", seen, 0);
	snprintf(path, sizeof path, "/proc/%d/status", tid[2]);
	snprintf(want, sizeof want, "\t%d", (int)pid);
	same("  its status's Tgid: the group's", field(path, "Tgid:"), want);
}

static void
dot_dots(pid_t pid, volatile int *tid)
{
	char a[96], b[96];

	snprintf(a, sizeof a, "/proc/%d/task/%d/..", (int)pid, tid[0]);
	snprintf(b, sizeof b, "/proc/%d/task", (int)pid);
	check_long("task/TID/.. is task/", ino_of(a) == ino_of(b) && ino_of(b) > 0, 1);
	snprintf(a, sizeof a, "/proc/%d/task/..", (int)pid);
	snprintf(b, sizeof b, "/proc/%d", (int)pid);
	check_long("task/.. is /proc/PID", ino_of(a) == ino_of(b) && ino_of(b) > 0, 1);
	snprintf(a, sizeof a, "/proc/%d/task/%d/fd/..", (int)pid, tid[0]);
	snprintf(b, sizeof b, "/proc/%d/task/%d", (int)pid, tid[0]);
	check_long("task/TID/fd/.. is task/TID", ino_of(a) == ino_of(b) && ino_of(b) > 0, 1);
	snprintf(b, sizeof b, "/proc/%d", tid[0]);
	check_long("  not /proc/TID", ino_of(a) != ino_of(b), 1);
}

/* This process's own links, from the leader and from a thread. */
static void
self_links(void)
{
	char got[64], want[64];

	read_link("/proc/thread-self", got, sizeof got);
	snprintf(want, sizeof want, "%d/task/%d", (int)getpid(), (int)getpid());
	same("the leader's /proc/thread-self: PID/task/PID", got, want);

	long tid = thread_clone(CLONE_THREADS, stacks[0] + STACK, READ_LINKS, NULL);
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < 1)
		sched_yield();
	snprintf(want, sizeof want, "%d", (int)getpid());
	same("a thread's /proc/self: the group's pid", self_link, want);
	snprintf(want, sizeof want, "%d/task/%ld", (int)getpid(), tid);
	same("a thread's /proc/thread-self: PID/task/TID", thread_self_link, want);
}

int
main(void)
{
	volatile int *shared_tids = (int *)syscall6(SYS_mmap, 0, 4096, PROT_RW, MAP_SHARED_ANON, -1, 0);
	char path[64];

	if ((long)shared_tids < 0)
		fail();
	pid_t pid = blocked_child(shared_tids);
	check_long("a child with threads", pid > 0, 1);
	task_listing(pid, shared_tids);
	thread_files(pid, shared_tids);
	dot_dots(pid, shared_tids);
	kill(pid, L_SIGKILL);
	check_long("killed", wait_status(pid), 128 + L_SIGKILL);
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	check_errno("its task/ once reaped", open(path, O_RDONLY), ENOENT);
	self_links();	/* last: the thread it starts stays blocked */
	return 0;
}
