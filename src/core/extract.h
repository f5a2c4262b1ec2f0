/* extract.h — read the targets out of a plan's own text.
 *
 * Officials receive plans as documents; retyping forty targets is where errors come from.
 * extract_plan reads the text of a plan (plain text or Markdown, one paragraph per line; a
 * .docx is turned into such lines by service/doctext) and proposes, for every target it
 * finds, the indicator code, a name, the structured target (target.h) and the source line.
 * Lines it could not read are returned too, never dropped in silence.
 *
 * It is written for the language of Vietnamese plans and resolutions, not for one file:
 * numbering "(1)", "1.", "+", "-", "a)"; several targets on a line ("…; …"), targets in
 * parentheses; comparators, ranges, "khoảng", "duy trì", growth and baselines; years, dates,
 * "mức độ 1", "thôn 9" and "trên 1 ha" are not targets; named villages become a checklist;
 * a narrative of past results ("đã đạt …") is not a target; lists of named places are one
 * checklist. Tables are a layout stage: "|" rows with or without edge pipes, tab rows, with or
 * without a header; the header picks the target column (kế hoạch / mục tiêu / the plan's year)
 * and each target cell is read like running text. docs/targets.md lists the rules. Pure; no I/O. */
#ifndef TD_EXTRACT_H
#define TD_EXTRACT_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "target.h"

typedef struct extract_target {
    int line;         /* 1-based line in the input */
    const char *code; /* "1", "1.3", "1.3.2": the plan's own numbering where it has one */
    const char *name; /* what is measured, as written */
    target target;
} extract_target;

typedef struct extract_unread {
    int line;
    const char *text;
    const char *reason; /* why no target was read, in Vietnamese */
} extract_unread;

/* A numbered line that heads targets ("(5) …; …", "1. Chương trình …"): its code and text,
 * the name of the group node when the proposal is made a plan file. */
typedef struct extract_group {
    int line;
    const char *code, *name;
} extract_group;

typedef struct extract_result {
    extract_target *targets;
    size_t n_targets;
    extract_group *groups;
    size_t n_groups;
    extract_unread *unread;
    size_t n_unread;
    size_t lines;
    int year; /* the year the text names most ("năm 2026"), 0 when none */
} extract_result;

/* Reads text[0..len). Fails only for text that is not UTF-8 (TD_ERR_INPUT, with the line). */
td_status extract_plan(arena *a, const char *text, size_t len, extract_result *out, td_error *err);

/* {"targets": [{"line", "code", "name", …target fields}], "unread": [{"line", "text", "reason"}]} */
json_t *extract_to_json(const extract_result *r);

/* The proposal as a plan file (docs/plan-file.md, "thidua-plan/1") for review and `plan import`:
 * the indicator tree built from the codes, each node with a guessed group, measure and
 * frequency, and the header fields the text does not give left empty, so that the import
 * names each one until a person fills it in. year: the plan's year (0: guessed from the text). */
json_t *extract_to_plan_json(arena *a, const extract_result *r, int year);

#endif
