// SPDX-License-Identifier: GPL-2.0
#include <linux/kvm.h>

#include "dirty_modes.h"
#include "ktap.h"

const struct dirty_mode dirty_modes[NR_DIRTY_MODES] = {
	[MODE_BITMAP] = { "bitmap", "manual-dirty-log-protect=off",
			  KVM_DIRTY_LOG_BITMAP },
	[MODE_MANUAL] = { "manual-protect", "manual-dirty-log-protect=on",
			  KVM_DIRTY_LOG_MANUAL },
	[MODE_RING] = { "dirty-ring", "dirty-ring-size=4096",
			KVM_DIRTY_LOG_RING },
};

bool dirty_host_caps(struct kvm_caps *caps)
{
	struct kvm kvm;

	if (kvm_open(&kvm))
		return false;
	*caps = kvm.caps;
	kvm_close(&kvm);
	return true;
}

const char *dirty_mode_unsupported(const struct dirty_mode *m,
				   const struct kvm_caps *caps)
{
	switch (m->mode) {
	case KVM_DIRTY_LOG_MANUAL:
		if (!(caps->manual_dirty_log_protect &
		      KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE))
			return "KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 is not offered";
		return NULL;
	case KVM_DIRTY_LOG_RING:
		if (!caps->dirty_log_ring)
			return "KVM_CAP_DIRTY_LOG_RING is not offered";
		return NULL;
	default:
		return NULL;
	}
}

void dirty_mode_params(const struct dirty_mode *m, struct vmm_params *p,
		       u32 ring)
{
	p->dirty_log.dirty_ring_size = 0;
	p->dirty_log.manual_protect = KVM_MANUAL_PROTECT_OFF;
	if (m->mode == KVM_DIRTY_LOG_MANUAL)
		p->dirty_log.manual_protect = KVM_MANUAL_PROTECT_ON;
	if (m->mode == KVM_DIRTY_LOG_RING) {
		p->dirty_log.dirty_ring_size = ring;
		p->dirty_log.manual_protect = KVM_MANUAL_PROTECT_AUTO;
	}
}

void dirty_modes_run(unsigned int calls, unsigned int results,
		     void (*run)(const struct dirty_mode *m, unsigned int call))
{
	struct kvm_caps caps;
	unsigned int i, c, r;

	if (!dirty_host_caps(&caps))
		ktap_skip_all("/dev/kvm is not available");
	ktap_set_plan(NR_DIRTY_MODES * calls * results);
	for (i = 0; i < NR_DIRTY_MODES; i++) {
		const char *why = dirty_mode_unsupported(&dirty_modes[i], &caps);

		for (c = 0; c < calls; c++) {
			if (!why) {
				run(&dirty_modes[i], c);
				continue;
			}
			for (r = 0; r < results; r++)
				ktap_test_skip("%s: %s", dirty_modes[i].name,
					       why);
		}
	}
	ktap_finished();
}
