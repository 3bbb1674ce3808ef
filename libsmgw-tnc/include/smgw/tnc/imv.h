/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file imv.h
 * @brief The TCG IF-IMV 1.4 C interface: what an Integrity Measurement Verifier exports and what the TNC server offers it.
 *
 * An IMV is a shared object that exports the TNC_IMV_* functions declared
 * here (TNC_IMV_Initialize, TNC_IMV_SolicitRecommendation
 * and TNC_IMV_ProvideBindFunction are mandatory; the others optional). The TNC server (smgw/tnc/tncs.h) loads it, calls
 * TNC_IMV_Initialize(), then TNC_IMV_ProvideBindFunction() with its bind
 * function, through which the IMV obtains the TNC_TNCS_* functions by
 * name. Their types are the `TNC_TNCS_*Pointer` typedefs below;
 * libsmgw-tnc does not export them as symbols.
 */
#ifndef SMGW_TNC_IMV_H
#define SMGW_TNC_IMV_H

#include <smgw/tnc/tncif.h>

SMGW_BEGIN_DECLS

#if defined(__GNUC__) || defined(__clang__)
/** Marks an IMV function for export from its shared object. */
#define TNC_IMV_API __attribute__((visibility("default")))
#else
/** Marks an IMV function for export (no-op for this compiler). */
#define TNC_IMV_API
#endif

/** IF-IMV interface version 1 (covers IF-IMV 1.0 through 1.4). */
#define TNC_IFIMV_VERSION_1 1

/** IMV identifier, assigned by the TNC server (0 ... 0xfffe). */
typedef TNC_UInt32 TNC_IMVID;
/** An IMV's action recommendation (TNC_IMV_ACTION_RECOMMENDATION_*). */
typedef TNC_UInt32 TNC_IMV_Action_Recommendation;
/** An IMV's evaluation result (TNC_IMV_EVALUATION_RESULT_*). */
typedef TNC_UInt32 TNC_IMV_Evaluation_Result;

#define TNC_IMV_ACTION_RECOMMENDATION_ALLOW 0             /**< Allow access. */
#define TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS 1         /**< Deny access. */
#define TNC_IMV_ACTION_RECOMMENDATION_ISOLATE 2           /**< Isolate (quarantine). */
#define TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION 3 /**< No recommendation. */

#define TNC_IMV_EVALUATION_RESULT_COMPLIANT 0             /**< Compliant. */
#define TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR 1    /**< Non-compliant, minor. */
#define TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR 2    /**< Non-compliant, major. */
#define TNC_IMV_EVALUATION_RESULT_ERROR 3                 /**< The evaluation failed. */
#define TNC_IMV_EVALUATION_RESULT_DONT_KNOW 4             /**< Unknown. */

/**
 * The TNCS's bind function: looks up a TNCS function by name.
 * @param imvID the calling IMV
 * @param functionName e.g. "TNC_TNCS_ProvideRecommendation"
 * @param pOutfunctionPointer receives the function, or NULL if unknown
 * @return TNC_RESULT_SUCCESS, TNC_RESULT_INVALID_PARAMETER (unknown name)
 */
typedef TNC_Result (*TNC_TNCS_BindFunctionPointer)(TNC_IMVID imvID, char *functionName,
						   void **pOutfunctionPointer);

/** Type of TNC_IMV_Initialize(). */
typedef TNC_Result (*TNC_IMV_InitializePointer)(TNC_IMVID imvID, TNC_Version minVersion,
						TNC_Version maxVersion, TNC_Version *pOutActualVersion);
/** Type of TNC_IMV_NotifyConnectionChange(). */
typedef TNC_Result (*TNC_IMV_NotifyConnectionChangePointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
							    TNC_ConnectionState newState);
/** Type of TNC_IMV_ReceiveMessage(). */
typedef TNC_Result (*TNC_IMV_ReceiveMessagePointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						    TNC_BufferReference message, TNC_UInt32 messageLength,
						    TNC_MessageType messageType);
/** Type of TNC_IMV_ReceiveMessageLong(). */
typedef TNC_Result (*TNC_IMV_ReceiveMessageLongPointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
							TNC_UInt32 messageFlags, TNC_BufferReference message,
							TNC_UInt32 messageLength, TNC_VendorID messageVendorID,
							TNC_MessageSubtype messageSubtype, TNC_UInt32 sourceIMCID,
							TNC_UInt32 destinationIMVID);
/** Type of TNC_IMV_SolicitRecommendation(). */
typedef TNC_Result (*TNC_IMV_SolicitRecommendationPointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID);
/** Type of TNC_IMV_BatchEnding(). */
typedef TNC_Result (*TNC_IMV_BatchEndingPointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID);
/** Type of TNC_IMV_Terminate(). */
typedef TNC_Result (*TNC_IMV_TerminatePointer)(TNC_IMVID imvID);
/** Type of TNC_IMV_ProvideBindFunction(). */
typedef TNC_Result (*TNC_IMV_ProvideBindFunctionPointer)(TNC_IMVID imvID,
							 TNC_TNCS_BindFunctionPointer bindFunction);

/** Type of "TNC_TNCS_ReportMessageTypes": replaces the IMV's subscriptions with legacy types. */
typedef TNC_Result (*TNC_TNCS_ReportMessageTypesPointer)(TNC_IMVID imvID, TNC_MessageTypeList supportedTypes,
							 TNC_UInt32 typeCount);
/** Type of "TNC_TNCS_ReportMessageTypesLong": replaces the IMV's subscriptions with (vendor, subtype) pairs. */
typedef TNC_Result (*TNC_TNCS_ReportMessageTypesLongPointer)(TNC_IMVID imvID, TNC_VendorIDList supportedVendorIDs,
							     TNC_MessageSubtypeList supportedSubtypes,
							     TNC_UInt32 typeCount);
/** Type of "TNC_TNCS_SendMessage": queues a message of a legacy type for the IMCs. */
typedef TNC_Result (*TNC_TNCS_SendMessagePointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						  TNC_BufferReference message, TNC_UInt32 messageLength,
						  TNC_MessageType messageType);
/** Type of "TNC_TNCS_SendMessageLong": queues a message with vendor, subtype, flags and destination IMC. */
typedef TNC_Result (*TNC_TNCS_SendMessageLongPointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						      TNC_UInt32 messageFlags, TNC_BufferReference message,
						      TNC_UInt32 messageLength, TNC_VendorID messageVendorID,
						      TNC_MessageSubtype messageSubtype, TNC_UInt32 destinationIMCID);
/** Type of "TNC_TNCS_RequestHandshakeRetry". */
typedef TNC_Result (*TNC_TNCS_RequestHandshakeRetryPointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
							    TNC_RetryReason reason);
/** Type of "TNC_TNCS_ProvideRecommendation": the IMV's verdict for the connection. */
typedef TNC_Result (*TNC_TNCS_ProvideRecommendationPointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
							    TNC_IMV_Action_Recommendation recommendation,
							    TNC_IMV_Evaluation_Result evaluation);
/** Type of "TNC_TNCS_GetAttribute": value length always stored; copied only if it fits. */
typedef TNC_Result (*TNC_TNCS_GetAttributePointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						   TNC_AttributeID attributeID, TNC_UInt32 bufferLength,
						   TNC_BufferReference buffer, TNC_UInt32 *pOutValueLength);
/** Type of "TNC_TNCS_SetAttribute" (reason string and language). */
typedef TNC_Result (*TNC_TNCS_SetAttributePointer)(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						   TNC_AttributeID attributeID, TNC_UInt32 bufferLength,
						   TNC_BufferReference buffer);
/** Type of "TNC_TNCS_ReserveAdditionalIMVID": gives the IMV another IMV ID. */
typedef TNC_Result (*TNC_TNCS_ReserveAdditionalIMVIDPointer)(TNC_IMVID imvID, TNC_UInt32 *pOutIMVID);

/**
 * Initializes the IMV (mandatory).
 * @param imvID the ID the TNCS assigned
 * @param minVersion lowest IF-IMV version the TNCS supports
 * @param maxVersion highest IF-IMV version the TNCS supports
 * @param pOutActualVersion receives the version the IMV chose
 * @return a TNC_Result
 */
TNC_IMV_API TNC_Result TNC_IMV_Initialize(TNC_IMVID imvID, TNC_Version minVersion, TNC_Version maxVersion,
					  TNC_Version *pOutActualVersion);
/**
 * Informs the IMV of a connection state change (optional).
 * @param imvID the IMV
 * @param connectionID the connection
 * @param newState a TNC_CONNECTION_STATE_* value
 * @return a TNC_Result
 */
TNC_IMV_API TNC_Result TNC_IMV_NotifyConnectionChange(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						      TNC_ConnectionState newState);
/**
 * Delivers a message of a legacy type (optional).
 * @param imvID the IMV
 * @param connectionID the connection
 * @param messageBuffer the message (valid only during the call)
 * @param messageLength its length
 * @param messageType (vendor << 8) | subtype
 * @return a TNC_Result
 */
TNC_IMV_API TNC_Result TNC_IMV_ReceiveMessage(TNC_IMVID imvID, TNC_ConnectionID connectionID,
					      TNC_BufferReference messageBuffer, TNC_UInt32 messageLength,
					      TNC_MessageType messageType);
/**
 * Delivers a message with its long type (optional; preferred when present).
 * @param imvID the IMV
 * @param connectionID the connection
 * @param messageFlags TNC_MESSAGE_FLAGS_EXCLUSIVE or 0
 * @param message the message (valid only during the call)
 * @param messageLength its length
 * @param messageVendorID the vendor of the message type
 * @param messageSubtype the 32-bit subtype
 * @param sourceIMCID the sending IMC
 * @param destinationIMVID the addressed IMV ID, or TNC_IMVID_ANY
 * @return a TNC_Result
 */
TNC_IMV_API TNC_Result TNC_IMV_ReceiveMessageLong(TNC_IMVID imvID, TNC_ConnectionID connectionID,
						  TNC_UInt32 messageFlags, TNC_BufferReference message,
						  TNC_UInt32 messageLength, TNC_VendorID messageVendorID,
						  TNC_MessageSubtype messageSubtype, TNC_UInt32 sourceIMCID,
						  TNC_UInt32 destinationIMVID);
/**
 * Asks the IMV for its recommendation now; it must call
 * TNC_TNCS_ProvideRecommendation before returning (mandatory).
 * @param imvID the IMV
 * @param connectionID the connection
 * @return a TNC_Result
 */
TNC_IMV_API TNC_Result TNC_IMV_SolicitRecommendation(TNC_IMVID imvID, TNC_ConnectionID connectionID);
/**
 * Tells the IMV that all messages of a batch were delivered; it may send more (optional).
 * @param imvID the IMV
 * @param connectionID the connection
 * @return a TNC_Result
 */
TNC_IMV_API TNC_Result TNC_IMV_BatchEnding(TNC_IMVID imvID, TNC_ConnectionID connectionID);
/**
 * Terminates the IMV before it is unloaded (optional).
 * @param imvID the IMV
 * @return a TNC_Result
 */
TNC_IMV_API TNC_Result TNC_IMV_Terminate(TNC_IMVID imvID);
/**
 * Hands the IMV the TNCS's bind function (mandatory).
 * @param imvID the IMV
 * @param bindFunction the bind function
 * @return a TNC_Result
 */
TNC_IMV_API TNC_Result TNC_IMV_ProvideBindFunction(TNC_IMVID imvID, TNC_TNCS_BindFunctionPointer bindFunction);

SMGW_END_DECLS

#endif /* SMGW_TNC_IMV_H */
