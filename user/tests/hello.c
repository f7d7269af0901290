/* hello: printf reaches the console. */
#include <stdio.h>

int
main(void)
{
	printf("hello, world\n");
	printf("%d %s %c %x\n", 42, "str", 'c', 0xbeef);
	return 0;
}
