# initElf host unit tests. Included from the top Makefile; paths are
# relative to the repository root; host outputs go to build/host/elf.
#   make elf-test   checks every user program, then crafted bad files
# The programs come from user/user.mk (USER_BINS, USER_TESTS), built by
# its `user` target, so this file may be included before or after it.

ELF_HOST := build/host/elf
ELF_HOSTCC ?= gcc
ELF_HOST_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g \
	-fsanitize=address,undefined -fno-sanitize-recover=all -Ios

.PHONY: elf-test

$(ELF_HOST)/test_elf: os/tests/test_elf.c os/elf_check.c os/elf.h os/errno.h
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS) -o $@ os/tests/test_elf.c os/elf_check.c

elf-test: $(ELF_HOST)/test_elf user
	$(ELF_HOST)/test_elf $(USER_BINS) $(USER_TESTS)
