/*
 * The vDSO (os/vdso/): a small shared object in every 64-bit process,
 * so that it reads the clocks without a system call, and where its
 * signal handlers return. Its pages are made once at boot: the data
 * page (vdso.h, filled by clock_init) and the text, a copy of the
 * object's bytes. Every process maps those same pages, read-only and
 * PTE_CACHED: fork shares them, an mprotect that makes the text
 * writable gives the process a copy of its own (sysmem.c), one on the
 * data page is refused, and uvmfree only drops a reference: the boot's
 * own keeps them for good. A 32-bit process gets none (the object is
 * rv64 code).
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "vdso/vdso.h"
#include "vdso-syms.h"	/* generated (os/vdso/vdso.mk): VDSO_SIGRETURN */

extern const char vdso_image[], vdso_image_end[];	/* vdso_image.S */

static void *pages[1 + VDSO_TEXT_MAX];	/* the data page, then the text */
static int npages;

void vdso_init(void)
{
	size_t size = vdso_image_end - vdso_image;

	npages = 1 + PGROUNDUP(size) / PGSIZE;
	if (npages > 1 + VDSO_TEXT_MAX)
		panic("vdso: %lu bytes, more than its %d pages", size, VDSO_TEXT_MAX);
	for (int i = 0; i < npages; i++)
		if (!(pages[i] = kzalloc()))
			panic("vdso: no memory");
	for (size_t off = 0; off < size; off += PGSIZE)
		memcpy(pages[1 + off / PGSIZE], vdso_image + off, MIN(size - off, PGSIZE));
}

struct vdso_data *vdso_data(void) { return pages[0]; }

/* Where the vDSO's ELF header is (AT_SYSINFO_EHDR). */
uint64_t vdso_base(void) { return VDSO_VA + PGSIZE; }

uint64_t vdso_sigreturn(void) { return vdso_base() + VDSO_SIGRETURN; }

bool vdso_is_data(uint64_t pa) { return pa == KPA(pages[0]); }

/* Maps the vDSO into a new 64-bit address space. On failure pt may hold
 * some of its pages: freeing pt lets them go. */
int vdso_map(pagetable_t pt)
{
	for (int i = 0; i < npages; i++) {
		int perm = PTE_R | PTE_U | PTE_CACHED | (i > 0 ? PTE_X : 0);
		kref(pages[i]);
		if (mappages(pt, VDSO_VA + i * PGSIZE, PGSIZE, KPA(pages[i]), perm) < 0) {
			kfree(pages[i]);
			return -ENOMEM;
		}
	}
	return 0;
}
