# Ordinary C programs built by Debian's own cross toolchain against glibc
# (riscv64-linux-gnu-gcc -static), unmodified Linux binaries: each runs on
# the host under qemu-riscv64 and under our kernel, and tools/linuxcmp.py
# checks that the two print the same and end the same way.
#
#   GLIBC_PROGS  $(BUILD)/glibc/NAME       every user/glibc/NAME.c (-> /linux/NAME)
#   GLIBC_DYN    $(BUILD)/glibc-dyn/NAME   the same sources linked dynamically
#                (-> /linux-dyn/NAME), run by Debian's own ld.so and libc.so.6
#                (libc6-riscv64-cross), which go to /lib on the image
#   GLIBC_MUSL   $(BUILD)/glibc-musl/NAME  the same sources linked static with
#                musl, our programs' C library (-> /linux-musl/NAME)
#
# The programs write their files in the current directory: /linux/work on
# the image (tools/linuxcmp.py's boot script cds there), a temporary
# directory on the host.

GLIBC_CC := riscv64-linux-gnu-gcc
# The truncation warnings are about truncations the programs make on purpose.
GLIBC_CFLAGS := -static -O2 -D_GNU_SOURCE -Wall -Wextra \
	-Wno-format-truncation -Wno-stringop-truncation
GLIBC_NAMES := $(basename $(notdir $(wildcard user/glibc/*.c)))
GLIBC_PROGS := $(addprefix $(BUILD)/glibc/,$(GLIBC_NAMES))
GLIBC_DYN := $(addprefix $(BUILD)/glibc-dyn/,$(GLIBC_NAMES))
GLIBC_LIBDIR := /usr/riscv64-linux-gnu/lib
# libgcc_s.so.1: glibc loads it for pthread_exit and pthread_cancel (the
# unwinder); without it they abort.
GLIBC_SHLIBS := $(addprefix $(GLIBC_LIBDIR)/,ld-linux-riscv64-lp64d.so.1 libc.so.6 libm.so.6 \
	libgcc_s.so.1)

# Our own shared library, for TLS in a library (tls_shlib.c): it goes to
# /lib on the image beside libc.so.6; on the host, tls_shlib's runpath
# $ORIGIN/lib finds it (a directory, which linuxcmp does not take for a
# program). The static tls_shlib links its source in instead.
GLIBC_TLSLIB := $(BUILD)/glibc-dyn/lib/libtlsvars.so

# Every source builds on musl but these, for want of:
#   arc4random_buf, arc4random_uniform (glibc 2.36; musl 1.2.3 has
#   neither): random_bytes;
#   EDEADLK from a writer's own pthread_rwlock_wrlock (a "may fail" musl
#   leaves out: it waits, and Linux 6.1 itself ends it by its alarm):
#   pthread_rwlock;
#   a real vfork (musl's is a fork, so the child that SIGKILLs its
#   "waiting" parent races the parent's own exit; when the parent wins,
#   the child's getppid() is init's): vfork_share.
GLIBC_MUSL_SKIP := random_bytes pthread_rwlock vfork_share
GLIBC_MUSL := $(addprefix $(BUILD)/glibc-musl/,$(filter-out $(GLIBC_MUSL_SKIP),$(GLIBC_NAMES)))

.PHONY: glibc
glibc: $(GLIBC_PROGS) $(GLIBC_DYN) $(GLIBC_MUSL)

$(BUILD)/glibc-dyn/%: user/glibc/%.c user/glibc/check.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  GLIBC   $@ (dynamic)"
	$(Q)$(GLIBC_CC) $(filter-out -static,$(GLIBC_CFLAGS)) -o $@ $< -lm

$(BUILD)/glibc/%: user/glibc/%.c user/glibc/check.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  GLIBC   $@"
	$(Q)$(GLIBC_CC) $(GLIBC_CFLAGS) -o $@ $< -lm

$(GLIBC_TLSLIB): user/glibc/lib/tlsvars.c user/glibc/lib/tlsvars.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  GLIBC   $@ (shared)"
	$(Q)$(GLIBC_CC) $(filter-out -static,$(GLIBC_CFLAGS)) -shared -fPIC -o $@ $<

$(BUILD)/glibc-dyn/tls_shlib: user/glibc/tls_shlib.c user/glibc/check.h $(GLIBC_TLSLIB)
	@mkdir -p $(@D)
	@echo "  GLIBC   $@ (dynamic)"
	$(Q)$(GLIBC_CC) $(filter-out -static,$(GLIBC_CFLAGS)) -o $@ $< \
		-L$(dir $(GLIBC_TLSLIB)) -ltlsvars -Wl,-rpath,'$$ORIGIN/lib' -lm

$(BUILD)/glibc/tls_shlib: user/glibc/tls_shlib.c user/glibc/lib/tlsvars.c \
		user/glibc/lib/tlsvars.h user/glibc/check.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  GLIBC   $@"
	$(Q)$(GLIBC_CC) $(GLIBC_CFLAGS) -o $@ $< user/glibc/lib/tlsvars.c -lm

# Static on musl, with the flags of the glibc build (musl-gcc is the same
# gcc); tls_shlib links its library's source in, as the glibc one does.
$(BUILD)/glibc-musl/%: user/glibc/%.c user/glibc/check.h | $(DEPS_OK) $(USER_LIBC)
	@mkdir -p $(@D)
	@echo "  MUSL    $@"
	$(Q)$(USER_CC) $(GLIBC_CFLAGS) -o $@ $< $(if $(filter tls_shlib,$*),user/glibc/lib/tlsvars.c) -lm

$(BUILD)/fs.img: $(GLIBC_PROGS) $(GLIBC_DYN) $(GLIBC_TLSLIB) $(GLIBC_MUSL) user/glibc/glibc.mk

# Recipe lines for fs.img.mk: /linux, /linux/work, /linux-dyn, /linux-musl
# and the dynamic linker and libraries (Debian's and ours) in /lib on the image.
define glibc-image
$(Q)mmd -i $@.tmp ::/linux ::/linux/work ::/linux-dyn ::/linux-musl
$(Q)mcopy -i $@.tmp $(GLIBC_PROGS) ::/linux/
$(Q)mcopy -i $@.tmp $(GLIBC_DYN) ::/linux-dyn/
$(Q)mcopy -i $@.tmp $(GLIBC_MUSL) ::/linux-musl/
$(Q)mcopy -i $@.tmp $(GLIBC_SHLIBS) $(GLIBC_TLSLIB) ::/lib/
endef
