/*
 * vfsstress: eight processes at once (on four harts), each with a seed
 * of its own, in shared directories on FAT (/vfsstress) and on tmpfs
 * (/tmp/vfsstress): they create and rewrite files of known contents,
 * rename them between two directories, try renames and links across
 * the volumes (EXDEV), append to files kept open while they are moved,
 * link and symlink on tmpfs, unlink, make and remove directories, move
 * their own directory (to new parents too) while the others chdir into
 * it, rename a shared directory while the others make files in it by
 * relative names, move two directories into each other at once (never
 * a loop), list the shared directories while they change, read the
 * others' files while they are renamed or removed, and stat, lstat and
 * readlink paths that come and go. Every change a process makes to
 * what survives it goes to the parent as a record on a pipe;
 * afterwards the parent checks every file the records leave against
 * the disk and the memory (every byte right, nothing lost, nothing
 * duplicated, nothing else), removes it all and finds the kernel's
 * free pages where they were. A freed node reached, a lost or leaked
 * file or page shows; fsck.fat -n (the grader) checks the FAT image.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

#define FAT "/vfsstress"
#define TMP "/tmp/vfsstress"
#define WORKERS 8
#define WALKERS 2	/* killed and replaced as the workers go */
#define STEPS 600
#define SLOTS 10	/* files each worker keeps on each volume */
#define MAXLEN 9000
#define AT (-100)	/* Linux's AT_FDCWD, for the raw calls */

static const char *const roots[2] = { FAT, TMP };

/* Where one file of a worker is: in a/ or b/ (or nowhere), with what. */
enum { GONE, IN_A, IN_B };
struct slot {
	unsigned char where;
	unsigned seed, len;
};

/* A change a worker made, as sent to the parent (under PIPE_BUF: whole). */
struct rec {
	unsigned char k, vol, slot, where;
	unsigned seed, len;
};

static int logfd;	/* the pipe's write end, in the workers */

static long x_link(const char *a, const char *b) { return as_libc(syscall5(SYS_linkat, AT, a, AT, b, 0)); }
static long x_symlink(const char *t, const char *p) { return as_libc(syscall3(SYS_symlinkat, t, AT, p)); }

static unsigned
next(unsigned *rng)
{
	*rng = *rng * 1103515245u + 12345u;
	return *rng >> 8;
}

static void
slot_path(char *out, size_t n, int vol, int where, int k, int s)
{
	snprintf(out, n, "%s/%s/w%d_%d", roots[vol], where == IN_B ? "b" : "a", k, s);
}

/* What the worker said a slot now holds: the parent's record of it. */
static int
tell(int k, int vol, int s, const struct slot *sl)
{
	struct rec r = { k, vol, s, sl->where, sl->seed, sl->len };

	return write(logfd, &r, sizeof r) == sizeof r ? 0 : -1;
}

/* (Re)writes slot s with new contents where it is, or in a/ if gone. */
static int
put(int k, int vol, int s, struct slot *sl, unsigned *rng)
{
	static unsigned char buf[MAXLEN];
	char path[96];

	sl->where = sl->where == GONE ? IN_A : sl->where;
	sl->seed = next(rng) & 0xffff;
	sl->len = 1 + next(rng) % MAXLEN;
	slot_path(path, sizeof path, vol, sl->where, k, s);
	fill_pattern(buf, sl->len, 0, sl->seed);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	long n = write_all(fd, buf, sl->len);
	if (close(fd) < 0 || n != (long)sl->len)
		return -1;
	return tell(k, vol, s, sl);
}

/* Moves slot s to the other directory. */
static int
move(int k, int vol, int s, struct slot *sl)
{
	char from[96], to[96];
	int where = sl->where == IN_A ? IN_B : IN_A;

	slot_path(from, sizeof from, vol, sl->where, k, s);
	slot_path(to, sizeof to, vol, where, k, s);
	if (rename(from, to) < 0)
		return -1;
	sl->where = where;
	return tell(k, vol, s, sl);
}

/* Appends to slot s through a descriptor kept open while the file is
 * moved to the other directory (its entry must follow it there). */
static int
grow(int k, int vol, int s, struct slot *sl, unsigned *rng)
{
	static unsigned char buf[MAXLEN];
	char from[96], to[96];
	unsigned add = (1 + next(rng) % 2000) % ((MAXLEN - sl->len) / 2 + 1);
	int where = sl->where == IN_A ? IN_B : IN_A;

	slot_path(from, sizeof from, vol, sl->where, k, s);
	slot_path(to, sizeof to, vol, where, k, s);
	int fd = open(from, O_WRONLY | O_APPEND);
	if (fd < 0)
		return -1;
	fill_pattern(buf, 2 * add, sl->len, sl->seed);
	long n = write_all(fd, buf, add);
	int moved = rename(from, to);
	n += write_all(fd, buf + add, add);
	if (close(fd) < 0 || n != 2 * (long)add || moved < 0)
		return -1;
	sl->len += 2 * add;
	sl->where = where;
	return tell(k, vol, s, sl);
}

/* Removes slot s; on FAT a file open elsewhere stays (EBUSY). */
static int
drop(int k, int vol, int s, struct slot *sl)
{
	char path[96];

	slot_path(path, sizeof path, vol, sl->where, k, s);
	if (unlink(path) < 0)
		return vol == 0 && errno == EBUSY ? 0 : -1;
	sl->where = GONE;
	return tell(k, vol, s, sl);
}

/* Slot s reads back as written; a gone one is in neither directory. */
static int
verify(int k, int vol, int s, const struct slot *sl)
{
	static unsigned char buf[MAXLEN + 1];
	char path[96];
	struct stat st;

	if (sl->where == GONE) {
		slot_path(path, sizeof path, vol, IN_A, k, s);
		if (stat(path, &st) == 0 || errno != ENOENT)
			return -1;
		slot_path(path, sizeof path, vol, IN_B, k, s);
		return stat(path, &st) == 0 || errno != ENOENT ? -1 : 0;
	}
	slot_path(path, sizeof path, vol, sl->where, k, s);
	if (read_file(path, buf, sizeof buf) != (long)sl->len)
		return -1;
	return pattern_mismatch(buf, sl->len, 0, sl->seed) == -1 ? 0 : -1;
}

/* Across volumes: EXDEV for rename and link, whatever else holds. */
static int
cross(int k, int vol, int s, const struct slot *sl)
{
	char from[96], to[96];

	slot_path(from, sizeof from, vol, sl->where, k, s);
	slot_path(to, sizeof to, !vol, IN_A, k, s + SLOTS);
	if (rename(from, to) == 0 || errno != EXDEV)
		return -1;
	return x_link(from, to) == 0 || errno != EXDEV ? -1 : 0;
}

/* tmpfs: a hard link (two links, the same bytes) and a relative
 * symlink (readlink, stat through it), both gone again; FAT: EPERM. */
static int
links(int k, int vol, int s, const struct slot *sl)
{
	static unsigned char buf[64];
	char path[96], ln[96], target[32], back[32];
	struct stat st;

	slot_path(path, sizeof path, vol, sl->where, k, s);
	snprintf(ln, sizeof ln, "%s/l/w%d_%d", roots[vol], k, s);
	if (vol == 0)
		return x_link(path, ln) == 0 || errno != EPERM ? -1 : 0;
	if (x_link(path, ln) < 0 || stat(ln, &st) < 0 || st.st_nlink != 2 ||
	    (long)st.st_size != (long)sl->len || unlink(ln) < 0)
		return -1;
	snprintf(target, sizeof target, "../%s/w%d_%d", sl->where == IN_B ? "b" : "a", k, s);
	snprintf(ln, sizeof ln, "%s/s/w%d_%d", roots[vol], k, s);
	if (x_symlink(target, ln) < 0)
		return -1;
	long n = readlink(ln, back, sizeof back - 1);
	if (n != (long)strlen(target) || memcmp(back, target, n) != 0)
		return -1;
	if (read_file(ln, buf, sizeof buf) != (long)(sl->len < sizeof buf ? sl->len : sizeof buf))
		return -1;
	return unlink(ln);
}

/* Where worker k's own directory may be: d<k>, e<k>, p/d<k>. */
static void
own_dir(char *out, size_t n, int vol, int k, int at)
{
	snprintf(out, n, "%s/%s%d", roots[vol], at == 0 ? "d" : at == 1 ? "e" : "p/d", k);
}

/* The worker's own directory moved on (d to e, e into p/, back to d:
 * a directory given a new parent too) while the others chdir into it,
 * and its file still there; or r/w<k>, made and removed. */
static int
churn(int k, int vol, unsigned *rng)
{
	char d[64], e[64], x[8];
	struct stat st;
	int at = 0;

	if (next(rng) % 2) {
		own_dir(d, sizeof d, vol, k, at);
		while (stat(d, &st) < 0 && at < 2)
			own_dir(d, sizeof d, vol, k, ++at);
		own_dir(e, sizeof e, vol, k, (at + 1) % 3);
		if (rename(d, e) < 0)
			return -1;
		strcat(e, "/x");
		return read_file(e, x, sizeof x) == 1 && x[0] == 'x' ? 0 : -1;
	}
	snprintf(d, sizeof d, "%s/r/w%d", roots[vol], k);
	if (mkdir(d, 0755) == 0)
		return 0;
	return errno == EEXIST ? rmdir(d) : -1;
}

/* The shared directory m0 (or m1, whoever renamed it last): renamed by
 * any worker, ENOENT for all but one at a time; or entered, and a file
 * of the worker's own made, read and removed there by relative names
 * while the others move it. */
static int
shared(int k, int vol, unsigned *rng)
{
	char m0[64], m1[64], name[16], back[16];

	snprintf(m0, sizeof m0, "%s/m0", roots[vol]);
	snprintf(m1, sizeof m1, "%s/m1", roots[vol]);
	if (next(rng) % 2) {
		int r = next(rng) % 2 ? rename(m0, m1) : rename(m1, m0);
		return r < 0 && errno != ENOENT ? -1 : 0;
	}
	if (chdir(m0) < 0 && chdir(m1) < 0)
		return 0;	/* renamed between the two */
	snprintf(name, sizeof name, "w%d", k);
	write_file(name, name, strlen(name) + 1);
	long n = read_file(name, back, sizeof back);
	if (n != (long)strlen(name) + 1 || strcmp(back, name) != 0 || unlink(name) < 0)
		return -1;
	return chdir("/");
}

/* q0 and q1 moved into each other and out again by all the workers at
 * once: the one moved into its own subtree (EINVAL, or ENOENT once
 * moved) must never make a loop that leaves both unreachable. */
static int
nest(int vol, unsigned *rng)
{
	static const char *const moves[4][2] = {
		{ "q0", "q1/q0" }, { "q1/q0", "q0" }, { "q1", "q0/q1" }, { "q0/q1", "q1" },
	};
	char from[64], to[64];
	int m = next(rng) % 4;

	snprintf(from, sizeof from, "%s/%s", roots[vol], moves[m][0]);
	snprintf(to, sizeof to, "%s/%s", roots[vol], moves[m][1]);
	if (rename(from, to) < 0 && errno != ENOENT && errno != EINVAL)
		return -1;
	return 0;
}

/* Another worker's things, used while it changes them: any answer
 * goes (what is read is the owner's to check); a freed node reached
 * shows as a crash, a hang or a leak. */
static void
meddle(int vol, unsigned *rng)
{
	static unsigned char buf[MAXLEN];
	static char dents[2048];
	char path[96], cwd[128];
	struct stat st;
	int j = next(rng) % WORKERS, s = next(rng) % SLOTS;

	slot_path(path, sizeof path, vol, next(rng) % 2 ? IN_A : IN_B, j, s);
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		while (read(fd, buf, 512) > 0)
			sched_yield();	/* while it is renamed, unlinked, rewritten */
		close(fd);
	}
	fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW);
	snprintf(path, sizeof path, "%s/s/w%d_%d", roots[vol], j, s);
	readlink(path, cwd, sizeof cwd);
	stat(path, &st);
	own_dir(path, sizeof path, vol, j, next(rng) % 3);
	if (chdir(path) == 0) {
		stat("x", &st);
		getcwd(cwd, sizeof cwd);
		stat("..", &st);
		chdir("/");
	}
	snprintf(path, sizeof path, "%s/r/w%d", roots[vol], j);
	if (chdir(path) == 0) {
		if ((fd = open(".", O_RDONLY | O_DIRECTORY)) >= 0) {
			while (getdents64(fd, dents, sizeof dents) > 0)
				;
			close(fd);
		}
		getcwd(cwd, sizeof cwd);
		chdir("/");
	}
}

/* A shared directory listed while the others change it: every name
 * one of the workers' own. */
static int
list(int vol, int where)
{
	static char dents[1024];
	char dir[64];
	long len, bad = 0;

	snprintf(dir, sizeof dir, "%s/%s", roots[vol], where == IN_B ? "b" : "a");
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	while ((len = getdents64(fd, dents, sizeof dents)) > 0)
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			int k, s;

			off += d->d_reclen;
			if (d->d_name[0] != '.' && (sscanf(d->d_name, "w%d_%d", &k, &s) != 2 ||
						    k >= WORKERS || s >= SLOTS))
				bad++;
		}
	close(fd);
	return len < 0 || bad ? -1 : 0;
}

/* One step of worker k: its seed chooses what, where, which. */
static int
step(int k, struct slot sl[2][SLOTS], unsigned *rng)
{
	int vol = next(rng) % 2, s = next(rng) % SLOTS;
	struct slot *p = &sl[vol][s];
	int op = next(rng) % 13;

	if (p->where == GONE && op <= 6)
		op = 0;	/* the file-changing ops want a file */
	switch (op) {
	case 0: return put(k, vol, s, p, rng);
	case 1: return move(k, vol, s, p);
	case 2: return drop(k, vol, s, p);
	case 3: return cross(k, vol, s, p);
	case 4: return links(k, vol, s, p);
	case 5: return verify(k, vol, s, p);
	case 6: return grow(k, vol, s, p, rng);
	case 7: return churn(k, vol, rng);
	case 8: return list(vol, next(rng) % 2 ? IN_A : IN_B);
	case 9: return shared(k, vol, rng);
	case 10: return nest(vol, rng);
	default: meddle(vol, rng); return 0;
	}
}

/* The worker: a failed step's number (and what failed) is its exit. */
static int
worker(int k, unsigned seed)
{
	static struct slot sl[2][SLOTS];
	unsigned rng = seed;
	char path[64];

	for (int vol = 0; vol < 2; vol++) {
		snprintf(path, sizeof path, "%s/d%d", roots[vol], k);
		if (mkdir(path, 0755) < 0)
			return 1;
		snprintf(path, sizeof path, "%s/d%d/x", roots[vol], k);
		write_file(path, "x", 1);
	}
	for (int i = 0; i < STEPS; i++)
		if (step(k, sl, &rng) < 0) {
			printf("FAIL worker %d (seed %u) step %d: %s\n", k, seed, i, strerror(errno));
			return 2;
		}
	for (int vol = 0; vol < 2; vol++) {
		for (int s = 0; s < SLOTS; s++)
			if (verify(k, vol, s, &sl[vol][s]) < 0) {
				printf("FAIL worker %d: its slot %d on %s\n", k, s, roots[vol]);
				return 3;
			}
		snprintf(path, sizeof path, "%s/r/w%d", roots[vol], k);
		if (rmdir(path) < 0 && errno != ENOENT)
			return 4;
	}
	return 0;
}

/* Each worker's own directory in one place of three, holding x alone;
 * p/ holding nothing else. The number of them wrong. */
static long
own_dirs_wrong(int vol)
{
	char path[64];
	long wrong = 0, in_p = 0;

	for (int k = 0; k < WORKERS; k++) {
		int places = 0;
		for (int at = 0; at < 3; at++) {
			own_dir(path, sizeof path, vol, k, at);
			long n = count_entries(path);
			places += n >= 0;
			in_p += n >= 0 && at == 2;
			wrong += n >= 0 && n != 1;
		}
		wrong += places != 1;
	}
	snprintf(path, sizeof path, "%s/p", roots[vol]);
	return wrong + (count_entries(path) != in_p);
}

/* q0 and q1 both reachable, one at the root at least: 0, or 1. */
static long
nest_wrong(int vol)
{
	static const char *const places[4] = { "q0", "q1/q0", "q1", "q0/q1" };
	char path[64];
	long held = 0, inside = 0, at[4];

	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", roots[vol], places[i]);
		at[i] = count_entries(path);
		held += at[i] > 0 ? at[i] : 0;
		inside += at[i] >= 0 && i % 2;
	}
	/* each in one place; the entries in them are the one inside */
	return (at[0] >= 0) + (at[1] >= 0) != 1 || (at[2] >= 0) + (at[3] >= 0) != 1 ||
	       held != inside;
}

/* Everything the records leave, and nothing more, on both volumes. */
static void
check_all(struct slot want[WORKERS][2][SLOTS])
{
	long wrong = 0, in[2][3] = { { 0 } };

	for (int k = 0; k < WORKERS; k++)
		for (int vol = 0; vol < 2; vol++)
			for (int s = 0; s < SLOTS; s++) {
				wrong += verify(k, vol, s, &want[k][vol][s]) < 0;
				in[vol][want[k][vol][s].where]++;
			}
	check_long("files wrong, missing or left behind", wrong, 0);
	for (int vol = 0; vol < 2; vol++) {
		char dir[64];
		long extra = 0;
		static const char *const dirs[] = { "a", "b", "l", "s", "r" };

		for (int d = 0; d < 5; d++) {
			snprintf(dir, sizeof dir, "%s/%s", roots[vol], dirs[d]);
			extra += count_entries(dir) - (d < 2 ? in[vol][d + 1] : 0);
		}
		extra += own_dirs_wrong(vol) + nest_wrong(vol);
		snprintf(dir, sizeof dir, "%s/m0", roots[vol]);
		long m0 = count_entries(dir);
		snprintf(dir, sizeof dir, "%s/m1", roots[vol]);
		extra += m0 + count_entries(dir) != -1;	/* one of them, empty */
		snprintf(dir, sizeof dir, "%s: entries not in the records", roots[vol]);
		check_long(dir, extra, 0);
	}
}

static void
make_dirs(void)
{
	static const char *const dirs[] = { "", "/a", "/b", "/l", "/s", "/r", "/m0", "/p", "/q0", "/q1" };
	char path[64];

	for (int vol = 0; vol < 2; vol++)
		for (int d = 0; d < 10; d++) {
			snprintf(path, sizeof path, "%s%s", roots[vol], dirs[d]);
			must(path, mkdir(path, 0755));
		}
}

/* A process that only walks, reads and lists until it is killed
 * (SIGKILL, anywhere in a call): what it holds must all come back. */
static pid_t
walker(unsigned seed)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	for (unsigned rng = seed;;) {
		int vol = next(&rng) % 2;
		meddle(vol, &rng);
		list(vol, next(&rng) % 2 ? IN_A : IN_B);
	}
}

/* The workers at once; the parent reads their records as they come,
 * and kills a walker and starts another every 64 records. */
static void
round_of(const char *what, unsigned seed)
{
	static struct slot want[WORKERS][2][SLOTS];
	pid_t pids[WORKERS], walkers[WALKERS];
	struct rec r;
	char line[64];
	int p[2], recs = 0;

	memset(want, 0, sizeof want);
	make_dirs();
	must("pipe", pipe(p));
	fflush(stdout);
	for (int k = 0; k < WORKERS; k++)
		if ((pids[k] = fork()) == 0) {
			close(p[0]);
			logfd = p[1];
			_exit(worker(k, seed + k * 7919));
		}
	close(p[1]);
	for (int w = 0; w < WALKERS; w++)
		walkers[w] = walker(seed + w);
	while (read(p[0], &r, sizeof r) == sizeof r) {
		want[r.k][r.vol][r.slot] = (struct slot){ r.where, r.seed, r.len };
		if (++recs % 64 == 0) {
			int w = recs / 64 % WALKERS;
			kill(walkers[w], SIGKILL);
			wait_status(walkers[w]);
			walkers[w] = walker(seed + recs);
		}
	}
	close(p[0]);
	for (int w = 0; w < WALKERS; w++) {
		kill(walkers[w], SIGKILL);
		wait_status(walkers[w]);
	}
	int bad = 0;
	for (int k = 0; k < WORKERS; k++)
		bad += wait_status(pids[k]) != 0;
	snprintf(line, sizeof line, "%s: workers that failed", what);
	check_long(line, bad, 0);
	check_all(want);
	check_long("remove it all from FAT", rm_tree(FAT), 0);
	check_long("remove it all from tmpfs", rm_tree(TMP), 0);
}

/* A warm-up round first: the caches a first round fills (FAT's nodes
 * and blocks, the harts' page caches) are not the layer's to give back. */
int
main(int argc, char **argv)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);	/* a new seed each run, told on a failure */
	unsigned seed = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : (unsigned)t.tv_nsec;

	steady_pages(argv);
	rm_tree(FAT);
	rm_tree(TMP);
	round_of("warm-up", seed);
	long before = free_pages();
	round_of("measured", seed + 1000);
	check_long("free pages after minus before", free_pages() - before, 0);
	printf("vfsstress: done\n");
	return 0;
}
