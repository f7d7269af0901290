/*
 * Helpers shared by the shared-mapping tests (tmpfsshm, fatshared,
 * fatsharedfull): a mapping that must work, and a child that touches a
 * mapped byte so that the parent sees how it ended (SIGBUS past the
 * end of a file, a store that shows or not), and a shared page checked
 * across a fork.
 */
#ifndef TESTS_MAPUTIL_H
#define TESTS_MAPUTIL_H

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fsutil.h"

/* mmap of fd from offset 0 that must work. */
static inline char *
map(int fd, size_t len, int prot, int flags)
{
	char *p = mmap(NULL, len, prot, flags, fd, 0);

	if (p == MAP_FAILED) {
		printf("FAIL mmap: %s\n", errno_name(errno));
		fail();
	}
	return p;
}

/* How a child running fn(arg) ended (wait_status): 0, or 128 + signal. */
static inline int
in_child(void (*fn)(char *), char *arg)
{
	fflush(stdout);
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	return wait_status(pid);
}

/* For in_child: a store of 'k' at p. */
static inline void
store_byte(char *p)
{
	*(volatile char *)p = 'k';
}

/* For in_child: exit status 3 if p holds the 'k' a store left. */
static inline void
load_byte(char *p)
{
	if (*(volatile char *)p == 'k')
		_exit(3);
}

/* The child stores what the parent then reads, and reads what the
 * parent stored after the fork. */
static inline void
forked(char *m)
{
	int go[2];

	must("pipe", pipe(go));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1 || m[300] != 'P')
			_exit(2);
		m[301] = 'C';
		_exit(0);
	}
	close(go[0]);
	m[300] = 'P';
	must("write to the pipe", write(go[1], "x", 1));
	close(go[1]);
	check_long("the child saw the parent's store made after the fork", wait_status(pid), 0);
	check_long("the parent sees the child's store", m[301], 'C');
}
#endif
