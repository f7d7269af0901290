/* qsort and bsearch over strings, with two orders. */
#include <strings.h>
#include "check.h"

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_length_then_nocase(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcasecmp(x, y);
}

static int by_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	char *words[] = { "pear", "Apple", "fig", "banana", "cherry", "date", "Elderberry",
			  "grape", "kiwi", "lemon", "mango", "nectarine", "orange", "Quince",
			  "raspberry", "tangerine", "ugli", "vanilla", "watermelon", "yam" };
	size_t n = sizeof words / sizeof words[0];

	qsort(words, n, sizeof *words, by_text);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", words[i], i + 1 < n ? " " : "\n");
	const char *key = "lemon";
	char **hit = bsearch(&key, words, n, sizeof *words, by_text);
	printf("bsearch lemon: index %ld\n", hit ? (long)(hit - words) : -1L);
	key = "zucchini";
	printf("bsearch zucchini: %s\n", bsearch(&key, words, n, sizeof *words, by_text) ?
	       "found" : "not found");
	qsort(words, n, sizeof *words, by_length_then_nocase);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", words[i], i + 1 < n ? " " : "\n");

	int nums[1000];
	for (int i = 0; i < 1000; i++)
		nums[i] = (i * 7919) % 1000;
	qsort(nums, 1000, sizeof *nums, by_int);
	for (int i = 0; i < 1000; i++)
		CHECK(nums[i] == i);
	printf("1000 ints sorted\n");
	return 0;
}
