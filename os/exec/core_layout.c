/*
 * Core dump layout: interval fusion, the ET_CORE headers, note payloads
 * and the limited output. Pure, see core_layout.h.
 */
#include "exec/core_layout.h"
#include "uapi/linux/errno.h"

void *memcpy(void *, const void *, size_t);
void *memset(void *, int, size_t);

_Static_assert(sizeof(struct core_prstatus) == 376, "elf_prstatus is 376 bytes");
_Static_assert(offsetof(struct core_prstatus, cursig) == 12, "pr_cursig at 12");
_Static_assert(offsetof(struct core_prstatus, pid) == 32, "pr_pid at 32");
_Static_assert(offsetof(struct core_prstatus, reg) == 112, "pr_reg at 112");
_Static_assert(sizeof(struct core_prpsinfo) == 136, "elf_prpsinfo is 136 bytes");
_Static_assert(offsetof(struct core_prpsinfo, fname) == 40, "pr_fname at 40");
_Static_assert(sizeof(struct core_siginfo) == 128, "siginfo is 128 bytes");
_Static_assert(sizeof(struct core_fpregs) == 264, "the D-extension state is 264 bytes");

bool core_fuse_add(struct core_fuse *f, uint64_t va, uint64_t size, uint32_t flags,
		   struct core_interval *out)
{
	if (f->open && va == f->cur.end && flags == f->cur.flags) {
		f->cur.end += size;
		return false;
	}
	bool closed = f->open;
	if (closed)
		*out = f->cur;
	f->cur = (struct core_interval){ va, va + size, flags };
	f->open = true;
	return closed;
}

bool core_fuse_end(struct core_fuse *f, struct core_interval *out)
{
	bool closed = f->open;

	if (closed)
		*out = f->cur;
	f->open = false;
	return closed;
}

static uint64_t round_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

/* -E2BIG if the count does not fit section header 0's 32-bit sh_info. */
int core_plan(struct core_layout *l, uint64_t nload, uint64_t notes_size, uint64_t data_size)
{
	if (nload >= UINT32_MAX)
		return -E2BIG;
	memset(l, 0, sizeof(*l));
	l->nload = nload;
	l->phnum = nload + 1;
	l->xnum = l->phnum >= PN_XNUM;
	l->phoff = sizeof(Elf64_Ehdr);
	uint64_t end = l->phoff + l->phnum * sizeof(Elf64_Phdr);
	if (l->xnum) {
		l->shoff = end;
		end += sizeof(Elf64_Shdr);
	}
	l->notes_off = end;
	l->notes_size = notes_size;
	l->data_off = round_up(end + notes_size, CORE_PAGE);
	l->size = l->data_off + data_size;
	return 0;
}

void core_ehdr(const struct core_layout *l, Elf64_Ehdr *eh)
{
	memset(eh, 0, sizeof(*eh));
	memcpy(eh->e_ident, ELFMAG, 4);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_SYSV;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_RISCV;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = l->phoff;
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = l->xnum ? PN_XNUM : (uint16_t)l->phnum;
	if (l->xnum) {
		/* the ELF64 extended numbering: one section header, the
		 * initial entry, whose sh_info holds the real count */
		eh->e_shoff = l->shoff;
		eh->e_shentsize = sizeof(Elf64_Shdr);
		eh->e_shnum = 1;
	}
}

void core_shdr0(const struct core_layout *l, Elf64_Shdr *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->sh_type = SHT_NULL;
	sh->sh_size = 1;	/* e_shnum */
	sh->sh_info = (uint32_t)l->phnum;
}

void core_note_phdr(const struct core_layout *l, Elf64_Phdr *ph)
{
	memset(ph, 0, sizeof(*ph));
	ph->p_type = PT_NOTE;
	ph->p_offset = l->notes_off;
	ph->p_filesz = l->notes_size;
	ph->p_align = 4;
}

void core_load_phdr(const struct core_interval *iv, uint64_t offset, Elf64_Phdr *ph)
{
	memset(ph, 0, sizeof(*ph));
	ph->p_type = PT_LOAD;
	ph->p_flags = iv->flags;
	ph->p_offset = offset;
	ph->p_vaddr = iv->start;
	ph->p_filesz = ph->p_memsz = iv->end - iv->start;
	ph->p_align = CORE_PAGE;
}

static void copy_name(char *dst, size_t cap, const char *src)
{
	size_t i = 0;

	for (; i + 1 < cap && src[i]; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

static void set_timeval(int64_t tv[2], uint64_t us)
{
	tv[0] = us / 1000000;
	tv[1] = us % 1000000;
}

void core_fill_prstatus(struct core_prstatus *ps, const struct core_task *t)
{
	memset(ps, 0, sizeof(*ps));
	ps->si_signo = t->sig;
	ps->cursig = t->sig;
	ps->sigpend = t->sigpend;
	ps->sighold = t->sighold;
	ps->pid = t->pid;
	ps->ppid = t->ppid;
	ps->pgrp = t->pgrp;
	ps->sid = t->sid;
	set_timeval(ps->utime, t->utime_us);
	set_timeval(ps->stime, t->stime_us);
	set_timeval(ps->cutime, t->cutime_us);
	set_timeval(ps->cstime, t->cstime_us);
	memcpy(ps->reg, t->regs, sizeof(ps->reg));
	ps->fpvalid = 1;
}

void core_fill_prpsinfo(struct core_prpsinfo *pi, const struct core_task *t)
{
	static const char states[] = "RSDTZW";
	int state = 0;

	memset(pi, 0, sizeof(*pi));
	while (states[state] && states[state] != t->state)
		state++;
	pi->state = states[state] ? state : 0;
	pi->sname = t->state;
	pi->zomb = t->state == 'Z';
	pi->pid = t->pid;
	pi->ppid = t->ppid;
	pi->pgrp = t->pgrp;
	pi->sid = t->sid;
	copy_name(pi->fname, sizeof(pi->fname), t->fname);
	copy_name(pi->psargs, sizeof(pi->psargs), t->psargs);
}

void core_fill_siginfo(struct core_siginfo *si, const struct core_task *t)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = t->sig;
	si->si_addr = t->fault_addr;
}

void core_fill_fpregs(struct core_fpregs *fp, const struct core_task *t)
{
	memset(fp, 0, sizeof(*fp));
	memcpy(fp->f, t->fregs, sizeof(fp->f));
	fp->fcsr = t->fcsr;
}

static int sink_fail(struct core_sink *s, int err)
{
	if (!s->err)
		s->err = err;
	return s->err;
}

int core_flush(struct core_sink *s)
{
	if (s->err)
		return s->err;
	if (s->fill) {
		int err = s->write(s->ctx, s->pos - s->fill, s->buf, s->fill);
		s->fill = 0;
		if (err < 0)
			return sink_fail(s, err);
	}
	return 0;
}

/* Takes n bytes: cut at the limit, buffered when small, straight
 * through when the buffer is empty and a whole buffer's worth comes. */
int core_emit(struct core_sink *s, const void *p, size_t n)
{
	const uint8_t *src = p;
	bool cut = false;

	if (s->err)
		return s->err;
	if (n > s->limit - s->pos) {
		n = s->limit - s->pos;
		cut = true;
	}
	while (n > 0) {
		if (s->fill == 0 && n >= s->cap) {
			size_t k = n - n % s->cap;
			int err = s->write(s->ctx, s->pos, src, k);
			if (err < 0)
				return sink_fail(s, err);
			s->pos += k;
			src += k;
			n -= k;
			continue;
		}
		size_t k = s->cap - s->fill < n ? s->cap - s->fill : n;
		memcpy(s->buf + s->fill, src, k);
		s->fill += k;
		s->pos += k;
		src += k;
		n -= k;
		if (s->fill == s->cap && core_flush(s) < 0)
			return s->err;
	}
	if (cut) {
		core_flush(s);
		return sink_fail(s, -EFBIG);
	}
	return 0;
}

/* Zeros up to file offset off. */
int core_pad_to(struct core_sink *s, uint64_t off)
{
	static const uint8_t zeros[64];

	while (!s->err && s->pos < off) {
		uint64_t k = off - s->pos < sizeof(zeros) ? off - s->pos : sizeof(zeros);
		core_emit(s, zeros, k);
	}
	return s->err;
}

static size_t strsize(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n + 1;
}

size_t core_note_size(const char *name, size_t descsz)
{
	return sizeof(Elf64_Nhdr) + round_up(strsize(name), 4) + round_up(descsz, 4);
}

static const uint8_t pad[4];

/* A note's header and name, padded to 4 bytes: descsz bytes of
 * descriptor must follow, then core_note_end's padding. */
int core_note_begin(struct core_sink *s, const char *name, uint32_t type, size_t descsz)
{
	Elf64_Nhdr nh = { (uint32_t)strsize(name), (uint32_t)descsz, type };

	core_emit(s, &nh, sizeof(nh));
	core_emit(s, name, nh.n_namesz);
	return core_emit(s, pad, round_up(nh.n_namesz, 4) - nh.n_namesz);
}

int core_note_end(struct core_sink *s, size_t descsz)
{
	return core_emit(s, pad, round_up(descsz, 4) - descsz);
}

/* One note: header, name and descriptor, each padded to 4 bytes. */
int core_note(struct core_sink *s, const char *name, uint32_t type, const void *desc,
	      size_t descsz)
{
	core_note_begin(s, name, type, descsz);
	core_emit(s, desc, descsz);
	return core_note_end(s, descsz);
}

/*
 * NT_FILE's descriptor: count, page size, (start, end, pgoff) per file,
 * then the paths, each NUL-terminated; get(ctx, i, &m) gives the i-th
 * of n files, asked for in order, i = 0 to n - 1, once in each of the
 * two halves. core_ntfile_size is the size core_ntfile writes.
 */
size_t core_ntfile_size(int n, core_filemap_fn *get, void *ctx)
{
	size_t size = 16 + 24 * (size_t)n;
	struct core_filemap m;

	for (int i = 0; i < n; i++) {
		get(ctx, i, &m);
		size += strsize(m.path);
	}
	return size;
}

int core_ntfile(struct core_sink *s, int n, core_filemap_fn *get, void *ctx)
{
	uint64_t head[2] = { (uint64_t)n, CORE_PAGE };
	struct core_filemap m;

	core_emit(s, head, sizeof(head));
	for (int i = 0; i < n; i++) {
		get(ctx, i, &m);
		uint64_t range[3] = { m.start, m.end, m.pgoff };
		core_emit(s, range, sizeof(range));
	}
	for (int i = 0; i < n; i++) {
		get(ctx, i, &m);
		core_emit(s, m.path, strsize(m.path));
	}
	return s->err;
}

static int put_str(char *out, size_t cap, size_t *len, const char *s)
{
	for (; *s; s++) {
		if (*len + 1 >= cap)
			return -ENAMETOOLONG;
		out[(*len)++] = *s;
	}
	return 0;
}

static int put_num(char *out, size_t cap, size_t *len, uint64_t v)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = '0' + v % 10;
	while ((v /= 10) != 0);
	char s[24];
	for (int i = 0; i < n; i++)
		s[i] = digits[n - 1 - i];
	s[n] = 0;
	return put_str(out, cap, len, s);
}

/* Expands pattern into out; -ENAMETOOLONG if it does not fit, -EINVAL
 * for an unknown % or an empty result. */
int core_expand(char *out, size_t cap, const char *pattern, const char *name,
		int pid, int sig, uint64_t secs)
{
	size_t len = 0;
	int err = 0;

	for (const char *p = pattern; *p && !err; p++) {
		char lit[2] = { *p, 0 };
		if (*p != '%') {
			err = put_str(out, cap, &len, lit);
			continue;
		}
		switch (*++p) {
		case 'e': err = put_str(out, cap, &len, name); break;
		case 'p': err = put_num(out, cap, &len, pid); break;
		case 's': err = put_num(out, cap, &len, sig); break;
		case 't': err = put_num(out, cap, &len, secs); break;
		case '%': err = put_str(out, cap, &len, "%"); break;
		default: return -EINVAL;
		}
	}
	if (err)
		return err;
	if (cap == 0 || len == 0)
		return cap ? -EINVAL : -ENAMETOOLONG;
	out[len] = 0;
	return 0;
}
