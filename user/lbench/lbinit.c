/*
 * lbinit: the first process of Linux in make bench-linux, from a tiny
 * initramfs. It mounts our FAT image (/dev/vda, vfat) on /mnt, makes it
 * the root (chroot), so every program and file has the path it has on
 * our kernel, runs each line of /lbench/list there as a command (words
 * split on spaces, no shell) and powers off. Our kernel runs the same
 * lines from /etc/rc. Static glibc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORDS 16

static void
must(int ok, const char *what)
{
	if (!ok)
		perror(what);
}

/* Runs one line of the list; says so if it did not end with status 0. */
static void
run_line(char *line)
{
	char *argv[MAX_WORDS + 1];
	int argc = 0;

	for (char *w = strtok(line, " \t\n"); w && argc < MAX_WORDS; w = strtok(NULL, " \t\n"))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (argc == 0 || argv[0][0] == '#')
		return;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
		printf("lbinit: %s ended with status %#x\n", argv[0], status);
}

int
main(void)
{
	char line[512];

	printf("lbinit: started\n");
	must(mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) == 0, "mount /dev");
	must(mount("/dev/vda", "/mnt", "vfat", 0, NULL) == 0, "mount /dev/vda");
	must(chroot("/mnt") == 0 && chdir("/") == 0, "chroot /mnt");
	FILE *list = fopen("/lbench/list", "r");
	if (!list)
		perror("/lbench/list");
	while (list && fgets(line, sizeof(line), list))
		run_line(line);
	printf("lbinit: done\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
