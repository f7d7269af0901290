/*
 * dlload: the loader's life cycle in one process. Constructors run and
 * data is reachable (find_library_data); a library another one needs
 * cannot be unloaded until that one is; dlopen/dlsym/dlclose/dlerror
 * work over the same code; load_program runs an object's main; and load,
 * call, unload five times over leaves the free page count exactly where
 * it was (after one warm-up round, which grows the C library's heap and
 * reads the program's own symbol table once).
 */
#include <stdio.h>
#include <string.h>

#include "../dl/dl.h"
#include "../dl/dlfcn.h"
#include "check.h"
#include "syscall.h"

#define OBJ "/lib/obj/"

/* hostcall.o uses these from the program (see dlrun.c's table). */
static void *const exports[] = { (void *)printf, (void *)snprintf, (void *)strlen,
				  (void *)putchar };


static struct dl_lib *must_load(const char *path)
{
	struct dl_lib *lib = load_library(path);

	if (!lib) {
		printf("FAIL load %s: %s\n", path, dl_last_error());
		fail();
	}
	return lib;
}

static void must_unload(struct dl_lib *lib, const char *what)
{
	if (unload_library(lib) < 0) {
		printf("FAIL unload %s: %s\n", what, dl_last_error());
		fail();
	}
}

static long call2(struct dl_lib *lib, const char *name, long a, long b)
{
	long (*f)(long, long) = (long (*)(long, long))find_library_function(lib, name);

	if (!f) {
		printf("FAIL find %s: %s\n", name, dl_last_error());
		fail();
	}
	return f(a, b);
}

static void constructors_and_data(void)
{
	struct dl_lib *m = must_load(OBJ "mathlib.o");
	long *ctor = find_library_data(m, "math_ctor_runs");
	long *calls = find_library_data(m, "math_calls");

	check_long("constructor ran once (math_ctor_runs)", ctor ? *ctor : -1, 101);
	call2(m, "add", 1, 2);
	call2(m, "mul", 3, 4);
	check_long("math_calls after add and mul", calls ? *calls : -1, 2);
	check_long("a function is not data", find_library_data(m, "add") == NULL, 1);
	check_long("data is not a function", find_library_function(m, "math_calls") == NULL, 1);
	must_unload(m, "mathlib.o");
}

static void dependencies(void)
{
	struct dl_lib *m = must_load(OBJ "mathlib.o");
	struct dl_lib *c = must_load(OBJ "calc.o");

	check_long("calc_poly(7) through mathlib.o", call2(c, "calc_poly", 7, 0), 72);
	long r = unload_library(m);
	check_errno("unload mathlib.o while calc.o needs it", r, EBUSY);
	printf("ok reason: %s\n", dl_last_error());
	must_unload(c, "calc.o");
	must_unload(m, "mathlib.o now");
	check_errno("unload it again", unload_library(m), EINVAL);
}

static void posix_names(void)
{
	void *h = dlopen(OBJ "strs.o", RTLD_NOW);

	if (!h) {
		printf("FAIL dlopen: %s\n", dlerror());
		fail();
	}
	long (*join)(long) = (long (*)(long))dlsym(h, "join");
	const char *greeting = dlsym(h, "greeting");
	check_long("dlsym join(3)", join ? join(3) : -1, 16);
	printf("ok dlsym greeting: %s\n", greeting ? greeting : "(null)");
	check_long("dlerror after success is NULL", dlerror() == NULL, 1);
	check_long("dlsym of a missing name", dlsym(h, "nosuch") == NULL, 1);
	printf("ok dlerror: %s\n", dlerror());
	check_long("dlerror is cleared once read", dlerror() == NULL, 1);
	check_long("dlsym(RTLD_DEFAULT, \"join\") finds the library's", dlsym(RTLD_DEFAULT, "join") == (void *)join, 1);
	check_long("dlclose", dlclose(h), 0);
	check_long("dlopen of a missing file", dlopen(OBJ "nosuch.o", RTLD_NOW) == NULL, 1);
	printf("ok dlerror: %s\n", dlerror());
}

static void program(void)
{
	char *argv[] = { "hostcall", "one", "two", NULL };

	fflush(stdout);
	int r = load_program(OBJ "hostcall.o", 3, argv);
	if (r < 0)
		printf("load_program: %s\n", dl_last_error());
	check_long("load_program hostcall.o returns argc + 40", r, 43);
}

/* Load, call, unload: calc.o brings mathlib.o in and takes it out again. */
static void round_trip(void)
{
	struct dl_lib *c = must_load(OBJ "calc.o");
	long before = free_pages();

	if (call2(c, "calc_apply", 5, 2) != 0 && call2(c, "calc_poly", 1, 0) != 6) {
		printf("FAIL calc_poly(1)\n");
		fail();
	}
	must_unload(c, "calc.o");
	if (free_pages() <= before) {
		printf("FAIL unloading gave no page back (%ld, then %ld)\n", before, free_pages());
		fail();
	}
}

static void pages(void)
{
	round_trip();	/* warm-up */
	long start = free_pages();
	for (int i = 0; i < 5; i++)
		round_trip();
	check_long("free pages after 5 load/unload rounds, less before", free_pages() - start, 0);
}

int main(void)
{
	__asm__ volatile("" : : "r"(exports) : "memory");
	constructors_and_data();
	dependencies();
	posix_names();
	program();
	pages();
	printf("dlload: done\n");
	return 0;
}
