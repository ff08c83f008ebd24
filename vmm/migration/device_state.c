// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "kvm/kvm_ioctl.h"
#include "migration/device_state.h"
#include "util/error.h"
#include "vmm.h"

static void serial_save(const struct serial *s, u8 *r)
{
	r[0] = s->ier;
	r[1] = s->lcr;
	r[2] = s->mcr;
	r[3] = s->scr;
	r[4] = s->dll;
	r[5] = s->dlm;
}

static void serial_load(struct serial *s, const u8 *r)
{
	s->ier = r[0];
	s->lcr = r[1];
	s->mcr = r[2];
	s->scr = r[3];
	s->dll = r[4];
	s->dlm = r[5];
}

/* The in-kernel PIC pair and IOAPIC, as KVM_GET_IRQCHIP names them. */
static int irqchip_io(struct kvm *kvm, struct kvm_irqchip *chips, bool save)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (save) {
			memset(&chips[i], 0, sizeof(chips[i]));
			chips[i].chip_id = i;
		}
		if (kvm_ioctl(kvm->vm_fd, save ? KVM_GET_IRQCHIP :
			      KVM_SET_IRQCHIP, &chips[i]) < 0)
			return error_ret(errno, "%s chip %u: %s", save ?
					 "KVM_GET_IRQCHIP" : "KVM_SET_IRQCHIP",
					 i, strerror(errno));
	}
	return 0;
}

int device_state_save(struct vmm *vmm, struct snapshot_devices *s)
{
	struct pci_host *ph = &vmm->pcms.pci_host;

	memset(s, 0, sizeof(*s));
	serial_save(&vmm->pcms.serial, s->serial);
	s->fw_cfg_entry = vmm->pcms.fw_cfg.cur_entry;
	s->fw_cfg_offset = vmm->pcms.fw_cfg.cur_offset;
	s->fw_cfg_dma_addr = vmm->pcms.fw_cfg.dma_addr;
	s->pci_config_addr = ph->config_addr;
	memcpy(s->pam, &ph->config[ph->pc->pam], PAM_REGISTERS);
	s->has_irqchip = vmm->kvm.has_irqchip;
	return s->has_irqchip ? irqchip_io(&vmm->kvm, s->irqchip, true) : 0;
}

int device_state_load(struct vmm *vmm, const struct snapshot_devices *s)
{
	struct pci_host *ph = &vmm->pcms.pci_host;
	struct kvm_irqchip chips[3];
	unsigned int i;

	if (!s->has_irqchip != !vmm->kvm.has_irqchip)
		return error_ret(EINVAL, "the file's VM %s an in-kernel "
				 "irqchip, this one %s", s->has_irqchip ?
				 "has" : "has no", vmm->kvm.has_irqchip ?
				 "has" : "has none");
	if (s->fw_cfg_entry > 0xffff)
		return error_ret(EINVAL, "fw_cfg entry 0x%x out of range",
				 s->fw_cfg_entry);
	serial_load(&vmm->pcms.serial, s->serial);
	vmm->pcms.fw_cfg.cur_entry = (u16)s->fw_cfg_entry;
	vmm->pcms.fw_cfg.cur_offset = s->fw_cfg_offset;
	vmm->pcms.fw_cfg.dma_addr = s->fw_cfg_dma_addr;
	ph->config_addr = s->pci_config_addr;
	for (i = 0; i < PAM_REGISTERS; i++)
		pci_host_config_write(ph, (u8)(ph->pc->pam + i), s->pam[i], 1);
	if (!s->has_irqchip)
		return 0;
	memcpy(chips, s->irqchip, sizeof(chips));
	return irqchip_io(&vmm->kvm, chips, false);
}
