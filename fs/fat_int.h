/*
 * Private to the FAT library: on-disk field offsets and the functions the
 * library's files share. Fields are read with ld16/ld32 at named offsets,
 * never through packed structs, so the code is endian- and alignment-safe.
 */
#ifndef FAT_INT_H
#define FAT_INT_H

#include "fat.h"

/*
 * The only C library functions used; the kernel provides them and the
 * host's libc does in tests. Declared here because a freestanding
 * toolchain may have no <string.h>.
 */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Boot sector / BPB (byte offsets in sector 0 of the volume). */
#define BS_JmpBoot      0
#define BPB_BytsPerSec  11
#define BPB_SecPerClus  13
#define BPB_RsvdSecCnt  14
#define BPB_NumFATs     16
#define BPB_RootEntCnt  17
#define BPB_TotSec16    19
#define BPB_FATSz16     22
#define BPB_TotSec32    32
#define BPB_FATSz32     36
#define BPB_FSVer       42
#define BPB_RootClus    44
#define BPB_FSInfo      48
#define BS_Signature    510  /* 0x55, 0xAA */

/* FSInfo sector: the free cluster count and next-free hint. */
#define FSI_LeadSig     0    /* 0x41615252 */
#define FSI_StrucSig    484  /* 0x61417272 */
#define FSI_Free_Count  488
#define FSI_Nxt_Free    492
#define FSI_TrailSig    508  /* 0xAA550000 */
#define FSI_LEAD        0x41615252u
#define FSI_STRUC       0x61417272u
#define FSI_TRAIL       0xAA550000u

/* Short (8.3) directory entry. */
#define DIR_Name        0    /* 11 bytes: 8 base + 3 extension, space padded */
#define DIR_Attr        11
#define DIR_NTRes       12   /* lowercase flags for 8.3 names, below */
#define DIR_CrtTimeTenth 13
#define DIR_CrtTime     14
#define DIR_CrtDate     16
#define DIR_LstAccDate  18
#define DIR_FstClusHI   20
#define DIR_WrtTime     22
#define DIR_WrtDate     24
#define DIR_FstClusLO   26
#define DIR_FileSize    28
#define DIR_ENTRY_SIZE  32

#define NTRES_LOWER_BASE 0x08
#define NTRES_LOWER_EXT  0x10

/* Long-name (LFN) directory entry: 13 UTF-16 units in three pieces. */
#define LDIR_Ord        0
#define LDIR_Name1      1    /* 5 units */
#define LDIR_Attr       11
#define LDIR_Type       12
#define LDIR_Chksum     13
#define LDIR_Name2      14   /* 6 units */
#define LDIR_FstClusLO  26
#define LDIR_Name3      28   /* 2 units */
#define LDIR_LAST       0x40 /* in LDIR_Ord: first physical entry of a run */
#define LDIR_ORD_MASK   0x1F
#define LFN_MAX_ENTRIES 20   /* 20 * 13 = 260 units >= FAT_NAME_MAX */
#define LFN_UNITS       13
#define ATTR_LONG_NAME  0x0F /* READ_ONLY|HIDDEN|SYSTEM|VOLUME_ID */
#define ATTR_LONG_MASK  0x3F

#define DIRENT_FREE     0xE5 /* first name byte of a deleted entry */
#define DIRENT_END      0x00 /* first name byte: no entries follow */
#define DIRENT_KANJI    0x05 /* stored for a real leading 0xE5 byte */

/* FAT32 entries: the top four bits are reserved and ignored. */
#define FAT32_MASK      0x0FFFFFFFu
#define FAT32_BAD       0x0FFFFFF7u
#define FAT32_EOC_MIN   0x0FFFFFF8u
#define FAT32_MAX_CLUS  0x0FFFFFF6u  /* highest usable cluster number */
#define FAT32_MIN_CLUSTERS 65525u    /* fewer makes it FAT12/16 by spec */

/* The spec caps a directory at 65536 entries; a longer chain is corrupt. */
#define FAT_DIR_MAX_BYTES (65536u * DIR_ENTRY_SIZE)

static inline uint16_t ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t ld32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* ld32 of a field known to be 4-byte aligned: one load, not four (the
 * FAT scan's inner loop); the bytes are little-endian on disk. */
static inline uint32_t ld32_aligned(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, __builtin_assume_aligned(p, 4), sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline void st16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void st32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A long name being assembled from its LFN entries (fat_name.c). */
struct lfn_run {
	uint16_t units[LFN_MAX_ENTRIES * LFN_UNITS];
	uint8_t count;     /* entries in the run, from its first (LAST) entry */
	uint8_t expect;    /* LDIR_Ord the next entry must carry; 0 = none */
	uint8_t sum;       /* checksum every entry of the run carries */
	uint8_t done;      /* all entries seen; waiting for the short entry */
};

/* One pass over a directory; lives for one library call (fat_dir.c). */
struct dir_iter {
	struct fat_node dir;  /* a copy: its run cache follows the pass */
	uint32_t pos;         /* byte offset of the next entry */
	uint32_t end;         /* the pass ends here as at the directory's end */
	uint64_t lba;         /* sector now in v->scratch; 0 = none */
	uint8_t nlfn;         /* LFN entries owned by the entry last returned */
	struct lfn_run lfn;
};

/* Longest 8.3 name as text: "BASENAME.EXT" and a NUL. */
#define SHORT_NAME_MAX 13

/* A name for a new entry, in the forms the directory will hold. */
struct new_name {
	uint16_t units[FAT_NAME_MAX];  /* the long name, UTF-16 */
	uint32_t nunits;
	uint8_t name11[11];  /* the short entry's name */
	uint8_t basis[11];   /* the alias before a numeric tail */
	uint8_t baselen;     /* characters in basis's base part */
	uint8_t ntres;       /* NTRes case bits (short-only names) */
	uint8_t nlfn;        /* LFN entries needed; 0 = short entry only */
	uint8_t tail;        /* the alias needs a numeric tail (~N) */
};

/* The most entries one name takes: its LFN entries and the short one. */
#define NAME_MAX_SLOTS  (LFN_MAX_ENTRIES + 1)

/* fat_bpb.c */
int fat_dev_read(struct fat_vol *v, uint64_t lba, uint32_t count, void *buf);
int fat_dev_read_ahead(struct fat_vol *v, uint64_t lba, uint32_t count, void *buf,
		       uint32_t ahead);
int fat_dev_write(struct fat_vol *v, uint64_t lba, uint32_t count,
		  const void *buf);

/* fat_chain.c */
int fat_clus_ok(const struct fat_vol *v, uint32_t clus);
uint64_t fat_clus_lba(const struct fat_vol *v, uint32_t clus);
int fat_flush(struct fat_vol *v);
int fat_done(struct fat_vol *v, int r);
int fat_entry(struct fat_vol *v, uint32_t clus, uint32_t *val);
int fat_put(struct fat_vol *v, uint32_t clus, uint32_t val);
int fat_next(struct fat_vol *v, uint32_t clus, uint32_t *next);
int fat_contig(struct fat_vol *v, uint32_t clus, uint32_t max, int cached_only,
	       uint32_t *steps);

/* fat_runs.c */
void fat_runs_clear(struct fat_node *n);
void fat_runs_add(struct fat_node *n, uint32_t index, uint32_t clus,
		  uint32_t len);
void fat_runs_cut(struct fat_node *n, uint32_t keep);
int fat_seek(struct fat_vol *v, struct fat_node *n, uint32_t index,
	     uint32_t *clus);
int fat_run_at(struct fat_vol *v, struct fat_node *n, uint32_t index,
	       uint32_t max, uint32_t *clus, uint32_t *len);
uint32_t fat_run_known(struct fat_vol *v, struct fat_node *n, uint32_t index,
		       uint32_t max);

/* fat_alloc.c */
int fat_fsinfo_load(struct fat_vol *v, uint32_t sec);
int fat_writable(struct fat_vol *v);
int fat_find_run(struct fat_vol *v, uint32_t from, uint32_t want,
		 uint32_t *start, uint32_t *len);
int fat_link_run(struct fat_vol *v, uint32_t prev, uint32_t start,
		 uint32_t len);
int fat_set_eoc(struct fat_vol *v, uint32_t clus);
int fat_chain_free(struct fat_vol *v, uint32_t first, uint32_t max);
int fat_chain_len(struct fat_vol *v, uint32_t first, uint32_t max,
		  uint32_t *len, uint32_t *last);
int fat_zero_clusters(struct fat_vol *v, uint32_t start, uint32_t len);
void fat_stamp(struct fat_vol *v, uint16_t *date, uint16_t *time);


/* fat_dir.c */
void dir_iter_init(struct dir_iter *it, const struct fat_node *dir,
		   uint32_t pos);
int dir_iter_raw(struct fat_vol *v, struct dir_iter *it, const uint8_t **ent);
int dir_iter_next(struct fat_vol *v, struct dir_iter *it,
		  struct fat_dirent *de, char sname[SHORT_NAME_MAX]);
uint32_t dirent_cluster(const uint8_t *ent);
void dirent_node(const uint8_t *ent, const struct fat_node *dir,
		 uint32_t pos, struct fat_node *out);
int dir_dotdot(struct fat_vol *v, const struct fat_node *dir, uint32_t *clus);
int dir_lookup(struct fat_vol *v, const struct fat_node *dir,
	       const char *name, size_t len, struct fat_node *out,
	       uint8_t *nlfn);

/* fat_dcache.c */
void dcache_remember(struct fat_vol *v, const struct fat_node *dir,
		     const char *name, size_t len, struct dir_iter *it);
int dcache_find(struct fat_vol *v, const struct fat_node *dir,
		const char *name, size_t len, struct fat_node *out,
		uint8_t *nlfn);

/* fat_lfn.c */
int name_parse(const char *name, size_t len, struct new_name *nn);
void name_tail(struct new_name *nn, uint32_t k);
uint32_t name_tail_of(const struct new_name *nn, const uint8_t *s);
void lfn_build(const struct new_name *nn, uint8_t *ents);

/* fat_dirw.c */
int dirent_load(struct fat_vol *v, const struct fat_node *f, uint32_t first,
		uint64_t *lba, uint8_t **ent);
int dirent_store(struct fat_vol *v, uint64_t lba);
void dirent_stamp(struct fat_vol *v, uint8_t *ent, int created);
int dir_put(struct fat_vol *v, const struct fat_node *dir, uint32_t pos,
	    const uint8_t *ents, uint32_t n);
int dir_add(struct fat_vol *v, const struct fat_node *dir,
	    struct new_name *nn, uint8_t *ent, struct fat_node *out);
int dir_is_empty(struct fat_vol *v, const struct fat_node *d);
int dir_set_dotdot(struct fat_vol *v, const struct fat_node *d,
		   const struct fat_node *parent);
int file_chain_check(struct fat_vol *v, const struct fat_node *f,
		     uint32_t *nclus);
int dir_chain_check(struct fat_vol *v, const struct fat_node *d,
		    uint32_t *nclus);
int name_is_dot(const char *name, size_t len);

/* fat_name.c */
void lfn_reset(struct lfn_run *l);
void lfn_add(struct lfn_run *l, const uint8_t *ent);
int lfn_owns(const struct lfn_run *l, const uint8_t *ent);
uint8_t lfn_checksum(const uint8_t *name11);
int lfn_name(const struct lfn_run *l, const uint8_t *ent,
	     char out[FAT_NAME_MAX + 1]);
void short_name(const uint8_t *ent, char out[SHORT_NAME_MAX]);
int name_eq(const char *a, size_t alen, const char *b);

#endif
