/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The part of the PKCS#11 (Cryptoki) interface this library uses, written
 * from the OASIS specification "PKCS #11 Cryptographic Token Interface
 * Base Specification Version 2.40" (section 3: data types, section 5:
 * functions) and its header conventions for Unix-like systems: structures
 * with the platform's default packing, CK_ULONG = unsigned long, function
 * pointers without a calling-convention attribute.
 *
 * CK_FUNCTION_LIST is laid out exactly as in the specification (version,
 * then the 68 functions in order). Functions the library never calls are
 * kept as untyped slots (p11_unused) so their positions are right.
 */
#ifndef SMGW_P11_TYPES_H
#define SMGW_P11_TYPES_H

typedef unsigned char CK_BYTE;
typedef CK_BYTE CK_BBOOL;
typedef CK_BYTE CK_UTF8CHAR;
typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_FLAGS;
typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_SLOT_ID;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_ULONG CK_OBJECT_HANDLE;
typedef CK_ULONG CK_OBJECT_CLASS;
typedef CK_ULONG CK_KEY_TYPE;
typedef CK_ULONG CK_CERTIFICATE_TYPE;
typedef CK_ULONG CK_ATTRIBUTE_TYPE;
typedef CK_ULONG CK_MECHANISM_TYPE;
typedef CK_ULONG CK_USER_TYPE;
typedef CK_ULONG CK_EC_KDF_TYPE;
typedef CK_ULONG CK_NOTIFICATION;

#define CK_TRUE 1
#define CK_FALSE 0
#define CK_INVALID_HANDLE 0ul
#define CK_UNAVAILABLE_INFORMATION (~0ul)

typedef struct CK_VERSION {
	CK_BYTE major;
	CK_BYTE minor;
} CK_VERSION;

typedef struct CK_TOKEN_INFO {
	CK_UTF8CHAR label[32];
	CK_UTF8CHAR manufacturerID[32];
	CK_UTF8CHAR model[16];
	CK_BYTE serialNumber[16];
	CK_FLAGS flags;
	CK_ULONG ulMaxSessionCount;
	CK_ULONG ulSessionCount;
	CK_ULONG ulMaxRwSessionCount;
	CK_ULONG ulRwSessionCount;
	CK_ULONG ulMaxPinLen;
	CK_ULONG ulMinPinLen;
	CK_ULONG ulTotalPublicMemory;
	CK_ULONG ulFreePublicMemory;
	CK_ULONG ulTotalPrivateMemory;
	CK_ULONG ulFreePrivateMemory;
	CK_VERSION hardwareVersion;
	CK_VERSION firmwareVersion;
	CK_UTF8CHAR utcTime[16];
} CK_TOKEN_INFO;

typedef struct CK_ATTRIBUTE {
	CK_ATTRIBUTE_TYPE type;
	void *pValue;
	CK_ULONG ulValueLen;
} CK_ATTRIBUTE;

typedef struct CK_MECHANISM {
	CK_MECHANISM_TYPE mechanism;
	void *pParameter;
	CK_ULONG ulParameterLen;
} CK_MECHANISM;

typedef struct CK_MECHANISM_INFO {
	CK_ULONG ulMinKeySize;
	CK_ULONG ulMaxKeySize;
	CK_FLAGS flags;
} CK_MECHANISM_INFO;

typedef struct CK_ECDH1_DERIVE_PARAMS {
	CK_EC_KDF_TYPE kdf;
	CK_ULONG ulSharedDataLen;
	CK_BYTE *pSharedData;
	CK_ULONG ulPublicDataLen;
	CK_BYTE *pPublicData;
} CK_ECDH1_DERIVE_PARAMS;

typedef CK_RV (*CK_CREATEMUTEX)(void **ppMutex);
typedef CK_RV (*CK_DESTROYMUTEX)(void *pMutex);
typedef CK_RV (*CK_LOCKMUTEX)(void *pMutex);
typedef CK_RV (*CK_UNLOCKMUTEX)(void *pMutex);

typedef struct CK_C_INITIALIZE_ARGS {
	CK_CREATEMUTEX CreateMutex;
	CK_DESTROYMUTEX DestroyMutex;
	CK_LOCKMUTEX LockMutex;
	CK_UNLOCKMUTEX UnlockMutex;
	CK_FLAGS flags;
	void *pReserved;
} CK_C_INITIALIZE_ARGS;

typedef CK_RV (*CK_NOTIFY)(CK_SESSION_HANDLE hSession, CK_NOTIFICATION event, void *pApplication);

/* A function of the list the library does not call. */
typedef CK_RV (*p11_unused)(void);

typedef struct CK_FUNCTION_LIST CK_FUNCTION_LIST;

struct CK_FUNCTION_LIST {
	CK_VERSION version;
	CK_RV (*C_Initialize)(void *pInitArgs);
	CK_RV (*C_Finalize)(void *pReserved);
	p11_unused C_GetInfo;
	CK_RV (*C_GetFunctionList)(CK_FUNCTION_LIST **ppFunctionList);
	CK_RV (*C_GetSlotList)(CK_BBOOL tokenPresent, CK_SLOT_ID *pSlotList, CK_ULONG *pulCount);
	p11_unused C_GetSlotInfo;
	CK_RV (*C_GetTokenInfo)(CK_SLOT_ID slotID, CK_TOKEN_INFO *pInfo);
	p11_unused C_GetMechanismList;
	CK_RV (*C_GetMechanismInfo)(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO *pInfo);
	p11_unused C_InitToken;
	p11_unused C_InitPIN;
	p11_unused C_SetPIN;
	CK_RV (*C_OpenSession)(CK_SLOT_ID slotID, CK_FLAGS flags, void *pApplication, CK_NOTIFY Notify,
			       CK_SESSION_HANDLE *phSession);
	CK_RV (*C_CloseSession)(CK_SESSION_HANDLE hSession);
	p11_unused C_CloseAllSessions;
	p11_unused C_GetSessionInfo;
	p11_unused C_GetOperationState;
	p11_unused C_SetOperationState;
	CK_RV (*C_Login)(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR *pPin, CK_ULONG ulPinLen);
	CK_RV (*C_Logout)(CK_SESSION_HANDLE hSession);
	CK_RV (*C_CreateObject)(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE *pTemplate, CK_ULONG ulCount,
				CK_OBJECT_HANDLE *phObject);
	p11_unused C_CopyObject;
	CK_RV (*C_DestroyObject)(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject);
	p11_unused C_GetObjectSize;
	CK_RV (*C_GetAttributeValue)(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE *pTemplate,
				     CK_ULONG ulCount);
	p11_unused C_SetAttributeValue;
	CK_RV (*C_FindObjectsInit)(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE *pTemplate, CK_ULONG ulCount);
	CK_RV (*C_FindObjects)(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE *phObject, CK_ULONG ulMaxObjectCount,
			       CK_ULONG *pulObjectCount);
	CK_RV (*C_FindObjectsFinal)(CK_SESSION_HANDLE hSession);
	p11_unused C_EncryptInit;
	p11_unused C_Encrypt;
	p11_unused C_EncryptUpdate;
	p11_unused C_EncryptFinal;
	p11_unused C_DecryptInit;
	p11_unused C_Decrypt;
	p11_unused C_DecryptUpdate;
	p11_unused C_DecryptFinal;
	p11_unused C_DigestInit;
	p11_unused C_Digest;
	p11_unused C_DigestUpdate;
	p11_unused C_DigestKey;
	p11_unused C_DigestFinal;
	CK_RV (*C_SignInit)(CK_SESSION_HANDLE hSession, CK_MECHANISM *pMechanism, CK_OBJECT_HANDLE hKey);
	CK_RV (*C_Sign)(CK_SESSION_HANDLE hSession, CK_BYTE *pData, CK_ULONG ulDataLen, CK_BYTE *pSignature,
			CK_ULONG *pulSignatureLen);
	p11_unused C_SignUpdate;
	p11_unused C_SignFinal;
	p11_unused C_SignRecoverInit;
	p11_unused C_SignRecover;
	p11_unused C_VerifyInit;
	p11_unused C_Verify;
	p11_unused C_VerifyUpdate;
	p11_unused C_VerifyFinal;
	p11_unused C_VerifyRecoverInit;
	p11_unused C_VerifyRecover;
	p11_unused C_DigestEncryptUpdate;
	p11_unused C_DecryptDigestUpdate;
	p11_unused C_SignEncryptUpdate;
	p11_unused C_DecryptVerifyUpdate;
	p11_unused C_GenerateKey;
	CK_RV (*C_GenerateKeyPair)(CK_SESSION_HANDLE hSession, CK_MECHANISM *pMechanism,
				   CK_ATTRIBUTE *pPublicKeyTemplate, CK_ULONG ulPublicKeyAttributeCount,
				   CK_ATTRIBUTE *pPrivateKeyTemplate, CK_ULONG ulPrivateKeyAttributeCount,
				   CK_OBJECT_HANDLE *phPublicKey, CK_OBJECT_HANDLE *phPrivateKey);
	p11_unused C_WrapKey;
	p11_unused C_UnwrapKey;
	CK_RV (*C_DeriveKey)(CK_SESSION_HANDLE hSession, CK_MECHANISM *pMechanism, CK_OBJECT_HANDLE hBaseKey,
			     CK_ATTRIBUTE *pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE *phKey);
	p11_unused C_SeedRandom;
	CK_RV (*C_GenerateRandom)(CK_SESSION_HANDLE hSession, CK_BYTE *RandomData, CK_ULONG ulRandomLen);
	p11_unused C_GetFunctionStatus;
	p11_unused C_CancelFunction;
	p11_unused C_WaitForSlotEvent;
};

typedef CK_RV (*CK_C_GetFunctionList)(CK_FUNCTION_LIST **ppFunctionList);

/* Return values (spec 2.40, section 3.6 / table "Return values"). */
#define CKR_OK 0x000ul
#define CKR_HOST_MEMORY 0x002ul
#define CKR_SLOT_ID_INVALID 0x003ul
#define CKR_GENERAL_ERROR 0x005ul
#define CKR_FUNCTION_FAILED 0x006ul
#define CKR_ARGUMENTS_BAD 0x007ul
#define CKR_ATTRIBUTE_SENSITIVE 0x011ul
#define CKR_ATTRIBUTE_TYPE_INVALID 0x012ul
#define CKR_ATTRIBUTE_VALUE_INVALID 0x013ul
#define CKR_DATA_LEN_RANGE 0x021ul
#define CKR_DEVICE_ERROR 0x030ul
#define CKR_DEVICE_MEMORY 0x031ul
#define CKR_DEVICE_REMOVED 0x032ul
#define CKR_FUNCTION_NOT_SUPPORTED 0x054ul
#define CKR_KEY_HANDLE_INVALID 0x060ul
#define CKR_KEY_TYPE_INCONSISTENT 0x063ul
#define CKR_KEY_FUNCTION_NOT_PERMITTED 0x068ul
#define CKR_MECHANISM_INVALID 0x070ul
#define CKR_MECHANISM_PARAM_INVALID 0x071ul
#define CKR_OBJECT_HANDLE_INVALID 0x082ul
#define CKR_PIN_INCORRECT 0x0a0ul
#define CKR_PIN_INVALID 0x0a1ul
#define CKR_PIN_LEN_RANGE 0x0a2ul
#define CKR_PIN_EXPIRED 0x0a3ul
#define CKR_PIN_LOCKED 0x0a4ul
#define CKR_SESSION_CLOSED 0x0b0ul
#define CKR_SESSION_HANDLE_INVALID 0x0b3ul
#define CKR_TEMPLATE_INCOMPLETE 0x0d0ul
#define CKR_TEMPLATE_INCONSISTENT 0x0d1ul
#define CKR_TOKEN_NOT_PRESENT 0x0e0ul
#define CKR_TOKEN_NOT_RECOGNIZED 0x0e1ul
#define CKR_TOKEN_WRITE_PROTECTED 0x0e2ul
#define CKR_USER_ALREADY_LOGGED_IN 0x100ul
#define CKR_USER_NOT_LOGGED_IN 0x101ul
#define CKR_USER_PIN_NOT_INITIALIZED 0x102ul
#define CKR_BUFFER_TOO_SMALL 0x150ul
#define CKR_CRYPTOKI_NOT_INITIALIZED 0x190ul
#define CKR_CRYPTOKI_ALREADY_INITIALIZED 0x191ul

/* Flags. */
#define CKF_OS_LOCKING_OK 0x00000002ul   /* CK_C_INITIALIZE_ARGS */
#define CKF_RW_SESSION 0x00000002ul      /* C_OpenSession */
#define CKF_SERIAL_SESSION 0x00000004ul  /* C_OpenSession */
#define CKF_LOGIN_REQUIRED 0x00000004ul  /* CK_TOKEN_INFO */
#define CKF_TOKEN_INITIALIZED 0x00000400ul /* CK_TOKEN_INFO */
#define CKF_RNG 0x00000001ul             /* CK_TOKEN_INFO */
#define CKF_SIGN 0x00000800ul            /* CK_MECHANISM_INFO */
#define CKF_GENERATE_KEY_PAIR 0x00010000ul /* CK_MECHANISM_INFO */
#define CKF_DERIVE 0x00080000ul          /* CK_MECHANISM_INFO */
#define CKF_EC_NAMEDCURVE 0x00800000ul   /* CK_MECHANISM_INFO */

#define CKU_USER 1ul

/* Object classes, key and certificate types. */
#define CKO_CERTIFICATE 0x1ul
#define CKO_PUBLIC_KEY 0x2ul
#define CKO_PRIVATE_KEY 0x3ul
#define CKO_SECRET_KEY 0x4ul
#define CKK_EC 0x3ul
#define CKK_GENERIC_SECRET 0x10ul
#define CKC_X_509 0x0ul

/* Attributes. */
#define CKA_CLASS 0x000ul
#define CKA_TOKEN 0x001ul
#define CKA_PRIVATE 0x002ul
#define CKA_LABEL 0x003ul
#define CKA_VALUE 0x011ul
#define CKA_CERTIFICATE_TYPE 0x080ul
#define CKA_KEY_TYPE 0x100ul
#define CKA_SUBJECT 0x101ul
#define CKA_ID 0x102ul
#define CKA_SENSITIVE 0x103ul
#define CKA_SIGN 0x108ul
#define CKA_VERIFY 0x10aul
#define CKA_DERIVE 0x10cul
#define CKA_EXTRACTABLE 0x162ul
#define CKA_EC_PARAMS 0x180ul
#define CKA_EC_POINT 0x181ul

/* Mechanisms and key derivation functions. */
#define CKM_EC_KEY_PAIR_GEN 0x1040ul
#define CKM_ECDSA 0x1041ul
#define CKM_ECDH1_DERIVE 0x1050ul
#define CKD_NULL 0x1ul

#endif
