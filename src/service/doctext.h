/* doctext.h — a plan document (.docx, or plain text) read as plain text lines, one paragraph
 * per line, for the plan extractor. */
#ifndef TD_DOCTEXT_H
#define TD_DOCTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

/* What a plan document may grow to. A real plan's word/document.xml is 1-3 MiB, compressed
 * 5 to 20 times, and its text a few hundred KiB; a zip bomb (a few KB inflating to gigabytes)
 * is refused with TD_ERR_TOO_LARGE (HTTP 413) long before it costs the server memory. */
#define DOCTEXT_MAX_XML (16u * 1024u * 1024u)    /* word/document.xml inflated */
#define DOCTEXT_MAX_TOTAL (256u * 1024u * 1024u) /* every entry of the package, as declared */
#define DOCTEXT_MAX_RATIO 100u                   /* inflated ÷ compressed, for document.xml … */
#define DOCTEXT_RATIO_FROM (1024u * 1024u)       /* … once it is larger than this */
#define DOCTEXT_MAX_TEXT (4u * 1024u * 1024u)    /* the text taken from a document, in bytes */

/* Reads a plan document as plain UTF-8 text, one paragraph per line ('\n' separated,
 * NUL-terminated, in arena a); *len excludes the NUL.
 *
 * .docx (by extension, case-insensitive, or by content: the bytes start with "PK\x03\x04"):
 *   word/document.xml is read in document order. Each w:p of the body is one line, every line
 *   ending with '\n', so that line k is the k-th paragraph and an empty paragraph is an empty
 *   line: the text of its w:t runs, with w:tab, w:br and w:cr as a space. Each table row w:tr
 *   is one line too, its cells joined by " | " (a cell's non-empty paragraphs joined by a
 *   space); paragraphs inside tables are not lines of their own. Deleted revisions
 *   (w:delText) and field codes (w:instrText) are left out; text boxes stay inside their
 *   paragraph. The text is as Word stored it: not normalised to NFC.
 * Anything else (.txt, .md, any other name, "-" for standard input): the file as it is, with
 *   a leading UTF-8 BOM removed and CRLF turned into LF; its last line may lack the '\n'.
 *
 * TD_ERR_INPUT, with a Vietnamese message naming the file, for: text that is not UTF-8
 * (with its line), a Word 97-2003 .doc or a password-protected .docx, a .docx that is not a
 * zip or is damaged, without word/document.xml, not well-formed, with a DOCTYPE (entities
 * are never expanded, nothing is fetched from the network) or without w:body.
 * TD_ERR_TOO_LARGE beyond the limits above: entries declaring more than DOCTEXT_MAX_TOTAL in
 * all, a document.xml beyond DOCTEXT_MAX_XML or DOCTEXT_MAX_RATIO, checked on the sizes the
 * zip declares before inflating and again on the bytes counted while inflating (declared
 * sizes may lie); more than DOCTEXT_MAX_TEXT bytes of text (.docx or plain).
 * TD_ERR_IO when the file cannot be read. */
td_status doctext_read(arena *a, const char *path, char **text, size_t *len, td_error *err);

/* The same for a document already in memory (an upload): data[0..n], changed in place (plain
 * text is cut at data[n] with a NUL), read as a .docx when docx is true or the bytes are a zip,
 * as plain text otherwise. name stands for the file in messages. */
td_status doctext_parse(arena *a, const char *name, char *data, size_t n, bool docx, char **text, size_t *len,
                        td_error *err);

/* Fails with TD_ERR_TOO_LARGE: the text of name is beyond DOCTEXT_MAX_TEXT. */
td_status doctext_too_much_text(td_error *err, const char *name);

#endif
