/*
 * hostcall.o: needs the program's own functions (printf, strlen,
 * snprintf from the program's C library), built with -fPIC. Its main
 * is what load_program runs.
 */
#include <stdio.h>
#include <string.h>

long greet(long n)
{
	char line[64];

	snprintf(line, sizeof line, "hello from a loaded object, %ld", n);
	printf("%s\n", line);
	return (long)strlen(line);
}

int main(int argc, char **argv)
{
	printf("hostcall main: argc %d", argc);
	for (int i = 0; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");
	return argc + 40;
}
