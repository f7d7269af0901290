/*
 * Core dump layout: interval fusion, the ET_CORE headers, note payloads
 * and the limited output. Pure, see core_layout.h.
 */
#include "exec/core_layout.h"
#include "uapi/linux/errno.h"

void *memcpy(void *, const void *, size_t);
void *memset(void *, int, size_t);

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

/* A record being written: each field at its natural alignment,
 * little-endian, as a C compiler for the class lays a struct out. */
struct rec {
	uint8_t *p;
	size_t len;
	unsigned word;
};

static void pad_to(struct rec *r, unsigned align)
{
	while (r->len % align)
		r->p[r->len++] = 0;
}

/* v's low size bytes: a word truncates what does not fit, as Linux's
 * compat copies do (a 32-bit process's registers, times, masks). */
static void put(struct rec *r, uint64_t v, unsigned size)
{
	pad_to(r, size);
	for (unsigned i = 0; i < size; i++)
		r->p[r->len++] = (uint8_t)(v >> 8 * i);
}

static void put_word(struct rec *r, uint64_t v) { put(r, v, r->word); }

static void put_bytes(struct rec *r, const void *src, size_t n)
{
	memcpy(r->p + r->len, src, n);
	r->len += n;
}

/* The record's size: a struct ends aligned to its widest member. */
static size_t rec_end(struct rec *r, unsigned align)
{
	pad_to(r, align);
	return r->len;
}

static size_t ehdr_size(unsigned word) { return word == CORE_WORD64 ? 64 : 52; }
static size_t phdr_size(unsigned word) { return word == CORE_WORD64 ? 56 : 32; }
static size_t shdr_size(unsigned word) { return word == CORE_WORD64 ? 64 : 40; }

/* -E2BIG if the count does not fit section header 0's 32-bit sh_info;
 * -EFBIG if a 32-bit core's offsets would not fit its 32-bit fields. */
int core_plan(struct core_layout *l, unsigned word, uint64_t nload, uint64_t notes_size,
	      uint64_t data_size)
{
	if (nload >= UINT32_MAX)
		return -E2BIG;
	memset(l, 0, sizeof(*l));
	l->word = word;
	l->nload = nload;
	l->phnum = nload + 1;
	l->xnum = l->phnum >= PN_XNUM;
	l->phoff = ehdr_size(word);
	uint64_t end = l->phoff + l->phnum * phdr_size(word);
	if (l->xnum) {
		l->shoff = end;
		end += shdr_size(word);
	}
	l->notes_off = end;
	l->notes_size = notes_size;
	l->data_off = round_up(end + notes_size, CORE_PAGE);
	if (data_size > UINT64_MAX - l->data_off)
		return -EFBIG;
	l->size = l->data_off + data_size;
	if (word == CORE_WORD32 && l->size > UINT32_MAX)
		return -EFBIG;
	return 0;
}

size_t core_ehdr(const struct core_layout *l, uint8_t *out)
{
	struct rec r = { out, 0, l->word };
	uint8_t ident[EI_NIDENT] = { 0 };

	memcpy(ident, ELFMAG, 4);
	ident[EI_CLASS] = l->word == CORE_WORD64 ? ELFCLASS64 : ELFCLASS32;
	ident[EI_DATA] = ELFDATA2LSB;
	ident[EI_VERSION] = EV_CURRENT;
	ident[EI_OSABI] = ELFOSABI_SYSV;
	put_bytes(&r, ident, sizeof(ident));
	put(&r, ET_CORE, 2);
	put(&r, EM_RISCV, 2);
	put(&r, EV_CURRENT, 4);
	put_word(&r, 0);			/* e_entry */
	put_word(&r, l->phoff);
	/* the extended numbering: one section header, the initial entry,
	 * whose sh_info holds the real count */
	put_word(&r, l->xnum ? l->shoff : 0);
	put(&r, 0, 4);				/* e_flags: Linux's ELF_CORE_EFLAGS */
	put(&r, ehdr_size(l->word), 2);
	put(&r, phdr_size(l->word), 2);
	put(&r, l->xnum ? PN_XNUM : l->phnum, 2);
	put(&r, l->xnum ? shdr_size(l->word) : 0, 2);
	put(&r, l->xnum ? 1 : 0, 2);		/* e_shnum */
	put(&r, 0, 2);				/* e_shstrndx */
	return rec_end(&r, l->word);
}

size_t core_shdr0(const struct core_layout *l, uint8_t *out)
{
	struct rec r = { out, 0, l->word };

	put(&r, 0, 4);			/* sh_name */
	put(&r, SHT_NULL, 4);
	put_word(&r, 0);		/* sh_flags */
	put_word(&r, 0);		/* sh_addr */
	put_word(&r, 0);		/* sh_offset */
	put_word(&r, 1);		/* sh_size: e_shnum */
	put(&r, 0, 4);			/* sh_link: e_shstrndx */
	put(&r, (uint32_t)l->phnum, 4);	/* sh_info: e_phnum */
	put_word(&r, 0);		/* sh_addralign */
	put_word(&r, 0);		/* sh_entsize */
	return rec_end(&r, l->word);
}

/* A program header: ELF64 puts p_flags second, ELF32 seventh. */
static size_t phdr(unsigned word, uint32_t type, uint32_t flags, uint64_t offset,
		   uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align, uint8_t *out)
{
	struct rec r = { out, 0, word };

	put(&r, type, 4);
	if (word == CORE_WORD64)
		put(&r, flags, 4);
	put_word(&r, offset);
	put_word(&r, vaddr);
	put_word(&r, 0);	/* p_paddr */
	put_word(&r, filesz);
	put_word(&r, memsz);
	if (word == CORE_WORD32)
		put(&r, flags, 4);
	put_word(&r, align);
	return rec_end(&r, word);
}

size_t core_note_phdr(const struct core_layout *l, uint8_t *out)
{
	return phdr(l->word, PT_NOTE, 0, l->notes_off, 0, l->notes_size, 0, 4, out);
}

size_t core_load_phdr(const struct core_layout *l, const struct core_interval *iv,
		      uint64_t offset, uint8_t *out)
{
	uint64_t size = iv->end - iv->start;

	return phdr(l->word, PT_LOAD, iv->flags, offset, iv->start, size, size, CORE_PAGE, out);
}

static void copy_name(char *dst, size_t cap, const char *src)
{
	size_t i = 0;

	for (; i + 1 < cap && src[i]; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

/* A struct timeval: two longs. */
static void put_timeval(struct rec *r, uint64_t us)
{
	put_word(r, us / 1000000);
	put_word(r, us % 1000000);
}

size_t core_fill_prstatus(uint8_t *out, const struct core_task *t)
{
	struct rec r = { out, 0, t->word };

	put(&r, t->sig, 4);		/* pr_info: si_signo, si_code, si_errno */
	put(&r, 0, 4);
	put(&r, 0, 4);
	put(&r, t->sig, 2);		/* pr_cursig */
	put_word(&r, t->sigpend);
	put_word(&r, t->sighold);
	put(&r, t->pid, 4);
	put(&r, t->ppid, 4);
	put(&r, t->pgrp, 4);
	put(&r, t->sid, 4);
	put_timeval(&r, t->utime_us);
	put_timeval(&r, t->stime_us);
	put_timeval(&r, t->cutime_us);
	put_timeval(&r, t->cstime_us);
	for (int i = 0; i < 32; i++)	/* pr_reg: pc, then x1..x31 */
		put_word(&r, t->regs[i]);
	put(&r, 1, 4);			/* pr_fpvalid */
	return rec_end(&r, t->word);
}

size_t core_fill_prpsinfo(uint8_t *out, const struct core_task *t)
{
	static const char states[] = "RSDTZW";
	struct rec r = { out, 0, t->word };
	char name[80];
	int state = 0;

	while (states[state] && states[state] != t->state)
		state++;
	put(&r, states[state] ? state : 0, 1);	/* pr_state */
	put(&r, (uint8_t)t->state, 1);		/* pr_sname */
	put(&r, t->state == 'Z', 1);		/* pr_zomb */
	put(&r, 0, 1);				/* pr_nice */
	put_word(&r, 0);			/* pr_flag */
	put(&r, 0, 4);				/* pr_uid */
	put(&r, 0, 4);				/* pr_gid */
	put(&r, t->pid, 4);
	put(&r, t->ppid, 4);
	put(&r, t->pgrp, 4);
	put(&r, t->sid, 4);
	memset(name, 0, sizeof(name));
	copy_name(name, 16, t->fname);
	put_bytes(&r, name, 16);		/* pr_fname */
	memset(name, 0, sizeof(name));
	copy_name(name, sizeof(name), t->psargs);
	put_bytes(&r, name, sizeof(name));	/* pr_psargs */
	return rec_end(&r, t->word);
}

/* siginfo: signo, errno, code, then si_addr at a word's alignment. */
size_t core_fill_siginfo(uint8_t *out, const struct core_task *t)
{
	struct rec r = { out, 0, t->word };

	put(&r, t->sig, 4);
	put(&r, 0, 4);
	put(&r, 0, 4);
	put_word(&r, t->fault_addr);
	memset(out + r.len, 0, CORE_SIGINFO_SIZE - r.len);
	return CORE_SIGINFO_SIZE;
}

size_t core_fill_fpregs(uint8_t *out, const struct core_task *t)
{
	struct rec r = { out, 0, t->word };

	for (int i = 0; i < 32; i++)
		put(&r, t->fregs[i], 8);
	put(&r, t->fcsr, 4);
	return rec_end(&r, 8);
}

size_t core_fill_auxv(uint8_t *out, unsigned word, const uint64_t *auxv, int n)
{
	struct rec r = { out, 0, word };

	for (int i = 0; i < 2 * n; i++)
		put_word(&r, auxv[i]);
	return r.len;
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
 * each a word, then the paths, each NUL-terminated; get(ctx, i, &m)
 * gives the i-th of n files, asked for in order, i = 0 to n - 1, once
 * in each of the two halves. core_ntfile_size is the size core_ntfile
 * writes.
 */
size_t core_ntfile_size(unsigned word, int n, core_filemap_fn *get, void *ctx)
{
	size_t size = 2 * word + 3 * word * (size_t)n;
	struct core_filemap m;

	for (int i = 0; i < n; i++) {
		get(ctx, i, &m);
		size += strsize(m.path);
	}
	return size;
}

int core_ntfile(struct core_sink *s, unsigned word, int n, core_filemap_fn *get, void *ctx)
{
	uint8_t buf[3 * CORE_WORD64];
	struct rec r = { buf, 0, word };
	struct core_filemap m;

	put_word(&r, (uint64_t)n);
	put_word(&r, CORE_PAGE);
	core_emit(s, buf, r.len);
	for (int i = 0; i < n; i++) {
		get(ctx, i, &m);
		r.len = 0;
		put_word(&r, m.start);
		put_word(&r, m.end);
		put_word(&r, m.pgoff);
		core_emit(s, buf, r.len);
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
