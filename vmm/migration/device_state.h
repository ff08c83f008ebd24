/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_MIGRATION_DEVICE_STATE_H
#define VMM_MIGRATION_DEVICE_STATE_H

#include <linux/kvm.h>

#include "util/types.h"

struct vmm;

/*
 * What the PC's devices hold that a guest relies on between two of its
 * accesses: the UART's registers, fw_cfg's selected item, offset and
 * DMA address, the host bridge's configuration address and PAM
 * registers (the memory map follows them), and with -smp > 1 the
 * in-kernel PIC and IOAPIC.  The debug exit has no state.
 */
struct snapshot_devices {
	u8			serial[8];	/* ier lcr mcr scr dll dlm */
	u32			fw_cfg_entry;
	u32			fw_cfg_offset;
	u64			fw_cfg_dma_addr;
	u32			pci_config_addr;
	u8			pam[8];		/* PAM0..PAM6 */
	u32			has_irqchip;
	struct kvm_irqchip	irqchip[3];	/* PIC master, slave, IOAPIC */
	u8			pad[8];
};

/* Read the devices' state; with the vCPUs paused.  -errno + message. */
int device_state_save(struct vmm *vmm, struct snapshot_devices *s);
/*
 * Load it into a VM built from the same options, before its vCPUs run:
 * the PAM registers through the host bridge's own write path, so the
 * memory map and the KVM slots follow.  -errno + message.
 */
int device_state_load(struct vmm *vmm, const struct snapshot_devices *s);

#endif
