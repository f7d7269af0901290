# Ordinary C programs built by Debian's own cross toolchain against glibc
# (riscv64-linux-gnu-gcc -static), unmodified Linux binaries: each runs on
# the host under qemu-riscv64 and under our kernel, and tools/linuxcmp.py
# checks that the two print the same and end the same way.
#
#   GLIBC_PROGS  $(BUILD)/glibc/NAME       every user/glibc/NAME.c (-> /linux/NAME)
#   GLIBC_DYN    $(BUILD)/glibc-dyn/NAME   the same sources linked dynamically
#                (-> /linux-dyn/NAME), run by Debian's own ld.so and libc.so.6
#                (libc6-riscv64-cross), which go to /lib on the image
#   GLIBC_OURS   $(BUILD)/glibc-ours/NAME  the same sources linked with our
#                picolibc-based library, where they build (-> /linux-ours/NAME)
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

# The sources that compile and link against picolibc and user/lib. The rest
# cannot, for want of (picolibc header or user/lib wrapper):
#   <dirent.h>: dir_walk; <sys/mman.h>: mmap_anon, mmap_file;
#   <sys/uio.h>: readv_writev; <sys/random.h>: random_bytes;
#   <sys/utsname.h>: uname_id (user/lib/syscall.h has its own struct);
#   <sys/syscall.h> and syscall(): syscall_errors; <pthread.h>: threads_sum,
#   the pthread_* programs, sem_unnamed, tls_thread, tls_shlib, threads_many,
#   futex_direct, exec_threads, signal_thread, pshared_mutex;
#   vfork: vfork_exec;
#   CLOCK_MONOTONIC in <time.h>: time_monotonic, clock_nanosleep;
#   SA_SIGINFO, SA_RESTART, sa_sigaction: sigaction_handler, sigchld_wait;
#   alarm, pause: alarm_pause, signal_default; fcntl: fcntl_flags;
#   wait: fork_wait; fchdir: getcwd_chdir; truncate: lseek_sparse;
#   mkdtemp: mkstemp_tmp; popen, pclose: popen_system; access: stat_rename;
#   brk (user/lib has it, picolibc's <unistd.h> does not declare it): brk_sbrk.
#   posix_spawn (declared, but not in picolibc's library): spawn_many, spawn_fail.
#   <sys/auxv.h>, syscall() and sched_setaffinity: clock_vdso.
# kill_self and pipe_pair build, but picolibc's signal() only records the
# handler in the C library and its SIG* numbers are newlib's, not Linux's.
GLIBC_OURS_NAMES := atexit_status big_static dup_redirect env_argv \
	errno_paths exec_child file_io kill_self malloc_stress math_funcs \
	pipe_pair printf_formats qsort_strings stdio_files string_funcs strtol_parse
GLIBC_OURS := $(addprefix $(BUILD)/glibc-ours/,$(GLIBC_OURS_NAMES))
GLIBC_OURS_CFLAGS := $(filter-out -Iuser/lib -MMD -MP,$(USER_CFLAGS)) -D_GNU_SOURCE \
	-Wno-format-truncation -Wno-stringop-truncation

.PHONY: glibc
glibc: $(GLIBC_PROGS) $(GLIBC_DYN) $(GLIBC_OURS)

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

$(BUILD)/glibc-ours/obj/%.o: user/glibc/%.c user/glibc/check.h | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(USER_CC) $(GLIBC_OURS_CFLAGS) -c -o $@ $<

$(GLIBC_OURS): $(BUILD)/glibc-ours/%: $(BUILD)/glibc-ours/obj/%.o $(USER_LIB_OBJS) user/user.ld
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(USER_CC) $(USER_LDFLAGS) -o $@ $(filter %.o,$^) -lm

$(BUILD)/fs.img: $(GLIBC_PROGS) $(GLIBC_DYN) $(GLIBC_TLSLIB) $(GLIBC_OURS) user/glibc/glibc.mk

# Recipe lines for fs.img.mk: /linux, /linux/work, /linux-dyn, /linux-ours
# and the dynamic linker and libraries (Debian's and ours) in /lib on the image.
define glibc-image
$(Q)mmd -i $@.tmp ::/linux ::/linux/work ::/linux-dyn ::/linux-ours
$(Q)mcopy -i $@.tmp $(GLIBC_PROGS) ::/linux/
$(Q)mcopy -i $@.tmp $(GLIBC_DYN) ::/linux-dyn/
$(Q)mcopy -i $@.tmp $(GLIBC_OURS) ::/linux-ours/
$(Q)mcopy -i $@.tmp $(GLIBC_SHLIBS) $(GLIBC_TLSLIB) ::/lib/
endef
