/* Host tool: writes /data/big.bin, 1 MiB with byte i = (i*7 + i/251) & 0xff. */
#include <stdio.h>

int
main(void)
{
	for (unsigned long i = 0; i < 1024 * 1024; i++)
		putchar((int)((i * 7 + i / 251) & 0xff));
	return 0;
}
