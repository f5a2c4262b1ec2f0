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
 * text that is not UTF-8. The caller owns *out. */
td_status extraction_json(arena *a, const char *text, size_t len, json_t **out, td_error *err);

#endif
