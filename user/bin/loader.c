/*
 * loader lazy|eager PROGRAM [ARGS...]: runs PROGRAM with the given way of
 * loading programs, which it and the programs it runs inherit: lazy maps
 * each page at its first touch, eager loads the whole program at exec.
 * With no PROGRAM, prints the current mode.
 */
#include <stdio.h>
#include <string.h>

#include "syscall.h"

int
main(int argc, char **argv)
{
	if (argc == 1) {
		printf("%s\n", loader_mode(0) == LOADER_LAZY ? "lazy" : "eager");
		return 0;
	}
	int mode = strcmp(argv[1], "lazy") == 0 ? LOADER_LAZY :
		   strcmp(argv[1], "eager") == 0 ? LOADER_EAGER : 0;
	if (mode == 0 || argc < 3) {
		fprintf(stderr, "usage: loader lazy|eager PROGRAM [ARGS...]\n");
		return 2;
	}
	loader_mode(mode);
	exec_program(argv + 2);
	exec_failed("loader", argv[2]);
	return 127;
}
