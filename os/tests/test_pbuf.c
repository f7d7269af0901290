/*
 * Host unit tests of procfs's text sink (os/fs/procfs/pbuf.c): a text of
 * several pages, written in pieces of every size, read back a window
 * at a time from every kind of offset (0, inside the first piece,
 * a page boundary, the last byte, past the end), each window compared
 * byte for byte with the whole; and seq_pad's columns. ASan and UBSan
 * watch every access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs/procfs/pbuf.h"

static int checks, fail;

#define CHECK(cond, ...)                                  \
	do {                                              \
		checks++;                                 \
		if (!(cond) && fail++ < 10) {             \
			printf("FAIL line %d: ", __LINE__); \
			printf(__VA_ARGS__);              \
			printf("\n");                     \
		}                                         \
	} while (0)

/* The text: lines of growing length, numbered, as a generator writes them. */
static void generate(struct pbuf *b, int lines)
{
	for (int i = 0; i < lines; i++) {
		uint64_t start = b->pos;
		pb_printf(b, "%d", i);
		pb_pad(b, start, 8);
		for (int k = 0; k < i % 40; k++)
			pb_put(b, "abcdefgh" + k % 8, 1);
		pb_puts(b, "\n");
	}
}

static size_t whole(char *out, size_t cap, int lines)
{
	struct pbuf b = { .page = malloc(PBUF_SIZE) };
	size_t got = 0;

	for (uint64_t off = 0;; off += PBUF_SIZE) {
		b.off = off, b.pos = 0, b.len = 0;
		generate(&b, lines);
		if (got + b.len > cap)
			abort();
		memcpy(out + got, b.page, b.len);
		got += b.len;
		if (b.len < PBUF_SIZE)
			break;
	}
	CHECK(got == b.pos, "the windows hold %zu of %lu bytes", got, (unsigned long)b.pos);
	free(b.page);
	return got;
}

static void window_at(const char *text, size_t size, uint64_t off, int lines)
{
	struct pbuf b = { .page = malloc(PBUF_SIZE), .off = off };

	generate(&b, lines);
	size_t want = off >= size ? 0 : size - off < PBUF_SIZE ? size - off : PBUF_SIZE;
	CHECK(b.len == want, "off %lu: %zu bytes, expected %zu", (unsigned long)off, b.len, want);
	CHECK(b.len != want || memcmp(b.page, text + off, want) == 0, "off %lu: bytes differ",
	      (unsigned long)off);
	free(b.page);
}

static void test_pad(void)
{
	struct pbuf b = { .page = malloc(PBUF_SIZE) };

	pb_puts(&b, "00010000-00012000 r-xp 00000000 00:00 0 ");
	pb_pad(&b, 0, 73);
	pb_puts(&b, "/bin/x");
	CHECK(b.len == 79 && memcmp(b.page + 73, "/bin/x", 6) == 0 && b.page[72] == ' ',
	      "the name starts at column 73 (len %zu)", b.len);
	pb_pad(&b, 0, 10);	/* already past: nothing */
	CHECK(b.len == 79, "a pad behind the column adds nothing (len %zu)", b.len);
	free(b.page);
}

static void test_long_printf(void)
{
	struct pbuf b = { .page = malloc(PBUF_SIZE) };
	char s[600];

	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = 0;
	pb_printf(&b, "%s", s);
	CHECK(b.len == 255, "a long printf keeps 255 bytes, not %zu", b.len);
	free(b.page);
}

int main(void)
{
	static char text[1 << 16];
	const int lines = 700;	/* about 5 pages */
	size_t size = whole(text, sizeof(text), lines);

	CHECK(size > 4 * PBUF_SIZE, "the text is %zu bytes", size);
	uint64_t offs[] = { 0, 1, 7, PBUF_SIZE - 1, PBUF_SIZE, PBUF_SIZE + 1, 3 * PBUF_SIZE + 5,
			    size - 1, size, size + 1, size + PBUF_SIZE };
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		window_at(text, size, offs[i], lines);
	for (uint64_t off = 0; off < size; off += 97)
		window_at(text, size, off, lines);
	test_pad();
	test_long_printf();
	printf("pbuf: %d passed, %d failed\n", checks - fail, fail);
	return fail != 0;
}
