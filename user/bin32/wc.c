/*
 * wc [-lwc] [FILE...]: counts lines, words and bytes of each file (or of
 * stdin), with a total line for several files. -l, -w, -c choose the
 * columns; the default is all three.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
	unsigned long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;
static int width = 7;

static int
count(int fd, const char *name, struct counts *c)
{
	static char buf[4096];
	int in_word = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = buf[i];

			if (ch == '\n')
				c->lines++;
			if (isspace(ch)) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	if (n < 0) {
		fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

static void
print(const struct counts *c, const char *name)
{
	const char *sep = "";

	if (show_lines) {
		printf("%*lu", width, c->lines);
		sep = " ";
	}
	if (show_words) {
		printf("%s%*lu", sep, width, c->words);
		sep = " ";
	}
	if (show_bytes)
		printf("%s%*lu", sep, width, c->bytes);
	if (name)
		printf(" %s", name);
	printf("\n");
}

int
main(int argc, char **argv)
{
	struct counts total = { 0 };
	int first = 1;
	int status = 0;

	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		for (const char *o = argv[first] + 1; *o; o++) {
			if (*o == 'l')
				show_lines = 1;
			else if (*o == 'w')
				show_words = 1;
			else if (*o == 'c')
				show_bytes = 1;
			else {
				fprintf(stderr, "usage: wc [-lwc] [FILE...]\n");
				return 2;
			}
		}
	}
	if (!show_lines && !show_words && !show_bytes)
		show_lines = show_words = show_bytes = 1;
	/* One number alone needs no column (as GNU wc prints it). */
	if (show_lines + show_words + show_bytes == 1 && argc - first <= 1)
		width = 1;

	if (first == argc) {
		status = count(0, "stdin", &total);
		print(&total, NULL);
		return status;
	}
	for (int i = first; i < argc; i++) {
		struct counts c = { 0 };
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= count(fd, argv[i], &c);
		close(fd);
		print(&c, argv[i]);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (argc - first > 1)
		print(&total, "total");
	return status;
}
