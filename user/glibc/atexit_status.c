/* exit() runs atexit handlers in reverse and flushes stdio; the status is 42. */
#include "check.h"

static void first(void) { printf("first registered, runs last\n"); }
static void second(void) { printf("second registered, runs first\n"); }

int main(void)
{
	CHECK(atexit(first) == 0);
	CHECK(atexit(second) == 0);
	printf("buffered, no newline before exit...");
	exit(42);
}
