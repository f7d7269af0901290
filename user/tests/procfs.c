/*
 * procfs: /proc as Linux lays it out. The files of this process (self,
 * exe, cmdline, environ, auxv, maps, fd/) and of a child (stat's 52 fields,
 * statm's 7, status's fields), a child's files after it has gone
 * (ESRCH from an open file, ENOENT for a new lookup), the system-wide
 * files (meminfo, cpuinfo's block per hart, mounts, loadavg, uptime),
 * the pids `ls /proc` lists, and what a reader may do wrong: huge reads,
 * offsets past the end, lseek, writes. Only facts that hold on any
 * machine are printed, so that Linux (qemu-riscv64) prints the same.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

extern char **environ;

#define MIN(a, b) ((a) < (b) ? (a) : (b))

static char text[65536];

/* The whole of path, read in reads of step bytes, NUL-terminated. */
static long slurp_by(const char *path, size_t step)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n;

	if (fd < 0)
		return -1;
	while (len < (long)sizeof(text) - 1 &&
	       (n = read(fd, text + len, MIN(step, sizeof(text) - 1 - len))) > 0)
		len += n;
	close(fd);
	text[len] = 0;
	return len;
}

static long slurp(const char *path) { return slurp_by(path, sizeof(text)); }

/* The value after "key" at a line's start in text, or NULL. */
static const char *field(const char *key)
{
	size_t k = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, key, k) == 0)
			return l + k;
	return NULL;
}

static int count_words(const char *s)
{
	int n = 0;

	for (bool in = false; *s; s++) {
		n += !in && *s != ' ' && *s != '\n';
		in = *s != ' ' && *s != '\n';
	}
	return n;
}

static int count_lines_starting(const char *prefix)
{
	int n = 0;

	for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
		n += strncmp(l, prefix, strlen(prefix)) == 0;
	return n;
}

static void self(char **argv)
{
	char buf[256], want[16];
	long n = readlink("/proc/self", buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = 0;
	snprintf(want, sizeof(want), "%d", getpid());
	check_long("/proc/self names my pid", strcmp(buf, want), 0);
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	check_str("/proc/self/exe", buf, "/tests/procfs");

	/* cmdline: argv's strings with their NULs; environ: envp's */
	long len = slurp("/proc/self/cmdline"), at = 0;
	int same = 1, i;
	for (i = 0; argv[i]; i++) {
		same &= at < len && strcmp(text + at, argv[i]) == 0;
		at += strlen(argv[i]) + 1;
	}
	check_long("cmdline is argv, NUL after each", same && at == len, 1);
	len = slurp("/proc/self/environ");
	for (at = 0, same = 1, i = 0; environ[i]; i++) {
		same &= at < len && strcmp(text + at, environ[i]) == 0;
		at += strlen(environ[i]) + 1;
	}
	check_long("environ is envp, NUL after each", same && at == len, 1);

	/* auxv: the pairs exec put after envp's NULL, AT_NULL's with them */
	const unsigned long *aux = (const unsigned long *)(environ + i + 1);
	size_t pairs = 1;
	while (aux[2 * (pairs - 1)] != 0)
		pairs++;
	len = slurp("/proc/self/auxv");
	check_long("auxv is the vector after envp, to AT_NULL",
		   len == (long)(pairs * 16) && memcmp(text, aux, len) == 0, 1);
	/* as Linux lays them out: argv's strings, then envp's, upwards one
	 * after another (cmdline, what ps shows, is the span of argv's) */
	char *next = argv[0];
	for (same = 1, i = 0; argv[i]; next = argv[i] + strlen(argv[i]) + 1, i++)
		same &= argv[i] == next;
	for (i = 0; environ[i]; next = environ[i] + strlen(environ[i]) + 1, i++)
		same &= environ[i] == next;
	check_long("argv's and envp's strings lie in order, one after another", same, 1);
}

/* One maps line: "start-end perms offset major:minor inode   path". */
static int maps_line(const char *l, char *perms, char *path)
{
	unsigned long start, end, off, ino;
	unsigned maj, min;
	int used = 0;

	path[0] = 0;
	if (sscanf(l, "%lx-%lx %4s %lx %x:%x %lu%n", &start, &end, perms, &off, &maj, &min, &ino,
		   &used) != 7 || start >= end || strlen(perms) != 4)
		return 0;
	const char *p = l + used;
	while (*p == ' ')
		p++;
	size_t k = strcspn(p, "\n");
	memcpy(path, p, MIN(k, 255));
	path[MIN(k, 255)] = 0;
	return 1;
}

static void maps(void)
{
	char perms[8], path[256];
	int lines = 0, good = 0, stack = 0, heap = 0, vdso = 0, prog_x = 0, prog = 0;

	volatile char *heap_page = raw_sbrk(8192);	/* a heap */
	heap_page[0] = 1;
	slurp("/proc/self/maps");
	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		lines++;
		good += maps_line(l, perms, path);
		stack += strcmp(path, "[stack]") == 0;
		heap += strcmp(path, "[heap]") == 0;
		vdso += strcmp(path, "[vdso]") == 0;
		prog += strcmp(path, "/tests/procfs") == 0;
		prog_x += strcmp(path, "/tests/procfs") == 0 && strcmp(perms, "r-xp") == 0;
		if (!strchr(l, '\n'))
			break;
	}
	check_long("every maps line in Linux's layout", good == lines && lines > 3, 1);
	check_long("maps has [stack]", stack, 1);
	/* qemu-riscv64 7.2 shows neither of these: procfs.linux.out says so */
	printf("maps has [heap] = %d\n", heap);
	printf("maps has [vdso] = %d\n", vdso);
	check_long("maps has the program's text, r-xp", prog_x, 1);
	check_long("and its other segments", prog >= 2, 1);
}

/* Our own descriptors: a pipe's and a file's. */
static void fds(void)
{
	char link[64], buf[256];
	int p[2], fd = open("/data/notelf.txt", O_RDONLY);

	check_long("pipe", pipe(p), 0);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", p[0]);
	long n = readlink(link, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	check_long("fd/N of a pipe says pipe:[...]", strncmp(buf, "pipe:[", 6) == 0 && buf[n - 1] == ']', 1);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	check_str("fd/N of a file", buf, "/data/notelf.txt");
	struct kstat st;
	check_long("fd/N is a symlink",
		   kfstatat(AT_FDCWD, link, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode), 1);

	/* fd/ lists exactly the open descriptors */
	static char dents[4096];
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY), seen = 0, others = 0;
	long len;
	while ((len = getdents64(dir, dents, sizeof(dents))) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			int x = atoi(d->d_name);
			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			if (x == p[0] || x == p[1] || x == fd)
				seen++;
			else if (syscall3(SYS_fcntl, x, 1 /* F_GETFD */, 0) < 0)
				others++;
		}
	}
	check_long("fd/ lists the pipe's ends and the file", seen, 3);
	check_long("and none not open", others, 0);
	close(dir);
	close(p[0]);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", p[0]);
	check_errno("fd/N of a closed descriptor", readlink(link, buf, sizeof(buf)), ENOENT);
	close(p[1]);
	close(fd);
}

/* A child's files, read while it waits on a pipe; then after it went. */
/* lseek(SEEK_END): EINVAL from Linux's seq_files, st_size (0) else;
 * shown as what. */
static void seek_end(const char *path, const char *what)
{
	int fd = open(path, O_RDONLY);
	long off = lseek(fd, 0, SEEK_END);

	printf("SEEK_END of %s: %s\n", what, off < 0 ? errno_name(errno) : off == 0 ? "0" : "past 0");
	close(fd);
}

static void child_files(void)
{
	char path[64];
	int go[2], fd;

	check_long("pipe", pipe(go), 0);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		read(go[0], &c, 1);
		_exit(0);
	}
	close(go[0]);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	/* until it sleeps in its read */
	for (int i = 0; i < 2000 && slurp(path) > 0 && !strstr(text, ") S "); i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	check_long("read a child's stat", strlen(text) > 0, 1);
	check_long("stat has 52 fields", count_words(text), 52);
	/* "pid (comm) S ppid ...": comm is status's Name (under qemu-riscv64
	 * the child's is qemu's own) */
	char want[32], comm[32] = "";
	snprintf(want, sizeof(want), "%d (", pid);
	check_long("stat starts \"pid (\"", strncmp(text, want, strlen(want)), 0);
	sscanf(text + strlen(want), "%31[^)]", comm);
	snprintf(want, sizeof(want), ") S %d ", getpid());
	check_long("then comm, \") S ppid \"", strncmp(strrchr(text, ')'), want, strlen(want)), 0);
	snprintf(path, sizeof(path), "/proc/%d/statm", pid);
	slurp(path);
	check_long("statm has 7 fields", count_words(text), 7);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	slurp(path);
	check_long("status Name is stat's comm",
		   strncmp(field("Name:\t"), comm, strlen(comm)) == 0 && comm[0], 1);
	const char *keys[] = { "Name:\t", "State:\t", "Tgid:\t", "Pid:\t", "PPid:\t", "Uid:\t",
			       "Gid:\t", "VmSize:", "VmRSS:", "Threads:\t", "SigBlk:\t",
			       "SigIgn:\t", "SigCgt:\t", "Cpus_allowed_list:\t" };
	int have = 0;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		have += field(keys[i]) != NULL;
	check_long("status has Name State Tgid Pid PPid Uid Gid Vm* Threads Sig*", have,
		   (long)(sizeof(keys) / sizeof(keys[0])));
	check_long("status Pid is its pid", atoi(field("Pid:\t")) == pid, 1);
	check_long("status PPid is me", atoi(field("PPid:\t")) == getpid(), 1);
	check_long("status State S", strncmp(field("State:\t"), "S (sleeping)", 12), 0);
	/* the child's: qemu-user answers for its own /proc/self/{maps,cmdline} */
	const char *seq[] = { "maps", "status", "cmdline" };
	for (int i = 0; i < 3; i++) {
		char p2[64];
		snprintf(p2, sizeof(p2), "/proc/%d/%s", pid, seq[i]);
		seek_end(p2, seq[i]);
	}

	fd = open(path, O_RDONLY);
	close(go[1]);
	check_long("the child exits", wait_status(pid), 0);
	char buf[64];
	check_errno("read its status, open before it went", read(fd, buf, sizeof(buf)), ESRCH);
	close(fd);
	check_errno("open its status after", open(path, O_RDONLY), ENOENT);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	struct kstat st;
	check_errno("stat /proc/PID after", kfstatat(AT_FDCWD, path, &st, 0), ENOENT);
}

static void system_files(void)
{
	const char *mem[] = { "MemTotal:", "MemFree:", "MemAvailable:", "Buffers:", "Cached:",
			      "SwapTotal:", "SwapFree:" };
	int have = 0;
	slurp("/proc/meminfo");
	for (size_t i = 0; i < sizeof(mem) / sizeof(mem[0]); i++) {
		const char *v = field(mem[i]);
		unsigned long x;
		char unit[4];
		have += v && sscanf(v, " %lu %3s", &x, unit) == 2 && strcmp(unit, "kB") == 0;
	}
	check_long("meminfo's fields, in kB", have, (long)(sizeof(mem) / sizeof(mem[0])));
	unsigned long total = strtoul(field("MemTotal:"), NULL, 10);
	unsigned long avail = strtoul(field("MemAvailable:"), NULL, 10);
	check_long("MemAvailable <= MemTotal", avail <= total && avail > 0, 1);
	/* free(1) adds sysinfo's buffers to meminfo's Cached: the two must
	 * not count the same pages (Linux's bufferram is Buffers) */
	struct sysinfo si;
	check_long("sysinfo", sysinfo(&si), 0);
	unsigned long buffers = strtoul(field("Buffers:"), NULL, 10);
	long diff = (long)(si.bufferram * si.mem_unit / 1024) - (long)buffers;
	check_long("meminfo's Buffers is sysinfo's bufferram", diff > -256 && diff < 256, 1);
	check_long("MemTotal is sysinfo's totalram", total == si.totalram * si.mem_unit / 1024, 1);

	uint64_t mask = 0;
	check_long("my affinity", get_affinity(0, &mask), 0);
	slurp("/proc/cpuinfo");
	check_long("cpuinfo: a block per hart",
		   count_lines_starting("processor\t: ") == __builtin_popcountll(mask), 1);

	slurp("/proc/mounts");
	int lines = 0, six = 0, proc = 0;
	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		char src[64], dir[128], type[32], opts[128];
		int a, b;
		lines++;
		if (sscanf(l, "%63s %127s %31s %127s %d %d", src, dir, type, opts, &a, &b) == 6)
			six++;
		proc += strcmp(dir, "/proc") == 0 && strcmp(type, "proc") == 0;
		if (!strchr(l, '\n'))
			break;
	}
	check_long("mounts: six fields a line", six == lines && lines > 0, 1);
	check_long("mounts has proc on /proc", proc >= 1, 1);

	double l1, l5, l15, up, idle;
	int run, all, last;
	slurp("/proc/loadavg");
	check_long("loadavg: 3 averages, running/all, last pid",
		   sscanf(text, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &all, &last), 6);
	check_long("at least I run", run >= 1 && all >= run, 1);
	slurp("/proc/uptime");
	check_long("uptime: two figures", sscanf(text, "%lf %lf", &up, &idle), 2);
	slurp("/proc/stat");
	check_long("stat has a cpu line and a line per hart",
		   count_lines_starting("cpu ") == 1 &&
			   count_lines_starting("cpu") == 1 + __builtin_popcountll(mask), 1);
}

/* `ls /proc`: my pid and my parent's among the numbered entries. */
static void listing(void)
{
	static char dents[4096];
	int dir = open("/proc", O_RDONLY | O_DIRECTORY), me = 0, parent = 0, self = 0;
	long len;

	while ((len = getdents64(dir, dents, sizeof(dents))) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			off += d->d_reclen;
			me += atoi(d->d_name) == getpid() && d->d_type == DT_DIR;
			parent += atoi(d->d_name) == getppid();
			self += strcmp(d->d_name, "self") == 0 && d->d_type == DT_LNK;
		}
	}
	close(dir);
	check_long("ls /proc: my pid, a directory", me, 1);
	check_long("ls /proc: my parent's", parent, 1);
	check_long("ls /proc: self, a symlink", self, 1);
}

/* A write to path: refused at open (here: no write bit is given), or by
 * write (Linux, whose root may open the file: EIO or EINVAL). */
static void refused(const char *path)
{
	int fd = open(path, O_WRONLY);
	long n = fd < 0 ? -1 : write(fd, "1", 1);
	int e = errno;

	printf("write %s: %s %s\n", path, fd < 0 ? "open" : "write", n < 0 ? errno_name(e) : "done");
	if (fd >= 0)
		close(fd);
}

/* What a careless reader does. */
static void bad_reads(void)
{
	long whole = slurp("/proc/self/status");
	static char small[sizeof(text)];

	memcpy(small, text, whole + 1);
	check_long("status read 7 bytes at a time is as long",
		   slurp_by("/proc/self/status", 7) == whole, 1);
	check_long("the same bytes", strcmp(small, text) == 0, 1);
	int fd = open("/proc/self/status", O_RDONLY);
	char *huge = malloc(1 << 20);
	long n = read(fd, huge, 1 << 20);
	check_long("a 1 MiB read gives the text", n > 0 && n <= whole + 64, 1);
	check_long("then 0", read(fd, huge, 1 << 20), 0);
	check_long("lseek back to 6", lseek(fd, 6, SEEK_SET), 6);
	n = read(fd, huge, 8);
	check_long("reads from there", n == 8 && memcmp(huge, small + 6, 8) == 0, 1);
	check_long("lseek past the end", lseek(fd, 1L << 40, SEEK_SET), 1L << 40);
	check_long("read there gives 0", read(fd, huge, 100), 0);
	check_long("pread past the end gives 0", pread(fd, huge, 100, 1L << 33), 0);
	check_errno("lseek before 0", lseek(fd, -1, SEEK_SET), EINVAL);
	check_errno("write to a file open for reading", write(fd, "x", 1), EBADF);
	close(fd);
	free(huge);
	check_errno("read /proc itself", read(fd = open("/proc", O_RDONLY), text, 10), EISDIR);
	close(fd);
	check_errno("a pid that never was", open("/proc/999999/status", O_RDONLY), ENOENT);
	check_errno("a name not there", open("/proc/self/nothing", O_RDONLY), ENOENT);
	refused("/proc/meminfo");
	refused("/proc/self/status");
	fd = open("/proc/new", O_WRONLY | O_CREAT, 0644);
	printf("create in /proc: %s\n", fd < 0 ? errno_name(errno) : "made");
	check_errno("create in /proc/self", open("/proc/self/new", O_WRONLY | O_CREAT, 0644),
		    ENOENT);
	check_errno("mkdir in /proc", mkdir("/proc/new", 0755), ENOENT);
	check_errno("mkdir of a name there", mkdir("/proc/meminfo", 0755), EEXIST);
	check_long("symlink in /proc: -ENOENT", syscall3(SYS_symlinkat, "x", -100, "/proc/new"),
		   -ENOENT);
	seek_end("/proc/meminfo", "meminfo");
}

int main(int argc __attribute__((unused)), char **argv)
{
	self(argv);
	maps();
	fds();
	child_files();
	system_files();
	listing();
	bad_reads();
	printf("procfs: done\n");
	return 0;
}
