# The C library's reach into the kernel: a program per family of musl
# functions that make system calls (user/libc/README.md), each built twice
# with musl's own gcc wrapper (tools/userland/userland.mk's MUSL_CC):
#
#   LIBC_PROGS  $(BUILD)/libc/NAME      every user/libc/NAME.c, static (-> /libc/NAME)
#   LIBC_DYN    $(BUILD)/libc-dyn/NAME  the same, dynamic (-> /libc-dyn/NAME), run
#               by /lib/ld-musl-riscv64.so.1 on the image and, under
#               qemu-riscv64 -L $(BUILD)/musl, by the same file on the host
#
# tools/linuxcmp.py --set libc / --set libc-dyn runs them on both sides in
# one boot each (suites libc-reach, libc-reach-dyn). The programs write
# their files in the current directory: /libc/work on the image, a
# temporary directory on the host.

LIBC_CFLAGS := -O2 -D_GNU_SOURCE -Wall -Wextra -Wno-format-truncation
LIBC_NAMES := $(basename $(notdir $(wildcard user/libc/*.c)))
LIBC_PROGS := $(addprefix $(BUILD)/libc/,$(LIBC_NAMES))
LIBC_DYN := $(addprefix $(BUILD)/libc-dyn/,$(LIBC_NAMES))

# dlopen.c's library, with __thread variables of its own: the dynamic
# dlopen finds it through its runpath $ORIGIN/lib (/libc-dyn/lib on the
# image; linuxcmp takes only files of the program directory as programs).
# musl's static dlopen always fails: the static build checks that.
LIBC_DLLIB := $(BUILD)/libc-dyn/lib/libreach.so

.PHONY: libc
libc: $(LIBC_PROGS) $(LIBC_DYN) $(LIBC_DLLIB)

$(BUILD)/libc/%: user/libc/%.c user/libc/check.h $(MUSL_CC)
	@mkdir -p $(@D)
	@echo "  MUSL    $@"
	$(Q)$(MUSL_CC) -static $(LIBC_CFLAGS) -o $@ $<

$(BUILD)/libc-dyn/%: user/libc/%.c user/libc/check.h $(MUSL_CC)
	@mkdir -p $(@D)
	@echo "  MUSL    $@ (dynamic)"
	$(Q)$(MUSL_CC) $(LIBC_CFLAGS) -Wl,-rpath,'$$ORIGIN/lib' -o $@ $<

$(LIBC_DLLIB): user/libc/lib/reach.c $(MUSL_CC)
	@mkdir -p $(@D)
	@echo "  MUSL    $@ (shared)"
	$(Q)$(MUSL_CC) $(LIBC_CFLAGS) -shared -fPIC -o $@ $<

$(BUILD)/fs.img: $(LIBC_PROGS) $(LIBC_DYN) $(LIBC_DLLIB) user/libc/libc.mk

# Recipe lines for fs.img.mk: /libc, /libc/work, /libc-dyn and its lib/.
define libc-image
$(Q)mmd -i $@.tmp ::/libc ::/libc/work ::/libc-dyn ::/libc-dyn/lib
$(Q)mcopy -i $@.tmp $(LIBC_PROGS) ::/libc/
$(Q)mcopy -i $@.tmp $(LIBC_DYN) ::/libc-dyn/
$(Q)mcopy -i $@.tmp $(LIBC_DLLIB) ::/libc-dyn/lib/
endef
