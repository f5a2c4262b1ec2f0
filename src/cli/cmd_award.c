/* cmd_award.c — `thidua award …`: a block's scores and ranking, nominations with their checks,
 * decisions, the Giấy khen certificates and the decision as files, and the award history, from
 * the command line (service/awards_*.h; the command line acts for the database's first commune). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "service/awards.h"
#include "service/awards_scores.h"
#include "service/awards_persons.h"
#include "service/awards_nominations.h"
#include "service/awards_decisions.h"
#include "service/awards_docs.h"
#include "service/certificate.h"
#include "service/fileio.h"
#include "table.h"

static const char *js(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* `thidua award scores --block KHỐI --period KỲ [--plan ID]`: the score table and ranking. */
td_status cmd_award_scores(cli *c)
{
    store *s;
    td_id plan_id;
    json_t *out = NULL;
    td_status st = cli_store(c, &s);
    if (!st)
        st = cli_plan_id(c, &plan_id);
    if (!st && !c->block)
        st = td_fail(&c->err, TD_ERR_USAGE, "cần --block (mã khối thi đua)");
    if (!st)
        st = awards_scores(s, c->a, NULL, plan_id, c->block, c->period ? c->period : NULL, &out, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    fprintf(c->out, "%s — %s\n\n", js(json_object_get(out, "block"), "name"), js(out, "period_label"));
    static const char *const titles[] = {"Hạng", "Đơn vị", "Điểm", "Xếp loại"};
    table *t = table_new(c->a, 4, titles, table_terminal_width());
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(out, "units"), i, u)
    {
        const char *cells[] = {js(u, "rank_text"), js(u, "org_unit_name"), js(u, "total_text"),
                               js(u, "classification_label")};
        table_row(t, cells);
    }
    table_print(t, c->out);
    json_t *tie;
    json_array_foreach(json_object_get(out, "ties"), i, tie) fprintf(c->out, "\n%s", json_string_value(tie));
    fprintf(c->out, "\n%s\n", js(out, "method"));
    json_decref(out);
    return TD_OK;
}

/* `thidua award nominations`: every nomination with its status and its failing checks. */
td_status cmd_award_nominations(cli *c)
{
    store *s;
    json_t *out = NULL;
    td_status st = cli_store(c, &s);
    if (!st)
        st = awards_nominations(s, c->a, NULL, NULL, 0, 0, &out, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    size_t i, k;
    json_t *n, *ch;
    json_array_foreach(json_object_get(out, "nominations"), i, n)
    {
        fprintf(c->out, "%3lld  %-20s %s (%s) — %s, %lld\n     %s\n",
                (long long)json_integer_value(json_object_get(n, "id")), js(n, "status_label"), js(n, "name"),
                js(n, "org_unit_name"), js(n, "form_name"), (long long)json_integer_value(json_object_get(n, "year")),
                js(n, "achievement"));
        json_array_foreach(json_object_get(n, "checks"), k, ch) if (strcmp(js(ch, "result"), "pass") != 0)
            fprintf(c->out, "     [%s] %s: %s\n", js(ch, "result"), js(ch, "label"), js(ch, "reason"));
    }
    json_decref(out);
    return TD_OK;
}

/* `thidua award check ID`: the checks of one nomination, each with its reason. */
td_status cmd_award_check(cli *c)
{
    store *s;
    td_id id;
    json_t *out = NULL;
    td_status st = cli_store(c, &s);
    if (!st)
        st = cli_parse_id(c, c->args[0], "đề nghị khen thưởng", &id);
    if (!st)
        st = awards_nomination_get(s, c->a, NULL, id, &out, &c->err);
    if (st)
        return st;
    json_t *n = json_object_get(out, "nomination");
    if (c->json) {
        cli_print_json(c, json_pack("{s:O}", "checks", json_object_get(n, "checks")));
        json_decref(out);
        return TD_OK;
    }
    fprintf(c->out, "%s — %s (%s)\n", js(n, "name"), js(n, "form_name"), js(n, "status_label"));
    size_t i;
    json_t *ch;
    json_array_foreach(json_object_get(n, "checks"), i, ch)
        fprintf(c->out, "  %-6s %-28s %s\n", js(ch, "result"), js(ch, "label"), js(ch, "reason"));
    json_decref(out);
    return TD_OK;
}

/* `thidua award decisions`: the decisions with their awardees. */
td_status cmd_award_decisions(cli *c)
{
    store *s;
    json_t *out = NULL;
    td_status st = cli_store(c, &s);
    if (!st)
        st = awards_decisions(s, c->a, NULL, &out, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    size_t i, k;
    json_t *d, *aw;
    json_array_foreach(json_object_get(out, "decisions"), i, d)
    {
        const char *status = js(d, "status");
        fprintf(c->out, "%3lld  %s  %s  %s\n     %s\n", (long long)json_integer_value(json_object_get(d, "id")),
                *js(d, "number") ? js(d, "number") : "(dự thảo)", js(d, "signed_on_text"),
                strcmp(status, "draft") == 0    ? "dự thảo"
                : strcmp(status, "issued") == 0 ? "đã ban hành"
                                                : "đã thu hồi",
                js(d, "title"));
        json_array_foreach(json_object_get(d, "awardees"), k, aw)
            fprintf(c->out, "     - %s (%s)%s\n", js(aw, "name"), js(aw, "org_unit_name"),
                    json_is_true(json_object_get(aw, "revoked")) ? " — đã thu hồi" : "");
    }
    json_decref(out);
    return TD_OK;
}

static td_status write_out(cli *c, const char *data, size_t len, const char *name)
{
    const char *path = c->out_path ? c->out_path : name;
    td_status st = fileio_write(path, data, len, &c->err);
    if (!st)
        fprintf(c->out, "Đã ghi %s (%zu byte).\n", path, len);
    return st;
}

/* A document of a record as a file: -o or its own name. */
typedef td_status (*doc_fn)(cli *c, store *s, td_id id, char **data, size_t *len, const char **name);

static td_status write_doc(cli *c, const char *id_text, const char *what, doc_fn fn)
{
    store *s;
    td_id id = 0;
    char *data = NULL;
    size_t len = 0;
    const char *name = NULL;
    td_status st = cli_store(c, &s);
    if (!st && !id_text)
        st = td_fail(&c->err, TD_ERR_USAGE, "cần --decision (số thứ tự của quyết định, xem `thidua award decisions`)");
    if (!st)
        st = cli_parse_id(c, id_text, what, &id);
    if (!st)
        st = fn(c, s, id, &data, &len, &name);
    return st ? st : write_out(c, data, len, name);
}

static td_status certificates(cli *c, store *s, td_id id, char **data, size_t *len, const char **name)
{
    td_id nom = 0;
    td_status st = c->nomination ? cli_parse_id(c, c->nomination, "đề nghị khen thưởng", &nom) : TD_OK;
    return st ? st : certificate_decision(s, c->a, NULL, id, nom, data, len, name, &c->err);
}

static td_status decision_docx(cli *c, store *s, td_id id, char **data, size_t *len, const char **name)
{
    return awards_decision_docx(s, c->a, NULL, id, data, len, name, &c->err);
}

static td_status minutes_docx(cli *c, store *s, td_id id, char **data, size_t *len, const char **name)
{
    return awards_minutes_docx(s, c->a, NULL, id, data, len, name, &c->err);
}

/* `thidua award certificates --decision ID -o FILE.pdf [--nomination ID]`. */
td_status cmd_award_certificates(cli *c)
{
    return write_doc(c, c->decision, "quyết định", certificates);
}

/* `thidua award decision-docx --decision ID -o FILE.docx`. */
td_status cmd_award_decision_docx(cli *c)
{
    return write_doc(c, c->decision, "quyết định", decision_docx);
}

/* `thidua award minutes SESSION -o FILE.docx`: the council's minutes. */
td_status cmd_award_minutes(cli *c)
{
    return write_doc(c, c->args[0], "phiên họp", minutes_docx);
}

/* `thidua award history [--person ID] [--unit MÃ]`: awards, revocations shown. */
td_status cmd_award_history(cli *c)
{
    store *s;
    td_id person_id = 0;
    json_t *out = NULL;
    td_status st = cli_store(c, &s);
    if (!st && c->person)
        st = cli_parse_id(c, c->person, "cá nhân", &person_id);
    if (!st)
        st = awards_history(s, c->a, NULL, person_id, c->unit, NULL, 0, &out, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, out);
        return TD_OK;
    }
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(out, "entries"), i, e)
    {
        fprintf(c->out, "%lld  %s (%s) — %s, %s ngày %s%s\n      %s\n",
                (long long)json_integer_value(json_object_get(e, "year")), js(e, "name"), js(e, "org_unit_name"),
                js(e, "form_name"), js(e, "decision_number"), js(e, "decision_date_text"),
                strcmp(js(e, "status"), "revoked") == 0
                    ? arena_printf(c->a, " — ĐÃ THU HỒI: %s", js(e, "revoked_reason"))
                    : "",
                js(e, "achievement"));
        if (*js(e, "via"))
            fprintf(c->out, "      (của %s)\n", js(e, "via"));
    }
    json_decref(out);
    return TD_OK;
}
