# The userland from Debian's sources (tools/userland/build.sh): musl as a
# sysroot in $(BUILD)/musl, busybox and lua static on it. On the image:
#   /bin/busybox, /bin/lua
#   /bin/NAME    an applet link (tools/userland/applet.S) for each applet
#                whose name none of our own programs has: FAT has no
#                links, so each is a 648-byte program that execs
#                /bin/busybox with argv unchanged, as a link would
#   /lib/ld-musl-riscv64.so.1  musl's libc.so, which is its dynamic linker
#
#   USERLAND_BINS     busybox and lua
#   USERLAND_APPLETS  the directory of applet links, one file an applet
#   MUSL_LDSO         the dynamic linker

USERLAND := $(BUILD)/userland
USERLAND_BINS := $(USERLAND)/bin/busybox $(USERLAND)/bin/lua
USERLAND_APPLETS := $(USERLAND)/applets
MUSL_LDSO := $(BUILD)/musl/lib/libc.so
MUSL_CC := $(BUILD)/musl/bin/musl-gcc

# build.sh fetches only what is missing and make inside it rebuilds only
# what changed; this stamp saves even that when none of its inputs did.
$(USERLAND)/stamp: tools/userland/build.sh tools/userland/busybox.config \
		tools/userland/lua.mk tools/debsrc/fetch.sh | $(DEPS_OK)
	@echo "  USERLAND musl, busybox, lua (tools/userland/build.sh)"
	$(Q)sh tools/userland/build.sh $(BUILD) >$(USERLAND).log 2>&1 || \
		{ tail -40 $(USERLAND).log; echo "full log: $(USERLAND).log"; exit 1; }
	$(Q)touch $@
$(USERLAND_BINS) $(MUSL_LDSO) $(MUSL_CC) $(USERLAND)/bin/busybox.list: $(USERLAND)/stamp

# No libc and no data: one R+X segment, not padded to a page (-n); the
# kernel's compiler, so that it needs no C library built first.
$(USERLAND)/applet: tools/userland/applet.S | $(DEPS_OK)
	@mkdir -p $(@D)
	$(Q)$(CC) -nostdlib -static -Wl,-n -Wl,--build-id=none -o $@ $<
	$(Q)riscv64-unknown-elf-strip $@

$(USERLAND_APPLETS)/stamp: $(USERLAND)/bin/busybox.list $(USERLAND)/applet $(USER_BINS) \
		tools/userland/userland.mk
	$(Q)rm -rf $(@D) && mkdir -p $(@D)
	$(Q)for a in $$(cat $<); do \
		case " $(notdir $(USER_BINS)) busybox " in *" $$a "*) continue;; esac; \
		cp $(USERLAND)/applet $(@D)/$$a; done
	$(Q)touch $@

define userland-image
$(Q)mcopy -i $@.tmp $(USERLAND_BINS) ::/bin/
$(Q)mcopy -i $@.tmp $$(ls -d $(USERLAND_APPLETS)/* ) ::/bin/
$(Q)mcopy -i $@.tmp $(MUSL_LDSO) ::/lib/ld-musl-riscv64.so.1
endef
