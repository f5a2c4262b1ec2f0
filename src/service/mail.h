/* mail.h — one e-mail in Vietnamese through the commune's SMTP server, with libcurl: STARTTLS is
 * always required (CURLUSESSL_ALL) and the server's certificate is checked against the system's
 * authorities or the settings' CA file. The message is UTF-8 plain text (base64, so that no
 * server has to carry 8-bit text) with its subject and sender name encoded as RFC 2047 says.
 *
 * mail_compose is pure (the unit tests read what it writes); mail_send talks to the server. */
#ifndef TD_MAIL_H
#define TD_MAIL_H

#include "core/arena.h"
#include "core/error.h"
#include "store/store_reminders.h"

/* Before any thread sends: libcurl's global state (idempotent, thread-safe through a once). */
void mail_init(void);

/* True for an address a reminder may go to: one "@" with text around it, no spaces, commas,
 * angle brackets or control characters (nothing that would add a recipient or a header), at
 * most 254 bytes. */
bool mail_address_ok(const char *addr);

/* The whole message, CRLF line ends: Date (date: an RFC 5322 date), From, To, Subject,
 * Message-ID (message_id, without its angle brackets), MIME headers, the body in base64. */
char *mail_compose(arena *a, const char *from, const char *from_name, const char *to, const char *subject,
                   const char *body, const char *date, const char *message_id);

/* A subject as RFC 2047 encoded-words ("=?UTF-8?B?…?="), each at most 75 bytes, folded; a
 * character is never split between two words. ASCII text without "=?" is kept as it is. */
char *mail_encode_header(arena *a, const char *text);

/* Sends message (from mail_compose) to one recipient. TD_ERR_IO with the reason in Vietnamese
 * when the server cannot be reached, refuses STARTTLS or the certificate, the login, the sender
 * or the recipient; TD_ERR_INPUT when the settings cannot be used. */
td_status mail_send(const smtp_settings *m, const char *to, const char *message, td_error *err);

#endif
