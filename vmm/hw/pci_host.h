/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_HW_PCI_HOST_H
#define VMM_HW_PCI_HOST_H

#include "hw/ioport.h"
#include "hw/pam.h"

/*
 * The PCI host bridge, device 00:00.0, behind configuration mechanism #1
 * (address at port 0xcf8, a 32-bit write; data at 0xcfc..0xcff), as
 * much of it as a guest needs to remap 0xc0000..0xfffff: its IDs and the
 * seven PAM registers, at 0x59 on the i440FX (`pc`) and at 0x90 on the
 * Q35 MCH, where SeaBIOS programs them.  Every other device reads all
 * ones; only the PAM registers take writes.  A write that touches them
 * re-applies all thirteen segments in one memory transaction, as QEMU's
 * i440fx_update_memory_mappings() and mch_update_pam() do.
 */
#define PCI_HOST_CONFIG_ADDR	0xcf8
#define PCI_HOST_CONFIG_DATA	0xcfc
#define PCI_HOST_CONFIG_SIZE	256

#define I440FX_PAM		0x59
#define Q35_MCH_PAM		0x90
#define PAM_REGISTERS		7

struct pci_host_class {
	const char	*name;		/* QEMU's device name */
	u16		vendor_id, device_id;
	u8		revision;
	u8		pam;		/* offset of PAM0 */
};

struct pci_host {
	const struct pci_host_class	*pc;
	u32				config_addr;	/* port 0xcf8 */
	u8				config[PCI_HOST_CONFIG_SIZE];
	struct pam_memory_region	pam[PAM_SEGMENTS];
	u64				pam_writes;	/* transactions */
};

/*
 * The host bridge of an i440FX or (@q35) Q35 machine: ports registered
 * on @bus, the PAM segments over @system (mode 0: @pci; else @ram).
 */
int pci_host_init(struct pci_host *ph, bool q35, struct ioport_bus *bus,
		  struct memory_region *ram, struct memory_region *system,
		  struct memory_region *pci);
void pci_host_unmap(struct pci_host *ph, struct memory_region *system);
void pci_host_finalize(struct pci_host *ph);

/*
 * A configuration access to 00:00.0 at @offset, 1, 2 or 4 bytes within
 * one dword, as the guest's port accesses make them (tests replay a
 * guest's writes through these).
 */
u32 pci_host_config_read(struct pci_host *ph, u8 offset, unsigned int size);
void pci_host_config_write(struct pci_host *ph, u8 offset, u32 val,
			   unsigned int size);

#endif
