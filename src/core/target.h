/* target.h — a target (chỉ tiêu) as a structured spec, and its Vietnamese text.
 *
 * A target says what an indicator must reach: "từ 19% trở lên", "trên 97,2%",
 * "15 - 17%", "duy trì từ 901 - 910 ha", "khoảng 8.990 con", "100%", "tăng 3 - 5%",
 * "giảm từ 20% trở lên so với năm 2025", "gấp 1,5 lần so với năm 2025", a yes/no achievement, a checklist of named items,
 * or "đạt so với chỉ tiêu được giao" (the value comes later from the city).
 *
 * This module is pure: no I/O. The text round trip holds for every kind:
 * target_parse(target_format(t)) describes the same target as t (target_equal).
 * The JSON shape (docs/target-json.md) is the one used by the CLI, the API and extraction:
 * {"text", "op", "value", "high", "unit", "change", "baseline_year", "items", "tolerance"}. */
#ifndef TD_TARGET_H
#define TD_TARGET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

typedef enum target_op {
    TARGET_GE,       /* ">="  at least: "từ X trở lên", "tối thiểu X", "≥ X", "từ X" */
    TARGET_GT,       /* ">"   more than: "trên X" */
    TARGET_LE,       /* "<="  at most: "không quá X", "tối đa X", "≤ X" */
    TARGET_LT,       /* "<"   less than: "dưới X" */
    TARGET_EQ,       /* "="   reach: "đạt X", "X", "100%" */
    TARGET_RANGE,    /* "range"  reach a range: "15 - 17%", "1.500 - 2.400 lượt" */
    TARGET_BAND,     /* "band"   keep within: "duy trì từ 901 - 910 ha" */
    TARGET_APPROX,   /* "approx" about: "khoảng 8.990 con", "≈ 362,4 ha" (with a tolerance) */
    TARGET_DONE,     /* "done"   a yes/no achievement: "đạt chuẩn Quốc gia", "hoàn thành" */
    TARGET_LIST,     /* "list"   a checklist of named items, all to be achieved */
    TARGET_ASSIGNED, /* "assigned" "đạt so với chỉ tiêu được giao": value assigned later */
} target_op;

typedef enum target_change {
    TARGET_CHANGE_NONE,     /* JSON null: the value is a level or a count */
    TARGET_CHANGE_INCREASE, /* "tăng …": the value is a growth */
    TARGET_CHANGE_DECREASE, /* "giảm …": the value is a fall */
    TARGET_CHANGE_TIMES,    /* "gấp 3 lần", "tăng 1,5 lần", "gấp đôi": the value is a multiple of
                               the baseline (this period ÷ the baseline year) */
} target_change;

/* The default tolerance of an "approx" target, in percent of its value: "khoảng 8.990 con"
 * is achieved within ± 5% (8.540,5 … 9.439,5). */
#define TARGET_APPROX_TOLERANCE 5.0

typedef struct target {
    const char *text;   /* the Vietnamese text as written in the plan; never NULL once parsed */
    target_op op;
    bool has_value;     /* value is set for every op but done, list and assigned */
    double value;       /* the bound; for range and band the low end */
    bool has_high;      /* set for range and band only */
    double high;
    const char *unit;   /* "%", "ha", "tạ/ha", "con", "lượt", "triệu đồng", … or NULL */
    target_change change;
    int baseline_year;  /* "so với năm 2025" → 2025; 0 when none */
    const char **items; /* list: the named items, NFC; NULL otherwise */
    size_t n_items;
    bool has_tolerance; /* set for approx only */
    double tolerance;   /* percent of value */
} target;

/* "op" names of the JSON shape: ">=", ">", "<=", "<", "=", "range", "band", "approx",
 * "done", "list", "assigned". */
const char *target_op_name(target_op op);
bool target_op_from_name(const char *name, target_op *out);
const char *target_change_name(target_change c); /* "increase", "decrease", "times" or NULL */
/* The verb users read for a change: "tăng", "giảm", "gấp", or NULL for none. */
const char *target_change_verb(target_change c);

/* The length of the word at a lower-case s that goes from one level to the next ("xuống
 * còn", "xuống", "lên", "còn" in "từ 2,1% xuống còn 1,5%"), 0 when there is none. */
size_t target_to_word(const char *lower);

/* True when the number at lower + at is a label, not a figure: it follows a word that names a
 * grade, an ordinal or an identifier ("mức độ 1", "cấp độ 3", "lần thứ 3", "thôn 9", "số 56").
 * One rule for the extractor, which masks such numbers, and for target_parse, which skips
 * them: "giữ vững chuẩn Quốc gia mức độ 1" is an achievement, never "= 1". */
bool target_number_is_label(const char *lower, size_t at);

/* A copy of s with the multiples said in words written in digits: "gấp đôi" → "gấp 2 lần",
 * "gấp rưỡi" → "gấp 1,5 lần", "gấp ba lần" → "gấp 3 lần". One rule for the extractor and
 * target_parse. s itself when there is none (or lower-casing moves bytes). */
const char *target_multiple_digits(arena *a, const char *s);

/* True when the number at lower + at is a multiple: "lần" follows it and "gấp" or "tăng" comes
 * before it with no other figure between ("gấp 3 lần", "tăng 1,5 lần", "gấp từ 2 lần"). "2 lần"
 * alone counts times something is done, and is no figure. */
bool target_multiple_at(const char *lower, size_t at);

/* True when a lower-case name calls its figure a rate of change ("tốc độ tăng GRDP", "tỷ lệ
 * tăng dân số tự nhiên"): the figure is a level, not a change. Not when the rate word changes a
 * share ("tỷ lệ giảm nghèo", "mức giảm tỷ lệ hộ nghèo"): that figure is the share's fall. */
bool target_names_rate(const char *lower);

/* True when a lower-case phrase starts with a rate to raise and gives no figure: "nâng tỉ lệ
 * trường đạt chuẩn mức độ 2", "tăng tỷ lệ …". target_parse reads it as a rise above 0 over
 * the baseline year ("tăng trên 0%"), not as a yes/no achievement. */
bool target_raise_phrase(const char *lower);

/* True when a lower-case phrase without a figure takes its figure from above: "đạt so với chỉ
 * tiêu được giao", "đạt và vượt chỉ tiêu thu ngân sách huyện giao" (but not "giao thông"). */
bool target_assigned_phrase(const char *lower);

/* The longest target text, in characters: the longest phrase of a real plan read as a target
 * is about 200 characters; a whole paragraph is not a target. */
#define TARGET_MAX_TEXT 500

/* Reads one target phrase (not a whole plan line: that is the extractor's job).
 * On success every field of *out is set, out->text is a copy of text (NFC), and strings live
 * in a. Text with no number and no known phrase is a yes/no achievement (done). Fails with
 * TD_ERR_INPUT and a Vietnamese message for an empty text, a text longer than
 * TARGET_MAX_TEXT characters, a text that holds no letter or digit ("((((((((((", "..."), a
 * text without a number whose words are not even one word of two letters ("x", "(a)"), a
 * range whose low end is above its high end, or a number that is not written as Vietnamese
 * writes numbers. */
td_status target_parse(arena *a, const char *text, target *out, td_error *err);

/* A copy of s with the notation of plans typed in LaTeX-ish Markdown made plain ("$\geq 65$"
 * → "≥ 65", "\%" → "%"), typographic dashes as "-" and non-breaking spaces as spaces. */
char *target_plain(arena *a, const char *s);

/* The canonical Vietnamese text of t, e.g. "từ 19% trở lên", "trên 97,2%", "15 - 17%",
 * "duy trì từ 901 - 910 ha", "khoảng 8.990 con", "tăng 3 - 5%",
 * "giảm từ 20% trở lên so với năm 2025", "hoàn thành", "đạt so với chỉ tiêu được giao". */
char *target_format(arena *a, const target *t);

/* Checks the spec's invariants (fields present for its op, low ≤ high, tolerance ≥ 0, items
 * non-empty for list). */
td_status target_validate(const target *t, td_error *err);

/* Same meaning: op, value, high, unit, change, baseline year, items and tolerance agree
 * (text is not compared). */
bool target_equal(const target *a, const target *b);

/* A new JSON object in the shape above (the caller owns the reference). */
json_t *target_to_json(const target *t);

/* Reads the JSON shape. Missing optional fields take their defaults; when "op" is absent the
 * target is read from "text" with target_parse. Unknown fields, wrong types and invalid specs
 * fail with a message naming the field. Strings live in a. */
td_status target_from_json(arena *a, const json_t *obj, target *out, td_error *err);

#endif
