# Host unit tests of the path walk's pure core (os/fs/walk.c). Included
# from the top Makefile.
#   make walk-test
WALK_HOST := build/host/walk

.PHONY: walk-test
$(WALK_HOST)/test_walk: os/tests/test_walk.c os/fs/walk.c os/fs/walk.h os/uapi/linux/errno.h
	@mkdir -p $(@D)
	$(ELF_HOSTCC) $(ELF_HOST_CFLAGS) -o $@ os/tests/test_walk.c os/fs/walk.c

walk-test: $(WALK_HOST)/test_walk
	$(WALK_HOST)/test_walk
