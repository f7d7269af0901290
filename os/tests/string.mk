# Host unit tests of the kernel's memset, memcpy and memmove
# (os/kern/string.c), renamed so they do not stand in for the host's
# own. Included from the top Makefile.
#   make string-test
STRING_HOST := build/host/string
# no loop turned into a call of the host's memset or memcpy: the test
# must run the kernel's code
STRING_CFLAGS := $(ELF_HOST_CFLAGS) -fno-builtin -fno-tree-loop-distribute-patterns \
	-Dmemset=kmemset -Dmemcpy=kmemcpy -Dmemmove=kmemmove -Dmemcmp=kmemcmp \
	-Dstrlen=kstrlen -Dstrcmp=kstrcmp -Dstrncmp=kstrncmp -Dstrlcpy=kstrlcpy \
	-Dstrchr=kstrchr

.PHONY: string-test
$(STRING_HOST)/string.o: os/kern/string.c
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(STRING_CFLAGS) -c -o $@ $<

$(STRING_HOST)/test_string: os/tests/test_string.c $(STRING_HOST)/string.o
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS) -o $@ $^

string-test: $(STRING_HOST)/test_string
	$(STRING_HOST)/test_string
