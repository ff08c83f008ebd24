// SPDX-License-Identifier: GPL-2.0
#include "ktap.h"
#include "memmap.h"
#include "pam.h"
#include "pci.h"
#include "smp.h"

#define PAGE_SIZE	4096ULL
#define PAM_SALT	0x70616d2d77616c6bULL	/* "pam-walk" */
#define MAX_FAIL_LINES	16

static const struct {
	u32	id;		/* device << 16 | vendor */
	const char *name;
	u8	pam;
} bridges[] = {
	{ 0x12378086, "i440fx", 0x59 },
	{ 0x29c08086, "q35-mch", 0x90 },
};

static u8 pam_base;
static u8 regs[7];		/* what was written, by register */
static u32 gen[PAM_SEGMENTS];	/* RAM pattern generation, 0: none */
static u64 rom[PAM_SEGMENTS][PAM_MAX_WORDS];
static unsigned int fail_lines;

static const char *const mode_names[] = { "pci", "ro", "wo", "rw" };

const char *pam_mode_name(enum pam_mode mode)
{
	return mode_names[mode & 3];
}

u64 pam_seg_start(unsigned int seg)
{
	return seg ? 0xc0000ULL + (seg - 1) * 0x4000ULL : 0xf0000ULL;
}

u64 pam_seg_size(unsigned int seg)
{
	return seg ? 0x4000ULL : 0x10000ULL;
}

unsigned int pam_seg_register(unsigned int seg)
{
	return (seg + 1) / 2;
}

static unsigned int seg_shift(unsigned int seg)
{
	return seg & 1 ? 0 : 4;
}

enum pam_mode pam_mode(unsigned int seg)
{
	u8 reg = regs[pam_seg_register(seg)];

	return (enum pam_mode)((reg >> seg_shift(seg)) & 3);
}

static unsigned int nr_words(unsigned int seg)
{
	return (unsigned int)(pam_seg_size(seg) / PAGE_SIZE) * 2;
}

/* Sample i: the first (even i) or last (odd i) 8 bytes of a page. */
static u64 word_pa(unsigned int seg, unsigned int i)
{
	return pam_seg_start(seg) + (i / 2) * PAGE_SIZE +
	       (i & 1 ? PAGE_SIZE - 8 : 0);
}

static volatile u64 *word(unsigned int seg, unsigned int i)
{
	return (volatile u64 *)phys_ptr(word_pa(seg, i));
}

/* The pattern of a generation; never what the ROM holds there. */
static u64 pattern(unsigned int seg, unsigned int i, u32 g)
{
	u64 v = mix64(word_pa(seg, i) ^ ((u64)g << 40) ^ PAM_SALT);

	return v == rom[seg][i] ? v ^ 1 : v;
}

/* The isa-bios window is the top of the BIOS: known without a snapshot. */
static bool rom_is_bios(unsigned int seg, unsigned int i)
{
	u64 pa = word_pa(seg, i);
	u64 high = 4 * GiB - (LOW_1M - isa_bios_start());

	if (pa < isa_bios_start())
		return true;
	return rom[seg][i] == *(volatile u64 *)phys_ptr(high + pa -
							isa_bios_start());
}

static bool find_bridge(void)
{
	u32 id = pci_host_read32(0);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bridges); i++) {
		if (bridges[i].id != id)
			continue;
		pam_base = bridges[i].pam;
		ktap_diag("pci-host 0x%04x:0x%04x %s pam 0x%02x", id & 0xffff,
			  id >> 16, bridges[i].name, pam_base);
		return true;
	}
	ktap_diag("pci-host 0x%04x:0x%04x unknown", id & 0xffff, id >> 16);
	return false;
}

bool pam_init(void)
{
	unsigned int r, seg, i;
	bool ok;

	if (!find_bridge())
		return false;
	for (r = 0, ok = true; r < ARRAY_SIZE(regs); r++) {
		regs[r] = pci_host_read8(pam_base + r);
		if (regs[r])
			ktap_diag("pam-reg %u 0x%02x at reset", r, regs[r]);
		ok &= !regs[r];
	}
	for (seg = 0; seg < PAM_SEGMENTS; seg++) {
		for (i = 0; i < nr_words(seg); i++) {
			rom[seg][i] = *word(seg, i);
			ok &= rom_is_bios(seg, i);
		}
	}
	return ok;
}

static bool write_reg(unsigned int r, u8 val)
{
	u8 got;

	regs[r] = val;
	pci_host_write8(pam_base + r, val);
	got = pci_host_read8(pam_base + r);
	if (got == val)
		return true;
	if (!smp_cpu_id())
		ktap_diag("pam-reg %u wrote 0x%02x read 0x%02x", r, val, got);
	return false;
}

bool pam_set(unsigned int seg, enum pam_mode mode)
{
	unsigned int r = pam_seg_register(seg), sh = seg_shift(seg);

	return write_reg(r, (u8)((regs[r] & ~(3u << sh)) | (mode << sh)));
}

bool pam_set_all(enum pam_mode mode)
{
	unsigned int r;
	bool ok = true;

	/* PAM0's low nibble holds no segment: left 0. */
	for (r = 0; r < ARRAY_SIZE(regs); r++)
		ok &= write_reg(r, (u8)(r ? mode << 4 | mode : mode << 4));
	return ok;
}

/* Only the boot processor prints: the others count their failures. */
static void report(unsigned int seg, unsigned int i, const char *step,
		   u64 got, u64 want)
{
	if (smp_cpu_id())
		return;
	if (fail_lines++ < MAX_FAIL_LINES)
		ktap_diag("pam-fail seg %u 0x%016llx %s %s got 0x%016llx want "
			  "0x%016llx", seg, word_pa(seg, i),
			  pam_mode_name(pam_mode(seg)), step, got, want);
}

bool pam_check(unsigned int seg, const char *step)
{
	enum pam_mode m = pam_mode(seg);
	unsigned int i;
	bool ok = true;

	if (m == PAM_WO || (m != PAM_PCI && !gen[seg]))
		return true;	/* nothing the model can say */
	for (i = 0; i < nr_words(seg); i++) {
		u64 want = m == PAM_PCI ? rom[seg][i] :
			   pattern(seg, i, gen[seg]);
		u64 got = *word(seg, i);

		if (got != want) {
			report(seg, i, step, got, want);
			ok = false;
		}
	}
	return ok;
}

void pam_fill(unsigned int seg)
{
	unsigned int i;

	gen[seg]++;
	for (i = 0; i < nr_words(seg); i++)
		*word(seg, i) = pattern(seg, i, gen[seg]);
}

static unsigned int stores;

bool pam_write_dropped(unsigned int seg)
{
	u64 before = *word(seg, 0);
	bool dropped;

	*word(seg, 0) = ~before;
	dropped = *word(seg, 0) == before;
	/* Put it back: a store that stuck sticks again. */
	*word(seg, 0) = before;
	stores += 2;
	return dropped;
}

unsigned int pam_stores(void)
{
	return stores;
}
