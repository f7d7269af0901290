# Core-dump layout host unit tests. Included from the top Makefile; paths
# are relative to the repository root; outputs go to build/host/core.
#   make core-test   the unit tests (ASan, UBSan), then readelf on the two
#                    cores they write: a small one and one with 70000
#                    segments, which needs PN_XNUM and section header 0

CORE_HOST := build/host/core
CORE_READELF := $(shell command -v riscv64-linux-gnu-readelf || echo riscv64-unknown-elf-readelf)

.PHONY: core-test

$(CORE_HOST)/test_core: os/tests/test_core.c os/exec/core_layout.c os/exec/core_layout.h os/exec/elf.h os/uapi/linux/errno.h os/uapi/linux/elf.h
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS) -o $@ os/tests/test_core.c os/exec/core_layout.c

# The unit tests' own line is core-unit's; readelf's checks add two more.
core-test: $(CORE_HOST)/test_core
	@$(CORE_HOST)/test_core $(CORE_HOST)/small.core $(CORE_HOST)/xnum.core | tee $(CORE_HOST)/log; \
	p=$$(sed -n 's/^core-unit: \([0-9]*\) passed.*/\1/p' $(CORE_HOST)/log); \
	f=$$(sed -n 's/^core-unit: .* \([0-9]*\) failed.*/\1/p' $(CORE_HOST)/log); \
	[ -n "$$p" ] || { p=0; f=1; }; \
	if $(CORE_READELF) -hlW $(CORE_HOST)/small.core | grep -q 'Number of program headers: *6$$' && \
	   [ $$($(CORE_READELF) -lW $(CORE_HOST)/small.core | grep -c ' LOAD ') = 5 ]; then \
		echo "ok readelf: the small core has 6 program headers, 5 PT_LOADs"; p=$$((p + 1)); \
	else echo "FAIL readelf on the small core"; f=$$((f + 1)); fi; \
	if $(CORE_READELF) -hW $(CORE_HOST)/xnum.core | grep -q 'Number of program headers: *65535 (70001)' && \
	   [ $$($(CORE_READELF) -lW $(CORE_HOST)/xnum.core | grep -c ' LOAD ') = 70000 ]; then \
		echo "ok readelf: PN_XNUM core has 70001 program headers, 70000 PT_LOADs"; p=$$((p + 1)); \
	else echo "FAIL readelf on the PN_XNUM core"; f=$$((f + 1)); fi; \
	echo "core: $$p passed, $$f failed"; [ $$f -eq 0 ]
