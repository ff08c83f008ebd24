/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_PCI_H
#define GUEST_PCI_H

#include "guest.h"

/*
 * PCI configuration mechanism #1, for the host bridge only (bus 0,
 * device 0, function 0): the register's dword address, with the enable
 * bit, to port 0xcf8 as a 32-bit write, then the data at 0xcfc plus the
 * byte offset within the dword, as SeaBIOS's pci_config_* do.
 */
u32 pci_host_read32(u8 reg);
u8 pci_host_read8(u8 reg);
void pci_host_write8(u8 reg, u8 val);

#endif
