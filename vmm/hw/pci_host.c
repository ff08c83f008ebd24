// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "hw/pci_host.h"

#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_DEVICE	0x0a
#define PCI_CLASS_BRIDGE_HOST	0x0600
#define PCI_VENDOR_ID_INTEL	0x8086

#define CONFIG_ENABLE		0x80000000u
/* Bus 0, device 0, function 0: bits 23..8 of the address register. */
#define CONFIG_BDF_MASK		0x00ffff00u

/* QEMU's i440FX and Q35 MCH (hw/pci-host/i440fx.c, q35.c). */
static const struct pci_host_class i440fx_class = {
	.name = "i440FX", .vendor_id = PCI_VENDOR_ID_INTEL,
	.device_id = 0x1237, .revision = 0x02, .pam = I440FX_PAM,
};
static const struct pci_host_class q35_mch_class = {
	.name = "mch", .vendor_id = PCI_VENDOR_ID_INTEL,
	.device_id = 0x29c0, .revision = 0x00, .pam = Q35_MCH_PAM,
};

static void put_le16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

/* All thirteen segments from the registers: one transaction. */
static void pci_host_update_pam(struct pci_host *ph)
{
	unsigned int seg;

	memory_region_transaction_begin();
	for (seg = 0; seg < PAM_SEGMENTS; seg++) {
		u8 reg = ph->config[ph->pc->pam + pam_segment_register(seg)];

		pam_update(&ph->pam[seg], pam_segment_mode(seg, reg));
	}
	ph->pam_writes++;
	memory_region_transaction_commit();
}

u32 pci_host_config_read(struct pci_host *ph, u8 offset, unsigned int size)
{
	u32 val = 0;
	unsigned int i;

	for (i = 0; i < size && offset + i < PCI_HOST_CONFIG_SIZE; i++)
		val |= (u32)ph->config[offset + i] << (8 * i);
	return val;
}

void pci_host_config_write(struct pci_host *ph, u8 offset, u32 val,
			   unsigned int size)
{
	unsigned int i, pam = ph->pc->pam;
	bool touched = false;

	for (i = 0; i < size && offset + i < PCI_HOST_CONFIG_SIZE; i++) {
		unsigned int at = offset + i;

		if (at < pam || at >= pam + PAM_REGISTERS)
			continue;	/* read-only here */
		ph->config[at] = (u8)(val >> (8 * i));
		touched = true;
	}
	if (touched)
		pci_host_update_pam(ph);
}

/* The register the data port reaches, or -1: disabled, or no device. */
static int config_offset(const struct pci_host *ph, u16 port)
{
	if (!(ph->config_addr & CONFIG_ENABLE) ||
	    (ph->config_addr & CONFIG_BDF_MASK))
		return -1;
	return (int)((ph->config_addr & 0xfc) | (port & 3));
}

static u32 pci_host_io_read(void *opaque, u16 port, unsigned int size)
{
	struct pci_host *ph = opaque;
	int off;

	if (port < 4)
		return size == 4 ? ph->config_addr : ~0u;
	off = config_offset(ph, port);
	return off < 0 ? ~0u : pci_host_config_read(ph, (u8)off, size);
}

static void pci_host_io_write(void *opaque, u16 port, u32 val,
			      unsigned int size)
{
	struct pci_host *ph = opaque;
	int off;

	if (port < 4) {
		/* Only a dword write at 0xcf8 is an address (as QEMU). */
		if (port == 0 && size == 4)
			ph->config_addr = val;
		return;
	}
	off = config_offset(ph, port);
	if (off >= 0)
		pci_host_config_write(ph, (u8)off, val, size);
}

static const struct ioport_ops pci_host_io_ops = {
	.read = pci_host_io_read,
	.write = pci_host_io_write,
};

int pci_host_init(struct pci_host *ph, bool q35, struct ioport_bus *bus,
		  struct memory_region *ram, struct memory_region *system,
		  struct memory_region *pci)
{
	unsigned int seg;

	memset(ph, 0, sizeof(*ph));
	ph->pc = q35 ? &q35_mch_class : &i440fx_class;
	put_le16(&ph->config[PCI_VENDOR_ID], ph->pc->vendor_id);
	put_le16(&ph->config[PCI_DEVICE_ID], ph->pc->device_id);
	ph->config[PCI_REVISION_ID] = ph->pc->revision;
	put_le16(&ph->config[PCI_CLASS_DEVICE], PCI_CLASS_BRIDGE_HOST);
	memory_region_transaction_begin();
	for (seg = 0; seg < PAM_SEGMENTS; seg++)
		pam_init(&ph->pam[seg], ram, system, pci,
			 pam_segment_start(seg), pam_segment_size(seg));
	memory_region_transaction_commit();
	return ioport_register(bus, PCI_HOST_CONFIG_ADDR, 8, "pci-conf",
			       &pci_host_io_ops, ph);
}

void pci_host_unmap(struct pci_host *ph, struct memory_region *system)
{
	unsigned int seg;

	for (seg = 0; seg < PAM_SEGMENTS; seg++)
		pam_unmap(&ph->pam[seg], system);
}

void pci_host_finalize(struct pci_host *ph)
{
	unsigned int seg;

	for (seg = 0; seg < PAM_SEGMENTS; seg++)
		pam_finalize(&ph->pam[seg]);
}
