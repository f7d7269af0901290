/* The vDSO's bytes (os/vdso/, built by os/vdso/vdso.mk), copied into
 * pages at boot by vdso_init. */
	.section .rodata
	.globl vdso_image, vdso_image_end
vdso_image:
	.incbin VDSO_SO
vdso_image_end:
