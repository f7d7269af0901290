/*
 * dlopen, dlsym, dlclose, dlerror over load_library and friends (dl.c).
 * dlerror returns the reason of the last failure once, then NULL, as
 * POSIX asks.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "dl.h"
#include "dl_io.h"
#include "dlfcn.h"

static char reported[256];
static int pending;	/* a failure dlerror has not returned yet */

static void *failed(void)
{
	pending = 1;
	return NULL;
}

void *dlopen(const char *path, int flags)
{
	struct dl_lib *lib;

	(void)flags;
	if (!path)
		return failed();	/* no handle for the program itself */
	lib = load_library(path);
	return lib ? lib : failed();
}

void *dlsym(void *handle, const char *name)
{
	uint64_t addr;

	if (handle == RTLD_DEFAULT) {
		if (dl_lookup_global(name, &addr) == 0)
			return (void *)addr;
		return failed();
	}
	void *p = find_library_function(handle, name);
	if (!p)
		p = find_library_data(handle, name);
	return p ? p : failed();
}

int dlclose(void *handle)
{
	if (unload_library(handle) < 0) {
		failed();
		return -1;
	}
	return 0;
}

char *dlerror(void)
{
	if (!pending)
		return NULL;
	pending = 0;
	strncpy(reported, dl_last_error(), sizeof reported - 1);
	return reported;
}
