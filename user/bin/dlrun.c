/*
 * dlrun OBJECT SYMBOL [INTEGER ARGS...]: loads a relocatable object with
 * the loader in user/dl, calls SYMBOL with up to six integer arguments,
 * prints the result in decimal on its own line and unloads the object.
 * Errors go to stderr with the reason; the exit status is then 1 (2 for
 * bad usage).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dl/dl.h"

#define MAX_ARGS 6

/*
 * A program exports the functions it links (the loader reads its symbol
 * table). --gc-sections keeps only what is used, so dlrun uses, through
 * this table, the C library functions it offers the objects it loads.
 */
static void *const exports[] = {
	(void *)printf, (void *)snprintf, (void *)puts, (void *)putchar,
	(void *)strlen, (void *)strcmp, (void *)strcpy, (void *)strchr,
	(void *)memcpy, (void *)memset, (void *)memcmp, (void *)malloc,
	(void *)free, (void *)strtol, (void *)abs,
};

static int usage(void)
{
	fprintf(stderr, "usage: dlrun OBJECT SYMBOL [INTEGER ARGS...] (at most %d)\n", MAX_ARGS);
	return 2;
}

int main(int argc, char **argv)
{
	long a[MAX_ARGS] = { 0 };

	__asm__ volatile("" : : "r"(exports) : "memory");	/* keep the table */
	if (argc < 3 || argc > 3 + MAX_ARGS)
		return usage();
	for (int i = 3; i < argc; i++) {
		char *end;
		errno = 0;
		a[i - 3] = strtol(argv[i], &end, 0);
		if (errno || end == argv[i] || *end) {
			fprintf(stderr, "dlrun: %s: not an integer\n", argv[i]);
			return 2;
		}
	}
	struct dl_lib *lib = load_library(argv[1]);
	if (!lib) {
		fprintf(stderr, "dlrun: %s\n", dl_last_error());
		return 1;
	}
	long (*fn)(long, long, long, long, long, long) =
		(long (*)(long, long, long, long, long, long))find_library_function(lib, argv[2]);
	if (!fn) {
		fprintf(stderr, "dlrun: %s\n", dl_last_error());
		unload_library(lib);
		return 1;
	}
	long r = fn(a[0], a[1], a[2], a[3], a[4], a[5]);
	printf("%ld\n", r);
	fflush(stdout);
	if (unload_library(lib) < 0) {
		fprintf(stderr, "dlrun: %s\n", dl_last_error());
		return 1;
	}
	return 0;
}
