/*
 * unlinkstat: on FAT, unlink and rename over a file that another
 * process is just looking at: two processes stat the file in a loop
 * while the parent makes it, unlinks it and renames another over it,
 * hundreds of times; every unlink and rename must succeed. A file held
 * open goes too (its clusters stay until it is closed, as on Linux);
 * what it held reads back through the descriptor after each.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"

#define D "/unlinkstat"
#define F D "/f"
#define G D "/g"
#define ROUNDS 300

static void
make(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd < 0 || write(fd, "x", 1) != 1) {
		printf("FAIL make %s: %s\n", path, strerror(errno));
		fail();
	}
	close(fd);
}

/* stat's F until the parent's marker file appears. */
static void
looker(void)
{
	struct stat st;

	while (stat(D "/done", &st) < 0) {
		stat(F, &st);
		stat(G, &st);
	}
	_exit(0);
}

int
main(void)
{
	pid_t pids[2];
	long refused = 0;

	must("mkdir", mkdir(D, 0755));
	for (int i = 0; i < 2; i++)
		if ((pids[i] = fork()) == 0)
			looker();
	for (int r = 0; r < ROUNDS; r++) {
		make(F);
		refused += unlink(F) < 0;
		make(F);
		make(G);
		refused += rename(G, F) < 0;
		refused += unlink(F) < 0;
	}
	make(D "/done");
	for (int i = 0; i < 2; i++)
		check_long("looker", wait_status(pids[i]), 0);
	check_long("unlinks and renames refused while others stat", refused, 0);

	char c = 0;
	make(F);
	int fd = open(F, O_RDONLY);
	check_long("unlink of a file held open", unlink(F), 0);
	check_long("  read through it", pread(fd, &c, 1, 0) == 1 && c == 'x', 1);
	close(fd);
	make(F);
	fd = open(F, O_RDONLY);
	make(G);
	check_long("rename over a file held open", rename(G, F), 0);
	check_long("  read through it", pread(fd, &c, 1, 0) == 1 && c == 'x', 1);
	close(fd);
	check_long("unlink", unlink(F), 0);
	check_long("unlink the marker", unlink(D "/done"), 0);
	check_long("rmdir", rmdir(D), 0);
	printf("unlinkstat: ok\n");
	return 0;
}
