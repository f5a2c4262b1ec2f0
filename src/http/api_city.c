/* api_city.c — what a city officer reads across its communes (docs/api.md "City"): the routes
 * are the city role's only; the service takes the city from the account. */
#include "router.h"

#include "service/city.h"

typedef td_status (*city_view)(store *, arena *, const user *, const city_query *, json_t **, td_error *);

static void send_city_view(request *r, city_view view)
{
    city_query q = {.period = query(r, "period"), .as_of = query(r, "as_of")};
    json_t *out = NULL;
    td_error err = {0};
    td_status st = view(r->store, r->a, &r->user, &q, &out, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    send_json(r, 200, out);
}

void get_city_communes(request *r)
{
    send_city_view(r, city_communes);
}

void get_city_rollup(request *r)
{
    send_city_view(r, city_rollup);
}

void get_city_reports(request *r)
{
    send_city_view(r, city_reports);
}
