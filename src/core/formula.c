/* formula.c — parse and evaluate indicator formulas; see formula.h.
 *
 * A recursive-descent parser over the grammar
 *   expr   := term (('+' | '-') term)*
 *   term   := factor (('*' | '/') factor)*
 *   factor := NUMBER | '[' CODE ']' | '(' expr ')' | '-' factor
 * builds a tree in the arena; evaluation walks it. Depth is bounded so that a hostile
 * formula cannot exhaust the stack. */
#include "formula.h"

#include <math.h>
#include <string.h>

#include "vnum.h"

#define FORMULA_MAX_DEPTH 64

typedef enum node_kind { N_NUM, N_REF, N_NEG, N_ADD, N_SUB, N_MUL, N_DIV } node_kind;

typedef struct node node;
struct node {
    node_kind kind;
    double num;
    const char *code;
    node *l, *r;
};

struct formula {
    node *root;
    const char **refs;
    size_t n_refs;
};

typedef struct parser {
    arena *a;
    const char *text, *p;
    int depth;
    formula *f;
    td_error *err;
} parser;

static node *expr(parser *ps);

static void skip_space(parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t')
        ps->p++;
}

static node *fail_at(parser *ps, const char *what)
{
    td_fail(ps->err, TD_ERR_INPUT, "công thức \"%s\": %s ở vị trí %zu", ps->text, what, (size_t)(ps->p - ps->text) + 1);
    return NULL;
}

static node *mk(parser *ps, node_kind k, node *l, node *r)
{
    node *n = arena_alloc(ps->a, sizeof *n);
    n->kind = k;
    n->l = l;
    n->r = r;
    return n;
}

static void add_ref(parser *ps, const char *code)
{
    for (size_t i = 0; i < ps->f->n_refs; i++)
        if (strcmp(ps->f->refs[i], code) == 0)
            return;
    const char **more = arena_calloc(ps->a, ps->f->n_refs + 1, sizeof *more);
    if (ps->f->n_refs)
        memcpy(more, ps->f->refs, ps->f->n_refs * sizeof *more);
    more[ps->f->n_refs++] = code;
    ps->f->refs = more;
}

static node *factor(parser *ps)
{
    node *n;
    skip_space(ps);
    if (++ps->depth > FORMULA_MAX_DEPTH)
        return fail_at(ps, "lồng quá sâu");
    if (*ps->p == '-') {
        ps->p++;
        node *inner = factor(ps);
        n = inner ? mk(ps, N_NEG, inner, NULL) : NULL;
    } else if (*ps->p == '(') {
        ps->p++;
        n = expr(ps);
        skip_space(ps);
        if (n && *ps->p != ')')
            return fail_at(ps, "thiếu dấu \")\"");
        if (n)
            ps->p++;
    } else if (*ps->p == '[') {
        const char *start = ++ps->p;
        while (*ps->p && *ps->p != ']' && *ps->p != '[')
            ps->p++;
        if (*ps->p != ']')
            return fail_at(ps, "thiếu dấu \"]\" đóng mã chỉ tiêu");
        const char *s = start, *e = ps->p;
        while (s < e && *s == ' ')
            s++;
        while (e > s && e[-1] == ' ')
            e--;
        if (s == e)
            return fail_at(ps, "mã chỉ tiêu trống");
        n = mk(ps, N_REF, NULL, NULL);
        n->code = arena_strndup(ps->a, s, (size_t)(e - s));
        add_ref(ps, n->code);
        ps->p++;
    } else if (*ps->p >= '0' && *ps->p <= '9') {
        double v;
        size_t used = vnum_scan(ps->p, &v);
        if (!used)
            return fail_at(ps, "số không hợp lệ");
        ps->p += used;
        if ((*ps->p == '.' || *ps->p == ',') && ps->p[1] >= '0' && ps->p[1] <= '9')
            return fail_at(ps, "số viết không đúng kiểu Việt Nam (dấu phẩy thập phân: 0,5)");
        n = mk(ps, N_NUM, NULL, NULL);
        n->num = v;
    } else {
        return fail_at(ps, *ps->p ? "cần một số, một mã chỉ tiêu [mã] hoặc \"(\"" : "công thức kết thúc giữa chừng");
    }
    ps->depth--;
    return n;
}

static node *term(parser *ps)
{
    node *l = factor(ps);
    while (l) {
        skip_space(ps);
        char op = *ps->p;
        if (op != '*' && op != '/')
            break;
        ps->p++;
        node *r = factor(ps);
        l = r ? mk(ps, op == '*' ? N_MUL : N_DIV, l, r) : NULL;
    }
    return l;
}

static node *expr(parser *ps)
{
    node *l = term(ps);
    while (l) {
        skip_space(ps);
        char op = *ps->p;
        if (op != '+' && op != '-')
            break;
        ps->p++;
        node *r = term(ps);
        l = r ? mk(ps, op == '+' ? N_ADD : N_SUB, l, r) : NULL;
    }
    return l;
}

td_status formula_parse(arena *a, const char *text, formula **out, td_error *err)
{
    parser ps = {.a = a, .text = text ? text : "", .p = text ? text : "", .err = err};
    ps.f = arena_alloc(a, sizeof *ps.f);
    *out = NULL;
    skip_space(&ps);
    if (!*ps.p)
        return td_fail(err, TD_ERR_INPUT, "công thức trống; ví dụ \"[10.1.a] / [10.1.b] * 100\"");
    ps.f->root = expr(&ps);
    if (!ps.f->root)
        return err ? err->status : TD_ERR_INPUT;
    skip_space(&ps);
    if (*ps.p) {
        fail_at(&ps, "ký tự thừa");
        return TD_ERR_INPUT;
    }
    *out = ps.f;
    return TD_OK;
}

size_t formula_refs(const formula *f, const char ***codes)
{
    *codes = f->refs;
    return f->n_refs;
}

static bool eval(const node *n, formula_lookup lookup, void *ctx, double *out, const char **missing)
{
    double l = 0, r = 0;
    switch (n->kind) {
    case N_NUM:
        *out = n->num;
        return true;
    case N_REF:
        if (!lookup(ctx, n->code, out)) {
            *missing = n->code;
            return false;
        }
        return true;
    case N_NEG:
        if (!eval(n->l, lookup, ctx, &l, missing))
            return false;
        *out = -l;
        return true;
    default:
        break;
    }
    if (!eval(n->l, lookup, ctx, &l, missing) || !eval(n->r, lookup, ctx, &r, missing))
        return false;
    switch (n->kind) {
    case N_ADD:
        *out = l + r;
        break;
    case N_SUB:
        *out = l - r;
        break;
    case N_MUL:
        *out = l * r;
        break;
    default:
        if (r == 0) {
            *missing = NULL;
            return false;
        }
        *out = l / r;
        break;
    }
    return isfinite(*out);
}

bool formula_eval(const formula *f, formula_lookup lookup, void *ctx, double *out, const char **missing)
{
    *missing = NULL;
    return eval(f->root, lookup, ctx, out, missing);
}
