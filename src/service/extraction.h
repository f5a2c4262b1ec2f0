/* extraction.h — the targets proposed from a plan's text, in one JSON answer for review: the
 * text's lines, what `thidua plan extract --json` prints, and the plan file skeleton that
 * `plan extract --plan-file` prints. The extractor itself is core/extract.h. */
#ifndef TD_EXTRACTION_H
#define TD_EXTRACTION_H

#include <jansson.h>

#include "core/arena.h"
#include "core/error.h"

/* Reads text[0..len) (UTF-8, one paragraph a line: see doctext.h for a .docx) and sets *out to
 * {"lines": [...], "targets": [...], "unread": [...], "plan_file": {...}}: line k of the text
 * (1-based, as "line" counts in targets and unread) is lines[k-1], in NFC. TD_ERR_INPUT for
 * text that is not UTF-8; TD_ERR_TOO_LARGE (HTTP 413) for a text beyond DOCTEXT_MAX_TEXT or an
 * answer that would be larger than EXTRACTION_MAX_ANSWER bytes as compact JSON. The caller
 * owns *out. */
td_status extraction_json(arena *a, const char *text, size_t len, json_t **out, td_error *err);

/* The largest answer extraction_json gives: the lines of a text at its limit, with room for
 * the targets and the plan file found in them. */
#define EXTRACTION_MAX_ANSWER (16u * 1024u * 1024u)

/* extraction_json with another limit on the answer (for tests of the limit). */
td_status extraction_json_within(arena *a, const char *text, size_t len, size_t max_answer, json_t **out,
                                 td_error *err);

#endif
