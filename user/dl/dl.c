/*
 * load_library and unload_library: the system half of the loader. The
 * pure steps (dl_check ... dl_relocate, in dl_check.c and dl_reloc.c)
 * work on a dl_obj; this file opens the file, loads the libraries an
 * object needs, finds room for the image, resolves symbols against the
 * program and the loaded libraries, protects the pages, flushes the
 * instruction cache and runs constructors and destructors.
 *
 * Images go below 2 GiB, near the program (linked at 0x10000): there an
 * auipc-based call (+-2 GiB) reaches the program's own functions and an
 * absolute lui address (signed 32 bits) is valid, so objects built
 * without -fPIC load too. Not thread-safe: one loader per process.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dl.h"
#include "dl_io.h"
#include "syscall.h"

#ifndef SYS_mmap
#define SYS_munmap 215
#define SYS_mmap 222
#define SYS_mprotect 226
#endif
#define PROT_R 1
#define PROT_W 2
#define PROT_X 4
#define MAP_PRIVATE_ANON 0x22
#define MAP_FIXED_NOREPLACE 0x100000
#define IMAGE_LOW 0x40000000UL
#define IMAGE_HIGH 0x7ff00000UL
#define MAX_DEPS 16
#define PATH_MAX_DL 128

struct dl_lib {
	struct dl_lib *next;
	char path[PATH_MAX_DL];
	struct dl_obj obj;	/* kept for its symbols and sections */
	uint64_t base, size;
	int refs;		/* load_library calls not yet unloaded */
	int users;		/* loaded libraries that depend on this one */
	int ndeps;
	struct dl_lib *deps[MAX_DEPS];
};

static struct dl_lib *libs;	/* in load order */
static char errbuf[256];
static const char *loading[DL_MAX_NEEDED + 2];	/* the chain being loaded */
static int nloading;

__attribute__((format(printf, 3, 4)))
static void *fail(const char *path, int err, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(errbuf, sizeof errbuf, "%s: ", path);

	va_start(ap, fmt);
	vsnprintf(errbuf + n, sizeof errbuf - n, fmt, ap);
	va_end(ap);
	errno = err;
	return NULL;
}

const char *dl_last_error(void)
{
	return errbuf;
}

static struct dl_lib *find_loaded(const char *path)
{
	for (struct dl_lib *l = libs; l; l = l->next)
		if (strcmp(l->path, path) == 0)
			return l;
	return NULL;
}

static int add_dep(struct dl_lib *lib, struct dl_lib *dep)
{
	for (int i = 0; i < lib->ndeps; i++)
		if (lib->deps[i] == dep)
			return 0;
	if (lib->ndeps == MAX_DEPS)
		return -1;
	lib->deps[lib->ndeps++] = dep;
	dep->users++;
	return 0;
}

static void destroy(struct dl_lib *lib);

/* Lets go of lib's dependencies; those loaded only for it go too. */
static void drop_deps(struct dl_lib *lib)
{
	for (int i = 0; i < lib->ndeps; i++) {
		struct dl_lib *d = lib->deps[i];
		if (--d->users == 0 && d->refs == 0)
			destroy(d);
	}
	lib->ndeps = 0;
}

/* ---- room for the image ---- */

static uint64_t place_image(uint64_t size)
{
	uint64_t at = IMAGE_LOW;

	for (int tries = 0; tries < 4096 && at + size <= IMAGE_HIGH; tries++) {
		struct dl_lib *l;
		for (l = libs; l; l = l->next)
			if (l->base < at + size && at < l->base + l->size)
				break;
		if (l) {
			at = l->base + l->size;
			continue;
		}
		long r = syscall6(SYS_mmap, at, size, PROT_R | PROT_W,
				  MAP_PRIVATE_ANON | MAP_FIXED_NOREPLACE, -1, 0);
		if (r == (long)at)
			return at;
		if (r >= 0)	/* a kernel that ignores NOREPLACE put it elsewhere */
			syscall6(SYS_munmap, r, size, 0, 0, 0, 0);
		else if (r != -17 /* EEXIST */ && r != -22 /* EINVAL */)
			return 0;
		at += DL_PAGE;
	}
	return 0;
}

static int protect(struct dl_lib *lib)
{
	static const int prot[DL_NCLASS] = { PROT_R | PROT_X, PROT_R, PROT_R | PROT_W };

	for (int c = 0; c < DL_NCLASS; c++) {
		const struct dl_obj *o = &lib->obj;
		if (o->cls_size[c] == 0 || prot[c] == (PROT_R | PROT_W))
			continue;
		if (syscall6(SYS_mprotect, lib->base + o->cls_off[c], o->cls_size[c], prot[c],
			     0, 0, 0) < 0)
			return -1;
	}
	/* The new code is data the harts have not fetched yet: fence.i makes
	 * this hart's instruction fetches see it before any call into it. */
	__asm__ volatile(".insn i 0x0f, 1, x0, x0, 0" ::: "memory");
	return 0;
}

/* ---- symbols ---- */

static int lookup(void *ctx, const char *name, uint64_t *addr)
{
	struct dl_lib *self = ctx;
	uint32_t i;

	if (dl_self_lookup(name, addr) == 0)
		return 0;
	for (struct dl_lib *l = libs; l; l = l->next)
		if (dl_find_global(&l->obj, name, &i) == 0) {
			*addr = dl_symaddr(&l->obj, l->base, i);
			return self && add_dep(self, l) < 0 ? -ENOENT : 0;
		}
	return -ENOENT;
}

int dl_lookup_global(const char *name, uint64_t *addr)
{
	if (lookup(NULL, name, addr) == 0)
		return 0;
	fail("dlsym", ENOENT, "no symbol %s in the program or a loaded library", name);
	return -ENOENT;
}

static void run_array(struct dl_lib *lib, uint32_t type, bool reverse)
{
	const struct dl_obj *o = &lib->obj;

	for (uint32_t i = 1; i < o->eh.e_shnum; i++) {
		if (o->sh[i].sh_type != type || o->secoff[i] == UINT64_MAX)
			continue;
		void (**fn)(void) = (void (**)(void))(lib->base + o->secoff[i]);
		uint64_t n = o->secsize[i] / sizeof *fn;
		for (uint64_t k = 0; k < n; k++) {
			void (*f)(void) = fn[reverse ? n - 1 - k : k];
			if (f && f != (void (*)(void))-1)
				f();
		}
	}
}

/* ---- loading ---- */

static struct dl_lib *load_one(const char *path);

/* Where a needed name is: a path as given, else next to the library
 * that names it, else in /lib/obj. */
static void dep_path(const char *from, const char *name, char *out, size_t size)
{
	const char *slash = strrchr(from, '/');

	if (strchr(name, '/')) {
		snprintf(out, size, "%s", name);
		return;
	}
	snprintf(out, size, "%.*s%s", slash ? (int)(slash - from + 1) : 0, from, name);
	int fd = open(out, O_RDONLY);
	if (fd < 0)
		snprintf(out, size, "/lib/obj/%s", name);
	else
		close(fd);
}

static int load_needed(struct dl_lib *lib)
{
	const struct dl_obj *o = &lib->obj;

	for (uint64_t p = 0; o->needed && p < o->neededsz; p += strlen(o->needed + p) + 1) {
		char path[PATH_MAX_DL];
		dep_path(lib->path, o->needed + p, path, sizeof path);
		struct dl_lib *d = find_loaded(path);
		if (!d && !(d = load_one(path)))
			return -1;	/* errbuf names the dependency */
		add_dep(lib, d);
	}
	return 0;
}

/* The pure steps, on the image mapped at lib->base. */
static int build_image(struct dl_lib *lib, const struct dl_source *src)
{
	struct dl_obj *o = &lib->obj;
	uint8_t *image = (uint8_t *)lib->base;
	int err;

	if ((err = dl_fill(o, image, src)) < 0 || (err = dl_relax(o, image)) < 0 ||
	    (err = dl_resolve(o, lookup, lib)) < 0 || (err = dl_relocate(o, image, lib->base)) < 0)
		fail(lib->path, -err, "%s", o->reason);
	return err;
}

/* Frees what relocation alone needed. */
static void drop_relocations(struct dl_obj *o)
{
	for (uint32_t k = 0; k < o->nrela; k++)
		free(o->rela[k].r);
	free(o->rela);
	free(o->ext);
	o->rela = NULL;
	o->nrela = 0;
	o->ext = NULL;
}

static int map_and_relocate(struct dl_lib *lib, const struct dl_source *src)
{
	struct dl_obj *o = &lib->obj;
	int err;

	if ((err = dl_plan(o)) < 0) {
		fail(lib->path, -err, "%s", o->reason);
		return -1;
	}
	lib->size = o->image_size ? o->image_size : DL_PAGE;
	if (!(lib->base = place_image(lib->size))) {
		fail(lib->path, ENOMEM, "no room for a %llu-byte image below 2 GiB",
		     (unsigned long long)lib->size);
		return -1;
	}
	if (build_image(lib, src) < 0)
		return -1;
	if (protect(lib) < 0) {
		fail(lib->path, ENOMEM, "mprotect refused");
		return -1;
	}
	return 0;
}

static struct dl_lib *load_one(const char *path)
{
	struct dl_source src;
	struct dl_lib *lib;
	int err;

	if (strlen(path) >= PATH_MAX_DL)
		return fail(path, ENAMETOOLONG, "path too long");
	for (int i = 0; i < nloading; i++)
		if (strcmp(loading[i], path) == 0)
			return fail(path, ELOOP, "libraries need each other (a cycle)");
	if (nloading == (int)(sizeof loading / sizeof loading[0]))
		return fail(path, ELOOP, "libraries nested too deep");
	int fd = dl_open_source(path, &src);
	if (fd < 0)
		return fail(path, -fd, "cannot open: %s", strerror(-fd));
	if (!(lib = calloc(1, sizeof *lib))) {
		close(fd);
		return fail(path, ENOMEM, "out of memory");
	}
	strcpy(lib->path, path);
	loading[nloading++] = lib->path;
	if ((err = dl_check(&lib->obj, &src, ET_REL)) < 0)
		fail(path, -err, "%s", lib->obj.reason);
	else if (load_needed(lib) == 0 && map_and_relocate(lib, &src) == 0)
		err = 1;
	nloading--;
	close(fd);
	if (err != 1) {
		int e = errno;
		destroy(lib);
		errno = e;
		return NULL;
	}
	drop_relocations(&lib->obj);
	struct dl_lib **tail = &libs;
	while (*tail)
		tail = &(*tail)->next;
	*tail = lib;
	run_array(lib, SHT_PREINIT_ARRAY, false);
	run_array(lib, SHT_INIT_ARRAY, false);
	return lib;
}

struct dl_lib *load_library(const char *path)
{
	struct dl_lib *lib = find_loaded(path);

	if (!lib && !(lib = load_one(path)))
		return NULL;
	lib->refs++;
	return lib;
}

/* Unlinks lib (if linked), frees its image, tables and dependencies.
 * Its destructors run first if it was ever linked (fully loaded). */
static void destroy(struct dl_lib *lib)
{
	struct dl_lib **pp = &libs;

	while (*pp && *pp != lib)
		pp = &(*pp)->next;
	if (*pp) {
		run_array(lib, SHT_FINI_ARRAY, true);
		*pp = lib->next;
	}
	if (lib->base)
		syscall6(SYS_munmap, lib->base, lib->size, 0, 0, 0, 0);
	drop_deps(lib);
	dl_free(&lib->obj);
	free(lib);
}

static bool is_loaded(const struct dl_lib *lib)
{
	for (struct dl_lib *l = libs; l; l = l->next)
		if (l == lib)
			return true;
	return false;
}

int unload_library(struct dl_lib *lib)
{
	if (!lib || !is_loaded(lib) || lib->refs == 0) {
		fail("unload_library", EINVAL, "not a loaded library");
		return -1;
	}
	if (lib->refs == 1 && lib->users > 0) {
		for (struct dl_lib *l = libs; l; l = l->next)
			for (int i = 0; i < l->ndeps; i++)
				if (l->deps[i] == lib) {
					fail(lib->path, EBUSY, "still needed by %s", l->path);
					return -1;
				}
	}
	if (--lib->refs == 0 && lib->users == 0)
		destroy(lib);
	return 0;
}

static void *find_symbol(struct dl_lib *lib, const char *name, bool code)
{
	uint32_t i;

	if (!lib || !is_loaded(lib))
		return fail("find_library_function", EINVAL, "not a loaded library");
	if (dl_find_global(&lib->obj, name, &i) < 0)
		return fail(lib->path, ENOENT, "no global symbol %s", name);
	const Elf64_Sym *y = &lib->obj.sym[i];
	int type = ELF64_ST_TYPE(y->st_info);
	bool in_text = y->st_shndx < lib->obj.eh.e_shnum &&
		       (lib->obj.sh[y->st_shndx].sh_flags & SHF_EXECINSTR);
	if (code ? !(type == STT_FUNC || (type == STT_NOTYPE && in_text))
		 : !(type == STT_OBJECT || (type == STT_NOTYPE && !in_text)))
		return fail(lib->path, EINVAL, "%s is not a %s", name, code ? "function" : "data object");
	return (void *)dl_symaddr(&lib->obj, lib->base, i);
}

void *find_library_function(struct dl_lib *lib, const char *name)
{
	return find_symbol(lib, name, true);
}

void *find_library_data(struct dl_lib *lib, const char *name)
{
	return find_symbol(lib, name, false);
}

int load_program(const char *path, int argc, char **argv)
{
	struct dl_lib *lib = load_library(path);

	if (!lib)
		return -1;
	int (*main_fn)(int, char **) = (int (*)(int, char **))find_library_function(lib, "main");
	if (!main_fn) {
		unload_library(lib);
		fail(path, ENOENT, "no function main");
		return -1;
	}
	int status = main_fn(argc, argv);
	unload_library(lib);
	return status;
}
