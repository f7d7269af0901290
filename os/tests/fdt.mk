# Host unit tests of the device tree reader (os/dev/fdt.c), against a
# small shim (os/tests/fdt_shim), under ASan and UBSan: trees the test
# writes, and the ones QEMU gives virt with 4 harts and sifive_u with
# its most, 1 + 4 (the first has no MMU). Included
# from the top Makefile.
#   make fdt-test
FDT_HOST := build/host/fdt

.PHONY: fdt-test
$(FDT_HOST)/test_fdt: os/tests/test_fdt.c os/dev/fdt.c os/kern/bootinfo.h os/dev/dev.h \
		os/tests/fdt_shim/kern/kern.h $(STRING_HOST)/string.o
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS:-Ios=-Ios/tests/fdt_shim -Ios) -o $@ \
		os/tests/test_fdt.c os/dev/fdt.c $(STRING_HOST)/string.o

$(FDT_HOST)/virt.dtb $(FDT_HOST)/sifive_u.dtb: $(FDT_HOST)/%.dtb: | $(DEPS_OK)
	@mkdir -p $(@D)
	qemu-system-riscv64 -machine $*,dumpdtb=$@ -smp $(if $(filter virt,$*),4,5) -nographic \
		>/dev/null 2>&1

fdt-test: $(FDT_HOST)/test_fdt $(FDT_HOST)/virt.dtb $(FDT_HOST)/sifive_u.dtb
	$(FDT_HOST)/test_fdt $(FDT_HOST)/virt.dtb $(FDT_HOST)/sifive_u.dtb
