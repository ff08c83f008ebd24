// SPDX-License-Identifier: GPL-2.0
#include "io.h"
#include "pci.h"
#include "smp.h"

#define PCI_CONFIG_ADDR		0xcf8
#define PCI_CONFIG_DATA		0xcfc
#define PCI_CONFIG_ENABLE	0x80000000u

/* The address port is shared: one processor at a time, as firmware. */
static volatile u32 pci_lock;

static void select_reg(u8 reg)
{
	spin_lock(&pci_lock);
	outl(PCI_CONFIG_ADDR, PCI_CONFIG_ENABLE | (reg & 0xfc));
}

u32 pci_host_read32(u8 reg)
{
	u32 v;

	select_reg(reg);
	v = inl(PCI_CONFIG_DATA);
	spin_unlock(&pci_lock);
	return v;
}

u8 pci_host_read8(u8 reg)
{
	u8 v;

	select_reg(reg);
	v = inb(PCI_CONFIG_DATA + (reg & 3));
	spin_unlock(&pci_lock);
	return v;
}

void pci_host_write8(u8 reg, u8 val)
{
	select_reg(reg);
	outb(PCI_CONFIG_DATA + (reg & 3), val);
	spin_unlock(&pci_lock);
}
