/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test modules for the loader, written as a third party writes them: they
 * do not include any libsmgw header, only the TCG platform binding's types
 * (spelled out below as the TCG specification defines them), and export the
 * TCG function names. One source, several variants (-DTMOD_...):
 *
 *   TMOD_GOOD          a correct IMC that probes the TNCC functions with
 *                      bad IDs and arguments and records the answers
 *   TMOD_NO_INIT       lacks TNC_IMC_Initialize
 *   TMOD_NO_BEGIN      lacks TNC_IMC_BeginHandshake
 *   TMOD_NO_BIND       lacks TNC_IMC_ProvideBindFunction
 *   TMOD_ONLY_V2       supports IF-IMC version 2 only
 *   TMOD_WRONG_VERSION answers Initialize with version 9 (outside 1..1)
 *   TMOD_INIT_FATAL    Initialize fails with TNC_RESULT_FATAL
 *   TMOD_BIND_FAILS    ProvideBindFunction fails
 *   TMOD_IMV_NO_SOLICIT an IMV without TNC_IMV_SolicitRecommendation
 *
 * TMOD_MARK names a file the module appends its calls to, so the test can
 * check that Terminate follows a successful Initialize.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long TNC_UInt32;
typedef unsigned char *TNC_BufferReference;
typedef TNC_UInt32 TNC_IMCID;
typedef TNC_UInt32 TNC_ConnectionID;
typedef TNC_UInt32 TNC_ConnectionState;
typedef TNC_UInt32 TNC_MessageType;
typedef TNC_UInt32 TNC_VendorID;
typedef TNC_UInt32 TNC_MessageSubtype;
typedef TNC_UInt32 TNC_Version;
typedef TNC_UInt32 TNC_Result;
typedef TNC_UInt32 TNC_AttributeID;
typedef TNC_Result (*TNC_TNCC_BindFunctionPointer)(TNC_IMCID, char *, void **);
typedef TNC_Result (*send_long_fn)(TNC_IMCID, TNC_ConnectionID, TNC_UInt32, TNC_BufferReference, TNC_UInt32,
				   TNC_VendorID, TNC_MessageSubtype, TNC_UInt32);
typedef TNC_Result (*report_fn)(TNC_IMCID, TNC_MessageType *, TNC_UInt32);
typedef TNC_Result (*get_attr_fn)(TNC_IMCID, TNC_ConnectionID, TNC_AttributeID, TNC_UInt32, TNC_BufferReference,
				  TNC_UInt32 *);

#define EXPORT __attribute__((visibility("default")))

TNC_Result TNC_IMC_Initialize(TNC_IMCID, TNC_Version, TNC_Version, TNC_Version *);
TNC_Result TNC_IMC_BeginHandshake(TNC_IMCID, TNC_ConnectionID);
TNC_Result TNC_IMC_ProvideBindFunction(TNC_IMCID, TNC_TNCC_BindFunctionPointer);
TNC_Result TNC_IMC_Terminate(TNC_IMCID);
TNC_Result TNC_IMV_Initialize(TNC_IMCID, TNC_Version, TNC_Version, TNC_Version *);
TNC_Result TNC_IMV_ProvideBindFunction(TNC_IMCID, TNC_TNCC_BindFunctionPointer);
void tmod_results(const TNC_Result **ret, int *ret_n);

static TNC_Result results[32];
static int n_results;
static TNC_TNCC_BindFunctionPointer bindf __attribute__((unused));

__attribute__((unused)) static void mark(const char *what)
{
	const char *path = getenv("TMOD_MARK");
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "a");
	if (f) {
		fprintf(f, "%s\n", what);
		fclose(f);
	}
}

EXPORT void tmod_results(const TNC_Result **ret, int *ret_n)
{
	*ret = results;
	*ret_n = n_results;
}

__attribute__((unused)) static void record(TNC_Result r)
{
	if (n_results < 32)
		results[n_results++] = r;
}

#if defined(TMOD_IMV_NO_SOLICIT)
EXPORT TNC_Result TNC_IMV_Initialize(TNC_IMCID id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	(void)id;
	(void)min;
	(void)max;
	*out = 1;
	return 0;
}

EXPORT TNC_Result TNC_IMV_ProvideBindFunction(TNC_IMCID id, TNC_TNCC_BindFunctionPointer b)
{
	(void)id;
	(void)b;
	return 0;
}
#else

#ifndef TMOD_NO_INIT
EXPORT TNC_Result TNC_IMC_Initialize(TNC_IMCID id, TNC_Version min, TNC_Version max, TNC_Version *out)
{
	mark("initialize");
#if defined(TMOD_ONLY_V2)
	if (min > 2 || max < 2)
		return 3; /* TNC_RESULT_NO_COMMON_VERSION */
#endif
#if defined(TMOD_INIT_FATAL)
	(void)min;
	(void)max;
	return 10;
#endif
	if (min > 1 || max < 1)
		return 3;
	(void)id;
#if defined(TMOD_WRONG_VERSION)
	*out = 9;
#else
	*out = 1;
#endif
	return 0;
}
#endif

#ifndef TMOD_NO_BEGIN
EXPORT TNC_Result TNC_IMC_BeginHandshake(TNC_IMCID id, TNC_ConnectionID cid)
{
	void *p = NULL;
	send_long_fn send;
	get_attr_fn ga;
	unsigned char b[4] = { 1, 0, 0, 0 };
	unsigned char v[8];
	TNC_UInt32 n = 0, big;

	if (!bindf || bindf(id, (char *)"TNC_TNCC_SendMessageLong", &p) != 0)
		return 9;
	memcpy(&send, &p, sizeof(p));
	if (bindf(id, (char *)"TNC_TNCC_GetAttribute", &p) != 0)
		return 9;
	memcpy(&ga, &p, sizeof(p));
	/* after the two of ProvideBindFunction: 2 a foreign IMC ID, 3 an ID
	 * beyond 32 bits (LP64), 4 an unknown connection, 5 a good message,
	 * 6 an attribute with a foreign ID, 7 a good attribute */
	record(send(id + 1000, cid, 0, b, 4, 0, 1, 0xffff));
	big = id;
	if (sizeof(big) > 4)
		big |= (TNC_UInt32)1 << (sizeof(big) * 4); /* bit 32 on LP64 */
	record(send(big, cid, 0, b, 4, 0, 1, 0xffff));
	record(send(id, cid ^ 0x5555, 0, b, 4, 0, 1, 0xffff));
	record(send(id, cid, 0, b, 4, 0, 1, 0xffff));
	record(ga(id + 1000, cid, 0x00559701, sizeof(v), v, &n));
	record(ga(id, cid, 0x00559701, sizeof(v), v, &n));
	return 0;
}
#endif

#ifndef TMOD_NO_BIND
EXPORT TNC_Result TNC_IMC_ProvideBindFunction(TNC_IMCID id, TNC_TNCC_BindFunctionPointer b)
{
	void *p = NULL;
	report_fn rep;
	TNC_MessageType types[1] = { (0x00902Aul << 8) | 1 };

	mark("bind");
#if defined(TMOD_BIND_FAILS)
	(void)id;
	(void)b;
	(void)p;
	(void)rep;
	(void)types;
	return 6;
#else
	bindf = b;
	if (b(id, (char *)"TNC_TNCC_ReportMessageTypes", &p) != 0 || !p)
		return 9;
	memcpy(&rep, &p, sizeof(p));
	/* 0 a foreign ID, 1 good */
	record(rep(id + 1, types, 1));
	record(rep(id, types, 1));
	return 0;
#endif
}
#endif

EXPORT TNC_Result TNC_IMC_Terminate(TNC_IMCID id)
{
	(void)id;
	mark("terminate");
	return 0;
}
#endif
