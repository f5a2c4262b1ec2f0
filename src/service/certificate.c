/* certificate.c — Giấy khen drawn with cairo and pango; see certificate.h. */
#include "certificate.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "core/vtext.h"
#include "service/awards.h"
#include "service/awards_decisions.h"
#include "store/dynlib.h"

/* pango and cairo are opened by the first certificate (store/dynlib.h): with glib, fontconfig,
 * freetype, harfbuzz and X11's libraries behind them they are a third of what a start-up would
 * otherwise map, for a server that may print none. */
#define PANGO_CAIRO_FUNCTIONS(X) \
    X(cairo_arc) \
    X(cairo_create) \
    X(cairo_destroy) \
    X(cairo_fill) \
    X(cairo_move_to) \
    X(cairo_pdf_surface_create_for_stream) \
    X(cairo_pdf_surface_set_metadata) \
    X(cairo_rectangle) \
    X(cairo_set_line_width) \
    X(cairo_set_source_rgb) \
    X(cairo_show_page) \
    X(cairo_status_to_string) \
    X(cairo_stroke) \
    X(cairo_surface_destroy) \
    X(cairo_surface_finish) \
    X(cairo_surface_status) \
    X(g_object_unref) \
    X(pango_cairo_create_layout) \
    X(pango_cairo_show_layout) \
    X(pango_font_description_free) \
    X(pango_font_description_new) \
    X(pango_font_description_set_absolute_size) \
    X(pango_font_description_set_family) \
    X(pango_font_description_set_style) \
    X(pango_font_description_set_weight) \
    X(pango_layout_get_size) \
    X(pango_layout_get_unknown_glyphs_count) \
    X(pango_layout_set_alignment) \
    X(pango_layout_set_font_description) \
    X(pango_layout_set_text) \
    X(pango_layout_set_width) \
    X(pango_layout_set_wrap)
PANGO_CAIRO_FUNCTIONS(DYNLIB_DECLARE)
#define cairo_arc (*p_cairo_arc)
#define cairo_create (*p_cairo_create)
#define cairo_destroy (*p_cairo_destroy)
#define cairo_fill (*p_cairo_fill)
#define cairo_move_to (*p_cairo_move_to)
#define cairo_pdf_surface_create_for_stream (*p_cairo_pdf_surface_create_for_stream)
#define cairo_pdf_surface_set_metadata (*p_cairo_pdf_surface_set_metadata)
#define cairo_rectangle (*p_cairo_rectangle)
#define cairo_set_line_width (*p_cairo_set_line_width)
#define cairo_set_source_rgb (*p_cairo_set_source_rgb)
#define cairo_show_page (*p_cairo_show_page)
#define cairo_status_to_string (*p_cairo_status_to_string)
#define cairo_stroke (*p_cairo_stroke)
#define cairo_surface_destroy (*p_cairo_surface_destroy)
#define cairo_surface_finish (*p_cairo_surface_finish)
#define cairo_surface_status (*p_cairo_surface_status)
#define g_object_unref (*p_g_object_unref)
#define pango_cairo_create_layout (*p_pango_cairo_create_layout)
#define pango_cairo_show_layout (*p_pango_cairo_show_layout)
#define pango_font_description_free (*p_pango_font_description_free)
#define pango_font_description_new (*p_pango_font_description_new)
#define pango_font_description_set_absolute_size (*p_pango_font_description_set_absolute_size)
#define pango_font_description_set_family (*p_pango_font_description_set_family)
#define pango_font_description_set_style (*p_pango_font_description_set_style)
#define pango_font_description_set_weight (*p_pango_font_description_set_weight)
#define pango_layout_get_size (*p_pango_layout_get_size)
#define pango_layout_get_unknown_glyphs_count (*p_pango_layout_get_unknown_glyphs_count)
#define pango_layout_set_alignment (*p_pango_layout_set_alignment)
#define pango_layout_set_font_description (*p_pango_layout_set_font_description)
#define pango_layout_set_text (*p_pango_layout_set_text)
#define pango_layout_set_width (*p_pango_layout_set_width)
#define pango_layout_set_wrap (*p_pango_layout_set_wrap)

static const dynlib_symbol pango_syms[] = {PANGO_CAIRO_FUNCTIONS(DYNLIB_ENTRY)};
/* pangocairo depends on pango, cairo and gobject: every function is found through it */
static dynlib pango_lib = DYNLIB("libpangocairo-1.0.so.0", pango_syms);

/* A4 landscape in PostScript points. */
#define PAGE_W 841.89
#define PAGE_H 595.28

typedef struct buffer {
    arena *a;
    char *data;
    size_t len, cap;
} buffer;

static cairo_status_t write_to(void *closure, const unsigned char *data, unsigned int n)
{
    buffer *b = closure;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        while (cap < b->len + n)
            cap *= 2;
        char *grown = arena_alloc(b->a, cap);
        if (!grown)
            return CAIRO_STATUS_NO_MEMORY;
        if (b->len)
            memcpy(grown, b->data, b->len);
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

typedef struct pen {
    cairo_t *cr;
    int unknown;           /* glyphs no font had */
    const char *missing;   /* the first text that had one */
} pen;

/* Sets text (plain, or pango markup when markup) centred in [x, x + w] from top y at size pt;
 * returns the height used. */
static double text(pen *p, double x, double y, double w, const char *s, double size, bool bold, bool italic,
                   double r, double g, double b, PangoAlignment align)
{
    PangoLayout *layout = pango_cairo_create_layout(p->cr);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, CERTIFICATE_FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    pango_layout_set_alignment(layout, align);
    pango_layout_set_text(layout, s, -1);
    int unknown = pango_layout_get_unknown_glyphs_count(layout);
    if (unknown && !p->missing)
        p->missing = s;
    p->unknown += unknown;
    int lw, lh;
    pango_layout_get_size(layout, &lw, &lh);
    cairo_set_source_rgb(p->cr, r, g, b);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, layout);
    pango_font_description_free(fd);
    g_object_unref(layout);
    return (double)lh / PANGO_SCALE;
}

#define DARK 0.10, 0.10, 0.10
#define RED 0.75, 0.05, 0.05

static void frame(cairo_t *cr)
{
    /* a double frame, red outside, gold inside: the look of a printed Giấy khen */
    cairo_set_source_rgb(cr, RED);
    cairo_set_line_width(cr, 6);
    cairo_rectangle(cr, 22, 22, PAGE_W - 44, PAGE_H - 44);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.80, 0.62, 0.15);
    cairo_set_line_width(cr, 1.5);
    cairo_rectangle(cr, 32, 32, PAGE_W - 64, PAGE_H - 64);
    cairo_stroke(cr);
    /* corner ornaments */
    for (int i = 0; i < 4; i++) {
        double cx = i % 2 ? PAGE_W - 32 : 32, cy = i / 2 ? PAGE_H - 32 : 32;
        cairo_arc(cr, cx, cy, 9, 0, 6.2832);
        cairo_fill(cr);
    }
}

static void page(pen *p, arena *a, const certificate_page *c)
{
    cairo_t *cr = p->cr;
    frame(cr);
    double left = 60, width = PAGE_W - 120, y = 52;
    text(p, left, y, width * 0.42, vtext_upper(a, arena_printf(a, "ủy ban nhân dân %s", c->commune_name)), 12, true,
         false, DARK, PANGO_ALIGN_CENTER);
    double ry = y;
    ry += text(p, left + width * 0.42, ry, width * 0.58, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, true, false,
               DARK, PANGO_ALIGN_CENTER);
    text(p, left + width * 0.42, ry, width * 0.58, "Độc lập - Tự do - Hạnh phúc", 13, true, false, DARK,
         PANGO_ALIGN_CENTER);
    y += 62;
    y += text(p, left, y, width, vtext_upper(a, arena_printf(a, "chủ tịch ủy ban nhân dân %s", c->commune_name)), 19,
              true, false, DARK, PANGO_ALIGN_CENTER);
    y += 8;
    y += text(p, left, y, width, c->form_name ? c->form_name : "GIẤY KHEN", 54, true, false, RED, PANGO_ALIGN_CENTER);
    y += 12;
    y += text(p, left, y, width, "Tặng", 18, false, true, DARK, PANGO_ALIGN_CENTER);
    y += 4;
    y += text(p, left, y, width, c->awardee, 30, true, false, RED, PANGO_ALIGN_CENTER);
    if (c->unit && *c->unit)
        y += text(p, left, y, width, c->unit, 17, false, false, DARK, PANGO_ALIGN_CENTER);
    y += 12;
    y += text(p, left + 50, y, width - 100, arena_printf(a, "Đã có thành tích: %s", c->achievement), 18, false, true,
              DARK, PANGO_ALIGN_CENTER);
    /* the bottom: decision and serial on the left, place, date and signer on the right */
    double by = PAGE_H - 150;
    int yy = 0, mm = 0, dd = 0;
    if (c->decision_date)
        sscanf(c->decision_date, "%d-%d-%d", &yy, &mm, &dd);
    text(p, left, by + 20, width * 0.45,
         arena_printf(a, "Quyết định số %s\nngày %s\n%s", c->decision_number, date_format_vi(a, c->decision_date),
                      c->serial ? c->serial : ""),
         12, false, false, DARK, PANGO_ALIGN_CENTER);
    double sy = by;
    sy += text(p, left + width * 0.45, sy, width * 0.55,
               arena_printf(a, "%s, ngày %02d tháng %02d năm %d", c->place, dd, mm, yy), 13, false, true, DARK,
               PANGO_ALIGN_CENTER);
    sy += text(p, left + width * 0.45, sy, width * 0.55, c->signer_title ? c->signer_title : "CHỦ TỊCH", 13, true,
               false, DARK, PANGO_ALIGN_CENTER);
    text(p, left + width * 0.45, sy + 58, width * 0.55, c->signer, 14, true, false, DARK, PANGO_ALIGN_CENTER);
}

td_status certificate_pdf(arena *a, const certificate_page *pages, size_t n, char **pdf, size_t *len, td_error *err)
{
    if (!dynlib_ready(&pango_lib))
        return td_fail(err, TD_ERR_IO, "không tạo được tệp PDF: %s", pango_lib.why);
    buffer b = {.a = a};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write_to, &b, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Giấy khen");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "thidua");
    cairo_t *cr = cairo_create(surface);
    pen p = {.cr = cr};
    for (size_t i = 0; i < n; i++) {
        page(&p, a, &pages[i]);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (cs != CAIRO_STATUS_SUCCESS)
        return td_fail(err, TD_ERR_IO, "không tạo được tệp PDF: %s", cairo_status_to_string(cs));
    if (p.unknown)
        return td_fail(err, TD_ERR_INPUT, "phông chữ %s thiếu %d ký tự để in \"%s\" (cần gói fonts-liberation2)",
                       CERTIFICATE_FONT, p.unknown, p.missing);
    *pdf = b.data;
    *len = b.len;
    return TD_OK;
}

td_status certificate_decision(store *s, arena *a, const user *viewer, td_id id, td_id nomination_id, char **pdf,
                               size_t *len, const char **name, td_error *err)
{
    json_t *out = NULL, *info = NULL;
    td_status st = awards_record_with_commune(s, a, viewer, id, awards_decision_get, &out, &info, err);
    if (st)
        return st;
    json_t *d = json_object_get(out, "decision");
    const char *status = json_string_value(json_object_get(d, "status"));
    if (strcmp(status, "draft") == 0)
        st = td_fail(err, TD_ERR_CONFLICT, "quyết định chưa ban hành: chưa in được Giấy khen");
    json_t *awardees = json_object_get(d, "awardees");
    size_t n = 0, i;
    json_t *aw;
    certificate_page *pages = arena_calloc(a, json_array_size(awardees) + 1, sizeof *pages);
    const char *commune_name = json_string_value(json_object_get(info, "name"));
    json_array_foreach(awardees, i, aw)
    {
        if (st)
            break;
        if (json_is_true(json_object_get(aw, "revoked")))
            continue;
        if (nomination_id && json_integer_value(json_object_get(aw, "nomination_id")) != nomination_id)
            continue;
        const char *kind = json_string_value(json_object_get(aw, "nominee_kind"));
        const char *form = json_string_value(json_object_get(aw, "form"));
        bool individual = strcmp(kind, "individual") == 0;
        pages[n++] = (certificate_page){
            .commune_name = commune_name,
            .place = awards_place(commune_name),
            .awardee = arena_strdup(a, json_string_value(json_object_get(aw, "name"))),
            .unit = individual ? arena_strdup(a, json_string_value(json_object_get(aw, "org_unit_name"))) : NULL,
            .achievement = arena_strdup(a, json_string_value(json_object_get(aw, "achievement"))),
            .decision_number = arena_strdup(a, json_string_value(json_object_get(d, "number"))),
            .decision_date = arena_strdup(a, json_string_value(json_object_get(d, "signed_on"))),
            .signer = arena_strdup(a, json_string_value(json_object_get(d, "signer"))),
            .signer_title = arena_strdup(a, json_string_value(json_object_get(d, "signer_title"))),
            .serial = arena_printf(a, "Số vào sổ: %02zu/GK", i + 1),
            .form_name = form && strcmp(form, "giay_khen") == 0
                             ? "GIẤY KHEN"
                             : vtext_upper(a, json_string_value(json_object_get(aw, "form_name"))),
        };
    }
    if (!st && n == 0)
        st = td_fail(err, nomination_id ? TD_ERR_NOTFOUND : TD_ERR_CONFLICT,
                     nomination_id ? "người hoặc tập thể này không có trong quyết định (hoặc đã bị thu hồi)"
                                : "quyết định không còn ai được khen (đã thu hồi)");
    if (!st) {
        char *num = arena_strdup(a, json_string_value(json_object_get(d, "number")));
        for (char *p = num; *p; p++)
            if (*p == '/')
                *p = '-';
        *name = arena_printf(a, "giay-khen-%s-%lld.pdf", vtext_fold(a, num),
                             (long long)json_integer_value(json_object_get(d, "year")));
        st = certificate_pdf(a, pages, n, pdf, len, err);
    }
    json_decref(out);
    json_decref(info);
    return st;
}
