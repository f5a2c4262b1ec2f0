/* report.h — the plan's reports as Word documents in the format of Nghị định 30/2020/NĐ-CP,
 * Phụ lục I (docs/reports.md): the commune's consolidated report, a unit's report of its own
 * targets, and the reminder letter (công văn đôn đốc) to the units that have not reported.
 * The content comes from the evaluation (evaluation_run) and the units' completeness
 * (evaluation_completeness) and the plan record; every Vietnamese text is here, the layout is
 * docx.c's. */
#ifndef TD_REPORT_H
#define TD_REPORT_H

#include <jansson.h>
#include <stddef.h>

#include "store/store.h"

typedef enum report_kind { REPORT_CONSOLIDATED, REPORT_UNIT, REPORT_REMINDER } report_kind;

/* "consolidated", "unit", "reminder" → the kind; false for anything else. */
bool report_kind_read(const char *text, report_kind *out);

/* The narrative of a report, the parts a person writes (docs/reports.md): results; shortcomings
 * and causes; lessons; proposals. Each is plain text, one paragraph a line; an empty part is
 * left out of the document. */
typedef struct report_narrative {
    const char *results, *shortcomings, *lessons, *proposals;
} report_narrative;

typedef struct report_query {
    report_kind kind;
    const char *unit;   /* a unit code: required for REPORT_UNIT (a reporter's: its own when NULL) */
    const char *period; /* "2026", "2026-Q4", "2026-11"; NULL: the plan's first year */
    const char *as_of;  /* YYYY-MM-DD: the date of the document and of the evaluation; NULL: today in Vietnam */
    const report_narrative *narrative; /* NULL: the saved draft's, else prefilled from the data */
    int number;                        /* the issued number (05/BC-UBND); 0: left blank for a draft */
} report_query;

/* What a query resolves to: the unit (code and name; NULL for a commune-wide report), the
 * period's code, the symbol of the document's number, the commune, and the date on it. */
typedef struct report_info {
    const char *unit, *unit_name;
    char period[12];
    const char *symbol;
    td_id commune_id;
    char as_of[11];
    report_narrative narrative; /* report_docx: the narrative the document holds */
} report_info;

/* "consolidated", "unit", "reminder". */
const char *report_kind_code(report_kind k);

/* The symbol of the kind's number: "BC-UBND" for the consolidated report, "UBND-VHXH" for the
 * reminder letter (a công văn of the culture & society office), and for a unit's report "BC-"
 * and the initials of the unit's name without the commune's place name (place, may be NULL),
 * without diacritics but Đ, a word in capitals kept whole ("Thôn Thái Lai" → "BC-TTL", "Đoàn
 * Thanh niên" → "BC-ĐTN", "Trường THCS Kiến Hải" with place "Kiến Hải" → "BC-TTHCS"). */
const char *report_symbol(arena *a, report_kind kind, const char *unit_name, const char *place);

/* The document's bytes (a .docx, in a) and a file name for it ("bao-cao-tong-hop-2026.docx").
 * viewer: NULL for the command line; policy_report_read decides (TD_ERR_FORBIDDEN otherwise).
 * TD_ERR_NOTFOUND for an unknown plan or unit, TD_ERR_USAGE for a unit report without a unit or
 * a bad period or date. info (may be NULL) receives what the query resolved to. */
td_status report_docx(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q, char **data,
                      size_t *len, const char **filename, report_info *info, td_error *err);

/* What q resolves to for the viewer (read as report_docx reads, without writing the document). */
td_status report_resolve(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                         report_info *info, td_error *err);

/* The narrative the document would hold: the saved draft's (*prefilled false) or, without one,
 * what the data says (*prefilled true). The reminder letter has none (TD_ERR_USAGE). Read as
 * report_docx reads. */
td_status report_narrative_get(store *s, arena *a, const user *viewer, td_id plan_id, const report_query *q,
                               report_narrative *out, bool *prefilled, report_info *info, td_error *err);

/* The narrative as JSON {"results", "shortcomings", "lessons", "proposals"}, and read back from
 * such an object: each part a text of at most 20.000 characters (NFC; missing parts empty);
 * TD_ERR_INPUT naming the part as users know it otherwise. */
json_t *report_narrative_json(const report_narrative *n);
td_status report_narrative_read(arena *a, const json_t *o, report_narrative *out, td_error *err);

#endif
