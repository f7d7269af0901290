# tmpfs host unit tests: os/fs/tmpfs/*.c built for the host against a
# small shim (os/tests/tmpfs_shim: pages from malloc, counted; no-op
# locks that check their pairing), under ASan and UBSan, with the
# kernel's warnings (-Wno-unused-parameter as KCFLAGS). Included from
# the top Makefile.
#   make tmpfs-test
TMPFS_HOST := build/host/tmpfs
TMPFS_SRCS := os/fs/tmpfs/tmpfs_mem.c os/fs/tmpfs/tmpfs_data.c os/fs/tmpfs/tmpfs_dir.c os/fs/tmpfs/tmpfs_node.c \
	os/fs/tmpfs/tmpfs_ops.c os/fs/tmpfs/tmpfs_vfs.c os/tests/tmpfs_shim/tmpfs_shim.c os/tests/test_tmpfs.c
TMPFS_HDRS := os/fs/tmpfs/tmpfs.h os/fs/vfs.h $(wildcard os/tests/tmpfs_shim/*/*.h)

.PHONY: tmpfs-test
$(TMPFS_HOST)/test_tmpfs: $(TMPFS_SRCS) $(TMPFS_HDRS)
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS:-Ios=-Ios/tests/tmpfs_shim -Ios) -Wno-unused-parameter \
		-o $@ $(TMPFS_SRCS)

tmpfs-test: $(TMPFS_HOST)/test_tmpfs
	$(TMPFS_HOST)/test_tmpfs
