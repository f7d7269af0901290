/*
 * A node's run cache: the runs of contiguous clusters met while walking
 * its chain, as (file cluster index, disk cluster, length). A read or
 * seek into a known run needs no FAT lookup; one past the runs walks on
 * from the nearest run before it, and a contiguous stretch is extended
 * by scanning FAT entries (fat_contig), not by a call per cluster. So
 * lseek + read anywhere costs O(1) FAT lookups amortized, and a whole
 * contiguous file is one run.
 *
 * The runs are facts about the chain as it is on disk: fat_write and
 * fat_truncate add the clusters they link (fat_runs_add) and drop those
 * they free (fat_runs_cut), so a run never names a freed cluster.
 */
#include "fat_int.h"

void fat_runs_clear(struct fat_node *n)
{
	memset(n->runs, 0, sizeof(n->runs));
	n->run_last = 0;
}

static uint32_t run_end(const struct fat_run *r) { return r->index + r->len; }

/*
 * Records that file clusters index .. index + len - 1 are disk clusters
 * clus .. clus + len - 1: the run they continue grows, else they take an
 * empty slot, else the slot after the last one used (round robin).
 * run_last is left at the run holding them.
 */
void fat_runs_add(struct fat_node *n, uint32_t index, uint32_t clus,
		  uint32_t len)
{
	uint32_t i, slot = FAT_NRUNS;
	struct fat_run *r;

	if (len == 0)
		return;
	for (i = 0; i < FAT_NRUNS; i++) {
		r = &n->runs[i];
		if (r->len != 0 && run_end(r) == index &&
		    r->cluster + r->len == clus) {
			r->len += len;
			n->run_last = (uint8_t)i;
			return;
		}
		if (r->len == 0 && slot == FAT_NRUNS)
			slot = i;
	}
	if (slot == FAT_NRUNS)
		slot = (n->run_last + 1u) % FAT_NRUNS;
	n->runs[slot] = (struct fat_run){ index, clus, len };
	n->run_last = (uint8_t)slot;
}

/* Forgets every cluster at index keep and after (a chain cut short). */
void fat_runs_cut(struct fat_node *n, uint32_t keep)
{
	struct fat_run *r;

	for (r = n->runs; r < n->runs + FAT_NRUNS; r++) {
		if (r->len == 0 || run_end(r) <= keep)
			continue;
		r->len = r->index >= keep ? 0 : keep - r->index;
	}
}

/* The run holding index, else the one ending nearest before it; NULL
 * if no run starts at or before index. */
static struct fat_run *run_near(struct fat_node *n, uint32_t index)
{
	struct fat_run *r, *best = NULL;

	for (r = n->runs; r < n->runs + FAT_NRUNS; r++) {
		if (r->len == 0 || r->index > index)
			continue;
		if (index < run_end(r)) {
			n->run_last = (uint8_t)(r - n->runs);
			return r;
		}
		if (!best || run_end(r) > run_end(best))
			best = r;
	}
	return best;
}

/*
 * Walks on from file cluster i, disk cluster c, to cluster index,
 * recording what it passes. Each step moves i on by one at least and
 * index is below the cluster count, which bounds a looping FAT.
 */
static int walk_to(struct fat_vol *v, struct fat_node *n, uint32_t i,
		   uint32_t c, uint32_t index, uint32_t *clus)
{
	uint32_t k, next;
	int r;

	while (i < index) {
		r = fat_contig(v, c, index - i, 0, &k);
		if (r < 0)
			return r;
		if (k > 0) {
			fat_runs_add(n, i + 1, c + 1, k);
			i += k;
			c += k;
			continue;
		}
		r = fat_next(v, c, &next);
		if (r < 0)
			return r;
		if (next == 0) {
			*clus = 0;
			return 0;
		}
		fat_runs_add(n, ++i, next, 1);
		c = next;
	}
	*clus = c;
	return 0;
}

/*
 * Sets *clus to the cluster at chain index `index` of node n, or to 0 if
 * the chain ends before it. On success with a cluster, n->run_last is
 * the run holding index.
 */
int fat_seek(struct fat_vol *v, struct fat_node *n, uint32_t index,
	     uint32_t *clus)
{
	struct fat_run *r;

	if (index >= v->nclusters)
		return -FAT_EIO;
	r = run_near(n, index);
	if (r && index < run_end(r)) {
		*clus = r->cluster + (index - r->index);
		return 0;
	}
	if (!r) {
		if (!fat_clus_ok(v, n->first_cluster))
			return -FAT_EIO;
		fat_runs_add(n, 0, n->first_cluster, 1);
		r = &n->runs[n->run_last];
	}
	return walk_to(v, n, run_end(r) - 1, r->cluster + r->len - 1, index,
		       clus);
}

/*
 * How far run r goes on in the FAT sector in the cache, which costs no
 * read: a file read in order in small calls then scans the FAT a sector
 * at a time, not the few entries each call needs. The chain's end entry
 * is no step to the next cluster, so the run never passes it.
 */
static uint32_t run_cached_more(struct fat_vol *v, const struct fat_run *r)
{
	uint32_t k;

	return fat_contig(v, r->cluster + r->len - 1, FAT_SECTOR_SIZE / 4, 1, &k) == 0 ? k : 0;
}

/*
 * The cluster at index (0 past the chain's end) and in *len how many
 * clusters from it, at most max, are contiguous on disk: the run
 * holding index, extended by a scan of the FAT if it is shorter than
 * max. The caller bounds max by the clusters the file's size needs.
 */
int fat_run_at(struct fat_vol *v, struct fat_node *n, uint32_t index,
	       uint32_t max, uint32_t *clus, uint32_t *len)
{
	struct fat_run *r;
	uint32_t have, k;
	int err = fat_seek(v, n, index, clus);

	*len = 0;
	if (err < 0 || *clus == 0)
		return err;
	r = &n->runs[n->run_last];
	have = run_end(r) - index;
	if (have < max) {
		err = fat_contig(v, r->cluster + r->len - 1, max - have, 0, &k);
		if (err < 0)
			return err;
		r->len += k;
		have += k;
		if (have == max)
			r->len += run_cached_more(v, r);
	}
	*len = have < max ? have : max;
	return 0;
}

/*
 * After fat_run_at found index: how many clusters from it, at most max,
 * are known to be contiguous without reading anything: the run cache's,
 * and what the FAT sector in the cache shows after it. For read-ahead
 * hints, which must not cost a FAT read of their own.
 */
uint32_t fat_run_known(struct fat_vol *v, struct fat_node *n, uint32_t index,
		       uint32_t max)
{
	struct fat_run *r = &n->runs[n->run_last];
	uint32_t have = index < run_end(r) ? run_end(r) - index : 0, k;

	if (have > 0 && have < max &&
	    fat_contig(v, r->cluster + r->len - 1, max - have, 1, &k) == 0) {
		r->len += k;
		have += k;
	}
	return have < max ? have : max;
}
