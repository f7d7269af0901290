/* libtlsvars.so (lib/tlsvars.c): per-thread variables in a library. */
#ifndef TLSVARS_H
#define TLSVARS_H
int tlsvars_bump(void);		/* ++counter (initially 7); its new value */
int tlsvars_counter(void);
int tlsvars_nonzero(void);	/* nonzero bytes in a zeroed array, then marks it */
const void *tlsvars_where(void);	/* this thread's &counter */
#endif
