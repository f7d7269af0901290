/* <stdio.h> on files: fopen modes, fprintf/fgets/fread, fseek/ftell, ungetc. */
#include "check.h"

int main(void)
{
	const char *name = "stdio_files.txt";
	char line[128];
	FILE *f;

	f = fopen(name, "w");
	CHECK(f != NULL);
	for (int i = 1; i <= 5; i++)
		fprintf(f, "record %d: %s\n", i, i % 2 ? "odd" : "even");
	fputs("no newline at end", f);
	CHECK(fclose(f) == 0);

	f = fopen(name, "r");
	CHECK(f != NULL);
	while (fgets(line, sizeof line, f))
		printf("fgets: %s%s", line, strchr(line, '\n') ? "" : "<EOF>\n");
	printf("feof %d ferror %d\n", feof(f), ferror(f));
	CHECK(fseek(f, 0, SEEK_END) == 0);
	printf("ftell at end: %ld\n", ftell(f));
	CHECK(fseek(f, 7, SEEK_SET) == 0);
	int c = fgetc(f);
	printf("byte 7: %c\n", c);
	CHECK(ungetc('X', f) == 'X');
	printf("after ungetc: %c then %c\n", fgetc(f), fgetc(f));
	rewind(f);
	char chunk[9] = { 0 };
	printf("fread: %zu \"%s\"\n", fread(chunk, 1, 8, f), chunk);
	CHECK(fclose(f) == 0);

	f = fopen(name, "a+");
	CHECK(f != NULL);
	fprintf(f, "\nappended");
	CHECK(fseek(f, 0, SEEK_SET) == 0);
	int lines = 0;
	while (fgets(line, sizeof line, f))
		lines++;
	printf("lines after append: %d, last: %s\n", lines, line);
	CHECK(fclose(f) == 0);

	f = fopen(name, "r+");
	CHECK(f != NULL);
	CHECK(fseek(f, -8, SEEK_END) == 0);
	fputs("APPENDED", f);
	CHECK(fflush(f) == 0);
	CHECK(fseek(f, -8, SEEK_END) == 0);
	CHECK(fgets(line, sizeof line, f) != NULL);
	printf("overwritten: %s\n", line);
	CHECK(fclose(f) == 0);

	int n = 0;
	f = fopen(name, "r");
	CHECK(f != NULL);
	CHECK(fscanf(f, "record %d", &n) == 1);
	printf("fscanf: %d\n", n);
	CHECK(fclose(f) == 0);
	CHECK(remove(name) == 0);
	CHECK(fopen(name, "r") == NULL);
	printf("fopen after remove: %s\n", strerror(errno));
	return 0;
}
