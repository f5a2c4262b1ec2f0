/* cli.h — what the command handlers of the thidua CLI share: the parsed command line and
 * the store, opened on first use. The handlers (cmd_*.c) are thin: they parse arguments,
 * call a service, and print. */
#ifndef TD_CLI_H
#define TD_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/error.h"
#include "service/records.h"

/* Options a command may accept: one bit each (main.c's option table names them). Bits are
 * taken in order; 64 are available. */
#define OPT_JSON (UINT64_C(1) << 0)
#define OPT_DEMO (UINT64_C(1) << 1)
#define OPT_PLAN (UINT64_C(1) << 2)
#define OPT_UNIT (UINT64_C(1) << 3)
#define OPT_INDICATOR (UINT64_C(1) << 4)
#define OPT_PERIOD (UINT64_C(1) << 5)
#define OPT_AS_OF (UINT64_C(1) << 6)
#define OPT_APPROVED (UINT64_C(1) << 7)
#define OPT_ACTUAL (UINT64_C(1) << 8)
#define OPT_BASELINE (UINT64_C(1) << 9)
#define OPT_PLAN_FILE (UINT64_C(1) << 10)
#define OPT_LISTEN (UINT64_C(1) << 11)
#define OPT_ROLE (UINT64_C(1) << 12)
#define OPT_WEB (UINT64_C(1) << 13)
#define OPT_OUT (UINT64_C(1) << 14)
#define OPT_CLEAR (UINT64_C(1) << 15)
#define OPT_UNITS (UINT64_C(1) << 16)
#define OPT_SECURE_COOKIES (UINT64_C(1) << 17)
#define OPT_COMMUNE (UINT64_C(1) << 18)
#define OPT_TRUST_PROXY (UINT64_C(1) << 19)
#define OPT_KIND (UINT64_C(1) << 20)
#define OPT_FORMAT (UINT64_C(1) << 21)
#define OPT_WHAT (UINT64_C(1) << 22)
#define OPT_ISSUE (UINT64_C(1) << 23) /* 23–25: reports (issue 15) */
#define OPT_REMIND_EVERY (UINT64_C(1) << 26) /* 26–28: reminders (issue 15) */
/* awards (issue 16): bits 29–36 */
#define OPT_BLOCK (UINT64_C(1) << 29)
#define OPT_DECISION (UINT64_C(1) << 30)
#define OPT_PERSON (UINT64_C(1) << 31)
#define OPT_NOMINATION (UINT64_C(1) << 32)
/* 37–40: the store (issue 17) */
#define OPT_FROM (UINT64_C(1) << 37)
#define OPT_TO (UINT64_C(1) << 38)
/* 41–44: many communes (city17); `--units N` (a count) shares OPT_UNITS with the flag --units */
#define OPT_CITY (UINT64_C(1) << 41)
#define OPT_COMMUNES (UINT64_C(1) << 42)
#define OPT_MONTHS (UINT64_C(1) << 43)
#define OPT_SEED (UINT64_C(1) << 44)
/* 49–50: the request path (r18) */
#define OPT_THREADS (UINT64_C(1) << 49)

#define CLI_MAX_ARGS 8

typedef struct cli {
    const char *db_path;
    bool json, demo, approved, plan_file, clear, units, secure_cookies, issue;
    const char *plan, *unit, *indicator, *period, *as_of, *actual, *baseline, *listen, *role, *web, *out_path, *commune,
        *trust_proxy, *kind, *format, *what, *remind_every;
    const char *block, *decision, *person, *nomination; /* awards */
    const char *from, *to; /* migrate --from FILE.db --to URL */
    const char *city, *communes, *unit_count, *months, *seed;
    const char *threads; /* serve --threads N */
    const char *args[CLI_MAX_ARGS];
    int n_args;
    arena *a;
    store *store;
    FILE *out;
    td_error err;
} cli;

typedef struct cli_command {
    const char *group; /* "plan", or NULL for a top-level command */
    const char *name;
    const char *usage;   /* the arguments, e.g. "ID [--json]" */
    const char *summary; /* one line */
    const char *help;    /* the rest of --help */
    uint64_t opts;
    int min_args, max_args;
    td_status (*run)(cli *c);
} cli_command;

/* The database named by --db as it may be printed (a password in a URL hidden). */
const char *cli_db_shown(cli *c);

/* Opens the store named by --db (or $THIDUA_DB, or thidua.db) once. */
td_status cli_store(cli *c, store **out);

/* The plan named by --plan, or the only plan when there is one. */
td_status cli_plan_id(cli *c, td_id *id);

/* Parses a positive row id from text ("1"), naming what it is in the message. */
td_status cli_parse_id(cli *c, const char *text, const char *what, td_id *id);

/* --as-of as written, "25/11/2026" or "2026-11-25", → "2026-11-25"; TD_ERR_USAGE otherwise. */
td_status cli_read_date(cli *c, const char *text, char out[11]);

/* Prints v as indented JSON on c->out and releases it. */
void cli_print_json(cli *c, json_t *v);

td_status cmd_init(cli *c);
td_status cmd_report(cli *c);
td_status cmd_report_list(cli *c);
td_status cmd_plan_list(cli *c);
td_status cmd_plan_show(cli *c);
td_status cmd_plan_import(cli *c);
td_status cmd_plan_export(cli *c);
td_status cmd_values_import(cli *c);
td_status cmd_values_list(cli *c);
td_status cmd_evaluate(cli *c);
td_status cmd_target_explain(cli *c);
td_status cmd_target_assign(cli *c);
td_status cmd_target_share(cli *c);
td_status cmd_target_shares(cli *c);
td_status cmd_serve(cli *c);
td_status cmd_user_add(cli *c);
td_status cmd_user_list(cli *c);
td_status cmd_user_passwd(cli *c);
td_status cmd_user_disable(cli *c);
td_status cmd_user_enable(cli *c);
td_status cmd_token_create(cli *c);
td_status cmd_plan_extract(cli *c);
td_status cmd_backup(cli *c);
td_status cmd_export(cli *c);
td_status cmd_restore(cli *c);
td_status cmd_remind_run(cli *c);
td_status cmd_remind_list(cli *c);
td_status cmd_remind_show(cli *c);
td_status cmd_remind_contact(cli *c);
td_status cmd_remind_smtp(cli *c);
td_status cmd_remind_schedule(cli *c);
td_status cmd_award_scores(cli *c);
td_status cmd_award_nominations(cli *c);
td_status cmd_award_check(cli *c);
td_status cmd_award_decisions(cli *c);
td_status cmd_award_certificates(cli *c);
td_status cmd_award_decision_docx(cli *c);
td_status cmd_award_minutes(cli *c);
td_status cmd_award_history(cli *c);
td_status cmd_migrate(cli *c);
td_status cmd_demo_generate(cli *c);
td_status cmd_city_communes(cli *c);
td_status cmd_city_rollup(cli *c);
td_status cmd_city_reports(cli *c);

#endif
