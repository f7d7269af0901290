/*
 * faccess2: faccessat2(2) as Linux 6.1 answers root, the call glibc's
 * faccessat tries first: R/W/X of a file with and without an x bit,
 * AT_EACCESS (root's real and effective ids are one), AT_SYMLINK_NOFOLLOW
 * on a dangling link (the link itself) and without it (ENOENT),
 * AT_EMPTY_PATH on a descriptor (a file, a directory, a pipe: no x bit)
 * and on the cwd; and the errors, mode and flags checked before the path
 * is walked (EINVAL even for a missing file), a bad dirfd (EBADF), a
 * file as dirfd (ENOTDIR), "" without AT_EMPTY_PATH (ENOENT), a bad
 * path pointer (EFAULT). faccessat (no flags) checks its mode first too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "rawerr.h"
#include "syscall.h"

#define EACCESS  0x200
#define NOFOLLOW 0x100
#define EMPTY    0x1000

static long
fa2(int dirfd, const char *path, int mode, int flags)
{
	return syscall4(SYS_faccessat2, dirfd, (long)path, mode, flags);
}

int
main(void)
{
	int p[2];
	int fd = open("/tmp/fa2.file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY);

	close(open("/tmp/fa2.exec", O_RDWR | O_CREAT | O_TRUNC, 0755));
	unlink("/tmp/fa2.link");
	symlink("/tmp/fa2.none", "/tmp/fa2.link");
	pipe(p);

	check_long("F_OK", fa2(AT_FDCWD, "/tmp/fa2.file", F_OK, 0), 0);
	check_long("R_OK|W_OK", fa2(AT_FDCWD, "/tmp/fa2.file", R_OK | W_OK, 0), 0);
	check_err("X_OK of 0644", fa2(AT_FDCWD, "/tmp/fa2.file", X_OK, 0), 13);
	check_long("X_OK of 0755", fa2(AT_FDCWD, "/tmp/fa2.exec", X_OK, 0), 0);
	check_long("X_OK of a directory", fa2(AT_FDCWD, "/tmp", X_OK, 0), 0);
	check_long("AT_EACCESS", fa2(AT_FDCWD, "/tmp/fa2.file", R_OK | W_OK, EACCESS), 0);
	check_err("AT_EACCESS, X_OK of 0644", fa2(AT_FDCWD, "/tmp/fa2.file", X_OK, EACCESS), 13);
	check_long("relative to a dirfd", fa2(dir, "fa2.file", W_OK, 0), 0);
	check_err("a dangling link followed", fa2(AT_FDCWD, "/tmp/fa2.link", F_OK, 0), 2);
	check_long("AT_SYMLINK_NOFOLLOW: the link", fa2(AT_FDCWD, "/tmp/fa2.link", F_OK, NOFOLLOW), 0);
	check_long("AT_EMPTY_PATH, a file", fa2(fd, "", R_OK | W_OK, EMPTY), 0);
	check_err("AT_EMPTY_PATH, X_OK of 0644", fa2(fd, "", X_OK, EMPTY), 13);
	check_long("AT_EMPTY_PATH, a directory", fa2(dir, "", X_OK, EMPTY), 0);
	check_long("AT_EMPTY_PATH, the cwd", fa2(AT_FDCWD, "", X_OK, EMPTY), 0);
	check_long("AT_EMPTY_PATH, a pipe", fa2(p[0], "", R_OK | W_OK, EMPTY), 0);
	check_err("AT_EMPTY_PATH, X_OK of a pipe", fa2(p[0], "", X_OK, EMPTY), 13);
	check_long("AT_EMPTY_PATH with a path", fa2(dir, "fa2.file", R_OK, EMPTY), 0);

	check_err("mode 8", fa2(AT_FDCWD, "/tmp/fa2.file", 8, 0), 22);
	check_err("mode 8, a missing file", fa2(AT_FDCWD, "/tmp/fa2.none", 8, 0), 22);
	check_err("flag 1", fa2(AT_FDCWD, "/tmp/fa2.file", F_OK, 1), 22);
	check_err("AT_REMOVEDIR|AT_SYMLINK_FOLLOW", fa2(AT_FDCWD, "/tmp/fa2.file", F_OK, 0x400), 22);
	check_err("a bad flag, a missing file", fa2(AT_FDCWD, "/tmp/fa2.none", F_OK, 0x8000), 22);
	check_err("a missing file", fa2(AT_FDCWD, "/tmp/fa2.none", F_OK, 0), 2);
	check_err("a bad dirfd", fa2(99, "fa2.file", F_OK, 0), 9);
	check_err("a bad dirfd, AT_EMPTY_PATH", fa2(99, "", F_OK, EMPTY), 9);
	check_err("a file as dirfd", fa2(fd, "x", F_OK, 0), 20);
	check_err("\"\" without AT_EMPTY_PATH", fa2(AT_FDCWD, "", F_OK, 0), 2);
	check_err("a bad path pointer", fa2(AT_FDCWD, (const char *)8, F_OK, 0), 14);
	check_err("a bad path pointer, AT_EMPTY_PATH", fa2(AT_FDCWD, (const char *)8, F_OK, EMPTY), 14);
	check_err("faccessat, mode 8, a missing file",
		  syscall3(SYS_faccessat, AT_FDCWD, "/tmp/fa2.none", 8), 22);
	unlink("/tmp/fa2.file");
	unlink("/tmp/fa2.exec");
	unlink("/tmp/fa2.link");
	return 0;
}
