/*
 * The text sink of procfs's generators. A file's text is made again
 * for every read, as Linux's seq_file does: a read at off keeps only
 * the PBUF_SIZE bytes of text from off on, so a generator writes its
 * whole text, of any length, into one page. Pure (pbuf.c): host-tested
 * by os/tests/test_pbuf.c.
 */
#ifndef FS_PBUF_H
#define FS_PBUF_H
#include <stdarg.h>
#include "kern/types.h"

#define PBUF_SIZE 4096		/* a page */

struct pbuf {
	char *page;		/* PBUF_SIZE bytes: [off, off + len) of the whole text */
	uint64_t off;		/* the first byte kept */
	uint64_t pos;		/* bytes written so far, kept or not */
	size_t len;
};

void pb_put(struct pbuf *b, const void *s, size_t n);
void pb_puts(struct pbuf *b, const char *s);
/* One line or part of one: at most 255 bytes are kept of each call */
void pb_printf(struct pbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Spaces up to column col of the line that began at line_start, as seq_pad */
void pb_pad(struct pbuf *b, uint64_t line_start, uint64_t col);
#endif
