// SPDX-License-Identifier: GPL-2.0
/*
 * dirtier: writes, in rounds, a pseudo-random set of pages of an area and
 * stamps each with (round, page), on one CPU or several, so that a host
 * that logs dirty pages can check, from the stamps in guest memory, that
 * every page written was reported.  The page set of round r is a function
 * of the seed and r alone (guest/README.md), so the host computes it too.
 * Settings come from fw_cfg opt/dirtier/config; with handshake=1 each
 * round waits for the host's word in a mailbox page and reports its end
 * there, without it the rounds run freely (as under QEMU).
 */
#include "fw_cfg.h"
#include "io.h"
#include "ktap.h"
#include "kvconfig.h"
#include "paging.h"
#include "smp.h"

GUEST_DESC("dirtier", 3);

#define DIRTIER_CONFIG	"opt/dirtier/config"
#define STAMP_MAGIC	0x5245495452494444ULL	/* "DDIRTIER" */
#define MBOX_MAGIC	0x584f424d52524944ULL	/* "DIRRMBOX" */
#define MBOX_STOP	(~0ULL)
#define MAX_CPUS	GUEST_MAX_CPUS
#define PAGE		4096ULL

/* The first 32 bytes of each page written (guest/README.md). */
struct stamp {
	u64	magic;
	u32	round;
	u32	cpu;
	u64	page;		/* index in the area */
	u64	seq;		/* this CPU's stamps so far, this one too */
};

/* Mailbox words: ours, the host's, then a 64-byte line per CPU. */
#define MB_MAGIC	0
#define MB_CPUS		1
#define MB_GO		2	/* host: round r may start; MBOX_STOP: stop */
#define MB_END		3	/* host: round r is to end (continuous) */
#define MB_DONE(c)	(8 * ((c) + 1))		/* last round finished */
#define MB_WRITES(c)	(8 * ((c) + 1) + 1)	/* stamps written */

static u64 cfg_seed = 1, cfg_base = 4 * MiB, cfg_size = 16 * MiB;
static u64 cfg_pages = 64, cfg_rounds = 3, cfg_handshake, cfg_mailbox;
static u64 cfg_continuous, cfg_cpus, cfg_verify = 1, cfg_sequential;

static const struct kvconfig_key keys[] = {
	{ "seed", &cfg_seed }, { "base", &cfg_base }, { "size", &cfg_size },
	{ "pages", &cfg_pages }, { "rounds", &cfg_rounds },
	{ "handshake", &cfg_handshake }, { "mailbox", &cfg_mailbox },
	{ "continuous", &cfg_continuous }, { "cpus", &cfg_cpus },
	{ "verify", &cfg_verify }, { "sequential", &cfg_sequential },
};

static u64 npages;
static unsigned int ncpus;
static volatile u64 *mbox;
static u64 cpu_writes[MAX_CPUS], cpu_rounds[MAX_CPUS];
static unsigned int cpus_finished;

/*
 * The page of the area that write @i of round @r goes to: pseudo-random,
 * or with sequential=1 the pages in order.
 */
static u64 dirtier_page(u64 r, u64 i)
{
	if (cfg_sequential)
		return i % npages;
	return mix64(cfg_seed ^ mix64(r << 32 | i)) % npages;
}

static void stamp(unsigned int cpu, u64 r, u64 p)
{
	volatile struct stamp *s = phys_ptr(cfg_base + p * PAGE);

	s->page = p;
	s->cpu = cpu;
	s->round = (u32)r;
	s->seq = ++cpu_writes[cpu];
	s->magic = STAMP_MAGIC;
}

/* This CPU's share of round @r: writes i = cpu, cpu + ncpus, ... */
static void write_share(unsigned int cpu, u64 r)
{
	u64 i;

	for (i = cpu; i < cfg_pages; i += ncpus)
		stamp(cpu, r, dirtier_page(r, i));
}

static u64 mbox_read(unsigned int word)
{
	return __atomic_load_n(&mbox[word], __ATOMIC_ACQUIRE);
}

/*
 * Without a host, CPUs start round @r together once all finished the
 * round before: a slow CPU must not stamp round r - 1 over round r.
 */
static void wait_others(u64 r)
{
	unsigned int c;

	for (c = 0; c < ncpus; c++)
		while (__atomic_load_n(&cpu_rounds[c], __ATOMIC_ACQUIRE) + 1 < r)
			asm volatile("pause");
}

/*
 * Wait for the host to let round @r start (it does once every CPU is
 * done with the round before); false when it says stop.
 */
static bool wait_go(u64 r)
{
	u64 go;

	if (!cfg_handshake) {
		wait_others(r);
		return true;
	}
	while ((go = mbox_read(MB_GO)) < r)
		asm volatile("pause");
	return go != MBOX_STOP;
}

static bool round_goes_on(u64 r)
{
	return cfg_continuous && mbox_read(MB_END) < r;
}

static void cpu_main(unsigned int cpu)
{
	u64 r;

	for (r = 1; !cfg_rounds || r <= cfg_rounds; r++) {
		if (!wait_go(r))
			break;
		do
			write_share(cpu, r);
		while (round_goes_on(r));
		__atomic_store_n(&cpu_rounds[cpu], r, __ATOMIC_RELEASE);
		if (cfg_handshake) {
			mbox[MB_WRITES(cpu)] = cpu_writes[cpu];
			__atomic_store_n(&mbox[MB_DONE(cpu)], r,
					 __ATOMIC_RELEASE);
		}
	}
	__atomic_fetch_add(&cpus_finished, 1, __ATOMIC_RELEASE);
}

/* What the settings must be; the reason, or NULL. */
static const char *config_error(void)
{
	u64 end = cfg_base + cfg_size;

	if (!cfg_size || cfg_size % PAGE || cfg_base % PAGE || end < cfg_base)
		return "base and size: whole pages, size above 0";
	if (end > paging_map_top())
		return "the area ends beyond the identity map";
	if (!cfg_pages || cfg_rounds > 0xffffffff)
		return "pages above 0, rounds below 2^32";
	if (!ncpus || ncpus > MAX_CPUS)
		return "cpus: 1 to 9";
	if (cfg_continuous && !cfg_handshake)
		return "continuous needs handshake (only the host ends a round)";
	if (cfg_handshake && (cfg_mailbox % PAGE ||
			      (cfg_mailbox < end && cfg_mailbox + PAGE > cfg_base)))
		return "mailbox: a page outside the area";
	return NULL;
}

/* 1: the settings. */
static bool check_config(void)
{
	int r = kvconfig_read(DIRTIER_CONFIG, keys, ARRAY_SIZE(keys));
	const char *why;

	ncpus = cfg_cpus ? (unsigned int)cfg_cpus :
			   fw_cfg_read_u16(FW_CFG_NB_CPUS);
	npages = cfg_size / PAGE;
	why = r > 0 ? "malformed line" : config_error();
	ktap_diag("dirtier seed 0x%llx area 0x%016llx 0x%016llx pages %llu "
		  "rounds %llu cpus %u handshake %llu continuous %llu",
		  cfg_seed, cfg_base, cfg_size, cfg_pages, cfg_rounds, ncpus,
		  cfg_handshake, cfg_continuous);
	if (why)
		ktap_diag("config-bad %s%s%d", why, r > 0 ? " at line " : "",
			  r > 0 ? r : 0);
	ktap_result(!why, "config");
	return !why;
}

/* 2: every CPU asked for came up. */
static bool start_cpus(void)
{
	unsigned int up = smp_start(ncpus, cpu_main);

	ktap_diag("cpus %u of %u", up + 1, ncpus);
	ktap_result(up + 1 == ncpus, "cpus");
	return up + 1 == ncpus;
}

/* 3: the last round's stamps are all there. */
static void check_stamps(void)
{
	u64 r = cpu_rounds[0], i, bad = 0;
	unsigned int c;

	for (c = 0; c < ncpus; c++) {
		ktap_diag("dirtier-cpu %u rounds %llu writes %llu", c,
			  cpu_rounds[c], cpu_writes[c]);
		bad += cpu_rounds[c] != r;
	}
	if (!cfg_verify) {
		ktap_skip("verify=0: the host changes the map under the writes",
			  "stamps");
		return;
	}
	for (i = 0; r && i < cfg_pages; i++) {
		u64 p = dirtier_page(r, i);
		volatile struct stamp *s = phys_ptr(cfg_base + p * PAGE);

		if (s->magic != STAMP_MAGIC || s->round != r || s->page != p)
			bad++;
	}
	ktap_diag("stamps round %llu checked %llu bad %llu", r, cfg_pages, bad);
	ktap_result(!bad, "stamps");
}

void guest_main(void)
{
	if (!check_config()) {
		ktap_skip("no usable settings", "cpus");
		ktap_skip("no usable settings", "stamps");
		return;
	}
	mbox = phys_ptr(cfg_mailbox);
	if (!start_cpus()) {
		ktap_skip("not every CPU came up", "stamps");
		return;
	}
	if (cfg_handshake) {
		mbox[MB_CPUS] = ncpus;
		__atomic_store_n(&mbox[MB_MAGIC], MBOX_MAGIC, __ATOMIC_RELEASE);
	}
	cpu_main(0);
	while (__atomic_load_n(&cpus_finished, __ATOMIC_ACQUIRE) < ncpus)
		asm volatile("pause");
	check_stamps();
}
