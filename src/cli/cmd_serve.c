/* cmd_serve.c — `thidua serve`: the HTTP server on the database of --db. */
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "http/server.h"
#include "service/accounts.h"

td_status cmd_serve(cli *c)
{
    server_config cfg = {.db_path = c->db_path, .log = stdout, .secure_cookies = c->secure_cookies};
    char host[64];
    td_status st = server_parse_listen(c->listen ? c->listen : "127.0.0.1:8080", host, sizeof host, &cfg.port, &c->err);
    store *s;

    if (!st)
        st = accounts_trust_proxies(c->trust_proxy, &c->err);
    cfg.remind_every = 60;
    if (!st && c->remind_every) {
        char *end = NULL;
        long v = strtol(c->remind_every, &end, 10);
        if (*end || v < 0 || v > 7 * 24 * 60)
            st = td_fail(&c->err, TD_ERR_USAGE, "--remind-every: cần số phút từ 0 đến 10080, gặp \"%s\"",
                         c->remind_every);
        cfg.remind_every = (int)v;
    }
    if (!st && c->threads) {
        char *end = NULL;
        long v = strtol(c->threads, &end, 10);
        if (*end || v < 1 || v > 64)
            st = td_fail(&c->err, TD_ERR_USAGE, "--threads: cần số luồng từ 1 đến 64, gặp \"%s\"", c->threads);
        cfg.threads = (int)v;
    }
    if (st)
        return st;
    cfg.host = host;
    cfg.web = c->web ? c->web : access("web/dist/index.html", R_OK) == 0 ? "web/dist" : NULL;
    if (c->web && access(c->web, R_OK) != 0)
        return td_fail(&c->err, TD_ERR_USAGE, "--web: không đọc được thư mục %s", c->web);
    /* open (and migrate) once here, so that a bad database is reported before listening */
    st = cli_store(c, &s);
    if (st)
        return st;
    /* and that connection serves: the first worker takes it (and closes it) */
    cfg.first_store = c->store;
    c->store = NULL;
    return server_run(&cfg, &c->err);
}
