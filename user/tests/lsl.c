/*
 * lsl: what `ls -l` shows a new user, run by /bin/sh -c as typed: each
 * type's letter (d - l c b p) and the permission bits with setuid,
 * setgid and sticky (s S t T), "major, minor" in place of a device's
 * size, "name -> target" for a symlink (not followed, but for a path
 * given with a trailing '/'). Files in /tmp get a fixed time; for /dev
 * and /proc the time column (whatever the clock says) is cut out.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shrun.h"
#include "fsutil.h"
#include "syscall.h"

#define D "/tmp/lsl"
#define WHEN 981173106	/* 2001-02-03 04:05:06 UTC */

static char *const sh_env[] = { "PATH=/bin", NULL };

/* Things of every kind tmpfs keeps, all with the time WHEN. */
static void
make_files(void)
{
	static const struct { const char *name; mode_t mode; } files[] = {
		{ D "/file", S_IFREG | 0640 }, { D "/suid", S_IFREG | 04755 },
		{ D "/sgid", S_IFREG | 02640 }, { D "/fifo", S_IFIFO | 0600 },
		{ D "/dir", S_IFDIR | 0755 },	{ D "/sticky", S_IFDIR | 01777 },
		{ D "/stickynx", S_IFDIR | 01770 },
	};
	struct timespec t[2] = { { WHEN, 0 }, { WHEN, 0 } };

	check_long("clear " D, rm_tree(D), 0);
	must("mkdir " D, mkdir(D, 0755));
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		mode_t type = files[i].mode & S_IFMT;
		if (type == S_IFDIR)
			must(files[i].name, mkdir(files[i].name, 0));
		else if (type == S_IFIFO)
			must(files[i].name, syscall4(SYS_mknodat, -100, files[i].name, S_IFIFO, 0));
		else
			write_file(files[i].name, "hello", 5);
		must("chmod", syscall4(SYS_fchmodat, -100, files[i].name, files[i].mode & 07777, 0));
	}
	must("symlink", syscall3(SYS_symlinkat, "file", -100, D "/link"));
	const char *all[] = { D "/file", D "/suid", D "/sgid", D "/fifo", D "/dir", D "/sticky",
			      D "/stickynx", D "/link" };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		must("utimensat", utimensat(AT_FDCWD, all[i], t, AT_SYMLINK_NOFOLLOW));
}

static const struct sh_case cases[] = {
	{ "ls -l " D,
	  "drwxr-xr-x         40 2001-02-03 04:05 dir/\n"
	  "prw-------          0 2001-02-03 04:05 fifo\n"
	  "-rw-r-----          5 2001-02-03 04:05 file\n"
	  "lrwxrwxrwx          4 2001-02-03 04:05 link -> file\n"
	  "-rw-r-S---          5 2001-02-03 04:05 sgid\n"
	  "drwxrwxrwt         40 2001-02-03 04:05 sticky/\n"
	  "drwxrwx--T         40 2001-02-03 04:05 stickynx/\n"
	  "-rwsr-xr-x          5 2001-02-03 04:05 suid\n", 0 },
	{ "ls -l " D "/link", "lrwxrwxrwx          4 2001-02-03 04:05 " D "/link -> file\n", 0 },
	{ "ls " D "/link", "         5 " D "/link\n", 0 },
};

/* Each line of out without its time ("YYYY-MM-DD HH:MM "), which
 * starts after the mode and the size column. */
static void
cut_times(char *out)
{
	enum { TIME_AT = 22, TIME_LEN = 17 };
	char *r = out, *w = out;

	while (*r) {
		char *nl = strchr(r, '\n');
		size_t len = nl ? (size_t)(nl - r + 1) : strlen(r);
		for (size_t i = 0; i < len; i++)
			if (i < TIME_AT || i >= TIME_AT + TIME_LEN || len <= TIME_AT + TIME_LEN)
				*w++ = r[i];
		r += len;
	}
	*w = '\0';
}

/* line's output with the times cut, printed for the .out to hold. */
static void
show(const char *line)
{
	static char out[8192];
	int status = run_sh(sh_env, line, out, sizeof out, NULL);

	cut_times(out);
	printf("$ %s\n%s", line, out);
	check_long("its status", status, 0);
}

/* The root's disk, virtio's vda (254,0) or sifive_u's SD card (179,0):
 * a block device line, its numbers where the size goes. */
static void
root_disk(void)
{
	static char out[512];
	struct kstat st;
	bool vda = kfstatat(AT_FDCWD, "/dev/vda", &st, 0) == 0;
	const char *want = vda ? "brw-rw----   254,   0 " : "brw-rw----   179,   0 ";

	run_sh(sh_env, vda ? "ls -l /dev/vda" : "ls -l /dev/mmcblk0", out, sizeof out, NULL);
	if (strncmp(out, want, strlen(want)) != 0)
		printf("FAIL ls -l of the root's disk: expected \"%s...\", got \"%s\"\n", want, out);
	check_long("ls -l of the root's disk: b, its numbers", strncmp(out, want, strlen(want)), 0);
}

int
main(void)
{
	must("chdir /", chdir("/"));
	make_files();
	run_sh_cases(sh_env, cases, sizeof cases / sizeof cases[0]);
	show("ls -l /dev/null /dev/zero /dev/console");
	root_disk();
	show("ls -l /proc/self/");
	check_long("unlink the link first: rm_tree follows links", unlink(D "/link"), 0);
	check_long("remove " D, rm_tree(D), 0);
	printf("lsl: done\n");
	return 0;
}
