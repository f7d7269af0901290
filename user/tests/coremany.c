/*
 * coremany: the core of a process with 500 regions. A child maps 500
 * one-page private copies of /data/big.bin (page i from offset i pages,
 * protections alternating), writes a mark into each writable one, then
 * faults. Its core, renamed to /core/coremany.core for coremany.host,
 * is a valid ELF that readelf and gdb-multiarch read: NT_FILE names
 * every region (a list longer than the page it once had to fit), and
 * gdb finds each mark and the file's bytes where the child left them.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <sys/mman.h>
#include "syscall.h"

#define PAGE 4096L
#define NREGIONS 500

char *regions[NREGIONS];	/* gdb reads them (coremany.host) */

static int prot_of(int i) { return i % 2 ? PROT_READ | PROT_WRITE : PROT_READ; }

/* The child: the regions, the marks, then a fault (a core). */
static void
map_and_die(void)
{
	int fd = open("/data/big.bin", O_RDONLY);

	if (fd < 0)
		_exit(2);
	for (int i = 0; i < NREGIONS; i++) {
		regions[i] = mmap(NULL, PAGE, prot_of(i), MAP_PRIVATE, fd, i * PAGE % (1 << 20));
		if (regions[i] == MAP_FAILED)
			_exit(3);
		if (prot_of(i) & PROT_WRITE)
			*(unsigned *)regions[i] = 0xc0de0000u | i;
	}
	*(volatile int *)0 = 1;
	_exit(4);
}

int
main(void)
{
	char path[64];
	struct stat st;

	pid_t pid = fork();
	if (pid == 0)
		map_and_die();
	check_long("the child died of SIGSEGV (128 + 11)", wait_status(pid), 128 + 11);
	snprintf(path, sizeof path, "/core/coremany.%d", pid);
	check_long("its core file is there", stat(path, &st), 0);
	unlink("/core/coremany.core");
	check_long("renamed for the host check", rename(path, "/core/coremany.core"), 0);
	sync();
	return 0;
}
