# Host unit tests of procfs's text sink (os/fs/procfs/pbuf.c). Included from
# the top Makefile.
#   make pbuf-test
PBUF_HOST := build/host/pbuf

.PHONY: pbuf-test
$(PBUF_HOST)/test_pbuf: os/tests/test_pbuf.c os/fs/procfs/pbuf.c os/fs/procfs/pbuf.h
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS) -o $@ os/tests/test_pbuf.c os/fs/procfs/pbuf.c

pbuf-test: $(PBUF_HOST)/test_pbuf
	$(PBUF_HOST)/test_pbuf
