# Host check of the vDSO (os/vdso/) with readelf: its segments, no
# relocations, its symbols and their version; and that the check refuses
# a build with a relocation left. Included from the top Makefile.
#   make vdso-test
.PHONY: vdso-test
$(BUILD)/vdso/bad.so: os/tests/vdso_bad.c os/vdso/vdso.lds | $(DEPS_OK)
	@mkdir -p $(@D)
	$(Q)$(VDSO_CC) $(VDSO_CFLAGS) $(VDSO_LDFLAGS) -o $@ $<

vdso-test: $(VDSO_SO) $(BUILD)/vdso/bad.so
	/usr/bin/python3 os/tests/vdso_check.py $(VDSO_SO) --must-fail $(BUILD)/vdso/bad.so
