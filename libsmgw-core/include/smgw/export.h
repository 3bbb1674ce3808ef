/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file export.h
 * @brief Symbol visibility and attribute macros shared by every libsmgw library.
 */
#ifndef SMGW_EXPORT_H
#define SMGW_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
/** Marks a function as part of the public ABI (the version script decides too). */
#define SMGW_EXPORT __attribute__((visibility("default")))
/** The result of the function must be checked (verify, parse, decode). */
#define SMGW_WARN_UNUSED __attribute__((warn_unused_result))
/** printf-style format checking: @p f is the format index, @p a the first argument. */
#define SMGW_PRINTF(f, a) __attribute__((format(printf, f, a)))
/** Marks a function as deprecated with a hint to its replacement. */
#define SMGW_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
/** Marks a function as part of the public ABI (no-op for this compiler). */
#define SMGW_EXPORT
/** Result must be checked (no-op for this compiler). */
#define SMGW_WARN_UNUSED
/** printf-style format checking (no-op for this compiler). */
#define SMGW_PRINTF(f, a)
/** Deprecation marker (no-op for this compiler). */
#define SMGW_DEPRECATED(msg)
#endif

#ifdef __cplusplus
/** Opens an extern "C" block in C++. */
#define SMGW_BEGIN_DECLS extern "C" {
/** Closes an extern "C" block in C++. */
#define SMGW_END_DECLS }
#else
/** Opens an extern "C" block in C++ (empty in C). */
#define SMGW_BEGIN_DECLS
/** Closes an extern "C" block in C++ (empty in C). */
#define SMGW_END_DECLS
#endif

#endif /* SMGW_EXPORT_H */
