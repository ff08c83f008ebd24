// SPDX-License-Identifier: GPL-2.0
/*
 * The memory core against a brute-force model (flatview_model.h): random
 * trees of containers, RAM, ROM, ROM devices, I/O and aliases (of aliases
 * and of containers), changed by random operations, alone or in random
 * (also nested) transactions.  After every change the flat view is
 * compared, page by page, with a reference model that keeps its own
 * shadow of the tree and resolves each page with QEMU's rules:
 *
 *  - walk the children in priority order, higher first, and among equal
 *    priorities the one added (or moved) last first;
 *  - the first child that is enabled, covers the address and resolves to
 *    a leaf wins; a container with a hole there falls through;
 *  - an alias goes on in its target at alias_offset, whatever the
 *    target's own address; its size clips, and so does the target's;
 *  - readonly is OR'ed along the path, romd_mode is the leaf's.
 *
 * The model shares no code with vmm/memory.  Every choice comes from the
 * driver's source: a seeded PRNG (selftests/unit/flatview_random_test),
 * or the bytes of a fuzzer's input (fuzz/memory_fuzz.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flatview_model.h"
#include "ktap.h"
#include "memory/address_space.h"
#include "util/error.h"

#define PAGE		0x1000ULL
#define NR_PAGES	64
#define SPACE		(NR_PAGES * PAGE)
#define MAX_NODES	20
#define OPS_PER_TOPO	FVM_OPS_PER_TOPO
#define MAX_HISTORY	(2 * OPS_PER_TOPO)

/* ---- the source of every choice ---- */

static const struct fvm_source *src;
struct fvm_stats fvm;

/* Uniform in [0, n) as far as the source goes. */
static unsigned int rnd(unsigned int n)
{
	return src->rnd(src->opaque, n);
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

/* ---- the shadow tree ---- */

enum kind { K_CONTAINER, K_RAM, K_ROM, K_ROMD, K_IO, K_ALIAS };

static const char *const kind_name[] = {
	"container", "ram", "rom", "romd", "io", "alias",
};

/*
 * Node i may be mapped only in a node j > i (the root is the highest) and
 * may alias only a node t < i: every edge goes downwards, so no cycles.
 */
struct node {
	struct memory_region	mr;		/* the real one, under test */
	enum kind		kind;
	char			name[16];
	int			parent;		/* -1: unmapped */
	int			prio;
	u64			seq;		/* when added or moved */
	bool			may_overlap;
	hwaddr			addr;
	u128			size;
	int			target;		/* alias */
	u64			alias_offset;
	bool			enabled, readonly, romd;
	u8			log;
	/* Rebuilt before every check: children, in precedence order. */
	int			child[MAX_NODES];
	unsigned int		nr_child;
};

static struct node nodes[MAX_NODES + 1];
static unsigned int nr_nodes, root;
static u64 seq_counter;
static struct address_space as;
static u8 shared_ram[MAX_NODES * 16 * PAGE] __attribute__((aligned(4096)));

/* ---- operation history, printed on a mismatch ---- */

enum op_type {
	OP_ADD, OP_ADD_OVERLAP, OP_ADD_MAPPED, OP_DEL, OP_SET_ADDRESS,
	OP_SET_ALIAS_OFFSET, OP_SET_ENABLED, OP_SET_READONLY, OP_SET_ROMD,
	OP_SET_LOG, OP_BEGIN, OP_COMMIT,
};

static const char *const op_name[] = {
	"add", "add_overlap", "add(mapped)", "del", "set_address",
	"set_alias_offset", "set_enabled", "set_readonly", "set_romd",
	"set_log", "begin", "commit",
};

struct op {
	enum op_type	type;
	int		node, parent, prio, ret;
	u64		arg;
};

static struct op history[MAX_HISTORY];
static unsigned int nr_history;

static void record(enum op_type type, int node, int parent, int prio,
		   u64 arg, int ret)
{
	if (nr_history < MAX_HISTORY)
		history[nr_history++] = (struct op){ type, node, parent, prio,
						     ret, arg };
	if (type != OP_BEGIN && type != OP_COMMIT)
		fvm.ops++;
}

static void print_history(void)
{
	unsigned int i;

	ktap_print_msg("%s: %u nodes, %u operations so far in this topology:",
		       src->where(src->opaque), nr_nodes, nr_history);
	for (i = 0; i < nr_nodes; i++) {
		struct node *n = &nodes[i];

		ktap_print_msg("  n%u: %s size 0x%llx, in n%d at 0x%llx prio %d "
			       "seq %llu%s%s%s, log %u; alias of n%d @0x%llx",
			       i, kind_name[n->kind],
			       (unsigned long long)n->size, n->parent,
			       (unsigned long long)n->addr, n->prio,
			       (unsigned long long)n->seq,
			       n->enabled ? "" : ", disabled",
			       n->readonly ? ", readonly" : "",
			       n->romd ? ", romd" : "", n->log,
			       n->kind == K_ALIAS ? n->target : -1,
			       (unsigned long long)n->alias_offset);
	}
	ktap_print_msg("  (n%u is the root; n-1: unmapped)", root);
	for (i = nr_history > 40 ? nr_history - 40 : 0; i < nr_history; i++) {
		const struct op *o = &history[i];

		if (o->type == OP_BEGIN || o->type == OP_COMMIT)
			ktap_print_msg("  #%u %s", i, op_name[o->type]);
		else
			ktap_print_msg("  #%u %s n%d parent n%d prio %d "
				       "arg 0x%llx ret %d", i,
				       op_name[o->type], o->node, o->parent,
				       o->prio, (unsigned long long)o->arg,
				       o->ret);
	}
}

/* ---- the reference model ---- */

struct hit {
	int	node;
	u64	offset;
	bool	readonly, romd;
	u8	log;
};

/* Children by priority, then newest first; QEMU's subregion order. */
static void ref_build_children(void)
{
	unsigned int i, j;

	for (i = 0; i <= root; i++)
		nodes[i].nr_child = 0;
	for (i = 0; i < root; i++) {
		struct node *c = &nodes[i];
		struct node *p;

		if (c->parent < 0)
			continue;
		p = &nodes[c->parent];
		j = p->nr_child++;
		while (j && (nodes[p->child[j - 1]].prio < c->prio ||
			     (nodes[p->child[j - 1]].prio == c->prio &&
			      nodes[p->child[j - 1]].seq < c->seq))) {
			p->child[j] = p->child[j - 1];
			j--;
		}
		p->child[j] = (int)i;
	}
}

/* What node @n shows at offset @a within itself, if anything. */
static bool ref_resolve(int n, u128 a, bool readonly, struct hit *hit)
{
	const struct node *x = &nodes[n];
	unsigned int i;

	if (!x->enabled || a >= x->size)
		return false;
	readonly |= x->readonly;
	if (x->kind == K_ALIAS)
		return ref_resolve(x->target, a + x->alias_offset, readonly,
				   hit);
	for (i = 0; i < x->nr_child; i++) {
		const struct node *c = &nodes[x->child[i]];

		if (a >= c->addr && a - c->addr < c->size &&
		    ref_resolve(x->child[i], a - c->addr, readonly, hit))
			return true;
	}
	if (x->kind == K_CONTAINER)
		return false;
	hit->node = n;
	hit->offset = (u64)a;
	hit->readonly = readonly;
	hit->romd = x->kind == K_ROMD && x->romd;
	hit->log = x->log;
	return true;
}

/* ---- checks ---- */

static unsigned int reports;

static bool report(void)
{
	return ++reports <= 3;
}

static void print_view(const struct flatview *fv)
{
	const struct flat_range *fr;

	ktap_print_msg("flat view (%u ranges):", fv->nr);
	flatview_for_each_range(fr, fv)
		ktap_print_msg("  [0x%llx, 0x%llx) %s @0x%llx ro=%d romd=%d "
			       "log=%u", (unsigned long long)fr->addr,
			       (unsigned long long)flat_range_end(fr),
			       fr->mr->name,
			       (unsigned long long)fr->offset_in_region,
			       fr->readonly, fr->romd_mode,
			       fr->dirty_log_mask);
}

static const char *mr_name(const struct memory_region *mr)
{
	return mr ? mr->name : "(hole)";
}

static void check_pages(const struct flatview *fv)
{
	unsigned int p, bad = 0;

	ref_build_children();
	for (p = 0; p < NR_PAGES; p++) {
		hwaddr addr = p * PAGE;
		const struct flat_range *fr = flatview_lookup(fv, addr);
		struct hit h;
		bool want = ref_resolve((int)root, addr, false, &h);
		u64 off = fr ? fr->offset_in_region + (addr - fr->addr) : 0;

		if (!want && !fr)
			continue;
		if (want && fr && fr->mr == &nodes[h.node].mr &&
		    off == h.offset && fr->readonly == h.readonly &&
		    fr->romd_mode == h.romd && fr->dirty_log_mask == h.log)
			continue;
		fvm.page_mismatches++;
		if (!bad++ && !report())
			return;
		if (bad > 8)
			continue;
		ktap_print_msg("page %u (0x%llx): expected %s @0x%llx ro=%d "
			       "romd=%d log=%u, got %s @0x%llx ro=%d romd=%d "
			       "log=%u", p, (unsigned long long)addr,
			       want ? nodes[h.node].name : "(hole)",
			       want ? (unsigned long long)h.offset : 0ULL,
			       want && h.readonly, want && h.romd,
			       want ? h.log : 0, mr_name(fr ? fr->mr : NULL),
			       (unsigned long long)off, fr && fr->readonly,
			       fr && fr->romd_mode,
			       fr ? fr->dirty_log_mask : 0);
	}
	if (bad) {
		ktap_print_msg("%u pages differ", bad);
		print_view(fv);
		print_history();
	}
}

static bool can_merge(const struct flat_range *a, const struct flat_range *b)
{
	return flat_range_end(a) == b->addr && a->mr == b->mr &&
	       a->offset_in_region + a->size == b->offset_in_region &&
	       a->readonly == b->readonly && a->romd_mode == b->romd_mode &&
	       a->dirty_log_mask == b->dirty_log_mask;
}

/* Sorted, disjoint, page-granular, inside SPACE, maximally merged. */
static void check_shape(const struct flatview *fv)
{
	unsigned int i;

	for (i = 0; i < fv->nr; i++) {
		const struct flat_range *fr = &fv->ranges[i];
		const struct flat_range *next = i + 1 < fv->nr ? fr + 1 : NULL;
		const char *why = NULL;

		if (!fr->size)
			why = "empty range";
		else if (fr->addr % PAGE || fr->size % PAGE ||
			 fr->offset_in_region % PAGE)
			why = "not page-granular";
		else if (flat_range_end(fr) > SPACE)
			why = "beyond every mapped region";
		else if (next && flat_range_end(fr) > next->addr)
			why = "overlaps or is out of order with the next";
		else if (next && can_merge(fr, next))
			why = "could be merged with the next";
		if (!why)
			continue;
		fvm.shape_failures++;
		if (report()) {
			ktap_print_msg("range %u [0x%llx +0x%llx] %s: %s", i,
				       (unsigned long long)fr->addr,
				       (unsigned long long)fr->size,
				       fr->mr->name, why);
			print_view(fv);
			print_history();
		}
		return;
	}
}

/* ---- a listener that mirrors the view from the callbacks alone ---- */

#define MAX_MIRROR	(4 * NR_PAGES)

/*
 * Each range the listener holds, and the render that last told it about
 * the range: after a render, every range of the new view must have been
 * added, or confirmed by region_nop or log_start/log_stop.
 */
static struct memory_region_section mirror[MAX_MIRROR];
static unsigned int mirror_told[MAX_MIRROR];
static unsigned int nr_mirror, nr_begin;

static void mirror_fail(const char *what,
			const struct memory_region_section *s)
{
	fvm.mirror_failures++;
	if (report()) {
		ktap_print_msg("listener: %s [0x%llx +0x%llx] %s @0x%llx", what,
			       (unsigned long long)s->offset_within_address_space,
			       (unsigned long long)s->size, s->mr->name,
			       (unsigned long long)s->offset_within_region);
		print_history();
	}
}

static bool same_mapping(const struct memory_region_section *a,
			 const struct memory_region_section *b)
{
	return a->mr == b->mr && a->size == b->size &&
	       a->offset_within_address_space ==
	       b->offset_within_address_space &&
	       a->offset_within_region == b->offset_within_region &&
	       a->readonly == b->readonly && a->romd_mode == b->romd_mode;
}

static int mirror_find(const struct memory_region_section *s)
{
	unsigned int i;

	for (i = 0; i < nr_mirror; i++) {
		if (same_mapping(&mirror[i], s))
			return (int)i;
	}
	return -1;
}

static void l_begin(struct memory_listener *l)
{
	(void)l;
	nr_begin++;
}

static void mirror_remove(int i)
{
	nr_mirror--;
	mirror[i] = mirror[nr_mirror];
	mirror_told[i] = mirror_told[nr_mirror];
}

static void l_add(struct memory_listener *l, struct memory_region_section *s)
{
	u128 start = s->offset_within_address_space;
	unsigned int i;

	(void)l;
	for (i = 0; i < nr_mirror; i++) {
		u128 ms = mirror[i].offset_within_address_space;

		if (start < ms + mirror[i].size && ms < start + s->size) {
			mirror_fail("region_add overlapping a range it has",
				    s);
			return;
		}
	}
	if (nr_mirror == MAX_MIRROR) {
		mirror_fail("too many ranges", s);
		return;
	}
	mirror_told[nr_mirror] = nr_begin;
	mirror[nr_mirror++] = *s;
}

static void l_del(struct memory_listener *l, struct memory_region_section *s)
{
	int i = mirror_find(s);

	(void)l;
	if (i < 0) {
		mirror_fail("region_del of a range it was never given", s);
		return;
	}
	mirror_remove(i);
}

static void l_nop(struct memory_listener *l, struct memory_region_section *s)
{
	int i = mirror_find(s);

	(void)l;
	if (i < 0) {
		mirror_fail("region_nop of a range it was never given", s);
		return;
	}
	if (mirror[i].dirty_log_mask != s->dirty_log_mask)
		mirror_fail("region_nop with a changed dirty-log mask", s);
	mirror_told[i] = nr_begin;
}

static void l_log(struct memory_listener *l, struct memory_region_section *s,
		  int old, int new)
{
	int i = mirror_find(s);

	(void)l;
	if (i < 0) {
		mirror_fail("log_start/stop of a range it was never given", s);
		return;
	}
	/* One change may bring both a log_start and a log_stop. */
	if ((mirror[i].dirty_log_mask != old &&
	     mirror[i].dirty_log_mask != new) || s->dirty_log_mask != new)
		mirror_fail("log_start/stop with a wrong old or new mask", s);
	mirror[i].dirty_log_mask = (u8)new;
	mirror_told[i] = nr_begin;
}

static struct memory_listener listener = {
	.begin = l_begin,
	.region_add = l_add,
	.region_del = l_del,
	.region_nop = l_nop,
	.log_start = l_log,
	.log_stop = l_log,
	.name = "mirror",
};

static void check_mirror(const struct flatview *fv, bool rendered)
{
	const struct flat_range *fr;
	unsigned int n = 0;

	flatview_for_each_range(fr, fv) {
		struct memory_region_section s = {
			.mr = fr->mr,
			.size = fr->size,
			.offset_within_address_space = fr->addr,
			.offset_within_region = fr->offset_in_region,
			.readonly = fr->readonly,
			.romd_mode = fr->romd_mode,
		};
		int i = mirror_find(&s);

		if (i < 0) {
			mirror_fail("never told about a range of the view", &s);
			return;
		}
		if (mirror[i].dirty_log_mask != fr->dirty_log_mask) {
			mirror_fail("told a stale dirty-log mask", &s);
			return;
		}
		if (rendered && mirror_told[i] != nr_begin) {
			mirror_fail("not told about a range in the last render",
				    &s);
			return;
		}
		n++;
	}
	if (n != nr_mirror)
		mirror_fail("holds ranges the view does not have", &mirror[0]);
}

static unsigned int checked_begin;

static void check_all(void)
{
	const struct flatview *fv = as.current_map;

	fvm.checks++;
	check_pages(fv);
	check_shape(fv);
	check_mirror(fv, nr_begin != checked_begin);
	checked_begin = nr_begin;
}

/* ---- operations: each done on the real tree and on the shadow ---- */

static hwaddr random_addr(int parent, u128 size)
{
	u128 room;

	if (parent == (int)root) {
		/* Everything visible stays inside SPACE. */
		room = SPACE / PAGE - size / PAGE + 1;
		return rnd((unsigned int)room) * PAGE;
	}
	/* Sometimes past the container's end: clipped. */
	return rnd((unsigned int)(nodes[parent].size / PAGE) + 2) * PAGE;
}

static int random_node(void)
{
	return (int)rnd(nr_nodes);
}

static int random_mapped(void)
{
	int i, start = random_node();

	for (i = 0; i < (int)nr_nodes; i++) {
		int n = (start + i) % (int)nr_nodes;

		if (nodes[n].parent >= 0)
			return n;
	}
	return -1;
}

static int random_unmapped(void)
{
	int i, start = random_node();

	for (i = 0; i < (int)nr_nodes; i++) {
		int n = (start + i) % (int)nr_nodes;

		if (nodes[n].parent < 0)
			return n;
	}
	return -1;
}

/* A container for @n: the root half of the time, else a higher node. */
static int random_parent(int n)
{
	unsigned int above = nr_nodes - (unsigned int)n - 1;

	if (!above || chance(50))
		return (int)root;
	return n + 1 + (int)rnd(above);
}

static bool ref_collides(int parent, int n, hwaddr addr)
{
	const struct node *x = &nodes[n];
	unsigned int i;

	for (i = 0; i < nr_nodes; i++) {
		const struct node *s = &nodes[i];

		if (s->parent != parent || s->may_overlap || (int)i == n)
			continue;
		if ((u128)addr < s->addr + s->size &&
		    (u128)s->addr < addr + x->size)
			return true;
	}
	return false;
}

static void op_add(bool overlap)
{
	int n = random_unmapped(), parent, prio = 0, ret, want;
	struct node *x;
	hwaddr addr;

	if (n < 0)
		return;
	x = &nodes[n];
	parent = random_parent(n);
	addr = random_addr(parent, x->size);
	if (overlap) {
		prio = (int)rnd(6) - 2;
		want = 0;
		ret = memory_region_add_subregion_overlap(&nodes[parent].mr,
							  addr, &x->mr, prio);
	} else {
		want = ref_collides(parent, n, addr) ? -EBUSY : 0;
		ret = memory_region_add_subregion(&nodes[parent].mr, addr,
						  &x->mr);
	}
	record(overlap ? OP_ADD_OVERLAP : OP_ADD, n, parent, prio, addr, ret);
	if (ret != want) {
		fvm.ret_mismatches++;
		if (report()) {
			ktap_print_msg("add n%d at 0x%llx in n%d returned %d, "
				       "expected %d (%s)", n,
				       (unsigned long long)addr, parent, ret,
				       want, error_get());
			print_history();
		}
	}
	if (ret)
		return;
	x->parent = parent;
	x->addr = addr;
	x->prio = prio;
	x->may_overlap = overlap;
	x->seq = ++seq_counter;
}

/* Adding a mapped region again fails and changes nothing. */
static void op_add_mapped(void)
{
	int n = random_mapped(), parent, ret;

	if (n < 0)
		return;
	parent = random_parent(n);
	ret = memory_region_add_subregion_overlap(&nodes[parent].mr,
						  random_addr(parent,
							      nodes[n].size),
						  &nodes[n].mr, 3);
	record(OP_ADD_MAPPED, n, parent, 3, 0, ret);
	if (ret != -EBUSY) {
		fvm.ret_mismatches++;
		if (report()) {
			ktap_print_msg("adding mapped n%d returned %d, "
				       "expected -EBUSY", n, ret);
			print_history();
		}
	}
}

static void op_del(void)
{
	int n = random_mapped();

	if (n < 0)
		return;
	record(OP_DEL, n, nodes[n].parent, 0, 0, 0);
	memory_region_del_subregion(&nodes[nodes[n].parent].mr, &nodes[n].mr);
	nodes[n].parent = -1;
}

static void op_set_address(void)
{
	int n = random_mapped();
	struct node *x;
	hwaddr addr;

	if (n < 0)
		return;
	x = &nodes[n];
	addr = random_addr(x->parent, x->size);
	record(OP_SET_ADDRESS, n, x->parent, 0, addr, 0);
	memory_region_set_address(&x->mr, addr);
	/* Moving re-adds it: it becomes the newest among its peers. */
	if (addr != x->addr)
		x->seq = ++seq_counter;
	x->addr = addr;
}

static void op_set_alias_offset(void)
{
	int n = random_node();
	u64 off = rnd(17) * PAGE;

	if (nodes[n].kind != K_ALIAS)
		return;
	record(OP_SET_ALIAS_OFFSET, n, -1, 0, off, 0);
	memory_region_set_alias_offset(&nodes[n].mr, off);
	nodes[n].alias_offset = off;
}

static void op_toggle(enum op_type type)
{
	int n = random_node();
	struct node *x = &nodes[n];

	/* Mostly enabled and writable, or too little would be visible. */
	switch (type) {
	case OP_SET_ENABLED:
		x->enabled = chance(75);
		memory_region_set_enabled(&x->mr, x->enabled);
		break;
	case OP_SET_READONLY:
		x->readonly = chance(30);
		memory_region_set_readonly(&x->mr, x->readonly);
		break;
	case OP_SET_ROMD:
		if (x->kind != K_ROMD)
			return;
		x->romd = chance(50);
		memory_region_rom_device_set_romd(&x->mr, x->romd);
		break;
	default:
		return;
	}
	record(type, n, -1, 0, 0, 0);
}

static void op_set_log(void)
{
	int n = random_node();
	unsigned int client = rnd(DIRTY_MEMORY_NUM);
	struct node *x = &nodes[n];
	bool on = !(x->log & (1u << client));

	record(OP_SET_LOG, n, -1, (int)client, on, 0);
	memory_region_set_log(&x->mr, on, client);
	x->log ^= (u8)(1u << client);
}

static void random_op(void)
{
	unsigned int r = rnd(100);

	if (r < 16)
		op_add(false);
	else if (r < 40)
		op_add(true);
	else if (r < 42)
		op_add_mapped();
	else if (r < 50)
		op_del();
	else if (r < 64)
		op_set_address();
	else if (r < 70)
		op_set_alias_offset();
	else if (r < 80)
		op_toggle(OP_SET_ENABLED);
	else if (r < 88)
		op_toggle(OP_SET_READONLY);
	else if (r < 95)
		op_toggle(OP_SET_ROMD);
	else
		op_set_log();
}

/* Nothing is rendered before the outermost commit, and then once. */
static void check_no_render(const struct flatview *before,
			    unsigned int begins, const char *where)
{
	if (as.current_map == before && nr_begin == begins)
		return;
	fvm.txn_failures++;
	if (report()) {
		ktap_print_msg("%s: the view was re-rendered (%u listener "
			       "begin calls)", where, nr_begin - begins);
		print_history();
	}
}

static void transaction(void)
{
	const struct flatview *before = as.current_map;
	unsigned int begins = nr_begin, i, k = 2 + rnd(5);
	unsigned int nest_at = chance(40) ? rnd(k) : k;

	memory_region_transaction_begin();
	record(OP_BEGIN, -1, -1, 0, 0, 0);
	for (i = 0; i < k; i++) {
		if (i == nest_at) {
			unsigned int j, inner = 1 + rnd(3);

			memory_region_transaction_begin();
			record(OP_BEGIN, -1, -1, 0, 0, 0);
			for (j = 0; j < inner; j++)
				random_op();
			memory_region_transaction_commit();
			record(OP_COMMIT, -1, -1, 0, 0, 0);
			check_no_render(before, begins, "inner commit");
		}
		random_op();
		check_no_render(before, begins, "inside a transaction");
	}
	memory_region_transaction_commit();
	record(OP_COMMIT, -1, -1, 0, 0, 0);
	if (nr_begin - begins > 1) {
		fvm.txn_failures++;
		if (report()) {
			ktap_print_msg("one commit, %u renders",
				       nr_begin - begins);
			print_history();
		}
	}
}

/* ---- topologies ---- */

static void node_init(unsigned int i)
{
	struct node *x = &nodes[i];
	unsigned int r = rnd(100);
	int ret = 0;

	memset(x, 0, offsetof(struct node, child));
	snprintf(x->name, sizeof(x->name), "n%u", i);
	x->parent = -1;
	x->enabled = true;
	if (r < 20)
		x->kind = K_CONTAINER;
	else if (r < 45 || !i)
		x->kind = K_RAM;
	else if (r < 55)
		x->kind = K_ROM;
	else if (r < 65)
		x->kind = K_ROMD;
	else if (r < 75)
		x->kind = K_IO;
	else
		x->kind = K_ALIAS;

	switch (x->kind) {
	case K_CONTAINER:
		x->size = (4 + rnd(37)) * PAGE;
		memory_region_init(&x->mr, x->name, x->size);
		break;
	case K_RAM:
		x->size = (1 + rnd(16)) * PAGE;
		ret = memory_region_init_ram_ptr(&x->mr, x->name, (u64)x->size,
						 shared_ram + i * 16 * PAGE);
		break;
	case K_ROM:
		x->size = (1 + rnd(16)) * PAGE;
		ret = memory_region_init_rom(&x->mr, x->name, (u64)x->size);
		x->readonly = true;	/* as memory_region_init_rom says */
		break;
	case K_ROMD:
		x->size = (1 + rnd(16)) * PAGE;
		ret = memory_region_init_rom_device(&x->mr, x->name,
						    (u64)x->size, NULL, NULL);
		x->romd = true;
		break;
	case K_IO:
		x->size = (1 + rnd(16)) * PAGE;
		memory_region_init_io(&x->mr, x->name, x->size, NULL, NULL);
		break;
	case K_ALIAS:
		x->size = (1 + rnd(32)) * PAGE;
		x->target = (int)rnd(i);
		x->alias_offset = rnd(17) * PAGE;
		memory_region_init_alias(&x->mr, x->name,
					 &nodes[x->target].mr,
					 x->alias_offset, x->size);
		break;
	}
	if (ret)
		ktap_exit_fail_msg("init %s: %s", x->name, error_get());
}

static void topology_setup(void)
{
	unsigned int i;

	nr_nodes = 4 + rnd(MAX_NODES - 3);
	root = nr_nodes;
	for (i = 0; i < nr_nodes; i++)
		node_init(i);
	memset(&nodes[root], 0, offsetof(struct node, child));
	nodes[root].kind = K_CONTAINER;
	nodes[root].parent = -1;
	nodes[root].size = U128_2_64;
	nodes[root].enabled = true;
	memory_region_init(&nodes[root].mr, "root", U128_2_64);
	if (address_space_init(&as, &nodes[root].mr, "random"))
		ktap_exit_fail_msg("address_space_init: %s", error_get());
	nr_mirror = 0;
	memory_listener_register(&listener, &as);
	nr_history = 0;
	seq_counter = 0;
}

static void topology_teardown(void)
{
	unsigned int i;

	memory_region_transaction_begin();
	for (i = 0; i < nr_nodes; i++) {
		if (nodes[i].parent >= 0)
			memory_region_del_subregion(&nodes[nodes[i].parent].mr,
						    &nodes[i].mr);
		nodes[i].parent = -1;
	}
	memory_region_transaction_commit();
	check_all();
	address_space_destroy(&as);
	if (nr_mirror) {
		struct memory_region_section s = mirror[0];

		mirror_fail("still holds ranges after the address space "
			    "went away", &s);
	}
	/* Aliases have higher indexes than their targets: free them first. */
	for (i = nr_nodes; i--;)
		memory_region_finalize(&nodes[i].mr);
	memory_region_finalize(&nodes[root].mr);
}

void fvm_run_topology(const struct fvm_source *source)
{
	unsigned long long start = fvm.ops;
	unsigned int i;

	src = source;
	topology_setup();
	check_all();
	/* Start from a populated tree, built in one transaction. */
	memory_region_transaction_begin();
	record(OP_BEGIN, -1, -1, 0, 0, 0);
	for (i = 0; i < nr_nodes; i++)
		op_add(chance(60));
	memory_region_transaction_commit();
	record(OP_COMMIT, -1, -1, 0, 0, 0);
	check_all();
	while (fvm.ops - start < OPS_PER_TOPO && !src->done(src->opaque)) {
		if (chance(10)) {
			transaction();
		} else {
			const struct flatview *before = as.current_map;
			unsigned int begins = nr_begin;

			random_op();
			if (nr_begin - begins > 1 ||
			    (nr_begin == begins && as.current_map != before)) {
				fvm.txn_failures++;
				if (report())
					ktap_print_msg("one change, %u renders",
						       nr_begin - begins);
			}
		}
		check_all();
	}
	topology_teardown();
	fvm.topologies++;
}

unsigned long long fvm_failures(void)
{
	return fvm.page_mismatches + fvm.shape_failures + fvm.ret_mismatches +
	       fvm.txn_failures + fvm.mirror_failures;
}
