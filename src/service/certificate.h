/* certificate.h — Giấy khen as a PDF drawn with cairo and shaped with pango: A4 landscape, one
 * page per awardee, in Liberation Serif (fonts-liberation2, which has every Vietnamese letter).
 * A glyph the fonts lack is an error, never a box on a certificate. */
#ifndef TD_SERVICE_CERTIFICATE_H
#define TD_SERVICE_CERTIFICATE_H

#include <jansson.h>
#include <stddef.h>

#include "store/store.h"

/* The font family the certificates are set in. */
#define CERTIFICATE_FONT "Liberation Serif"

/* One certificate's texts. */
typedef struct certificate_page {
    const char *commune_name; /* "xã Kiến Hải" */
    const char *place;        /* "Kiến Hải" (the place of the date line) */
    const char *awardee;      /* "Bà Nguyễn Thị Hoa" or a collective's name */
    const char *unit;         /* the awardee's unit, NULL for a collective */
    const char *achievement;
    const char *decision_number, *decision_date; /* "01/QĐ-UBND", "2026-12-15" */
    const char *signer, *signer_title;           /* "Nguyễn Văn Bình", "CHỦ TỊCH" */
    const char *serial;                          /* "Số: 01/GK" */
    const char *form_name;                       /* "GIẤY KHEN" (the heading) */
} certificate_page;

/* Draws pages[0..n) into one PDF in *pdf (in a). TD_ERR_INPUT naming the text when a glyph is
 * missing from the fonts. */
td_status certificate_pdf(arena *a, const certificate_page *pages, size_t n, char **pdf, size_t *len, td_error *err);

/* The certificates of decision id (every awardee not revoked, or only nomination when not 0),
 * for the account viewer: TD_ERR_CONFLICT for a draft. *name: "giay-khen-01-QD-UBND-2026.pdf". */
td_status certificate_decision(store *s, arena *a, const user *viewer, td_id id, td_id nomination_id, char **pdf,
                               size_t *len, const char **name, td_error *err);

#endif
