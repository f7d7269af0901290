/*
 * libFuzzer target for the loader's pure core: the input is a whole
 * object, run through dl_check, dl_plan, dl_fill, dl_relax, dl_resolve
 * and dl_relocate as the loader would. Every read must stay inside the
 * file (buf_read_at aborts otherwise) and ASan/UBSan watch the image
 * writes; whatever is accepted must fit the image it planned.
 * Seeds: the test objects (user/dl/dl.mk, make dl-fuzz).
 */
#include <stdio.h>
#include "dl_host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf f = { data, size };
	struct dl_obj o;
	uint8_t *image;

	if (load_all(&o, &f, 0x40000000, &image) == 0) {
		for (uint32_t i = 1; i < o.eh.e_shnum; i++)
			if (o.secoff[i] != UINT64_MAX && o.secoff[i] + o.secsize[i] > o.image_size) {
				fprintf(stderr, "fuzz_dl: invariant broken: section %u outside the image\n", i);
				abort();
			}
	}
	free(image);
	dl_free(&o);
	return 0;
}
