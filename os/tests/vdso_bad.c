/* A vDSO that keeps a relocation (the address of a function, stored):
 * os/tests/vdso_check.py must refuse it. */
int __vdso_clock_gettime(void) { return 0; }

int (*const vdso_bad_table[])(void) = { __vdso_clock_gettime };
