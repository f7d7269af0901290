/*
 * cwdnode: a working directory and an open directory are nodes, not
 * path strings. chdir into /cwdn/a, rename it to /cwdn/b, make a new
 * /cwdn/a: a relative open still finds the file in /cwdn/b, and getcwd
 * says /cwdn/b; the same for a directory descriptor used with openat
 * and fchdir; getcwd after the cwd's parent is renamed; ".." from a
 * renamed cwd. Then statfs and what FAT refuses, as Linux's vfat does
 * (symlinks, hard links, RENAME_EXCHANGE), RENAME_NOREPLACE, long
 * names, and rmdir of the working directory (getcwd: ENOENT).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define MSDOS_SUPER_MAGIC 0x4d44
#define LINUX_AT_FDCWD (-100)	/* for the raw calls */

struct lstatfs {		/* Linux's struct statfs on riscv64 */
	long f_type, f_bsize;
	unsigned long f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	long f_namelen, f_frsize, f_flags, f_spare[4];
};

static void put_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	check_long("create a file", fd >= 0, 1);
	check_long("write it", write(fd, text, strlen(text)), (long)strlen(text));
	close(fd);
}

/* What fd holds (it is read from the start), as a string. */
static const char *contents(int fd)
{
	static char buf[64];
	long n = read(fd, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = 0;
	close(fd);
	return buf;
}

static void check_cwd(const char *what, const char *want)
{
	char buf[256];

	check_str(what, getcwd(buf, sizeof(buf)), want);
}

static void renamed_cwd(void)
{
	check_long("mkdir /cwdn", mkdir("/cwdn", 0755), 0);
	check_long("mkdir /cwdn/a", mkdir("/cwdn/a", 0755), 0);
	put_file("/cwdn/a/x", "in a");
	check_long("chdir /cwdn/a", chdir("/cwdn/a"), 0);
	check_long("rename /cwdn/a /cwdn/b", rename("/cwdn/a", "/cwdn/b"), 0);
	check_long("mkdir a new /cwdn/a", mkdir("/cwdn/a", 0755), 0);
	int fd = open("x", O_RDONLY);
	check_long("open(\"x\") in the renamed cwd", fd >= 0, 1);
	check_str("it is the file moved with it", contents(fd), "in a");
	check_cwd("getcwd after the rename", "/cwdn/b");
	check_errno("open(\"/cwdn/a/x\"): the new a is empty", open("/cwdn/a/x", O_RDONLY), ENOENT);
	struct stat st;
	check_long("stat(\"../a\") from the renamed cwd", stat("../a", &st), 0);
	check_long("../a is the new directory", S_ISDIR(st.st_mode), 1);
}

static void renamed_dirfd(void)
{
	int dir = open("/cwdn/b", O_RDONLY | O_DIRECTORY);

	check_long("open /cwdn/b as a directory", dir >= 0, 1);
	check_long("chdir /", chdir("/"), 0);
	check_long("rename /cwdn/b /cwdn/c", rename("/cwdn/b", "/cwdn/c"), 0);
	check_long("mkdir a new /cwdn/b", mkdir("/cwdn/b", 0755), 0);
	int fd = openat(dir, "x", O_RDONLY);
	check_long("openat(dirfd, \"x\") after the rename", fd >= 0, 1);
	check_str("it is the file in /cwdn/c", contents(fd), "in a");
	check_long("fchdir(dirfd)", sysret(syscall1(SYS_fchdir, dir)), 0);
	check_cwd("getcwd after fchdir", "/cwdn/c");
	close(dir);
}

static void renamed_parent(void)
{
	check_long("chdir /", chdir("/"), 0);
	check_long("chdir /cwdn/c", chdir("/cwdn/c"), 0);
	check_long("rename /cwdn /cwdn2", rename("/cwdn", "/cwdn2"), 0);
	check_cwd("getcwd after the parent's rename", "/cwdn2/c");
	check_long("rename it back", rename("/cwdn2", "/cwdn"), 0);
	check_cwd("getcwd after renaming it back", "/cwdn/c");
}

/* What Linux's vfat refuses (on Linux's own file system, run by
 * run-host.sh, they succeed: cwdnode.linux.out). */
static void fat_refuses(void)
{
	struct lstatfs sf;

	check_long("statfs(\"/\")", sysret(syscall2(SYS_statfs, (long)"/", (long)&sf)), 0);
	if (sf.f_type != MSDOS_SUPER_MAGIC) {
		printf("the root is not vfat: its refusals are not checked\n");
		return;
	}
	check_long("some blocks are free, not all", sf.f_bfree > 0 && sf.f_bfree < sf.f_blocks, 1);
	check_long("f_namelen", sf.f_namelen, 1530);
	check_errno("symlink on vfat", sysret(syscall3(SYS_symlinkat, (long)"x",
			LINUX_AT_FDCWD, (long)"/cwdn/l")), EPERM);
	check_errno("link on vfat", sysret(syscall5(SYS_linkat, LINUX_AT_FDCWD, (long)"/cwdn/c/x",
			LINUX_AT_FDCWD, (long)"/cwdn/l", 0)), EPERM);
	check_errno("RENAME_EXCHANGE on vfat", renameat2(AT_FDCWD, "/cwdn/a", AT_FDCWD,
			"/cwdn/b", 2), EINVAL);
}

static void names(void)
{
	char name[300];
	char buf[8];

	check_errno("readlink of a file", readlink("/cwdn/c/x", buf, sizeof(buf)), EINVAL);
	check_errno("RENAME_NOREPLACE over a directory", renameat2(AT_FDCWD, "/cwdn/a",
			AT_FDCWD, "/cwdn/b", 1), EEXIST);
	check_long("RENAME_NOREPLACE to a new name", renameat2(AT_FDCWD, "/cwdn/a", AT_FDCWD,
			"/cwdn/d", 1), 0);
	memset(name, 'n', sizeof(name));
	memcpy(name, "/cwdn/", 6);
	name[6 + 256] = 0;
	check_errno("open of a 256-byte name", open(name, O_RDONLY), ENAMETOOLONG);
	check_errno("getcwd into 3 bytes", getcwd(buf, 3) ? 0 : -1, ERANGE);
}

static void removed_cwd(void)
{
	char buf[64];

	check_long("mkdir /cwdn/gone", mkdir("/cwdn/gone", 0755), 0);
	check_long("chdir into it", chdir("/cwdn/gone"), 0);
	check_long("rmdir the working directory", rmdir("/cwdn/gone"), 0);
	check_errno("getcwd of a removed directory", getcwd(buf, sizeof(buf)) ? 0 : -1, ENOENT);
	check_errno("open(\"x\", O_CREAT) in it", open("x", O_WRONLY | O_CREAT, 0644), ENOENT);
	check_long("chdir /", chdir("/"), 0);
}

static void clean_up(void)
{
	check_long("unlink /cwdn/c/x", unlink("/cwdn/c/x"), 0);
	check_long("rmdir /cwdn/c", rmdir("/cwdn/c"), 0);
	check_long("rmdir /cwdn/b", rmdir("/cwdn/b"), 0);
	check_long("rmdir /cwdn/d", rmdir("/cwdn/d"), 0);
	check_long("rmdir /cwdn", rmdir("/cwdn"), 0);
}

int main(void)
{
	renamed_cwd();
	renamed_dirfd();
	renamed_parent();
	fat_refuses();
	names();
	removed_cwd();
	clean_up();
	printf("cwdnode: done\n");
	return 0;
}
