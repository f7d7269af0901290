# The user's f0-f31 and fcsr, saved on every trap that finds them dirty
# and restored before every return to user space. The kernel itself is
# built without F, so these registers only ever hold user state.
	.option push
	.option arch, +d
	.globl fpu_save
fpu_save:
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd f\i, \i*8(a0)
	.endr
	frcsr t0
	sd t0, 256(a0)
	ret

	.globl fpu_restore
fpu_restore:
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld f\i, \i*8(a0)
	.endr
	ld t0, 256(a0)
	fscsr t0
	ret
	.option pop
