/*
 * tmpfs: what /tmp (tmpfs, mounted at boot) gives that FAT cannot,
 * through the system calls: statfs's TMPFS_MAGIC, sparse files,
 * truncate, modes (and the umask), owners, nanosecond times, hard links, symlinks,
 * names of any bytes, FIFOs, a file unlinked while open, renames across
 * directories (NOREPLACE, EXCHANGE, the errors), EXDEV to FAT, readdir
 * while the directory changes, mmap. The output is Linux's (the linux
 * suite runs it with a tmpfs on /tmp).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include <sys/mman.h>

#define TMPFS_MAGIC 0x01021994
#define D "/tmp/tt"

/* Calls raw, as the kernel takes them: -1 and errno as libc sets it. */
struct kstatfs {		/* Linux's struct statfs, 64-bit */
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};

#define AT (-100)	/* Linux's AT_FDCWD */
static long t_statfs(const char *p, struct kstatfs *s) { return as_libc(syscall2(43, p, s)); }
static long t_mknod(const char *p, long mode) { return as_libc(syscall4(33, AT, p, mode, 0)); }
static long t_link(const char *a, const char *b) { return as_libc(syscall5(37, AT, a, AT, b, 0)); }
static long t_symlink(const char *t, const char *p) { return as_libc(syscall3(36, t, AT, p)); }
static long t_chmod(const char *p, long mode) { return as_libc(syscall4(53, AT, p, mode, 0)); }
static long t_chown(const char *p, long u, long g) { return as_libc(syscall5(54, AT, p, u, g, 0)); }
static long t_rename(const char *a, const char *b, unsigned flags)
{
	return as_libc(syscall5(SYS_renameat2, AT, a, AT, b, flags));
}

static struct kstat
lst(const char *path)
{
	struct kstat st;

	memset(&st, 0, sizeof st);
	must(path, kfstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW));
	return st;
}

static void
statfs_magic(void)
{
	struct kstatfs s;

	check_long("statfs(/tmp) succeeds", t_statfs("/tmp", &s), 0);
	check_long("/tmp's f_type is TMPFS_MAGIC", s.f_type == TMPFS_MAGIC, 1);
	check_long("f_bsize", s.f_bsize, 4096);
	check_long("f_namelen", s.f_namelen, 255);
}

static void
sparse_and_truncate(void)
{
	static char buf[8192];
	int fd = must("create sparse", open(D "/sparse", O_CREAT | O_RDWR, 0644));

	check_long("pwrite 3 bytes at 1 MiB", pwrite(fd, "end", 3, 1 << 20), 3);
	struct kstat st = lst(D "/sparse");
	check_long("size", st.st_size, (1 << 20) + 3);
	check_long("st_blocks: one page, the hole none", st.st_blocks, 8);
	memset(buf, 1, sizeof buf);
	check_long("pread in the hole", pread(fd, buf, 4096, 4096), 4096);
	check_long("the hole reads as zeros", buf[0] == 0 && !memcmp(buf, buf + 1, 4095), 1);
	check_long("pwrite at 0", pwrite(fd, "0123456789abcdef", 16, 0), 16);
	check_long("ftruncate to 10", ftruncate(fd, 10), 0);
	check_long("ftruncate to 8192", ftruncate(fd, 8192), 0);
	check_long("pread all", pread(fd, buf, sizeof buf, 0), 8192);
	check_long("10 bytes kept", memcmp(buf, "0123456789", 10), 0);
	check_long("then zeros", buf[10] == 0 && buf[15] == 0 && buf[8191] == 0, 1);
	check_long("blocks after truncate", lst(D "/sparse").st_blocks, 8);
	check_long("ftruncate to 0", ftruncate(fd, 0), 0);
	check_long("blocks of an empty file", lst(D "/sparse").st_blocks, 0);
	close(fd);
}

static void
modes_owners_times(void)
{
	write_file(D "/m", "x", 1);
	check_long("chmod 0604", t_chmod(D "/m", 0604), 0);
	check_long("mode", lst(D "/m").st_mode, S_IFREG | 0604);
	check_long("chmod 04755 keeps setuid", t_chmod(D "/m", 04755), 0);
	check_long("mode", lst(D "/m").st_mode, S_IFREG | 04755);
	check_long("chown to root", t_chown(D "/m", 0, 0), 0);
	check_long("uid", lst(D "/m").st_uid, 0);
	check_long("chown -1 -1 changes nothing", t_chown(D "/m", -1, -1), 0);

	struct timespec ts[2] = { { 1000000000, 123456789 }, { 1200000000, 987654321 } };
	struct timespec now;	/* a board without an RTC starts at 1970 */
	clock_gettime(CLOCK_REALTIME, &now);
	time_t before = now.tv_sec;
	check_long("utimensat with nanoseconds", utimensat(AT_FDCWD, D "/m", ts, 0), 0);
	struct kstat st = lst(D "/m");
	check_long("atime sec", st.st_atime_sec, 1000000000);
	check_long("atime nsec", st.st_atime_nsec, 123456789);
	check_long("mtime nsec", st.st_mtime_nsec, 987654321);
	check_long("ctime is now, not what was set",
		   st.st_ctime_sec >= before && st.st_ctime_sec <= before + 60, 1);
	int fd = must("open m", open(D "/m", O_WRONLY));
	check_long("write", write(fd, "y", 1), 1);
	close(fd);
	st = lst(D "/m");
	check_long("a write moves mtime to now", st.st_mtime_sec >= before, 1);
	check_long("and ctime with it", st.st_ctime_sec == st.st_mtime_sec &&
		   st.st_ctime_nsec == st.st_mtime_nsec, 1);
	/* an atime older than the mtime, whatever the clock says */
	struct timespec epoch[2] = { { 0, 0 }, { 0, UTIME_OMIT } };
	check_long("atime to 1970", utimensat(AT_FDCWD, D "/m", epoch, 0), 0);
	char c;
	fd = must("open m", open(D "/m", O_RDONLY));
	check_long("read", read(fd, &c, 1), 1);
	close(fd);
	check_long("a read moves an older atime (relatime)", lst(D "/m").st_atime_sec >= before, 1);
}

/* open(O_CREAT), mkdir and mknod take the mode less the umask;
 * mkdir drops setgid; a symlink is 0777 whatever the umask. */
static void
umasked_modes(void)
{
	long old = syscall1(SYS_umask, 027);

	close(must("create f", open(D "/u", O_CREAT | O_WRONLY, 0666)));
	check_long("open 0666, umask 027", lst(D "/u").st_mode, S_IFREG | 0640);
	close(must("create f", open(D "/us", O_CREAT | O_WRONLY, 04777)));
	check_long("open 04777 keeps setuid", lst(D "/us").st_mode, S_IFREG | 04750);
	check_long("mkdir 07777", mkdir(D "/ud", 07777), 0);
	check_long("mode: setgid dropped", lst(D "/ud").st_mode, S_IFDIR | 01750);
	check_long("mknod a FIFO 0666", t_mknod(D "/up", S_IFIFO | 0666), 0);
	check_long("mode", lst(D "/up").st_mode, S_IFIFO | 0640);
	check_long("symlink", t_symlink("u", D "/ul"), 0);
	check_long("mode", lst(D "/ul").st_mode, S_IFLNK | 0777);
	check_long("umask(0) gives 027 back", syscall1(SYS_umask, 0), 027);
	close(must("create f", open(D "/u0", O_CREAT | O_WRONLY, 0777)));
	check_long("open 0777, umask 0", lst(D "/u0").st_mode, S_IFREG | 0777);
	check_long("an existing file keeps its mode",
		   close(must("open", open(D "/u", O_CREAT | O_WRONLY, 0777))), 0);
	check_long("mode", lst(D "/u").st_mode, S_IFREG | 0640);
	syscall1(SYS_umask, old);
	unlink(D "/ul");	/* rm_tree follows symlinks: none left dangling */

}

/* Every process is root: Linux's root opens and writes a 0444 file,
 * but runs only what has an x bit. */
static void
root_and_modes(void)
{
	char *argv[] = { "ro", NULL }, *envp[] = { NULL };

	write_file(D "/ro", "#!/bin/true\n", 12);
	check_long("chmod 0444", t_chmod(D "/ro", 0444), 0);
	int fd = open(D "/ro", O_WRONLY | O_APPEND);
	check_long("open 0444 for writing", fd >= 0, 1);
	check_long("write to it", write(fd, "#", 1), 1);
	close(fd);
	check_long("access W_OK", access(D "/ro", W_OK), 0);
	check_errno("access X_OK, no x bit", access(D "/ro", X_OK), EACCES);
	check_errno("execve, no x bit", execve(D "/ro", argv, envp), EACCES);
	check_long("chmod 0100", t_chmod(D "/ro", 0100), 0);
	check_long("access X_OK, one x bit", access(D "/ro", X_OK), 0);
	check_long("access X_OK of a directory", access(D, X_OK), 0);
	unlink(D "/ro");
}

static void
links(void)
{
	write_file(D "/a", "data", 4);
	check_long("link a b", t_link(D "/a", D "/b"), 0);
	check_long("a's nlink", lst(D "/a").st_nlink, 2);
	check_long("same inode", lst(D "/a").st_ino == lst(D "/b").st_ino, 1);
	check_errno("link onto an existing name", t_link(D "/a", D "/b"), EEXIST);
	check_errno("link a directory", t_link(D, D "/dirlink"), EPERM);
	check_long("unlink a", unlink(D "/a"), 0);
	check_long("b's nlink", lst(D "/b").st_nlink, 1);
	char buf[8] = { 0 };
	check_long("b still reads", read_file(D "/b", buf, sizeof buf), 4);
	check_str("b", buf, "data");
	unlink(D "/b");
}

static void
symlinks(void)
{
	char buf[64];

	write_file(D "/target", "via link", 8);
	check_long("symlink", t_symlink("target", D "/ln"), 0);
	struct kstat st = lst(D "/ln");
	check_long("lstat mode", st.st_mode, S_IFLNK | 0777);
	check_long("lstat size: the target's length", st.st_size, 6);
	long n = readlink(D "/ln", buf, sizeof buf);
	check_long("readlink", n, 6);
	buf[n > 0 ? n : 0] = 0;
	check_str("target", buf, "target");
	memset(buf, 0, sizeof buf);
	check_long("read through the link", read_file(D "/ln", buf, sizeof buf), 8);
	check_str("contents", buf, "via link");
	check_errno("empty target", t_symlink("", D "/empty"), ENOENT);
	check_long("loop: l1 -> l2", t_symlink("l2", D "/l1"), 0);
	check_long("loop: l2 -> l1", t_symlink("l1", D "/l2"), 0);
	check_errno("open a loop", open(D "/l1", O_RDONLY), ELOOP);
	check_long("unlink l1", unlink(D "/l1") | unlink(D "/l2"), 0);
	check_long("unlink the link", unlink(D "/ln"), 0);
	check_long("the target stays", lst(D "/target").st_size, 8);
}

static void
names(void)
{
	char name[300];

	check_long("a name with newline, tab, 0xff", mkdir(D "/a\nb\t\xff", 0755), 0);
	check_long("found again", lst(D "/a\nb\t\xff").st_mode, S_IFDIR | 0755);
	strcpy(name, D "/");
	memset(name + strlen(name), 'n', 255);
	name[strlen(D "/") + 255] = 0;
	check_long("a 255-byte name", mkdir(name, 0755), 0);
	strcat(name, "n");
	check_errno("a 256-byte name", mkdir(name, 0755), ENAMETOOLONG);
}

/* A FIFO's write sets mtime and ctime, its read atime (relatime). */
static void
fifo_times(void)
{
	struct timespec epoch[2] = { { 0, 0 }, { 0, 0 } }, now;
	char c;

	clock_gettime(CLOCK_REALTIME, &now);
	check_long("FIFO times to 1970", utimensat(AT_FDCWD, D "/fifo", epoch, 0), 0);
	int fd = must("open the FIFO O_RDWR", open(D "/fifo", O_RDWR | O_NONBLOCK));
	check_long("write", write(fd, "x", 1), 1);
	struct kstat st = lst(D "/fifo");
	check_long("the write set mtime", st.st_mtime_sec >= now.tv_sec, 1);
	check_long("and ctime", st.st_ctime_sec >= now.tv_sec, 1);
	check_long("not atime", st.st_atime_sec, 0);
	check_long("read", read(fd, &c, 1), 1);
	check_long("the read set atime", lst(D "/fifo").st_atime_sec >= now.tv_sec, 1);
	close(fd);
}

static void
fifo(void)
{
	char buf[16] = { 0 };

	check_long("mknod S_IFIFO", t_mknod(D "/fifo", S_IFIFO | 0600), 0);
	check_long("mode", lst(D "/fifo").st_mode, S_IFIFO | 0600);
	check_errno("O_WRONLY|O_NONBLOCK with no reader",
		    open(D "/fifo", O_WRONLY | O_NONBLOCK), ENXIO);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(D "/fifo", O_WRONLY);	/* waits for the reader */
		_exit(fd < 0 || write(fd, "through", 7) != 7);
	}
	int fd = must("open the FIFO to read", open(D "/fifo", O_RDONLY));
	long n = 0, k;
	while ((k = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
		n += k;
	check_long("read until the writer closes", n, 7);
	check_str("bytes", buf, "through");
	check_long("the writer's status", wait_status(pid), 0);
	close(fd);
	check_long("a FIFO holds no data: size", lst(D "/fifo").st_size, 0);
	fifo_times();
}

/* A removed working directory's ".." still leads up, as Linux's does:
 * to its parent, and on up when the parent is removed too. */
static void
removed_cwd(void)
{
	char buf[64];

	check_long("mkdir p", mkdir(D "/p", 0755), 0);
	check_long("mkdir p/c", mkdir(D "/p/c", 0755), 0);
	check_long("chdir p/c", chdir(D "/p/c"), 0);
	check_long("rmdir p/c, the cwd", rmdir(D "/p/c"), 0);
	check_long("chdir ..", chdir(".."), 0);
	check_str("getcwd", getcwd(buf, sizeof buf) ? buf : "ENOENT", D "/p");
	check_long("mkdir p/c again", mkdir(D "/p/c", 0755), 0);
	check_long("chdir p/c", chdir(D "/p/c"), 0);
	check_long("rmdir p/c", rmdir(D "/p/c"), 0);
	check_long("rmdir p", rmdir(D "/p"), 0);
	check_long("chdir .. to the removed p", chdir(".."), 0);
	check_errno("getcwd there", getcwd(buf, sizeof buf) ? 0 : -1, ENOENT);
	check_long("its nlink", lst(".").st_nlink, 0);
	check_long("chdir .. again", chdir(".."), 0);
	check_str("getcwd", getcwd(buf, sizeof buf) ? buf : "ENOENT", D);
	check_long("chdir /", chdir("/"), 0);
}

static void
unlink_while_open(void)
{
	char buf[16] = { 0 };
	int fd = must("create u", open(D "/u", O_CREAT | O_RDWR, 0600));

	check_long("write", write(fd, "still here", 10), 10);
	check_long("unlink", unlink(D "/u"), 0);
	check_errno("the name is gone", open(D "/u", O_RDONLY), ENOENT);
	struct kstat st;
	check_long("fstat", kfstat(fd, &st), 0);
	check_long("nlink", st.st_nlink, 0);
	check_long("write more", pwrite(fd, "!", 1, 10), 1);
	check_long("read it all back", pread(fd, buf, sizeof buf, 0), 11);
	check_str("data", buf, "still here!");
	close(fd);
}

static void
renames(void)
{
	char buf[16] = { 0 };

	must("mkdir d1", mkdir(D "/d1", 0755));
	must("mkdir d2", mkdir(D "/d2", 0755));
	must("mkdir d1/sub", mkdir(D "/d1/sub", 0755));
	write_file(D "/d1/f", "F", 1);
	write_file(D "/d2/g", "G", 1);
	check_long("d1's nlink", lst(D "/d1").st_nlink, 3);
	check_long("rename across directories", rename(D "/d1/f", D "/d2/f"), 0);
	check_long("read at the new name", read_file(D "/d2/f", buf, sizeof buf), 1);
	check_long("move a directory", rename(D "/d1/sub", D "/d2/sub"), 0);
	check_long("d1's nlink after", lst(D "/d1").st_nlink, 2);
	check_long("d2's nlink after", lst(D "/d2").st_nlink, 3);
	check_long("d2's size: 40 + 20 an entry", lst(D "/d2").st_size, 40 + 3 * 20);
	check_errno("a directory into itself", rename(D "/d2", D "/d2/sub/x"), EINVAL);
	check_errno("a directory over a non-empty one", rename(D "/d1", D "/d2"), ENOTEMPTY);
	check_errno("a file over a directory", rename(D "/d2/f", D "/d2/sub"), EISDIR);
	check_errno("a directory over a file", rename(D "/d2/sub", D "/d2/f"), ENOTDIR);
	check_errno("RENAME_NOREPLACE onto g", t_rename(D "/d2/f", D "/d2/g", 1), EEXIST);
	check_long("RENAME_EXCHANGE f and g", t_rename(D "/d2/f", D "/d2/g", 2), 0);
	read_file(D "/d2/f", buf, sizeof buf);
	check_str("f holds G", buf, "G");
	check_long("rename over g", rename(D "/d2/f", D "/d2/g"), 0);
	read_file(D "/d2/g", buf, sizeof buf);
	check_str("g holds G", buf, "G");
	check_errno("to FAT: EXDEV", rename(D "/d2/g", "/tmpfs-exdev"), EXDEV);
	check_errno("a link to FAT: EXDEV", t_link(D "/d2/g", "/tmpfs-exdev"), EXDEV);
	check_errno("rmdir a non-empty directory", rmdir(D "/d2"), ENOTEMPTY);
}

/* Entries that stay are listed once, whatever else goes or comes. */
static void
readdir_changing(void)
{
	enum { N = 60 };
	static char buf[512];
	int seen[N] = { 0 }, other = 0;
	char path[64];

	must("mkdir many", mkdir(D "/many", 0755));
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof path, D "/many/e%d", i);
		write_file(path, "", 0);
	}
	int fd = must("open many", open(D "/many", O_RDONLY | O_DIRECTORY));
	for (int round = 0;; round++) {
		long len = getdents64(fd, buf, sizeof buf);
		if (len <= 0)
			break;
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			off += d->d_reclen;
			if (d->d_name[0] == 'e')
				seen[atoi(d->d_name + 1)]++;
			else if (d->d_name[0] != '.')
				other++;
		}
		if (round == 0)	/* remove every third, read or not; add ten */
			for (int i = 0; i < N; i += 3) {
				snprintf(path, sizeof path, D "/many/e%d", i);
				unlink(path);
				snprintf(path, sizeof path, D "/many/n%d", i);
				write_file(path, "", 0);
			}
	}
	close(fd);
	int wrong = 0;
	for (int i = 0; i < N; i++)
		wrong += i % 3 != 0 && seen[i] != 1;
	check_long("entries that stayed and were not listed once", wrong, 0);
}

static void
mapped(void)
{
	int fd = must("create map", open(D "/map", O_CREAT | O_RDWR, 0644));

	check_long("pwrite at 5000", pwrite(fd, "mapped", 6, 5000), 6);
	char *p = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	check_long("mmap", p != MAP_FAILED, 1);
	check_long("the mapping shows the bytes", memcmp(p + 5000, "mapped", 6), 0);
	check_long("and zeros in the hole and past the end", p[0] == 0 && p[8000] == 0, 1);
	munmap(p, 8192);
	close(fd);
}

int
main(void)
{
	statfs_magic();
	rm_tree(D);
	must("mkdir " D, mkdir(D, 0755));
	sparse_and_truncate();
	modes_owners_times();
	umasked_modes();
	root_and_modes();
	links();
	symlinks();
	names();
	fifo();
	removed_cwd();
	unlink_while_open();
	renames();
	readdir_changing();
	mapped();
	check_long("remove it all", rm_tree(D), 0);
	printf("tmpfs: done\n");
	return 0;
}
