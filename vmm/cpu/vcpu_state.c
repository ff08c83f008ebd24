// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpus.h"
#include "cpu/vcpu_state.h"
#include "kvm/kvm_ioctl.h"
#include "util/error.h"

/*
 * The MSRs our guests and any simple 64-bit kernel set up and that
 * sregs does not carry (EFER and the APIC base are there): SYSENTER,
 * SYSCALL, swapgs' base, PAT, TSC_AUX, and the TSC, so that a guest's
 * clock goes on from where it was.
 */
static const u32 vcpu_msrs[] = {
	0x00000010,	/* IA32_TSC */
	0x00000174,	/* IA32_SYSENTER_CS */
	0x00000175,	/* IA32_SYSENTER_ESP */
	0x00000176,	/* IA32_SYSENTER_EIP */
	0x00000277,	/* IA32_PAT */
	0xc0000081,	/* STAR */
	0xc0000082,	/* LSTAR */
	0xc0000083,	/* CSTAR */
	0xc0000084,	/* SFMASK */
	0xc0000102,	/* KERNEL_GS_BASE */
	0xc0000103,	/* TSC_AUX */
};

static bool vcpu_has_cap(struct vcpu *v, long cap)
{
	return kvm_ioctl(v->cpus->kvm->sys_fd, KVM_CHECK_EXTENSION, cap) > 0;
}

_Static_assert(sizeof(((struct vcpu_state *)0)->xsave) ==
	       sizeof(((struct kvm_xsave *)0)->region),
	       "vcpu_state.xsave is KVM_GET_XSAVE's region");

/* A struct kvm_msrs with room for @n entries, zeroed; NULL: no memory. */
static struct kvm_msrs *kvm_msrs_new(unsigned int n)
{
	return calloc(1, sizeof(struct kvm_msrs) +
			 n * sizeof(struct kvm_msr_entry));
}

/* One MSR at a time: one this KVM does not know is left out. */
static int vcpu_get_msrs(struct vcpu *v, struct vcpu_state *s)
{
	struct kvm_msrs *m = kvm_msrs_new(1);
	unsigned int i;
	int n;

	if (!m)
		return error_ret(ENOMEM, "vCPU %u: out of memory", v->id);
	s->nr_msrs = 0;
	for (i = 0; i < ARRAY_SIZE(vcpu_msrs); i++) {
		memset(m->entries, 0, sizeof(m->entries[0]));
		m->nmsrs = 1;
		m->entries[0].index = vcpu_msrs[i];
		n = kvm_ioctl(v->fd, KVM_GET_MSRS, m);
		if (n < 0) {
			free(m);
			return error_ret(errno, "vCPU %u: KVM_GET_MSRS: %s",
					 v->id, strerror(errno));
		}
		if (n == 1)
			s->msrs[s->nr_msrs++] = m->entries[0];
	}
	free(m);
	return 0;
}

static int vcpu_put_msrs(struct vcpu *v, const struct vcpu_state *s)
{
	struct kvm_msrs *m;
	int n, ret = 0;

	if (s->nr_msrs > VCPU_STATE_MAX_MSRS)
		return error_ret(EINVAL, "vCPU %u: %u MSRs, at most %u",
				 v->id, s->nr_msrs, VCPU_STATE_MAX_MSRS);
	m = kvm_msrs_new(s->nr_msrs);
	if (!m)
		return error_ret(ENOMEM, "vCPU %u: out of memory", v->id);
	m->nmsrs = s->nr_msrs;
	memcpy(m->entries, s->msrs, s->nr_msrs * sizeof(m->entries[0]));
	n = kvm_ioctl(v->fd, KVM_SET_MSRS, m);
	if (n < 0 || (u32)n != s->nr_msrs)
		ret = error_ret(n < 0 ? errno : EINVAL, "vCPU %u: KVM_SET_MSRS:"
				" %d of %u set (MSR 0x%x refused)", v->id, n,
				s->nr_msrs, n >= 0 ? m->entries[n].index : 0);
	free(m);
	return ret;
}

#define GET(req, field, bit) do {					\
	if (kvm_ioctl(v->fd, req, &s->field) < 0)			\
		return error_ret(errno, "vCPU %u: " #req ": %s", v->id,	\
				 strerror(errno));			\
	s->valid |= (bit);						\
} while (0)

int vcpu_state_get(struct vcpu *v, struct vcpu_state *s)
{
	memset(s, 0, sizeof(*s));
	s->id = v->id;
	GET(KVM_GET_REGS, regs, 0);
	GET(KVM_GET_SREGS, sregs, 0);
	if (vcpu_has_cap(v, KVM_CAP_XSAVE))
		GET(KVM_GET_XSAVE, xsave, VCPU_STATE_XSAVE);
	else
		GET(KVM_GET_FPU, fpu, 0);
	if (vcpu_has_cap(v, KVM_CAP_XCRS))
		GET(KVM_GET_XCRS, xcrs, VCPU_STATE_XCRS);
	if (vcpu_has_cap(v, KVM_CAP_VCPU_EVENTS))
		GET(KVM_GET_VCPU_EVENTS, events, VCPU_STATE_EVENTS);
	if (vcpu_has_cap(v, KVM_CAP_DEBUGREGS))
		GET(KVM_GET_DEBUGREGS, debugregs, VCPU_STATE_DEBUGREGS);
	if (v->cpus->kvm->has_irqchip) {
		GET(KVM_GET_LAPIC, lapic, 0);
		GET(KVM_GET_MP_STATE, mp_state, VCPU_STATE_LAPIC);
	}
	return vcpu_get_msrs(v, s);
}

#define PUT(req, field) do {						\
	if (kvm_ioctl(v->fd, req, field) < 0)				\
		return error_ret(errno, "vCPU %u: " #req ": %s", v->id,	\
				 strerror(errno));			\
} while (0)

/* What KVM_SET_VCPU_EVENTS is to take from @s: all of it. */
static void vcpu_events_for_put(const struct vcpu_state *s,
				struct kvm_vcpu_events *e)
{
	*e = s->events;
	e->flags |= KVM_VCPUEVENT_VALID_NMI_PENDING |
		    KVM_VCPUEVENT_VALID_SIPI_VECTOR;
}

int vcpu_state_put(struct vcpu *v, const struct vcpu_state *s)
{
	struct kvm_vcpu_events events;
	int ret;

	if ((s->valid & VCPU_STATE_LAPIC) && !v->cpus->kvm->has_irqchip)
		return error_ret(EINVAL, "vCPU %u: the state has a LAPIC, the"
				 " VM has no irqchip", v->id);
	PUT(KVM_SET_REGS, &s->regs);
	if (s->valid & VCPU_STATE_XSAVE)
		PUT(KVM_SET_XSAVE, &s->xsave);
	else
		PUT(KVM_SET_FPU, &s->fpu);
	if (s->valid & VCPU_STATE_XCRS)
		PUT(KVM_SET_XCRS, &s->xcrs);
	PUT(KVM_SET_SREGS, &s->sregs);
	ret = vcpu_put_msrs(v, s);
	if (ret)
		return ret;
	if (s->valid & VCPU_STATE_LAPIC) {
		PUT(KVM_SET_LAPIC, &s->lapic);
		PUT(KVM_SET_MP_STATE, &s->mp_state);
	}
	if (s->valid & VCPU_STATE_EVENTS) {
		vcpu_events_for_put(s, &events);
		PUT(KVM_SET_VCPU_EVENTS, &events);
	}
	if (s->valid & VCPU_STATE_DEBUGREGS)
		PUT(KVM_SET_DEBUGREGS, &s->debugregs);
	return 0;
}
