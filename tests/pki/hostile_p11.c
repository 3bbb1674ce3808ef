/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A hostile PKCS#11 module for the tests: it forwards every call to the
 * real module named by HOSTILE_P11_TARGET (SoftHSM2) and then falsifies
 * the answer as HOSTILE_P11_MODE says, read at each call:
 *   value-len      C_GetAttributeValue(CKA_VALUE) claims 4096 bytes more
 *                  than the buffer it was given
 *   value-unavail  C_GetAttributeValue(CKA_VALUE) answers CKR_OK with
 *                  CK_UNAVAILABLE_INFORMATION as the length
 *   sign-len       C_Sign claims 1000 bytes more than it wrote
 *   sign-ckr       C_Sign fails with a vendor-defined CKR code
 *   slots-grow     C_GetSlotList claims 8 slots more than it wrote
 * Test code only; never installed.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "secmod/p11-types.h"

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **pp);

struct hostile {
	CK_FUNCTION_LIST list;
	CK_FUNCTION_LIST *real;
};

static struct hostile *H(void)
{
	static struct hostile h; /* the module's one function list (test code) */

	return &h;
}

static int mode(const char *m)
{
	const char *e = getenv("HOSTILE_P11_MODE");

	return e && strcmp(e, m) == 0;
}

static CK_RV h_get_attr(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE *t, CK_ULONG n)
{
	CK_RV rv = H()->real->C_GetAttributeValue(s, o, t, n);
	CK_ULONG i;

	if (rv != CKR_OK)
		return rv;
	for (i = 0; i < n; i++) {
		if (t[i].type != CKA_VALUE || !t[i].pValue)
			continue;
		if (mode("value-len"))
			t[i].ulValueLen += 4096;
		else if (mode("value-unavail"))
			t[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
	}
	return rv;
}

static CK_RV h_sign(CK_SESSION_HANDLE s, CK_BYTE *d, CK_ULONG dl, CK_BYTE *sig, CK_ULONG *sl)
{
	CK_RV rv = H()->real->C_Sign(s, d, dl, sig, sl);

	if (mode("sign-ckr"))
		return 0x80001234ul; /* CKR_VENDOR_DEFINED | 0x1234 */
	if (rv == CKR_OK && sig && mode("sign-len"))
		*sl += 1000;
	return rv;
}

static CK_RV h_slots(CK_BBOOL present, CK_SLOT_ID *list, CK_ULONG *count)
{
	CK_RV rv = H()->real->C_GetSlotList(present, list, count);

	if (rv == CKR_OK && list && mode("slots-grow"))
		*count += 8;
	return rv;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **pp)
{
	struct hostile *h = H();
	const char *target = getenv("HOSTILE_P11_TARGET");
	CK_C_GetFunctionList get;
	void *dl;
	CK_RV rv;

	if (!pp || !target)
		return CKR_FUNCTION_FAILED;
	if (!h->real) {
		dl = dlopen(target, RTLD_NOW | RTLD_LOCAL);
		if (!dl)
			return CKR_FUNCTION_FAILED;
		*(void **)&get = dlsym(dl, "C_GetFunctionList");
		if (!get)
			return CKR_FUNCTION_FAILED;
		rv = get(&h->real);
		if (rv != CKR_OK)
			return rv;
		h->list = *h->real;
		h->list.C_GetFunctionList = C_GetFunctionList;
		h->list.C_GetAttributeValue = h_get_attr;
		h->list.C_Sign = h_sign;
		h->list.C_GetSlotList = h_slots;
	}
	*pp = &h->list;
	return CKR_OK;
}
