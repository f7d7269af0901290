/* sync: writes every cached block of the file system to the disk. */
#include <unistd.h>

int
main(void)
{
	sync();
	return 0;
}
