/*
 * pathmax: exec and mount take paths as long as Linux's PATH_MAX (4096
 * bytes with the NUL), as the other path calls do. A copy of this
 * program in a directory nested nearly 4000 bytes deep runs, and its
 * /proc/self/exe and maps name it whole; a 4095-byte path to it (the
 * same, with "/." in front) runs it too, a 4096-byte one is
 * ENAMETOOLONG. A mount's source of 4095 bytes is taken, one of 4096
 * is EINVAL (Linux's copy_mount_string).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define PATH_MAX_ 4096
#define BASE "/tmp/pathmax"

extern char **environ;

static char deep[PATH_MAX_ + 8], path[PATH_MAX_ + 8], text[65536];

/* Run as "pathmax child PATH": exe and maps must name PATH. */
static int child(const char *want)
{
	static char exe[PATH_MAX_ + 8];
	long n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = 0;
	check_long("the program's /proc/self/exe is its whole path", strcmp(exe, want), 0);
	int fd = open("/proc/self/maps", O_RDONLY);
	long len = 0;
	while (fd >= 0 && (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	text[len] = 0;
	close(fd);
	check_long("its maps name it whole", strstr(text, want) != NULL, 1);
	return 0;
}

/* A copy of this program at dst, executable. */
static void copy_self(const char *dst)
{
	static char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY), out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	long n, bad = in < 0 || out < 0;

	while (!bad && (n = read(in, buf, sizeof(buf))) > 0)
		bad = write(out, buf, n) != n;
	close(in);
	close(out);
	check_long("a copy of this program, deep down", bad, 0);
}

/* Runs the copy through run (a path to it) and waits: its status. */
static int run_copy(const char *run)
{
	fflush(stdout);	/* the child's lines come after these */
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { "pathmax", "child", deep, NULL };
		execve(run, argv, environ);
		printf("FAIL exec: %s\n", errno_name(errno));
		_exit(1);
	}
	return wait_status(pid);
}

static void exec_paths(void)
{
	static const char name[] = "/p";

	mkdir(BASE, 0755);
	strcpy(deep, BASE);
	int levels = 0;
	/* directories of 200-byte names while the program still fits */
	while (strlen(deep) + 1 + 200 + sizeof(name) < 4000) {
		size_t len = strlen(deep);
		deep[len] = '/';
		memset(deep + len + 1, 'd', 200);
		deep[len + 201] = 0;
		levels += mkdir(deep, 0755) == 0;
	}
	check_long("nested directories made", levels, 19);
	strcat(deep, name);
	copy_self(deep);
	check_long("exec through a 3900-byte path", run_copy(deep), 0);

	/* the same program, "/." and a "/" in front up to 4095 bytes */
	size_t pad = PATH_MAX_ - 1 - strlen(deep);
	memset(path, 0, sizeof(path));
	for (size_t i = 0; i + 1 < pad; i += 2)
		memcpy(path + i, "/.", 2);
	if (pad % 2)
		strcat(path, "/");
	strcat(path, deep);
	check_long("the long way is 4095 bytes", strlen(path), PATH_MAX_ - 1);
	check_long("exec through it", run_copy(path), 0);
	memmove(path + 1, path, strlen(path) + 1);
	path[0] = '/';
	char *argv[] = { "pathmax", NULL };
	check_errno("exec through 4096 bytes", execve(path, argv, environ), ENAMETOOLONG);
}

static void mount_source(void)
{
	static char source[PATH_MAX_ + 8];

	mkdir(BASE "/mnt", 0755);
	memset(source, 's', PATH_MAX_ - 1);
	check_long("mount tmpfs with a 4095-byte source",
		   mount(source, BASE "/mnt", "tmpfs", 0, NULL), 0);
	check_long("umount it", umount2(BASE "/mnt", 0), 0);
	source[PATH_MAX_ - 1] = 's';
	check_errno("a 4096-byte source", mount(source, BASE "/mnt", "tmpfs", 0, NULL), EINVAL);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return child(argv[2]);
	exec_paths();
	mount_source();
	printf("pathmax: done\n");
	return 0;
}
