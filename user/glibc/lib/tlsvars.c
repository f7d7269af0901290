/*
 * libtlsvars.so: __thread variables in a shared library, for tls_shlib.c
 * (linked into its static build instead). The program reaches them only
 * through these functions, so in the shared build every access goes
 * through the library's own TLS module (__tls_get_addr).
 */
#include "tlsvars.h"

static __thread int counter = 7;
static __thread char zeroed[256];

int tlsvars_bump(void)
{
	return ++counter;
}

int tlsvars_counter(void)
{
	return counter;
}

int tlsvars_nonzero(void)
{
	int n = 0;

	for (unsigned i = 0; i < sizeof zeroed; i++)
		n += zeroed[i] != 0;
	zeroed[0] = 1;	/* the next thread must not see it */
	return n;
}

const void *tlsvars_where(void)
{
	return &counter;
}
