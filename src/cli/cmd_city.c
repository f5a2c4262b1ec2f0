/* cmd_city.c — `thidua demo generate` (synthetic communes) and `thidua city communes|rollup|
 * reports` (what a city officer reads, from the command line: the whole city named by --city). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/period.h"
#include "core/vnum.h"
#include "service/city.h"
#include "service/demo_generate.h"
#include "table.h"

/* A whole number of the command line in [lo, hi], or TD_ERR_USAGE naming the option. */
static td_status read_count(cli *c, const char *text, const char *option, long lo, long hi, long *out)
{
    char *end = NULL;
    long v = text ? strtol(text, &end, 10) : 0;
    if (!text || !*text || *end || v < lo || v > hi)
        return td_fail(&c->err, TD_ERR_USAGE, "%s cần một số nguyên từ %ld đến %ld", option, lo, hi);
    *out = v;
    return TD_OK;
}

td_status cmd_demo_generate(cli *c)
{
    store *s;
    long communes = 0, units = 0, months = 0, seed = 1;
    demo_summary sum;
    td_status st = read_count(c, c->communes, "--communes", 1, 9999, &communes);
    if (!st)
        st = read_count(c, c->unit_count, "--units", 1, 200, &units);
    if (!st)
        st = read_count(c, c->months, "--months", 1, 12, &months);
    if (!st && c->seed)
        st = read_count(c, c->seed, "--seed", 0, 2147483647L, &seed);
    if (!st)
        st = cli_store(c, &s);
    if (st)
        return st;
    demo_spec spec = {.communes = (int)communes, .units = (int)units, .months = (int)months,
                      .seed = (uint64_t)seed, .city = c->city};
    fprintf(c->out, "Sinh %ld xã, mỗi xã %ld đơn vị báo cáo, số liệu %ld tháng (seed %ld):\n", communes, units, months,
            seed);
    st = demo_generate(s, &spec, c->out, &sum, &c->err);
    if (st)
        return st;
    fprintf(c->out, "Đã sinh %d xã, %s số liệu trong %s giây.\n", sum.communes,
            vnum_format(c->a, (double)sum.values, 0), vnum_format(c->a, sum.seconds, 1));
    return TD_OK;
}

typedef td_status (*city_view_fn)(store *, arena *, const user *, const city_query *, json_t **, td_error *);
/* Fills the cells of a row of the table from an item of the view's list. */
typedef void (*row_fn)(cli *c, json_t *item, const char **cells);
/* The line above the table, from the whole view. */
typedef const char *(*head_fn)(cli *c, json_t *view);

static const char *count_text(cli *c, json_t *o, const char *key)
{
    return vnum_format(c->a, (double)json_integer_value(json_object_get(o, key)), 0);
}

static const char *city_name(json_t *o)
{
    return json_string_value(json_object_get(json_object_get(o, "city"), "name"));
}

/* Runs a view for the city of --city and prints it: its JSON with --json, else a table of the
 * list under key with one row per item. */
static td_status print_view(cli *c, city_view_fn view, const char *key, const char *const *titles, size_t n_cols,
                            row_fn row, head_fn head)
{
    store *s;
    char as_of[11];
    json_t *o = NULL;
    td_status st = cli_store(c, &s);
    if (!st && c->as_of)
        st = cli_read_date(c, c->as_of, as_of);
    city_query q = {.period = c->period, .city_name = c->city, .as_of = c->as_of ? as_of : NULL};
    if (!st)
        st = view(s, c->a, NULL, &q, &o, &c->err);
    if (st)
        return st;
    if (c->json) {
        cli_print_json(c, o);
        return TD_OK;
    }
    table *t = table_new(c->a, n_cols, titles, table_terminal_width());
    const char **cells = arena_calloc(c->a, n_cols, sizeof *cells);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(o, key), i, x) {
        row(c, x, cells);
        table_row(t, cells);
    }
    fprintf(c->out, "%s\n", head(c, o));
    table_print(t, c->out);
    json_decref(o);
    return TD_OK;
}

static void commune_cells(cli *c, json_t *x, const char **cells)
{
    json_t *k = json_object_get(x, "counts");
    cells[0] = json_string_value(json_object_get(x, "name"));
    cells[1] = count_text(c, k, "exceeded");
    cells[2] = count_text(c, k, "achieved");
    cells[3] = count_text(c, k, "not_achieved");
    cells[4] = count_text(c, k, "no_data");
}

static const char *period_head(cli *c, json_t *o)
{
    return arena_printf(c->a, "%s — %s", city_name(o), json_string_value(json_object_get(o, "period_label")));
}

td_status cmd_city_communes(cli *c)
{
    static const char *const titles[] = {"Xã", "Vượt", "Đạt", "Không đạt", "Chưa có số liệu"};
    return print_view(c, city_communes, "communes", titles, 5, commune_cells, period_head);
}

static void target_cells(cli *c, json_t *x, const char **cells)
{
    cells[0] = arena_printf(c->a, "%s. %s", json_string_value(json_object_get(x, "code")),
                            json_string_value(json_object_get(x, "name")));
    cells[1] = json_string_value(json_object_get(x, "target_text"));
    cells[2] = count_text(c, x, "exceeded");
    cells[3] = count_text(c, x, "achieved");
    cells[4] = count_text(c, x, "not_achieved");
    cells[5] = count_text(c, x, "no_data");
}

static const char *rollup_head(cli *c, json_t *o)
{
    return arena_printf(c->a, "%s: %s xã", period_head(c, o), count_text(c, o, "communes"));
}

td_status cmd_city_rollup(cli *c)
{
    static const char *const titles[] = {"Chỉ tiêu", "Mục tiêu", "Vượt", "Đạt", "Không đạt", "Chưa có số liệu"};
    return print_view(c, city_rollup, "targets", titles, 6, target_cells, rollup_head);
}

static void report_cells(cli *c, json_t *x, const char **cells)
{
    const char *on = json_string_value(json_object_get(x, "issued_on"));
    cells[0] = json_string_value(json_object_get(x, "name"));
    cells[1] = json_string_value(json_object_get(x, "status_label"));
    cells[2] = on ? date_format_vi(c->a, on) : "";
    cells[3] = json_string_value(json_object_get(x, "number"));
}

static const char *reports_head(cli *c, json_t *o)
{
    json_t *wording = json_object_get(o, "deadline_wording");
    return arena_printf(c->a, "%s — báo cáo gửi thành phố %s", city_name(o),
                        json_is_string(wording) ? json_string_value(wording) : "(kế hoạch chưa ghi hạn)");
}

td_status cmd_city_reports(cli *c)
{
    static const char *const titles[] = {"Xã", "Tình trạng", "Ngày ban hành", "Số"};
    return print_view(c, city_reports, "communes", titles, 4, report_cells, reports_head);
}
