/*
 * procfs's text sink (pbuf.h). Written against the C library's names
 * alone, which the kernel has too, so that the host test builds it as
 * it is.
 */
#include "fs/procfs/pbuf.h"

void *memcpy(void *, const void *, size_t);
size_t strlen(const char *);
int vsnprintf(char *, size_t, const char *, va_list);

void pb_put(struct pbuf *b, const void *s, size_t n)
{
	if (b->pos + n > b->off && b->pos < b->off + PBUF_SIZE) {
		uint64_t skip = b->off > b->pos ? b->off - b->pos : 0;
		size_t k = MIN(n - skip, PBUF_SIZE - b->len);
		memcpy(b->page + b->len, (const char *)s + skip, k);
		b->len += k;
	}
	b->pos += n;
}

void pb_puts(struct pbuf *b, const char *s) { pb_put(b, s, strlen(s)); }

void pb_printf(struct pbuf *b, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		pb_put(b, line, MIN((size_t)n, sizeof(line) - 1));
}

void pb_pad(struct pbuf *b, uint64_t line_start, uint64_t col)
{
	while (b->pos - line_start < col)
		pb_put(b, " ", 1);
}
