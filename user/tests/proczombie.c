/*
 * proczombie: a process that has exited keeps its /proc/PID until its
 * parent reaps it, and its files say what Linux's say of a zombie:
 * listed by `ls /proc`, state Z in stat and status, its exit code in
 * stat's last field, sizes 0, no Umask or Vm lines, cmdline and maps
 * empty, environ ESRCH, exe and cwd ENOENT, fd/ empty. A file opened
 * while it was a zombie answers ESRCH once it is reaped, and so does a
 * lookup through its directory (Linux's). Then a reader reads the zombies of its
 * siblings while the parent reaps them: every answer data, ESRCH or
 * ENOENT.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

static char text[8192];

/* path's whole text into text; its length, or -1 with errno. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n = 0;

	if (fd < 0)
		return -1;
	while (len < (long)sizeof(text) - 1 && (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	int e = errno;
	close(fd);
	text[len] = 0;
	errno = e;
	return n < 0 ? -1 : len;
}

/* Field n (1-based) of a stat line, counted after the ")" of comm. */
static const char *stat_field(int n)
{
	const char *s = strrchr(text, ')');

	for (int i = 2; s && i < n; i++)
		s = strchr(s + 1, ' ');
	return s ? s + 1 : "";
}

static bool has_line(const char *key)
{
	for (const char *l = text; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, key, strlen(key)) == 0)
			return true;
	return false;
}

/* Whether `ls /proc` lists pid, and how many entries fd/ of pid has. */
static int listed(const char *dir, int pid)
{
	static char dents[4096];
	int fd = open(dir, O_RDONLY | O_DIRECTORY), n = 0;
	long len;

	while (fd >= 0 && (len = getdents64(fd, dents, sizeof(dents))) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			off += d->d_reclen;
			if (pid ? atoi(d->d_name) == pid : d->d_name[0] != '.')
				n++;
		}
	}
	close(fd);
	return n;
}

/* A child that exits with status 3 at once, left a zombie. */
static int zombie(void)
{
	char path[64];
	pid_t pid = fork();

	if (pid == 0)
		_exit(3);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 5000 && slurp(path) > 0 && strncmp(stat_field(3), "Z ", 2); i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	return pid;
}

static void zombie_files(void)
{
	char path[64], buf[256];
	int pid = zombie();

	check_long("ls /proc lists the zombie", listed("/proc", pid), 1);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	check_long("read its stat", slurp(path) > 0, 1);
	check_long("stat state Z", strncmp(stat_field(3), "Z ", 2), 0);
	check_long("stat vsize 0", atol(stat_field(23)), 0);
	check_long("stat rss 0", atol(stat_field(24)), 0);
	check_long("stat startcode 0", atol(stat_field(26)), 0);
	check_long("stat exit code (field 52)", atol(stat_field(52)), 3 << 8);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	slurp(path);
	check_long("status State: Z (zombie)", has_line("State:\tZ (zombie)\n"), 1);
	check_long("status has no Umask", has_line("Umask:"), 0);
	check_long("status has no VmSize", has_line("VmSize:"), 0);
	check_long("status FDSize 0", has_line("FDSize:\t0\n"), 1);
	snprintf(path, sizeof(path), "/proc/%d/statm", pid);
	slurp(path);
	check_long("statm all 0", strcmp(text, "0 0 0 0 0 0 0\n"), 0);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	check_long("cmdline empty", slurp(path), 0);
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	check_long("maps empty", slurp(path), 0);
	snprintf(path, sizeof(path), "/proc/%d/environ", pid);
	check_errno("environ", slurp(path), ESRCH);
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	check_errno("readlink exe", readlink(path, buf, sizeof(buf)), ENOENT);
	snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
	check_errno("readlink cwd", readlink(path, buf, sizeof(buf)), ENOENT);
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	check_long("fd/ empty", listed(path, 0), 0);

	/* held across the reaping: a file open, and the directory */
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	int fd = open(path, O_RDONLY);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	int dir = open(path, O_RDONLY | O_DIRECTORY);
	check_long("open its status and its directory", fd >= 0 && dir >= 0, 1);
	check_long("reap it: its status", wait_status(pid), 3);
	check_errno("read the status opened before", read(fd, buf, sizeof(buf)), ESRCH);
	check_errno("openat its directory after", openat(dir, "stat", O_RDONLY), ESRCH);
	check_long("ls /proc no longer lists it", listed("/proc", pid), 0);
	close(fd);
	close(dir);
}

/* The zombies' pids, read by a reader while the parent reaps them. */
#define ZOMBIES 12
#define PASSES 40

static int read_zombie(int pid)
{
	static const char *const files[] = { "stat", "status", "statm", "maps", "cmdline" };
	char path[64], buf[256];
	int bad = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, files[i]);
		if (slurp(path) < 0)
			bad += errno != ESRCH && errno != ENOENT;
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	/* a zombie's, or a reaped process's: ENOENT; ESRCH when the walk
	 * went through the process's directory just before it was reaped */
	if (readlink(path, buf, sizeof(buf)) >= 0 || (errno != ENOENT && errno != ESRCH))
		bad++;
	return bad;
}

static void reap_race(void)
{
	int pids[ZOMBIES], go[2];

	for (int i = 0; i < ZOMBIES; i++)
		pids[i] = zombie();
	check_long("pipe", pipe(go), 0);
	pid_t reader = fork();
	if (reader == 0) {
		char c;
		int bad = 0;
		close(go[1]);
		read(go[0], &c, 1);
		for (int pass = 0; pass < PASSES; pass++)
			for (int i = 0; i < ZOMBIES; i++)
				bad += read_zombie(pids[i]);
		_exit(bad ? 1 : 0);
	}
	close(go[0]);
	close(go[1]);	/* the reader starts */
	int reaped = 0;
	for (int i = ZOMBIES - 1; i >= 0; i--) {
		nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
		reaped += wait_status(pids[i]) == 3;
	}
	check_long("zombies reaped while read", reaped, ZOMBIES);
	check_long("the reader: every answer data, ESRCH or ENOENT", wait_status(reader), 0);
}

int main(void)
{
	zombie_files();
	reap_race();
	printf("proczombie: done\n");
	return 0;
}
