# The FAT32 "SD card" image, built with mtools from the built programs.
# 128 MiB: room for the glibc programs (static and dynamic), and for the
# core files the tests that fault on purpose leave; mtools refuses FAT32
# below about 34 MB, and SD cards in QEMU
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
#   /lib/        Debian's ld.so, libc.so.6, libm.so.6 and libgcc_s.so.1, and
#                our libtlsvars.so (glibc.mk), for the
#                dynamically linked programs in /linux-dyn (glibc.mk)
#   /bin/busybox, /bin/lua and a "#!/bin/busybox" file for each busybox
#                applet ours lack; /lib/ld-musl-riscv64.so.1
#                (tools/userland/userland.mk)
#   /lib/obj/    relocatable objects for the loader, /lib/obj/bad its
#                broken ones (user/dl/dl.mk)
#   /bin32/ilp32/NAME  a few of them again for the soft-float ABI (rv32imac/ilp32)
#   /bin32/NAME  32-bit (RV32) builds of a few programs; user/tests32's
#                32-bit tests go to /tests with the rest
#   /etc/        passwd and group (user/etc/: the one user, root, by
#                name for ps, ls -l and id); boot scripts (/etc/rc)
#                added by the grader or a user
#   /dev, /proc  empty: where the kernel mounts devtmpfs and proc at boot

FS_IMG_MIB := 128
export MTOOLS_SKIP_CHECK := 1

CORPUS := $(BUILD)/corpus
TEST_SCRIPTS := $(wildcard user/tests/*.sh)
ETC_FILES := user/etc/passwd user/etc/group user/etc/profile user/etc/hosts

# One stamp for the directory: the corpus is remade whenever the seed
# program or the generator changes.
$(CORPUS)/MANIFEST: tools/mkcorpus.py $(BUILD)/user/tests/hello $(BUILD)/user/bin32/true
	@echo "  CORPUS  $(CORPUS)"
	$(Q)python3 tools/mkcorpus.py $(BUILD)/user/tests/hello $(CORPUS) \
		$(BUILD)/user/bin32/true >$(BUILD)/corpus.log

$(BUILD)/fs.img: $(USER_INIT) $(USER_BINS) $(USER_TESTS) $(USER_DATA) $(CORPUS)/MANIFEST \
		$(USER32_BINS) $(USER32SF_BINS) $(USER32_TESTS) $(USER_PIE) $(USER_WXPROG) $(USER_SHAREDPAGE) $(USER_LAZYPROBE) $(USER_BIGPROGS) $(TEST_SCRIPTS) \
		$(USERLAND_BINS) $(USERLAND_APPLETS)/stamp $(MUSL_LDSO) $(ETC_FILES) fs.img.mk | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  IMAGE   $@"
	$(Q)rm -f $@.tmp
	$(Q)mkfs.fat -F 32 -n EXECFS -C $@.tmp $$(( $(FS_IMG_MIB) * 1024 )) >/dev/null
	$(Q)mmd -i $@.tmp ::/bin ::/tests ::/data ::/testbin ::/etc ::/lib ::/bin32 ::/bin32/ilp32 ::/tmp ::/root
	$(Q)mcopy -i $@.tmp $(USER_INIT) ::/init
	$(Q)mcopy -i $@.tmp $(ETC_FILES) ::/etc/
	$(Q)mmd -i $@.tmp ::/dev ::/proc
	$(Q)mcopy -i $@.tmp $(USER_BINS) ::/bin/
	$(Q)mcopy -i $@.tmp $(USER_TESTS) $(USER32_TESTS) $(USER_PIE) ::/tests/
	$(Q)mcopy -i $@.tmp $(USER32_BINS) ::/bin32/
	$(Q)mcopy -i $@.tmp $(USER32SF_BINS) ::/bin32/ilp32/
	$(Q)for s in $(TEST_SCRIPTS); do mcopy -i $@.tmp $$s ::/tests/$$(basename $$s .sh); done
	$(Q)mcopy -i $@.tmp $(USER_DATA) ::/data/
	$(Q)mcopy -i $@.tmp $(USER_WXPROG) $(USER_SHAREDPAGE) $(USER_LAZYPROBE) $(USER_BIGPROGS) ::/testbin/
	$(Q)mcopy -s -i $@.tmp $(CORPUS) ::/corpus
	$(glibc-image)
	$(dl-image)
	$(userland-image)
	$(libc-image)
	$(Q)s=$$(stat -c %s $@.tmp); [ $$(( s & (s - 1) )) -eq 0 ] || \
		{ echo "$@: $$s bytes, not a power of two (QEMU's SD card needs one)"; exit 1; }
	$(Q)mv $@.tmp $@

# Two more disks, for mount(2): vdb is MBR-partitioned (vdb1 a FAT32
# volume, vdb2 not a filesystem), vdc a bare FAT32 volume. The grader and
# `make run` attach them as the second and third virtio disks.
VDB_P1_START := 2048
VDB_P1_SECTORS := 81920
VDB_P2_START := 83968
VDB_P2_SECTORS := 8192

$(BUILD)/vdb.img: tools/mkmbr.py fs.img.mk | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  IMAGE   $@"
	$(Q)rm -f $@.tmp && truncate -s 48M $@.tmp
	$(Q)python3 tools/mkmbr.py $@.tmp $(VDB_P1_START):$(VDB_P1_SECTORS):0c \
		$(VDB_P2_START):$(VDB_P2_SECTORS):83
	$(Q)mkfs.fat -F 32 -n VDB1 --offset $(VDB_P1_START) $@.tmp $$(( $(VDB_P1_SECTORS) / 2 )) >/dev/null 2>&1
	$(Q)printf 'hello from vdb1\n' > $@.hello
	$(Q)mmd -i $@.tmp@@$$(( $(VDB_P1_START) * 512 )) ::/docs
	$(Q)mcopy -i $@.tmp@@$$(( $(VDB_P1_START) * 512 )) $@.hello ::/hello.txt
	$(Q)mcopy -i $@.tmp@@$$(( $(VDB_P1_START) * 512 )) $@.hello ::/docs/readme.txt
	$(Q)rm -f $@.hello && mv $@.tmp $@

$(BUILD)/vdc.img: fs.img.mk | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  IMAGE   $@"
	$(Q)rm -f $@.tmp
	$(Q)mkfs.fat -F 32 -n VDC -C $@.tmp $$(( 40 * 1024 )) >/dev/null
	$(Q)printf 'a bare FAT32 volume\n' > $@.bare
	$(Q)mcopy -i $@.tmp $@.bare ::/bare.txt
	$(Q)rm -f $@.bare && mv $@.tmp $@
