/* evidence.h — evidence as a file: a scanned minute or a photo attached to a figure as its proof.
 * PDF, JPEG or PNG, recognised by their first bytes (never by the name or the declared type
 * alone), at most EVIDENCE_MAX_BYTES, kept in the database with their SHA-256 so that a backup
 * stays one file and a copy can be checked against the original. Whoever may enter a figure may
 * attach a file to it; whoever may see the figure may read its files (service/policy.h), and a
 * file of another commune does not exist. attach, read and remove are a transaction each. */
#ifndef TD_EVIDENCE_H
#define TD_EVIDENCE_H

#include <stddef.h>

#include "store/store.h"

/* 10 MB: a phone photo or a scanned multi-page minute fits, a video does not. */
#define EVIDENCE_MAX_BYTES ((size_t)10 * 1024 * 1024)

/* Why a file is refused: EVIDENCE_OK, or a problem the HTTP layer maps to its status. */
typedef enum evidence_problem {
    EVIDENCE_OK,
    EVIDENCE_TOO_LARGE, /* 413 */
    EVIDENCE_BAD_TYPE,  /* 415: not a PDF/JPEG/PNG, or not what its name or declared type says */
    EVIDENCE_BAD_NAME,  /* 422 */
} evidence_problem;

/* The type a file's first bytes show: "application/pdf", "image/jpeg", "image/png", or NULL. */
const char *evidence_sniff(const unsigned char *data, size_t n);

/* Checks a file before it is stored: its size, its first bytes against declared_type (a
 * Content-Type, parameters allowed; NULL or a type other than the three: not checked) and
 * against the extension of name. On
 * success *type is the detected type and *clean the name as it will be kept (its last path part,
 * without control characters). Otherwise TD_ERR_INPUT with a Vietnamese reason and *problem. */
td_status evidence_check(arena *a, const unsigned char *data, size_t n, const char *declared_type,
                         const char *name, const char **type, const char **clean, evidence_problem *problem,
                         td_error *err);

/* The SHA-256 of data as 64 lowercase hex digits (libsodium crypto_hash_sha256). */
char *evidence_sha256_hex(arena *a, const unsigned char *data, size_t n);

/* Attaches a file to the figure (indicator code, unit, period) of plan plan_id on behalf of u: the
 * figure must exist and not be approved (locked); u must be allowed to enter it. *out receives
 * the stored file (without its bytes). TD_ERR_FORBIDDEN, TD_ERR_NOTFOUND, TD_ERR_CONFLICT (locked)
 * or TD_ERR_INPUT (with *problem) otherwise. Audited as "evidence.upload". */
td_status evidence_attach(store *s, arena *a, td_id plan_id, const user *u, const char *code,
                          const char *unit, const char *period_text, const char *name,
                          const char *declared_type, const unsigned char *data, size_t n, evidence_file *out,
                          evidence_problem *problem, td_error *err);

/* File id with its bytes, for u: a reporter reads its own unit's files, every other account
 * those of its commune; TD_ERR_FORBIDDEN otherwise, TD_ERR_NOTFOUND when there is no such file.
 * Audited as "evidence.download". */
td_status evidence_read(store *s, arena *a, const user *u, td_id id, evidence_file *out, td_error *err);

/* Removes file id on behalf of u: whoever may attach a file to its figure, while the figure is not
 * approved (TD_ERR_CONFLICT); TD_ERR_FORBIDDEN, TD_ERR_NOTFOUND otherwise. Audited as
 * "evidence.delete" with the file's name and hash. */
td_status evidence_remove(store *s, arena *a, const user *u, td_id id, td_error *err);

/* The files of the figures f selects (without bytes). */
td_status evidence_list(store *s, arena *a, const value_filter *f, evidence_file **out, size_t *n,
                        td_error *err);

#endif
