/* SPDX-License-Identifier: Apache-2.0 */
/* The registry of supported PA-TNC attribute types (IETF and vendor). */
#include <string.h>

#include <smgw/tnc/pa.h>

#include "pa-private.h"

struct reg_entry {
	uint32_t vendor;
	uint32_t type;
	char *name;
	size_t name_size;
	smgw_pa_validate_fn fn;
	void *userdata;
};

struct smgw_pa_registry {
	smgw_ctx *ctx;
	struct reg_entry *e; /* sorted by (vendor, type) */
	size_t n;
	size_t cap;
};

static int cmp_key(const struct reg_entry *e, uint32_t vendor, uint32_t type)
{
	if (e->vendor != vendor)
		return e->vendor < vendor ? -1 : 1;
	if (e->type != type)
		return e->type < type ? -1 : 1;
	return 0;
}

/* Index of the first entry not below the key. */
static size_t lower_bound(const smgw_pa_registry *reg, uint32_t vendor, uint32_t type)
{
	size_t lo = 0, hi = reg->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_key(&reg->e[mid], vendor, type) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* 1 and the index in *ret_i when (vendor, type) is registered; 0 and the
 * insertion index otherwise. */
static int find_index(const smgw_pa_registry *reg, uint32_t vendor, uint32_t type, size_t *ret_i)
{
	size_t i = lower_bound(reg, vendor, type);

	*ret_i = i;
	return i < reg->n && cmp_key(&reg->e[i], vendor, type) == 0;
}

int smgw__pa_registry_find(const smgw_pa_registry *reg, uint32_t vendor, uint32_t type,
			   smgw_pa_validate_fn *ret_fn, void **ret_ud)
{
	size_t i;

	if (!reg) {
		if (vendor == SMGW_TNC_VENDOR_IETF && type <= SMGW__PA_IETF_MAX) {
			if (ret_fn)
				*ret_fn = NULL;
			if (ret_ud)
				*ret_ud = NULL;
			return 1;
		}
		return 0;
	}
	if (find_index(reg, vendor, type, &i)) {
		if (ret_fn)
			*ret_fn = reg->e[i].fn;
		if (ret_ud)
			*ret_ud = reg->e[i].userdata;
		return 1;
	}
	return 0;
}

SMGW_EXPORT int smgw_pa_registry_new(smgw_ctx *ctx, uint32_t flags, smgw_pa_registry **ret_reg)
{
	smgw_pa_registry *reg;
	uint32_t t;

	if (!ctx || !ret_reg || (flags & ~SMGW_PA_REGISTRY_EMPTY))
		return SMGW_E_INVAL;
	reg = smgw_ctx_calloc(ctx, 1, sizeof(*reg));
	if (!reg)
		return SMGW_E_NOMEM;
	reg->ctx = smgw_ctx_ref(ctx);
	if (!(flags & SMGW_PA_REGISTRY_EMPTY)) {
		for (t = 0; t <= SMGW__PA_IETF_MAX; t++) {
			int e = smgw_pa_registry_add(reg, SMGW_TNC_VENDOR_IETF, t, NULL, NULL, NULL);

			if (e) {
				smgw_pa_registry_free(reg);
				return e;
			}
		}
	}
	*ret_reg = reg;
	return 0;
}

SMGW_EXPORT void smgw_pa_registry_free(smgw_pa_registry *reg)
{
	smgw_ctx *ctx;
	size_t i;

	if (!reg)
		return;
	ctx = reg->ctx;
	for (i = 0; i < reg->n; i++)
		smgw_ctx_free(ctx, reg->e[i].name, reg->e[i].name_size);
	smgw_ctx_free(ctx, reg->e, reg->cap * sizeof(*reg->e));
	smgw_ctx_free(ctx, reg, sizeof(*reg));
	smgw_ctx_unref(ctx);
}

SMGW_EXPORT int smgw_pa_registry_add(smgw_pa_registry *reg, uint32_t vendor, uint32_t type,
				     const char *name, smgw_pa_validate_fn fn, void *userdata)
{
	struct reg_entry ne;
	size_t i;

	if (!reg || vendor >= SMGW_TNC_VENDOR_RESERVED || type == SMGW_TNC_TYPE_RESERVED)
		return SMGW_E_INVAL;
	if (find_index(reg, vendor, type, &i))
		return SMGW_E_EXISTS;
	if (reg->n == reg->cap) {
		size_t ncap = reg->cap ? reg->cap * 2 : 32;
		struct reg_entry *ne2;

		if (ncap > SIZE_MAX / sizeof(*reg->e))
			return SMGW_E_NOMEM;
		ne2 = smgw_ctx_realloc(reg->ctx, reg->e, reg->cap * sizeof(*reg->e),
				       ncap * sizeof(*reg->e));
		if (!ne2)
			return SMGW_E_NOMEM;
		reg->e = ne2;
		reg->cap = ncap;
	}
	memset(&ne, 0, sizeof(ne));
	ne.vendor = vendor;
	ne.type = type;
	ne.fn = fn;
	ne.userdata = userdata;
	if (name) {
		ne.name_size = strlen(name) + 1;
		ne.name = smgw_ctx_malloc(reg->ctx, ne.name_size);
		if (!ne.name)
			return SMGW_E_NOMEM;
		memcpy(ne.name, name, ne.name_size);
	}
	memmove(&reg->e[i + 1], &reg->e[i], (reg->n - i) * sizeof(*reg->e));
	reg->e[i] = ne;
	reg->n++;
	return 0;
}

SMGW_EXPORT int smgw_pa_registry_remove(smgw_pa_registry *reg, uint32_t vendor, uint32_t type)
{
	size_t i;

	if (!reg)
		return SMGW_E_INVAL;
	if (!find_index(reg, vendor, type, &i))
		return SMGW_E_NOTFOUND;
	smgw_ctx_free(reg->ctx, reg->e[i].name, reg->e[i].name_size);
	memmove(&reg->e[i], &reg->e[i + 1], (reg->n - i - 1) * sizeof(*reg->e));
	reg->n--;
	return 0;
}

SMGW_EXPORT int smgw_pa_registry_lookup(const smgw_pa_registry *reg, uint32_t vendor,
					uint32_t type, const char **ret_name)
{
	size_t i;

	if (!reg)
		return SMGW_E_INVAL;
	if (!find_index(reg, vendor, type, &i))
		return SMGW_E_NOTFOUND;
	if (ret_name)
		*ret_name = reg->e[i].name ? reg->e[i].name :
			(vendor == SMGW_TNC_VENDOR_IETF ? smgw_pa_attr_name(vendor, type) : NULL);
	return 0;
}
