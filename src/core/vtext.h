/* vtext.h — Vietnamese text: UTF-8 validity, NFC normalisation, Vietnamese collation,
 * diacritic-free search keys and terminal display width, all through ICU.
 *
 * Everything thidua stores is valid UTF-8 in NFC; input that is not UTF-8 is rejected,
 * never repaired. ICU objects are cached per thread (the server runs one loop per core). */
#ifndef TD_VTEXT_H
#define TD_VTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates, no NUL). On false,
 * *bad_offset (if not NULL) is the byte offset of the first invalid sequence. */
bool vtext_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* The NFC form of s (valid UTF-8, NUL-terminated), allocated in a. Returns NULL only when s
 * is not valid UTF-8. */
char *vtext_nfc(arena *a, const char *s);

/* Compares two UTF-8 strings in Vietnamese order (a ă â b c d đ e ê … ; tones after letters),
 * like strcmp: negative, zero or positive. */
int vtext_collate(const char *x, const char *y);

/* A key for searching without diacritics: lower case, marks removed, đ → d, spaces
 * collapsed. "Giải phóng mặt bằng" → "giai phong mat bang". Allocated in a. */
char *vtext_fold(arena *a, const char *s);

/* Lower case through ICU, "vi" rules (Vietnamese capitals are not ASCII); every letter
 * Vietnamese uses keeps its byte length. NULL on invalid UTF-8. Allocated in a. */
char *vtext_lower(arena *a, const char *s);

/* Upper case the same way: "Thôn Thái Lai" → "THÔN THÁI LAI" (headers of official documents). */
char *vtext_upper(arena *a, const char *s);

/* A yes/no answer as officials write it, compared without diacritics: 1 for "có", "đạt",
 * "hoàn thành", "x"; 0 for "không", "chưa", "không đạt", "chưa hoàn thành"; -1 for anything else. */
int vtext_yes_no(arena *a, const char *s);

/* Columns that s takes in a terminal: combining marks take none, East Asian wide
 * characters two. */
size_t vtext_width(const char *s);

/* The byte length of the longest prefix of s that fits in cols columns, cut at a character
 * boundary. */
size_t vtext_prefix_for_width(const char *s, size_t cols);

/* Releases this thread's ICU objects. */
void vtext_thread_cleanup(void);

#endif
