/*
 * The POSIX names for the loader in dl.h: thin wrappers over the same
 * code. A handle is a struct dl_lib; RTLD_DEFAULT (NULL) in dlsym
 * searches the program's own symbols, then every loaded library.
 */
#ifndef USER_DLFCN_H
#define USER_DLFCN_H

#define RTLD_LAZY 0x1	/* accepted; every symbol is bound at load time */
#define RTLD_NOW 0x2
#define RTLD_GLOBAL 0x100	/* accepted; every library is global */
#define RTLD_LOCAL 0
#define RTLD_DEFAULT ((void *)0)

void *dlopen(const char *path, int flags);
void *dlsym(void *handle, const char *name);
int dlclose(void *handle);
char *dlerror(void);

#endif
