/*
 * dlbad: every broken object in /lib/obj/bad (tools/mkdlcorpus.py) is
 * refused by load_library with the errno and the reason its MANIFEST
 * line names, and the process goes on. The corpus is loaded twice; the
 * free page count must not move across two more passes, after a warm-up
 * one (no page kept by a refused load).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../dl/dl.h"
#include "check.h"
#include "syscall.h"

#define DIR "/lib/obj/bad/"


/* One pass over the MANIFEST; prints each refusal when loud. */
static int pass(int loud)
{
	char line[256], path[128];
	int n = 0;
	FILE *f = fopen(DIR "MANIFEST", "r");

	if (!f) {
		printf("FAIL open " DIR "MANIFEST: %s\n", errno_name(errno));
		fail();
	}
	while (fgets(line, sizeof line, f)) {
		char name[64], err[32];
		int at;
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%63s %31s %n", name, err, &at) != 2)
			continue;
		const char *text = line + at;
		snprintf(path, sizeof path, DIR "%s", name);
		errno = 0;
		struct dl_lib *lib = load_library(path);
		if (lib) {
			printf("FAIL %s: loaded\n", name);
			fail();
		}
		if (strcmp(errno_name(errno), err) != 0 || !strstr(dl_last_error(), text)) {
			printf("FAIL %s: expected %s \"%s\", got %s \"%s\"\n", name, err, text,
			       errno_name(errno), dl_last_error());
			fail();
		}
		const char *why = dl_last_error();
		if (strncmp(why, DIR, strlen(DIR)) == 0)
			why += strlen(DIR);
		if (loud)
			printf("ok %s: %s (%s)\n", name, err, why);
		n++;
	}
	fclose(f);
	return n;
}

int main(void)
{
	int n = pass(1);
	pass(0);	/* the C library's heap settles */
	long before = free_pages();
	char *brk_before = sbrk(0);
	pass(0);
	pass(0);
	check_long("heap growth over two more passes", (char *)sbrk(0) - brk_before, 0);
	check_long("free pages after two more passes, less before", free_pages() - before, 0);
	printf("dlbad: %d broken objects refused\n", n);
	return 0;
}
