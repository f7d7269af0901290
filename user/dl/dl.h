/*
 * Loadable libraries: ELF relocatable objects (riscv64-unknown-elf-gcc -c)
 * loaded into the running program. See user/dl/README.md.
 *
 * Every call that fails returns NULL or -1, sets errno, and leaves a
 * one-line reason ("PATH: why") for dl_last_error().
 */
#ifndef USER_DL_H
#define USER_DL_H

struct dl_lib;

/* Loads (or finds already loaded) the object at path, and the libraries
 * it names with DL_NEEDS, relocated, protected and initialised. */
struct dl_lib *load_library(const char *path);
/* The address of a global function (or data object) defined by lib. */
void *find_library_function(struct dl_lib *lib, const char *name);
void *find_library_data(struct dl_lib *lib, const char *name);
/* Drops one load of lib; the last runs its destructors and unmaps it,
 * and fails (EBUSY) while another loaded library depends on it. */
int unload_library(struct dl_lib *lib);
/* Loads an object with a main, runs main(argc, argv) in this process,
 * unloads it and returns main's result (or -1 if it could not load). */
int load_program(const char *path, int argc, char **argv);
const char *dl_last_error(void);

/* The program's own exported symbols: a program exports its global
 * symbols by keeping its symbol table (the loader reads it from
 * /proc/self/exe). */

/*
 * In a library's source: it needs the library name, which is loaded
 * first and whose symbols it may use. A name without '/' is looked for
 * next to the library naming it, then in /lib/obj.
 */
#define DL_NEEDS(name) \
	__asm__(".pushsection .dl_needed,\"\",@progbits\n\t.asciz \"" name "\"\n\t.popsection")

#endif
