# The FAT32 "SD card" image, built with mtools from the built programs.
# 64 MiB: mtools refuses FAT32 below about 34 MB, and SD cards in QEMU
# must be a power of two in size.
#
#   /init        the first process
#   /bin/NAME    everyday programs
#   /tests/NAME  test programs (runtests runs them in name order), and
#                the #! scripts user/tests/NAME.sh
#   /data/...    files the tests read
#   /testbin/    programs the tests run that are not tests themselves
#   /corpus/...  hostile executables and their MANIFEST (tools/mkcorpus.py,
#                from /tests/hello; user/tests/corpus.c execs them all)
#   /bin32/NAME  32-bit (RV32) builds of a few programs; user/tests32's
#                32-bit tests go to /tests with the rest
#   /etc/        boot scripts (/etc/rc) added by the grader or a user

FS_IMG_MIB := 64
export MTOOLS_SKIP_CHECK := 1

CORPUS := $(BUILD)/corpus
TEST_SCRIPTS := $(wildcard user/tests/*.sh)

# One stamp for the directory: the corpus is remade whenever the seed
# program or the generator changes.
$(CORPUS)/MANIFEST: tools/mkcorpus.py $(BUILD)/user/tests/hello $(BUILD)/user/bin32/true
	@echo "  CORPUS  $(CORPUS)"
	$(Q)python3 tools/mkcorpus.py $(BUILD)/user/tests/hello $(CORPUS) \
		$(BUILD)/user/bin32/true >$(BUILD)/corpus.log

$(BUILD)/fs.img: $(USER_INIT) $(USER_BINS) $(USER_TESTS) $(USER_DATA) $(CORPUS)/MANIFEST \
		$(USER32_BINS) $(USER32_TESTS) $(USER_PIE) $(USER_WXPROG) $(USER_SHAREDPAGE) $(USER_LAZYPROBE) $(USER_BIGPROGS) $(TEST_SCRIPTS) fs.img.mk | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  IMAGE   $@"
	$(Q)rm -f $@.tmp
	$(Q)mkfs.fat -F 32 -n EXECFS -C $@.tmp $$(( $(FS_IMG_MIB) * 1024 )) >/dev/null
	$(Q)mmd -i $@.tmp ::/bin ::/tests ::/data ::/testbin ::/etc ::/bin32
	$(Q)mcopy -i $@.tmp $(USER_INIT) ::/init
	$(Q)mcopy -i $@.tmp $(USER_BINS) ::/bin/
	$(Q)mcopy -i $@.tmp $(USER_TESTS) $(USER32_TESTS) $(USER_PIE) ::/tests/
	$(Q)mcopy -i $@.tmp $(USER32_BINS) ::/bin32/
	$(Q)for s in $(TEST_SCRIPTS); do mcopy -i $@.tmp $$s ::/tests/$$(basename $$s .sh); done
	$(Q)mcopy -i $@.tmp $(USER_DATA) ::/data/
	$(Q)mcopy -i $@.tmp $(USER_WXPROG) $(USER_SHAREDPAGE) $(USER_LAZYPROBE) $(USER_BIGPROGS) ::/testbin/
	$(Q)mcopy -s -i $@.tmp $(CORPUS) ::/corpus
	$(glibc-image)
	$(Q)mv $@.tmp $@
