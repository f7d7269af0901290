/*
 * The loader's private helpers shared by its files: the object source over
 * an open file (lseek + read, no mapping) and the program's own symbols.
 */
#ifndef USER_DL_IO_H
#define USER_DL_IO_H
#include "dl_elf.h"

/* Opens path as a dl_source; returns the fd (>= 0) or -errno. */
int dl_open_source(const char *path, struct dl_source *src);
/* The address of a global symbol of the running program itself. */
int dl_self_lookup(const char *name, uint64_t *addr);

/* The program's symbols, then every loaded library's (dlsym's default). */
int dl_lookup_global(const char *name, uint64_t *addr);

#endif
