/* store_memo.c — see store_memo.h.
 *
 * Two small tables (accounts by API token hash, plan states by plan id), each entry with the
 * connection's own-write count when it was read; an entry replaced in turn when a table is full.
 * Memory stays bounded whatever clients send: an unknown token is never kept. */
#include "store_memo.h"

#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define MEMO_USERS 32
#define MEMO_PLANS 32

struct memo_user {
    char *hash; /* NULL: free */
    uint64_t own;
    user u; /* its texts malloc'd */
};

struct memo_plan {
    bool used;
    uint64_t own;
    plan_state ps;
};

struct store_memo {
    bool armed;     /* inside a request (store_memo_begin … end) */
    bool have_mark; /* others holds the mark read at a request's start */
    uint64_t others;
    struct memo_user users[MEMO_USERS];
    size_t next_user;
    struct memo_plan plans[MEMO_PLANS];
    size_t next_plan;
};

static char *dup_or_null(const char *t)
{
    if (!t)
        return NULL;
    char *c = strdup(t);
    if (!c)
        td_oom(strlen(t) + 1);
    return c;
}

static void user_free(struct memo_user *e)
{
    free(e->hash);
    free((char *)e->u.username);
    free((char *)e->u.display_name);
    free((char *)e->u.org_unit_code);
    free((char *)e->u.org_unit_name);
    free((char *)e->u.password_hash);
    memset(e, 0, sizeof *e);
}

static void forget(struct store_memo *m)
{
    for (size_t i = 0; i < MEMO_USERS; i++)
        user_free(&m->users[i]);
    memset(m->plans, 0, sizeof m->plans);
}

void store_memo_begin(store *s)
{
    db_mark mark;
    if (!s->memo && !(s->memo = calloc(1, sizeof *s->memo)))
        td_oom(sizeof *s->memo);
    struct store_memo *m = s->memo;
    if (!db_change_mark(s->db, &mark)) {
        /* the backend cannot tell what others committed: kept for this request only (two reads
         * of one request may be taken as one read at the first's moment) */
        forget(m);
        m->have_mark = false;
    } else if (!m->have_mark || mark.others != m->others) {
        forget(m);
        m->others = mark.others;
        m->have_mark = true;
    }
    m->armed = true;
}

void store_memo_end(store *s)
{
    if (s->memo)
        s->memo->armed = false;
}

void store_memo_free(store *s)
{
    if (!s->memo)
        return;
    forget(s->memo);
    free(s->memo);
    s->memo = NULL;
}

uint64_t memo_own(store *s)
{
    return db_own_writes(s->db);
}

bool memo_armed(store *s)
{
    return s->memo && s->memo->armed;
}

bool memo_user(store *s, arena *a, const char *token_hash, user *out)
{
    if (!memo_armed(s))
        return false;
    uint64_t own = memo_own(s);
    for (size_t i = 0; i < MEMO_USERS; i++) {
        struct memo_user *e = &s->memo->users[i];
        if (!e->hash || e->own != own || strcmp(e->hash, token_hash) != 0)
            continue;
        /* copied: the caller's arena outlives anything the table replaces */
        *out = e->u;
        out->username = arena_strdup(a, e->u.username);
        out->display_name = arena_strdup(a, e->u.display_name);
        out->org_unit_code = arena_strdup(a, e->u.org_unit_code);
        out->org_unit_name = arena_strdup(a, e->u.org_unit_name);
        out->password_hash = arena_strdup(a, e->u.password_hash);
        return true;
    }
    return false;
}

void memo_keep_user(store *s, const char *token_hash, uint64_t own, const user *u)
{
    if (!memo_armed(s))
        return;
    struct store_memo *m = s->memo;
    struct memo_user *e = NULL;
    for (size_t i = 0; i < MEMO_USERS && !e; i++)
        if (m->users[i].hash && strcmp(m->users[i].hash, token_hash) == 0)
            e = &m->users[i];
    if (!e) {
        e = &m->users[m->next_user];
        m->next_user = (m->next_user + 1) % MEMO_USERS;
    }
    user_free(e);
    e->hash = dup_or_null(token_hash);
    e->own = own;
    e->u = *u;
    e->u.username = dup_or_null(u->username);
    e->u.display_name = dup_or_null(u->display_name);
    e->u.org_unit_code = dup_or_null(u->org_unit_code);
    e->u.org_unit_name = dup_or_null(u->org_unit_name);
    e->u.password_hash = dup_or_null(u->password_hash);
}

bool memo_plan(store *s, td_id plan_id, plan_state *out)
{
    if (!memo_armed(s))
        return false;
    uint64_t own = memo_own(s);
    for (size_t i = 0; i < MEMO_PLANS; i++) {
        struct memo_plan *e = &s->memo->plans[i];
        if (e->used && e->own == own && e->ps.plan_id == plan_id) {
            *out = e->ps;
            return true;
        }
    }
    return false;
}

void memo_keep_plan(store *s, uint64_t own, const plan_state *ps)
{
    if (!memo_armed(s))
        return;
    struct store_memo *m = s->memo;
    struct memo_plan *e = NULL;
    for (size_t i = 0; i < MEMO_PLANS && !e; i++)
        if (m->plans[i].used && m->plans[i].ps.plan_id == ps->plan_id)
            e = &m->plans[i];
    if (!e) {
        e = &m->plans[m->next_plan];
        m->next_plan = (m->next_plan + 1) % MEMO_PLANS;
    }
    *e = (struct memo_plan){.used = true, .own = own, .ps = *ps};
}
