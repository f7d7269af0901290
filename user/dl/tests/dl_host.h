/*
 * What the host test and the fuzz target share: an object in a buffer as
 * a dl_source, and a lookup that gives every undefined name an address.
 */
#ifndef DL_HOST_H
#define DL_HOST_H
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dl_elf.h"

struct buf {
	const uint8_t *b;
	uint64_t size;
};

static int buf_read_at(void *ctx, uint64_t off, void *out, uint64_t len)
{
	const struct buf *f = ctx;

	if (off > f->size || len > f->size - off)
		abort();	/* dl_check must have kept every read in the file */
	memcpy(out, f->b + off, len);
	return 0;
}

/* Undefined names live at 0x10000 + 16 * (a hash of the name): a
 * program's addresses, below the image. */
static uint64_t fake_far;	/* nonzero: put them there instead */
static const char *const *fake_only;	/* non-NULL: only these names exist */
static int fake_lookup(void *ctx, const char *name, uint64_t *addr)
{
	uint64_t h = 5381;

	(void)ctx;
	if (fake_only) {
		int i = 0;
		while (fake_only[i] && strcmp(fake_only[i], name))
			i++;
		if (!fake_only[i])
			return -ENOENT;
	}
	for (const char *p = name; *p; p++)
		h = h * 33 + (uint8_t)*p;
	*addr = (fake_far ? fake_far : 0x10000) + 16 * (h % 4096);
	return 0;
}

/* Every step on one object; the image is returned for the caller. */
static int load_all(struct dl_obj *o, const struct buf *f, uint64_t base, uint8_t **image)
{
	struct dl_source src = { (void *)f, f->size, buf_read_at };
	int err;

	*image = NULL;
	if ((err = dl_check(o, &src, ET_REL)) < 0 || (err = dl_plan(o)) < 0)
		return err;
	if (!(*image = calloc(1, o->image_size + 1)))
		return -ENOMEM;
	if ((err = dl_fill(o, *image, &src)) < 0 || (err = dl_relax(o, *image)) < 0 ||
	    (err = dl_resolve(o, fake_lookup, NULL)) < 0)
		return err;
	return dl_relocate(o, *image, base);
}
#endif
