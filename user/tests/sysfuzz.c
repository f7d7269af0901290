/*
 * sysfuzz: every system call number from 0 to 460, called with arguments
 * drawn from a pool of hostile and valid values (0, -1, the integer
 * limits, kernel addresses, unmapped and just-unmapped pages, a
 * read-only page, the last bytes before a hole, descriptors of every
 * kind, paths, huge sizes, small valid buffers), by forked children, a
 * few at a time. The kernel must survive it: no panic, no hang, and
 * afterwards the processes, descriptors and free pages it had before,
 * the test's files gone and nothing else on the disks touched (the
 * grader's fsck.fat -n checks the image).
 *
 *   sysfuzz [SEED [CHILDREN [CALLS]]]   a run (default 1, 2000, 250)
 *   sysfuzz -v SEED [CHILDREN [CALLS]]  the same, saying how the children
 *                                       ended and what any overran in
 *   sysfuzz -r SEED CHILD [CALLS]       child CHILD's calls alone, each
 *                                       printed before it is made
 *   SYSFUZZ_NR=LO-HI sysfuzz ...        only the numbers LO to HI
 *   SYSFUZZ_TRACE=1 sysfuzz ...         every call printed before it is
 *                                       made (CHILD.CALL: NR(ARGS)): for
 *                                       a run the kernel does not survive
 *
 * A child's calls follow from the seed and its number alone, so a
 * failure is replayed with -r (what the earlier children left in the
 * shared pipe, socket and files, and which calls the time bound
 * interrupts, can differ). What a child may not do (reboot, signal
 * other processes, ...) is in tame(); docs/sysfuzz.md lists what it
 * found.
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "syscall.h"

#define LAST_NR 460
#define WORKERS 3		/* children at once */
#define CHILD_MS 4000		/* a child still running then is killed */
#define TICK_US 5000		/* SIGALRM ends a blocked call this often */
#define FSIZE_CAP (256 << 10)	/* RLIMIT_FSIZE: no file grows past it */
#define PID_LIMIT 4194304	/* Linux's largest pid */
#define PG 4096L

#define FAT_DIR "/sysfuzz.d"
#define TMP_DIR "/tmp/sysfuzz.d"

/* The small PRNG (splitmix64): a child's whole run follows from its seed. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * A random byte for buffer contents: never '/' nor '.', so that no
 * buffer read as a path names anything outside the directories the
 * children work in (an absolute path, a "..").
 */
static unsigned char safe_byte(void)
{
	unsigned char b = rnd();

	return b == '/' || b == '.' ? 'x' : b;
}

/* The argument pool: filled once by the parent, inherited by each child. */
static long pool[128];
static int npool;
static long *words;		/* a page of pool values: iovecs, pointer arrays */
static unsigned char *bytes;	/* a page of safe random bytes */
static char *ro_page;		/* a read-only page of them */
static int fds[16], nfds;	/* every descriptor the pool holds */
static int devnull;

/* Where each running child is, in a page it shares with the parent: for
 * the report of one that overran. */
static struct at {
	int i;
	long nr, a[6];
	char state[200];	/* the parent's note of what an overrunning child was doing */
} *at;

static void add(long v) { pool[npool++] = v; }

static void add_fd(int fd)
{
	if (fd < 0) {
		printf("FAIL opening the pool's descriptors: %s\n", strerror(errno));
		fail();
	}
	fds[nfds++] = fd;
	add(fd);
}

/* A fresh anonymous mapping of n pages, or the test fails. */
static char *pages(long n, int prot)
{
	char *p = mmap(NULL, n * PG, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("FAIL mmap %ld pages\n", n);
		fail();
	}
	return p;
}

static void add_numbers(void)
{
	static const long v[] = {
		0, 1, 2, 3, 4, 7, 8, 16, 64, 255, 4096, 65536, 1L << 20,
		-1, -2, -4095, -4096, INT_MAX, INT_MIN, UINT_MAX, (long)UINT_MAX + 1,
		LONG_MAX, LONG_MIN, (long)ULONG_MAX - 4095,
		AT_FDCWD, 200,		/* 200: a descriptor never open */
		/* kernel addresses: RAM's start, the kernel's text, the top */
		(long)0xffffffc000000000UL, (long)0xffffffc080200000UL,
		(long)0xfffffffffffff000UL, (long)0x8000000000000000UL,
		/* user addresses nothing maps: the first page, the middle of
		 * the space, just above Sv39's user half */
		0x1000, 0x2000000000L, 0x4000000000L,
	};

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		add(v[i]);
}

/* Buffers, holes, a read-only page, a page just unmapped, the last
 * bytes before a hole. */
static void add_memory(void)
{
	char *rw = pages(3, PROT_READ | PROT_WRITE);
	char *ro = ro_page = pages(1, PROT_READ | PROT_WRITE);

	munmap(rw + 2 * PG, PG);	/* the page just unmapped */
	words = (long *)rw;
	bytes = (unsigned char *)rw + PG;
	for (int i = 0; i < PG; i++)
		ro[i] = safe_byte();
	mprotect(ro, PG, PROT_READ);
	add((long)words), add((long)bytes), add((long)bytes + 100);
	add((long)rw + 2 * PG), add((long)ro);
	for (int k = 1; k <= 8; k *= 2)
		add((long)rw + 2 * PG - k);
}

/* Paths: in the children's own directories, or ones nothing may write. */
static void add_paths(void)
{
	static char longname[300];
	static const char *p[] = {
		"f", "d", "", "nosuch/x", "f/x", TMP_DIR "/f", FAT_DIR "/d",
		"/proc/self/maps", "/dev/null", longname,
	};

	memset(longname, 'n', sizeof longname - 1);
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		add((long)p[i]);
}

/* A descriptor of every kind: a FAT file and a tmpfs one, a pipe, a
 * socketpair, an eventfd, /dev/null, /proc/self/maps, a FAT directory. */
static void add_fds(void)
{
	int pipefd[2], sv[2];

	add_fd(open(FAT_DIR "/f", O_RDWR | O_CREAT, 0644));
	add_fd(open(TMP_DIR "/f", O_RDWR | O_CREAT, 0644));
	if (pipe(pipefd) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		add_fd(-1);
	add_fd(pipefd[0]), add_fd(pipefd[1]), add_fd(sv[0]), add_fd(sv[1]);
	add_fd(eventfd(0, 0));
	add_fd(devnull = open("/dev/null", O_RDWR));
	add_fd(open("/proc/self/maps", O_RDONLY));
	add_fd(open(FAT_DIR, O_RDONLY | O_DIRECTORY));
	write_all(fds[0], bytes, 512);
	write_all(fds[1], bytes, 512);
}

static void setup(void)
{
	must("mkdir " FAT_DIR, mkdir(FAT_DIR, 0755));
	must("mkdir " FAT_DIR "/d", mkdir(FAT_DIR "/d", 0755));
	must("mkdir " TMP_DIR, mkdir(TMP_DIR, 0755));
	at = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	must("mmap a shared page", at == MAP_FAILED ? -1 : 0);
	add_numbers();
	add_memory();
	add_paths();
	add_fds();
}

/* An argument: mostly from the pool, sometimes any 64 bits. */
static long arg(void)
{
	uint64_t r = rnd();

	return r % 8 == 0 ? (long)rnd() : pool[(r >> 3) % npool];
}

/* A pool value to store in memory: one with a '/' or '.' byte becomes 0
 * (see safe_byte). */
static long word(void)
{
	long v = arg();

	for (int i = 0; i < 8; i++) {
		unsigned char b = v >> (8 * i);
		if (b == '/' || b == '.')
			return 0;
	}
	return v;
}

static pid_t self;
static long lo = 0, hi = LAST_NR;	/* the numbers called: SYSFUZZ_NR=LO-HI narrows them */
static int trace = -1;		/* SYSFUZZ_TRACE: every call of every child printed here */

/* A pid argument that names another process than the child's own (or
 * its group, after setsid: 0, -self) becomes self: a child must not
 * signal, move or limit init, the test or the grader's shell. Values
 * no process can have stay, for the error paths. */
static long own_pid(long v)
{
	int p = (int)v;		/* the kernel reads an int */

	if (p == 0 || p == self || p == -self || p <= -PID_LIMIT || p >= PID_LIMIT)
		return v;
	return self;
}

/* The limits a child may not lift: on file size and core files. */
static bool capped(int resource)
{
	return resource == RLIMIT_FSIZE || resource == RLIMIT_CORE;
}

/*
 * What a child may not do, whatever the arguments: calls that change
 * what the whole system (other tests, the grader) relies on. Returns
 * false to skip the call; else makes any pid argument the child's own.
 */
static bool tame(long nr, long *a)
{
	switch (nr) {
	case SYS_reboot:		/* it would power the machine off */
	case SYS_sethostname:		/* the names uname gives every test */
	case SYS_setdomainname:
	case SYS_settimeofday:		/* the clock every timeout reads */
	case SYS_clock_settime:
	case SYS_adjtimex:
	case SYS_clock_adjtime:
	case SYS_swapon:		/* system-wide, as Linux has them */
	case SYS_swapoff:
	case SYS_acct:
	case SYS_pivot_root:
	case SYS_kexec_load:		/* a new kernel ends every test */
	case SYS_kexec_file_load:
		return false;
	case SYS_kill:			/* kill(-1) would reach every process */
	case SYS_tkill:
	case SYS_rt_sigqueueinfo:
	case SYS_pidfd_open:
	case SYS_sched_setaffinity:
	case SYS_sched_setparam:
	case SYS_sched_setscheduler:
	case SYS_sched_setattr:
	case SYS_process_vm_readv:
	case SYS_process_vm_writev:
		a[0] = own_pid(a[0]);
		return true;
	case SYS_ptrace:
	case SYS_perf_event_open:
		a[1] = own_pid(a[1]);
		return true;
	case SYS_tgkill:
	case SYS_rt_tgsigqueueinfo:
	case SYS_kcmp:
	case SYS_setpgid:		/* nor join another process group */
		a[0] = own_pid(a[0]), a[1] = own_pid(a[1]);
		return true;
	case SYS_prlimit64:
		a[0] = own_pid(a[0]);
		if (capped((int)a[1]))
			a[2] = 0;
		return true;
	case SYS_setrlimit:
		if (capped((int)a[0]))
			a[1] = 0;
		return true;
	case SYS_setpriority:		/* PRIO_USER 0 is every root process */
	case SYS_ioprio_set:
		if ((int)a[0] == (nr == SYS_setpriority ? PRIO_USER : 3))
			a[1] = 4242;	/* a uid nobody runs as */
		else
			a[1] = own_pid(a[1]);
		return true;
	case SYS_syslog:		/* clear, console off/on/level: global */
		if ((int)a[0] >= 5 && (int)a[0] <= 8)
			a[0] = 10;
		return true;
	case SYS_fcntl:			/* F_SETOWN: SIGIO to another process */
		if ((int)a[1] == F_SETOWN)
			a[2] = own_pid(a[2]);
		return true;
	}
	return true;
}

/*
 * One raw call. A thread or process that clone or clone3 makes runs
 * none of our code: it exits at once, before it touches a stack that
 * may be any address the arguments gave it.
 */
static long fuzz_call(long nr, const long *a)
{
	register long r0 __asm__("a0") = a[0];
	register long r1 __asm__("a1") = a[1];
	register long r2 __asm__("a2") = a[2];
	register long r3 __asm__("a3") = a[3];
	register long r4 __asm__("a4") = a[4];
	register long r5 __asm__("a5") = a[5];
	register long r7 __asm__("a7") = nr;

	__asm__ volatile("ecall\n"
			 "bnez a0, 1f\n"
			 "li t0, %[clone]\n"
			 "beq a7, t0, 2f\n"
			 "li t0, %[clone3]\n"
			 "bne a7, t0, 1f\n"
			 "2: li a7, %[exit]\n"
			 "ecall\n"
			 "1:\n"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7),
			   [clone] "i"(SYS_clone), [clone3] "i"(SYS_clone3), [exit] "i"(SYS_exit)
			 : "t0", "memory");
	return r0;
}

static void tick(int sig) { (void)sig; }

/* The child's own world: its own session (kill(0) reaches no one
 * else), /dev/null for 0, 1 and 2, no core files, small files, and
 * SIGALRM every TICK_US to end a call that blocks. */
static void child_setup(int log)
{
	struct rlimit fsize = { FSIZE_CAP, FSIZE_CAP }, core = { 0, 0 };
	struct itimerval it = { { 0, TICK_US }, { 0, TICK_US } };
	struct sigaction sa = { .sa_handler = tick };

	setsid();
	self = getpid();
	for (int fd = 0; fd < 3; fd++)
		if (fd != log)
			dup2(devnull, fd);
	setrlimit(RLIMIT_FSIZE, &fsize);
	setrlimit(RLIMIT_CORE, &core);
	signal(SIGXFSZ, SIG_IGN);	/* EFBIG, not death, past FSIZE_CAP */
	chdir(FAT_DIR);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Child n of the run with seed: calls random calls, saying which in
 * *where; log >= 0 prints each there before it is made. */
static void child(uint64_t seed, int n, int calls, int log, struct at *where)
{
	char line[200];
	long a[6];

	rng_state = seed * 1000003 + n;
	child_setup(log);
	for (int i = 0; i < calls; i++) {
		long nr = lo + rnd() % (hi - lo + 1);
		for (int k = 0; k < 6; k++)
			a[k] = arg();
		for (int k = 0; k < 32; k++)
			words[k] = word();
		for (int k = 0; k < 64; k++)
			bytes[k] = safe_byte();
		if (!tame(nr, a))
			continue;
		where->i = i, where->nr = nr;
		memcpy(where->a, a, sizeof a);
		if (log >= 0)
			write(log, line, snprintf(line, sizeof line,
				"%d.%d: %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n",
				n, i, nr, a[0], a[1], a[2], a[3], a[4], a[5]));
		long r = fuzz_call(nr, a);
		if (log >= 0)
			write(log, line, snprintf(line, sizeof line, "%d.%d = %ld\n", n, i, r));
	}
	_exit(0);
}

/* How the children ended. */
static struct {
	int ran_out;		/* exited 0: made all their calls */
	int exited;		/* exited otherwise: a call was exit or exit_group */
	int signal[NSIG];	/* killed by each signal */
	int overran;		/* killed after CHILD_MS, still running */
} ended;

static bool verbose;

static void count_end(int n, int status, bool overran, const struct at *where)
{
	if (overran && verbose)
		printf("child %d overran, in call %d: %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n",
		       n, where->i, where->nr, where->a[0], where->a[1], where->a[2],
		       where->a[3], where->a[4], where->a[5]);
	if (overran && verbose)
		printf("  %s\n", where->state);
	if (overran)
		ended.overran++;
	else if (WIFSIGNALED(status))
		ended.signal[WTERMSIG(status)]++;
	else if (WEXITSTATUS(status) == 0)
		ended.ran_out++;
	else
		ended.exited++;
}

static void print_ends(void)
{
	printf("ran all their calls %d, called exit %d, overran %d", ended.ran_out,
	       ended.exited, ended.overran);
	for (int s = 1; s < NSIG; s++)
		if (ended.signal[s])
			printf(", %s %d", strsignal(s), ended.signal[s]);
	printf("\n");
}

static pid_t spawn(uint64_t seed, int n, int calls, int log, struct at *where)
{
	pid_t pid = fork();

	if (pid == 0)
		child(seed, n, calls, log, where);
	return must("fork", pid);
}

/* Notes in where->state a stuck child's state, signal mask and what
 * its first argument names as a descriptor: from /proc. */
static void note_stuck(pid_t pid, struct at *where)
{
	/* static: a deeper stack would take a page the free page count
	 * would miss */
	static char path[64], text[1024], fd[64];
	char *state, *blk, *ign;
	long n;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if ((n = read_file(path, text, sizeof text - 1)) < 0)
		return;
	text[n] = 0;
	state = strstr(text, "State:"), blk = strstr(text, "SigBlk:"), ign = strstr(text, "SigIgn:");
	snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, (int)where->a[0]);
	n = readlink(path, fd, sizeof fd - 1);
	strcpy(fd + (n > 0 ? n : 0), n > 0 ? "" : "-");
	snprintf(where->state, sizeof where->state, "%.14s %.24s %.24s fd %s",
		 state ? state : "", blk ? blk : "", ign ? ign : "", fd);
	for (char *c = where->state; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
}

/* Runs children children WORKERS at a time; kills one that runs past
 * CHILD_MS. The number reaped. */
static int run(uint64_t seed, int children, int calls)
{
	pid_t pid[WORKERS] = { 0 };
	long since[WORKERS];
	int number[WORKERS];
	bool killed[WORKERS];
	int next = 0, running = 0, reaped = 0, status;

	while (next < children || running) {
		for (int w = 0; w < WORKERS && next < children; w++)
			if (!pid[w]) {
				number[w] = next;
				pid[w] = spawn(seed, next++, calls, trace, &at[w]);
				since[w] = now_ms(), killed[w] = false;
				running++;
			}
		pid_t done = waitpid(-1, &status, WNOHANG);
		for (int w = 0; w < WORKERS; w++) {
			if (pid[w] && pid[w] == done) {
				count_end(number[w], status, killed[w], &at[w]);
				pid[w] = 0, running--, reaped++;
			} else if (pid[w] && !killed[w] && now_ms() - since[w] > CHILD_MS) {
				note_stuck(pid[w], &at[w]);
				kill(pid[w], SIGKILL);
				killed[w] = true;
			}
		}
		if (done <= 0)
			pause_ms(2);
	}
	return reaped;
}

static long procs_now(void)
{
	struct sysinfo si;

	sysinfo(&si);
	return si.procs;
}

/* Waits (10 s at most) for the processes the children left to init to
 * be gone: the count is back to procs. */
static bool settled(long procs)
{
	for (int i = 0; i < 1000 && procs_now() > procs; i++)
		pause_ms(10);
	return procs_now() <= procs;
}

/* The names dir holds, as one order-free sum. */
static uint64_t names_sum(const char *dir)
{
	static char buf[4096];
	uint64_t sum = 0;
	long len;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return 0;
	while ((len = getdents64(fd, buf, sizeof buf)) > 0)
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			uint64_t h = 1469598103934665603ULL;
			for (const char *c = d->d_name; *c; c++)
				h = (h ^ (unsigned char)*c) * 1099511628211ULL;
			sum += h;
			off += d->d_reclen;
		}
	close(fd);
	return sum;
}

/* Undoes setup: the descriptors closed, the pages unmapped, the
 * directories removed with all the children made in them. */
static void cleanup(void)
{
	for (int i = 0; i < nfds; i++)
		close(fds[i]);
	munmap(words, 3 * PG);
	munmap(ro_page, PG);
	munmap(at, PG);
	npool = nfds = 0;
	rm_tree(FAT_DIR);
	rm_tree(TMP_DIR);
}

/* -r: one child's calls, each printed (on a descriptor no pool value
 * names) before it is made. */
static int replay(uint64_t seed, int n, int calls)
{
	int log = fcntl(1, F_DUPFD, 100), status;

	fflush(stdout);
	setup();
	pid_t pid = spawn(seed, n, calls, log, at);
	long since = now_ms();
	bool overran = false;
	while (waitpid(pid, &status, WNOHANG) != pid) {
		if (!overran && now_ms() - since > CHILD_MS) {
			note_stuck(pid, at);
			kill(pid, SIGKILL);
			overran = true;
		}
		pause_ms(2);
	}
	count_end(n, status, overran, at);
	print_ends();
	cleanup();
	return 0;
}

int
main(int argc, char **argv)
{
	verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	bool again = argc > 1 && strcmp(argv[1], "-r") == 0;
	char **opt = argv + 1 + (verbose || again);
	int nopt = argc - 1 - (verbose || again);
	uint64_t seed = nopt > 0 ? strtoull(opt[0], NULL, 0) : 1;
	int children = nopt > 1 ? atoi(opt[1]) : 2000;
	int calls = nopt > 2 ? atoi(opt[2]) : 250;

	if (getenv("SYSFUZZ_TRACE"))
		trace = fcntl(1, F_DUPFD, 100);
	if (getenv("SYSFUZZ_NR"))
		sscanf(getenv("SYSFUZZ_NR"), "%ld-%ld", &lo, &hi);
	if (again)
		return replay(seed, children, nopt > 2 ? calls : 250);
	steady_pages(argv);
	printf("seed %lu: %d children of %d calls, %d at a time\n", (unsigned long)seed,
	       children, calls, WORKERS);
	uint64_t root = names_sum("/"), tmp = names_sum("/tmp");
	long procs = procs_now(), open_fds = count_entries("/proc/self/fd");
	/* a setup and cleanup first, so that the test's own pages (its
	 * stdio, rm_tree's buffer) count in both figures */
	setup();
	cleanup();
	long before = free_pages();

	setup();
	long reaped = run(seed, children, calls);
	if (verbose)
		print_ends();
	check_long("children reaped", reaped, children);
	check_long("the processes they left all gone", settled(procs), 1);
	cleanup();
	check_long("the descriptors closed", count_entries("/proc/self/fd"), open_fds);
	check_long("the test's directories removed",
		   access(FAT_DIR, F_OK) < 0 && access(TMP_DIR, F_OK) < 0, 1);
	check_long("/ and /tmp hold the names they held",
		   names_sum("/") == root && names_sum("/tmp") == tmp, 1);
	long lost = before - free_pages();
	if (verbose || lost)
		printf("pages lost: %ld\n", lost);
	check_long("the free pages back", lost == 0, 1);
	return 0;
}
