/*
 * pathbad: bad paths and names, as Linux answers them, on FAT (the
 * root) and on tmpfs (/tmp): a 255-byte name works and 256 is
 * ENAMETOOLONG; a path of PATH_MAX - 1 bytes works and PATH_MAX is
 * ENAMETOOLONG; ENOTDIR through a file and for a file's trailing
 * slash; EISDIR for writing a directory; 40 symlinks followed and the
 * 41st ELOOP (in one walk, whatever part of the path they are in); a
 * symlink's target of PATH_MAX - 1 bytes; symlinks across mount
 * points; EXDEV across volumes; EBUSY
 * for a busy mount and for rmdir of a mount point; "." and ".." as the
 * last component; the empty path (and AT_EMPTY_PATH); and EFAULT for a
 * bad pointer in every path argument. The same binary's output under
 * qemu-riscv64 (the linux suite) is Linux's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include <sys/mman.h>
#include "syscall.h"

#define F "/pathbad.d"		/* on FAT (our kernel) */
#define T "/tmp/pathbad.d"	/* on tmpfs */
#define PATHMAX 4096

/* Linux's numbers, for the raw calls. */
#define AT (-100)
#define L_WRONLY 01
#define L_RDWR 02
#define L_CREAT 0100
#define L_DIRECTORY 0200000
#define L_NOFOLLOW 0400000
#define L_REMOVEDIR 0x200
#define L_EMPTY_PATH 0x1000

static struct kstat kst;

static long
x_open(const char *p, long flags)
{
	long fd = as_libc(syscall4(SYS_openat, AT, p, flags, 0644));

	if (fd >= 0)
		close(fd);
	return fd >= 0 ? 0 : fd;
}

static long x_stat(const char *p) { return as_libc(syscall4(SYS_newfstatat, AT, p, &kst, 0)); }
static long x_lstat(const char *p) { return as_libc(syscall4(SYS_newfstatat, AT, p, &kst, 0x100)); }
static long x_mkdir(const char *p) { return as_libc(syscall3(SYS_mkdirat, AT, p, 0755)); }
static long x_unlink(const char *p) { return as_libc(syscall3(SYS_unlinkat, AT, p, 0)); }
static long x_rmdir(const char *p) { return as_libc(syscall3(SYS_unlinkat, AT, p, L_REMOVEDIR)); }
static long x_rename(const char *a, const char *b) { return as_libc(syscall5(SYS_renameat2, AT, a, AT, b, 0)); }
static long x_link(const char *a, const char *b) { return as_libc(syscall5(SYS_linkat, AT, a, AT, b, 0)); }
static long x_symlink(const char *t, const char *p) { return as_libc(syscall3(SYS_symlinkat, t, AT, p)); }
static long x_chdir(const char *p) { return as_libc(syscall1(SYS_chdir, p)); }
static long x_umount(const char *p) { return as_libc(syscall2(SYS_umount2, p, 0)); }

static long
x_readlink(const char *p, char *buf, long n)
{
	return as_libc(syscall4(SYS_readlinkat, AT, p, buf, n));
}

static long
x_mount(const char *src, const char *dir, const char *type)
{
	return as_libc(syscall5(SYS_mount, src, dir, type, 0, 0));
}

static void
label(char *out, size_t n, const char *what, const char *dir)
{
	snprintf(out, n, "%s: %s", strcmp(dir, F) == 0 ? "FAT" : "tmpfs", what);
}

/* A name of 255 bytes is made, found and removed; 256 is refused. */
static void
name_lengths(const char *dir)
{
	static char path[600];
	char what[64];
	size_t base = strlen(dir) + 1;

	snprintf(path, sizeof path, "%s/", dir);
	memset(path + base, 'n', 255);
	path[base + 255] = 0;
	label(what, sizeof what, "create a 255-byte name", dir);
	check_long(what, x_open(path, L_CREAT | L_WRONLY), 0);
	label(what, sizeof what, "stat it", dir);
	check_long(what, x_stat(path), 0);
	label(what, sizeof what, "unlink it", dir);
	check_long(what, x_unlink(path), 0);
	label(what, sizeof what, "mkdir of 255 bytes", dir);
	check_long(what, x_mkdir(path), 0);
	label(what, sizeof what, "rmdir it", dir);
	check_long(what, x_rmdir(path), 0);
	strcat(path, "n");
	label(what, sizeof what, "create a 256-byte name", dir);
	check_errno(what, x_open(path, L_CREAT | L_WRONLY), ENAMETOOLONG);
	label(what, sizeof what, "stat a 256-byte name", dir);
	check_errno(what, x_stat(path), ENAMETOOLONG);
	label(what, sizeof what, "mkdir of 256 bytes", dir);
	check_errno(what, x_mkdir(path), ENAMETOOLONG);
	label(what, sizeof what, "a 256-byte directory part", dir);
	strcat(path, "/x");
	check_errno(what, x_stat(path), ENAMETOOLONG);
}

/* dir, then slashes, then "/f": len bytes in all. */
static char *
long_path(const char *dir, size_t len)
{
	static char path[PATHMAX + 8];
	size_t n = strlen(dir);

	memcpy(path, dir, n);
	memset(path + n, '/', len - n - 1);
	path[len - 1] = 'f';
	path[len] = 0;
	return path;
}

/* PATH_MAX counts the NUL: 4095 bytes are a path, 4096 are not. */
static void
path_lengths(const char *dir)
{
	char what[64], f[64];

	snprintf(f, sizeof f, "%s/f", dir);
	write_file(f, "f", 1);
	/* the kernel copies a short path onto its stack and a longer one
	 * into a page: every length across that seam is a path */
	long failed = 0;
	for (size_t len = 160; len <= 260; len++)
		failed += x_stat(long_path(dir, len)) != 0;
	label(what, sizeof what, "paths of 160 to 260 bytes failed", dir);
	check_long(what, failed, 0);
	label(what, sizeof what, "a path of PATH_MAX - 1 bytes", dir);
	check_long(what, x_stat(long_path(dir, PATHMAX - 1)), 0);
	label(what, sizeof what, "a path of PATH_MAX bytes", dir);
	check_errno(what, x_stat(long_path(dir, PATHMAX)), ENAMETOOLONG);
	label(what, sizeof what, "open of PATH_MAX bytes", dir);
	check_errno(what, x_open(long_path(dir, PATHMAX), 0), ENAMETOOLONG);
}

/* A file where a directory is wanted, a directory where a file is. */
static void
wrong_types(const char *dir)
{
	char what[64], f[64], p[80];

	snprintf(f, sizeof f, "%s/f", dir);
	snprintf(p, sizeof p, "%s/x", f);
	label(what, sizeof what, "stat through a file", dir);
	check_errno(what, x_stat(p), ENOTDIR);
	label(what, sizeof what, "create through a file", dir);
	check_errno(what, x_open(p, L_CREAT | L_WRONLY), ENOTDIR);
	label(what, sizeof what, "mkdir through a file", dir);
	check_errno(what, x_mkdir(p), ENOTDIR);
	snprintf(p, sizeof p, "%s/", f);
	label(what, sizeof what, "open a file with a trailing slash", dir);
	check_errno(what, x_open(p, 0), ENOTDIR);
	label(what, sizeof what, "stat a file with a trailing slash", dir);
	check_errno(what, x_stat(p), ENOTDIR);
	label(what, sizeof what, "unlink a file with a trailing slash", dir);
	check_errno(what, x_unlink(p), ENOTDIR);
	label(what, sizeof what, "rename a file with a trailing slash", dir);
	check_errno(what, x_rename(p, f), ENOTDIR);
	label(what, sizeof what, "rename a file to a name with a slash", dir);
	snprintf(p, sizeof p, "%s/g/", dir);
	check_errno(what, x_rename(f, p), ENOTDIR);
	label(what, sizeof what, "O_CREAT of a name with a slash", dir);
	check_errno(what, x_open(p, L_CREAT | L_WRONLY), EISDIR);
	label(what, sizeof what, "O_DIRECTORY of a file", dir);
	check_errno(what, x_open(f, L_DIRECTORY), ENOTDIR);
	label(what, sizeof what, "rmdir of a file", dir);
	check_errno(what, x_rmdir(f), ENOTDIR);
	label(what, sizeof what, "open a directory to write", dir);
	check_errno(what, x_open(dir, L_WRONLY), EISDIR);
	label(what, sizeof what, "open a directory to read and write", dir);
	check_errno(what, x_open(dir, L_RDWR), EISDIR);
	label(what, sizeof what, "O_CREAT of a directory", dir);
	check_errno(what, x_open(dir, L_CREAT | L_WRONLY), EISDIR);
	label(what, sizeof what, "unlink of a directory", dir);
	check_errno(what, x_unlink(dir), EISDIR);
}

/* "." and ".." last: what each call says of them. */
static void
dots(const char *dir)
{
	char what[64], p[80], q[80], f[64];

	snprintf(f, sizeof f, "%s/f", dir);
	snprintf(p, sizeof p, "%s/.", dir);
	snprintf(q, sizeof q, "%s/..", dir);
	label(what, sizeof what, "rmdir \"dir/.\"", dir);
	check_errno(what, x_rmdir(p), EINVAL);
	label(what, sizeof what, "rmdir \"dir/..\"", dir);
	check_errno(what, x_rmdir(q), ENOTEMPTY);
	label(what, sizeof what, "unlink \"dir/.\"", dir);
	check_errno(what, x_unlink(p), EISDIR);
	label(what, sizeof what, "unlink \"dir/..\"", dir);
	check_errno(what, x_unlink(q), EISDIR);
	label(what, sizeof what, "mkdir \"dir/.\"", dir);
	check_errno(what, x_mkdir(p), EEXIST);
	label(what, sizeof what, "rename \"dir/.\"", dir);
	check_errno(what, x_rename(p, f), EBUSY);
	label(what, sizeof what, "rename a file to \"dir/..\"", dir);
	check_errno(what, x_rename(f, q), EBUSY);
	label(what, sizeof what, "stat \"f/.\"", dir);
	snprintf(p, sizeof p, "%s/.", f);
	check_errno(what, x_stat(p), ENOTDIR);
}

/* The empty path is ENOENT everywhere; with AT_EMPTY_PATH, the fd. */
static void
empty(void)
{
	char buf[8];

	check_errno("open \"\"", x_open("", 0), ENOENT);
	check_errno("stat \"\"", x_stat(""), ENOENT);
	check_errno("mkdir \"\"", x_mkdir(""), ENOENT);
	check_errno("unlink \"\"", x_unlink(""), ENOENT);
	check_errno("rename \"\" to a name", x_rename("", T "/e"), ENOENT);
	check_errno("rename a file to \"\"", x_rename(T "/f", ""), ENOENT);
	check_errno("chdir \"\"", x_chdir(""), ENOENT);
	check_errno("readlink \"\"", x_readlink("", buf, sizeof buf), ENOENT);
	check_errno("symlink to \"\"", x_symlink("", T "/e"), ENOENT);
	check_errno("symlink at \"\"", x_symlink("x", ""), ENOENT);
	int fd = open(T "/f", O_RDONLY);
	check_long("fstatat(fd, \"\", AT_EMPTY_PATH)",
		   as_libc(syscall4(SYS_newfstatat, fd, "", &kst, L_EMPTY_PATH)), 0);
	check_long("its size", kst.st_size, 1);
	check_errno("fstatat(fd, \"\", 0)", as_libc(syscall4(SYS_newfstatat, fd, "", &kst, 0)), ENOENT);
	close(fd);
}

/* A chain l0 -> f, l1 -> l0, ... l40 -> l39: l39 is 40 links away
 * from f, l40 41. */
static void
symlink_chain(void)
{
	char p[64], t[64];

	for (int i = 0; i <= 40; i++) {
		snprintf(p, sizeof p, T "/l%d", i);
		snprintf(t, sizeof t, i ? "l%d" : "f", i - 1);
		must("symlink", x_symlink(t, p));
	}
	check_long("open through 40 symlinks", x_open(T "/l39", 0), 0);
	check_errno("open through 41 symlinks", x_open(T "/l40", 0), ELOOP);
	check_errno("stat through 41 symlinks", x_stat(T "/l40"), ELOOP);
	check_long("lstat of the 41st", x_lstat(T "/l40"), 0);
	check_errno("O_NOFOLLOW of a symlink", x_open(T "/l0", L_NOFOLLOW), ELOOP);
	must("mkdir", x_mkdir(T "/d"));
	must("symlink", x_symlink("d", T "/k0"));
	for (int i = 1; i <= 40; i++) {
		snprintf(p, sizeof p, T "/k%d", i);
		snprintf(t, sizeof t, "k%d", i - 1);
		must("symlink", x_symlink(t, p));
	}
	check_long("a directory 40 symlinks away", x_stat(T "/k39/."), 0);
	check_errno("a directory 41 symlinks away", x_stat(T "/k40/."), ELOOP);
	check_long("11 symlinks in the directory part, 26 in the last name",
		   x_stat(T "/k10/../l25"), 0);
	check_errno("21 in the directory part, 26 in the last name: 47 in one walk",
		    x_stat(T "/k20/../l25"), ELOOP);
	must("symlink", x_symlink("self", T "/self"));
	check_errno("a symlink to itself", x_stat(T "/self"), ELOOP);
}

/* A symlink's target is a path: PATH_MAX - 1 bytes are kept whole,
 * PATH_MAX refused; readlink cuts it at the buffer's size. */
static void
link_targets(void)
{
	static char back[PATHMAX + 8];
	char *target = long_path("x", PATHMAX - 1);

	check_long("a symlink to PATH_MAX - 1 bytes", x_symlink(target, T "/long"), 0);
	check_long("readlink gives them all", x_readlink(T "/long", back, sizeof back), PATHMAX - 1);
	check_long("byte for byte", memcmp(back, target, PATHMAX - 1), 0);
	check_long("readlink into 10 bytes", x_readlink(T "/long", back, 10), 10);
	check_errno("a symlink to PATH_MAX bytes", x_symlink(long_path("x", PATHMAX), T "/long2"),
		    ENAMETOOLONG);
	check_errno("readlink of a file", x_readlink(T "/f", back, 10), EINVAL);
	check_errno("readlink of a directory", x_readlink(T, back, 10), EINVAL);
	check_errno("readlink with size 0", x_readlink(T "/long", back, 0), EINVAL);
	check_errno("chdir to a file", x_chdir(T "/f"), ENOTDIR);
	check_long("unlink the symlink", x_unlink(T "/long"), 0);
}

/* What each call does with a symlink it meets last, and with what it
 * would replace. */
static void
symlinks_last(void)
{
	must("symlink", x_symlink("d", T "/tod"));
	must("symlink", x_symlink("nothing", T "/dangling"));
	check_errno("O_CREAT|O_EXCL of a dangling symlink",
		    x_open(T "/dangling", L_CREAT | 0200 | L_WRONLY), EEXIST);
	check_long("O_CREAT through a dangling symlink makes its target",
		   x_open(T "/dangling", L_CREAT | L_WRONLY), 0);
	check_long("the target is there", x_stat(T "/nothing"), 0);
	must("symlink", x_symlink(F "/made", T "/dl1"));
	must("symlink", x_symlink("dl1", T "/dl2"));
	check_long("O_CREAT through two, the last to FAT, makes it there",
		   x_open(T "/dl2", L_CREAT | L_WRONLY), 0);
	check_long("the FAT file is there", x_stat(F "/made"), 0);
	must("symlink", x_symlink("nodir/", T "/dl3"));
	check_errno("O_CREAT through a symlink to \"name/\"", x_open(T "/dl3", L_CREAT | L_WRONLY),
		    EISDIR);
	check_errno("O_CREAT|O_NOFOLLOW of a dangling symlink",
		    x_open(T "/dl1", L_CREAT | L_NOFOLLOW | L_WRONLY), ELOOP);
	check_errno("mkdir over a symlink", x_mkdir(T "/tod"), EEXIST);
	check_errno("unlink of symlink-to-dir/", x_unlink(T "/tod/"), ENOTDIR);
	check_errno("rmdir of symlink-to-dir/", x_rmdir(T "/tod/"), ENOTDIR);
	check_errno("rmdir of a symlink to a directory", x_rmdir(T "/tod"), ENOTDIR);
	check_errno("rename of symlink-to-dir/", x_rename(T "/tod/", T "/tod2"), ENOTDIR);
	check_errno("link over a file", x_link(T "/f", T "/nothing"), EEXIST);
	check_errno("symlink over a file", x_symlink("x", T "/nothing"), EEXIST);
	must("mkdir", x_mkdir(T "/full"));
	must("mkdir", x_mkdir(T "/full/x"));
	check_errno("rename a directory over a full one", x_rename(T "/d", T "/full"), ENOTEMPTY);
	check_errno("rename a directory over a file", x_rename(T "/d", T "/f"), ENOTDIR);
	check_errno("rename a file over a directory", x_rename(T "/f", T "/d"), EISDIR);
	check_errno("rmdir of a full directory", x_rmdir(T "/full"), ENOTEMPTY);
	check_errno("rename a directory into itself", x_rename(T "/full", T "/full/x/y"), EINVAL);
	check_long("unlink the dangling one's target", x_unlink(T "/nothing"), 0);
	check_long("unlink the symlink to it", x_unlink(T "/tod"), 0);
	check_long("the directory stays", x_stat(T "/d"), 0);
}

/* Symlinks on tmpfs to FAT, and out of tmpfs by "..". */
static void
across_mounts(void)
{
	char buf[8];

	must("symlink", x_symlink(F "/f", T "/tofat"));
	check_long("read FAT's file through a tmpfs symlink", read_file(T "/tofat", buf, sizeof buf), 1);
	must("symlink", x_symlink("../../pathbad.d", T "/up"));
	check_long("stat through \"..\" out of tmpfs", x_stat(T "/up/f"), 0);
	check_long("a FAT directory through it", x_stat(T "/up/."), 0);
	check_errno("rename tmpfs to FAT", x_rename(T "/f", F "/g"), EXDEV);
	check_errno("rename FAT to tmpfs", x_rename(F "/f", T "/g"), EXDEV);
	check_errno("rename a directory across", x_rename(T "/d", F "/d"), EXDEV);
	check_errno("link tmpfs to FAT", x_link(T "/f", F "/g"), EXDEV);
	check_errno("rename through the symlink's directory", x_rename(T "/up/f", T "/g"), EXDEV);
}

/* A tmpfs mounted in T/m: EBUSY while in use, then it goes. */
static void
busy_mount(void)
{
	must("mkdir", x_mkdir(T "/m"));
	must("mount", x_mount("tmpfs", T "/m", "tmpfs"));
	write_file(T "/m/x", "x", 1);
	must("chdir", x_chdir(T "/m"));
	check_errno("umount with a cwd inside", x_umount(T "/m"), EBUSY);
	must("chdir", x_chdir("/"));
	int fd = open(T "/m/x", O_RDONLY);
	check_errno("umount with a file open", x_umount(T "/m"), EBUSY);
	close(fd);
	check_errno("rmdir of the mount point", x_rmdir(T "/m"), EBUSY);
	check_errno("rename of the mount point", x_rename(T "/m", T "/m2"), EBUSY);
	check_errno("unlink of the mount point", x_unlink(T "/m"), EISDIR);
	check_long("umount when idle", x_umount(T "/m"), 0);
	check_errno("the file went with it", x_stat(T "/m/x"), ENOENT);
	check_long("rmdir then", x_rmdir(T "/m"), 0);
	check_errno("umount of a directory not mounted on", x_umount(T "/d"), EINVAL);
}

/*
 * Every path argument given a pointer to nothing, and a path running
 * into an unmapped page: EFAULT (the page's first byte is the path's
 * 3996th, before PATH_MAX is reached).
 */
static void
bad_pointers(void)
{
	const char *bad = (const char *)8, *t = T "/x";
	char buf[8];
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	must("mmap", page == MAP_FAILED ? -1 : 0);
	munmap(page + 4096, 4096);
	memset(page, '/', 4096);
	const char *edge = page + 100;
	check_errno("open", x_open(bad, 0), EFAULT);
	check_errno("open of a path into an unmapped page", x_open(edge, 0), EFAULT);
	check_errno("stat", x_stat(bad), EFAULT);
	check_errno("stat of a path into an unmapped page", x_stat(edge), EFAULT);
	check_errno("mkdir", x_mkdir(bad), EFAULT);
	check_errno("unlink", x_unlink(bad), EFAULT);
	check_errno("rename's old", x_rename(bad, t), EFAULT);
	check_errno("rename's new", x_rename(T "/f", bad), EFAULT);
	check_errno("link's old", x_link(bad, t), EFAULT);
	check_errno("link's new", x_link(T "/f", bad), EFAULT);
	check_errno("symlink's target", x_symlink(bad, t), EFAULT);
	check_errno("symlink's path", x_symlink("f", bad), EFAULT);
	check_errno("readlink's path", x_readlink(bad, buf, sizeof buf), EFAULT);
	check_errno("readlink's buffer", x_readlink(T "/l0", (char *)8, 8), EFAULT);
	check_errno("chdir", x_chdir(bad), EFAULT);
	check_errno("chdir of a path into an unmapped page", x_chdir(edge), EFAULT);
	check_errno("mount's source", x_mount(bad, T "/d", "tmpfs"), EFAULT);
	check_errno("mount's directory", x_mount("tmpfs", bad, "tmpfs"), EFAULT);
	check_errno("mount's type", x_mount("tmpfs", T "/d", bad), EFAULT);
	check_errno("umount", x_umount(bad), EFAULT);
	check_errno("nothing was made", x_stat(t), ENOENT);
	munmap(page, 4096);
}

/* One failed call of each kind. */
static void
fail_all(void)
{
	const char *bad = (const char *)8;

	x_stat(long_path(T, PATHMAX));
	x_open(bad, 0);
	x_mkdir(T "/f/x");
	x_rename(T "/f/", T "/g");
	x_rename(T "/f", bad);
	x_symlink(bad, T "/x");
	x_symlink("x", T "/f/x");
	x_link(T "/f", F "/g");
	x_stat(T "/k20/../l25");
	x_chdir(T "/f");
	x_rmdir(T "/.");
}

/* Failed calls, many times over, keep no page (our kernel: Linux's free
 * memory moves by itself, so there it is 0). */
static void
no_leaks(void)
{
	fail_all();	/* what a first call fills (caches) is not a leak */
	long before = on_exec_kernel() ? free_pages() : 0;
	for (int i = 0; i < 200; i++)
		fail_all();
	check_long("pages kept by 2200 failed calls",
		   on_exec_kernel() ? free_pages() - before : 0, 0);
}

/* The symlinks go first: rm_tree follows them. */
static void
remove_all(void)
{
	static const char *const links[] = { "tofat", "up", "self", "dangling", "dl1", "dl2", "dl3" };
	char p[64];

	for (int i = 0; i <= 40; i++) {
		snprintf(p, sizeof p, T "/l%d", i);
		x_unlink(p);
		snprintf(p, sizeof p, T "/k%d", i);
		x_unlink(p);
	}
	for (int i = 0; i < 7; i++) {
		snprintf(p, sizeof p, T "/%s", links[i]);
		x_unlink(p);
	}
	check_long("remove it all", rm_tree(F) | rm_tree(T), 0);
}

int
main(int argc, char **argv)
{
	(void)argc;
	steady_pages(argv);	/* its own pages coming in would move the count */
	rm_tree(F);
	rm_tree(T);
	must("mkdir " F, x_mkdir(F));
	must("mkdir " T, x_mkdir(T));
	static const char *const dirs[] = { F, T };
	for (int i = 0; i < 2; i++) {
		name_lengths(dirs[i]);
		path_lengths(dirs[i]);
		wrong_types(dirs[i]);
		dots(dirs[i]);
	}
	empty();
	symlink_chain();
	link_targets();
	symlinks_last();
	across_mounts();
	busy_mount();
	bad_pointers();
	no_leaks();
	remove_all();
	printf("pathbad: done\n");
	return 0;
}
