/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file imc.h
 * @brief The TCG IF-IMC 1.3 C interface: what an Integrity Measurement Collector exports and what the TNC client offers it.
 *
 * An IMC is a shared object that exports the TNC_IMC_* functions declared
 * here (TNC_IMC_Initialize, TNC_IMC_BeginHandshake and
 * TNC_IMC_ProvideBindFunction are mandatory; the others optional).
 * The TNC client (smgw/tnc/tncc.h) loads it, calls TNC_IMC_Initialize(),
 * then TNC_IMC_ProvideBindFunction() with its bind function, through which
 * the IMC obtains the TNC_TNCC_* functions by name. Their types are the
 * `TNC_TNCC_*Pointer` typedefs below; libsmgw-tnc does not export them as
 * symbols.
 *
 * Include this header in an IMC and define the functions with the
 * prototypes given here; TNC_IMC_API marks them for export even when the
 * module is compiled with `-fvisibility=hidden`.
 */
#ifndef SMGW_TNC_IMC_H
#define SMGW_TNC_IMC_H

#include <smgw/tnc/tncif.h>

SMGW_BEGIN_DECLS

#if defined(__GNUC__) || defined(__clang__)
/** Marks an IMC function for export from its shared object. */
#define TNC_IMC_API __attribute__((visibility("default")))
#else
/** Marks an IMC function for export (no-op for this compiler). */
#define TNC_IMC_API
#endif

/** IF-IMC interface version 1 (covers IF-IMC 1.0 through 1.3). */
#define TNC_IFIMC_VERSION_1 1

/** IMC identifier, assigned by the TNC client (0 ... 0xfffe). */
typedef TNC_UInt32 TNC_IMCID;

/**
 * The TNCC's bind function: looks up a TNCC function by name.
 * @param imcID the calling IMC
 * @param functionName e.g. "TNC_TNCC_SendMessageLong"
 * @param pOutfunctionPointer receives the function, or NULL if unknown
 * @return TNC_RESULT_SUCCESS, TNC_RESULT_INVALID_PARAMETER (unknown name)
 */
typedef TNC_Result (*TNC_TNCC_BindFunctionPointer)(TNC_IMCID imcID, char *functionName,
						   void **pOutfunctionPointer);

/** Type of TNC_IMC_Initialize(). */
typedef TNC_Result (*TNC_IMC_InitializePointer)(TNC_IMCID imcID, TNC_Version minVersion,
						TNC_Version maxVersion, TNC_Version *pOutActualVersion);
/** Type of TNC_IMC_NotifyConnectionChange(). */
typedef TNC_Result (*TNC_IMC_NotifyConnectionChangePointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID,
							    TNC_ConnectionState newState);
/** Type of TNC_IMC_BeginHandshake(). */
typedef TNC_Result (*TNC_IMC_BeginHandshakePointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID);
/** Type of TNC_IMC_ReceiveMessage(). */
typedef TNC_Result (*TNC_IMC_ReceiveMessagePointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						    TNC_BufferReference message, TNC_UInt32 messageLength,
						    TNC_MessageType messageType);
/** Type of TNC_IMC_ReceiveMessageLong(). */
typedef TNC_Result (*TNC_IMC_ReceiveMessageLongPointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID,
							TNC_UInt32 messageFlags, TNC_BufferReference message,
							TNC_UInt32 messageLength, TNC_VendorID messageVendorID,
							TNC_MessageSubtype messageSubtype, TNC_UInt32 sourceIMVID,
							TNC_UInt32 destinationIMCID);
/** Type of TNC_IMC_BatchEnding(). */
typedef TNC_Result (*TNC_IMC_BatchEndingPointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID);
/** Type of TNC_IMC_Terminate(). */
typedef TNC_Result (*TNC_IMC_TerminatePointer)(TNC_IMCID imcID);
/** Type of TNC_IMC_ProvideBindFunction(). */
typedef TNC_Result (*TNC_IMC_ProvideBindFunctionPointer)(TNC_IMCID imcID,
							 TNC_TNCC_BindFunctionPointer bindFunction);

/** Type of "TNC_TNCC_ReportMessageTypes": replaces the IMC's subscriptions with legacy types. */
typedef TNC_Result (*TNC_TNCC_ReportMessageTypesPointer)(TNC_IMCID imcID, TNC_MessageTypeList supportedTypes,
							 TNC_UInt32 typeCount);
/** Type of "TNC_TNCC_ReportMessageTypesLong": replaces the IMC's subscriptions with (vendor, subtype) pairs. */
typedef TNC_Result (*TNC_TNCC_ReportMessageTypesLongPointer)(TNC_IMCID imcID, TNC_VendorIDList supportedVendorIDs,
							     TNC_MessageSubtypeList supportedSubtypes,
							     TNC_UInt32 typeCount);
/** Type of "TNC_TNCC_SendMessage": queues a message of a legacy type for the IMVs. */
typedef TNC_Result (*TNC_TNCC_SendMessagePointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						  TNC_BufferReference message, TNC_UInt32 messageLength,
						  TNC_MessageType messageType);
/** Type of "TNC_TNCC_SendMessageLong": queues a message with vendor, subtype, flags and destination IMV. */
typedef TNC_Result (*TNC_TNCC_SendMessageLongPointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						      TNC_UInt32 messageFlags, TNC_BufferReference message,
						      TNC_UInt32 messageLength, TNC_VendorID messageVendorID,
						      TNC_MessageSubtype messageSubtype, TNC_UInt32 destinationIMVID);
/** Type of "TNC_TNCC_RequestHandshakeRetry". */
typedef TNC_Result (*TNC_TNCC_RequestHandshakeRetryPointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID,
							    TNC_RetryReason reason);
/** Type of "TNC_TNCC_GetAttribute": value length always stored; copied only if it fits. */
typedef TNC_Result (*TNC_TNCC_GetAttributePointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						   TNC_AttributeID attributeID, TNC_UInt32 bufferLength,
						   TNC_BufferReference buffer, TNC_UInt32 *pOutValueLength);
/** Type of "TNC_TNCC_SetAttribute". */
typedef TNC_Result (*TNC_TNCC_SetAttributePointer)(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						   TNC_AttributeID attributeID, TNC_UInt32 bufferLength,
						   TNC_BufferReference buffer);
/** Type of "TNC_TNCC_ReserveAdditionalIMCID": gives the IMC another IMC ID. */
typedef TNC_Result (*TNC_TNCC_ReserveAdditionalIMCIDPointer)(TNC_IMCID imcID, TNC_UInt32 *pOutIMCID);

/**
 * Initializes the IMC (mandatory).
 * @param imcID the ID the TNCC assigned
 * @param minVersion lowest IF-IMC version the TNCC supports
 * @param maxVersion highest IF-IMC version the TNCC supports
 * @param pOutActualVersion receives the version the IMC chose
 * @return TNC_RESULT_SUCCESS, TNC_RESULT_NO_COMMON_VERSION, TNC_RESULT_ALREADY_INITIALIZED, ...
 */
TNC_IMC_API TNC_Result TNC_IMC_Initialize(TNC_IMCID imcID, TNC_Version minVersion, TNC_Version maxVersion,
					  TNC_Version *pOutActualVersion);
/**
 * Informs the IMC of a connection state change (optional).
 * @param imcID the IMC
 * @param connectionID the connection
 * @param newState a TNC_CONNECTION_STATE_* value
 * @return a TNC_Result
 */
TNC_IMC_API TNC_Result TNC_IMC_NotifyConnectionChange(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						      TNC_ConnectionState newState);
/**
 * Asks the IMC to start a handshake: it sends its first messages now (mandatory).
 * @param imcID the IMC
 * @param connectionID the connection
 * @return a TNC_Result
 */
TNC_IMC_API TNC_Result TNC_IMC_BeginHandshake(TNC_IMCID imcID, TNC_ConnectionID connectionID);
/**
 * Delivers a message of a legacy type (optional).
 * @param imcID the IMC
 * @param connectionID the connection
 * @param messageBuffer the message (valid only during the call)
 * @param messageLength its length
 * @param messageType (vendor << 8) | subtype
 * @return a TNC_Result
 */
TNC_IMC_API TNC_Result TNC_IMC_ReceiveMessage(TNC_IMCID imcID, TNC_ConnectionID connectionID,
					      TNC_BufferReference messageBuffer, TNC_UInt32 messageLength,
					      TNC_MessageType messageType);
/**
 * Delivers a message with its long type (optional; preferred when present).
 * @param imcID the IMC
 * @param connectionID the connection
 * @param messageFlags TNC_MESSAGE_FLAGS_EXCLUSIVE or 0
 * @param message the message (valid only during the call)
 * @param messageLength its length
 * @param messageVendorID the vendor of the message type
 * @param messageSubtype the 32-bit subtype
 * @param sourceIMVID the sending IMV, or TNC_IMVID_ANY
 * @param destinationIMCID the addressed IMC ID, or TNC_IMCID_ANY
 * @return a TNC_Result
 */
TNC_IMC_API TNC_Result TNC_IMC_ReceiveMessageLong(TNC_IMCID imcID, TNC_ConnectionID connectionID,
						  TNC_UInt32 messageFlags, TNC_BufferReference message,
						  TNC_UInt32 messageLength, TNC_VendorID messageVendorID,
						  TNC_MessageSubtype messageSubtype, TNC_UInt32 sourceIMVID,
						  TNC_UInt32 destinationIMCID);
/**
 * Tells the IMC that all messages of a batch were delivered; it may send more (optional).
 * @param imcID the IMC
 * @param connectionID the connection
 * @return a TNC_Result
 */
TNC_IMC_API TNC_Result TNC_IMC_BatchEnding(TNC_IMCID imcID, TNC_ConnectionID connectionID);
/**
 * Terminates the IMC before it is unloaded (optional).
 * @param imcID the IMC
 * @return a TNC_Result
 */
TNC_IMC_API TNC_Result TNC_IMC_Terminate(TNC_IMCID imcID);
/**
 * Hands the IMC the TNCC's bind function (mandatory).
 * @param imcID the IMC
 * @param bindFunction the bind function
 * @return a TNC_Result
 */
TNC_IMC_API TNC_Result TNC_IMC_ProvideBindFunction(TNC_IMCID imcID, TNC_TNCC_BindFunctionPointer bindFunction);

SMGW_END_DECLS

#endif /* SMGW_TNC_IMC_H */
