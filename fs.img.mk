# The FAT32 "SD card" image, built with mtools from the built programs.
# 64 MiB: mtools refuses FAT32 below about 34 MB, and SD cards in QEMU
# must be a power of two in size.
#
#   /init        the first process
#   /bin/NAME    everyday programs
#   /tests/NAME  test programs (runtests runs them in name order)
#   /data/...    files the tests read
#   /etc/        boot scripts (/etc/rc) added by the grader or a user

FS_IMG_MIB := 64
export MTOOLS_SKIP_CHECK := 1

$(BUILD)/fs.img: $(USER_INIT) $(USER_BINS) $(USER_TESTS) $(USER_DATA) fs.img.mk | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  IMAGE   $@"
	$(Q)rm -f $@.tmp
	$(Q)mkfs.fat -F 32 -n EXECFS -C $@.tmp $$(( $(FS_IMG_MIB) * 1024 )) >/dev/null
	$(Q)mmd -i $@.tmp ::/bin ::/tests ::/data ::/etc
	$(Q)mcopy -i $@.tmp $(USER_INIT) ::/init
	$(Q)mcopy -i $@.tmp $(USER_BINS) ::/bin/
	$(Q)mcopy -i $@.tmp $(USER_TESTS) ::/tests/
	$(Q)mcopy -i $@.tmp $(USER_DATA) ::/data/
	$(Q)mv $@.tmp $@
