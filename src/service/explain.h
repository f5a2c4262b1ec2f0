/* explain.h — one target phrase read and, with a figure, judged: what `thidua target explain`
 * prints and what the API's target preview answers, from the same code. */
#ifndef TD_EXPLAIN_H
#define TD_EXPLAIN_H

#include <stdbool.h>

#include "core/evaluate.h"
#include "core/indicator_kind.h"

typedef struct explanation {
    target target;
    const char *plain; /* the canonical Vietnamese restatement ("từ 19% trở lên") */
    bool judged;       /* an actual figure was given */
    eval_actual actual;
    eval_judgement judgement; /* rule always; verdict, degree and reason when judged */
    indicator_kind kind;      /* direction and aggregation guessed from the phrase's words */
} explanation;

/* Where the figures came from, for messages: "--actual" on the command line, "actual" in JSON. */
typedef struct explain_names {
    const char *actual, *baseline;
} explain_names;

/* Reads text as a target (target_parse: TD_ERR_INPUT with the parser's message when it cannot)
 * and, when actual is not NULL, judges it as for a period that is over. actual is a Vietnamese
 * number ("20,5"), "có"/"không" for a yes/no target, or "a; b" for a checklist; baseline, for a
 * growth target only, turns actual into the change. A bad figure is TD_ERR_USAGE, its message
 * naming the figure by names. Everything lives in a. */
td_status explain_target(arena *a, const char *text, const char *actual, const char *baseline,
                         const explain_names *names, explanation *out, td_error *err);

#endif
