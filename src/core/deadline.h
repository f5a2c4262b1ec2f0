/* deadline.h — when a report is on time: the last day on time read from the plan's wording,
 * and the day in Vietnam of a stored instant. Pure; no clock (the service reads the clock,
 * src/service/vnclock.h).
 *
 * Instants are stored in UTC ("2026-12-05T17:00:00Z"); every date derived from them for a
 * deadline or for a user is Vietnam's: Asia/Ho_Chi_Minh is UTC+7 all year, without daylight
 * saving. 00:30 on 06/12 in Vietnam is 17:30 on 05/12 in UTC, and it is 06/12 that counts. */
#ifndef TD_DEADLINE_H
#define TD_DEADLINE_H

#include <stdbool.h>

#include "arena.h"
#include "error.h"

#define VN_UTC_OFFSET_SECONDS (7 * 3600)

/* The ISO date days after iso (days < 0: before) into out. False when iso is not a date. */
bool date_add_days(const char *iso, int days, char out[11]);

/* Vietnam's local time of a UTC instant "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z",
 * "+00:00" or nothing (the store writes "Z"), as "YYYY-MM-DDTHH:MM:SS". A bare date
 * "YYYY-MM-DD" is already a day and is copied. False when utc reads as neither. */
bool instant_vn(const char *utc, char out[20]);

/* The day in Vietnam of a UTC instant (or a bare date, copied): out is "YYYY-MM-DD". */
bool instant_vn_date(const char *utc, char out[11]);

/* Vietnam's local time of a count of seconds since 1970-01-01 UTC, "YYYY-MM-DDTHH:MM:SS". */
void epoch_vn(long long seconds, char out[20]);

/* A deadline as a plan writes it. */
typedef struct deadline_reading {
    char due[11];          /* the date written: "trước ngày 05/12/2026" → 2026-12-05 */
    char last_on_time[11]; /* the last day a report is on time: 2026-12-04 for "trước ngày" */
    bool before;           /* the day written is already late ("trước ngày …") */
} deadline_reading;

/* Reads the deadline in wording: the first date in it (dd/mm/yyyy, d/m, dd-mm-yyyy, dd.mm.yyyy
 * or "ngày 5 tháng 12 năm 2026"; year, when not 0, completes a date written without one) and
 * the words just before it. "trước ngày D" (and "đến trước ngày D") ends the day before D;
 * every other form — "chậm nhất ngày D", "trước hoặc trong ngày D", "hạn chót D", "trước 17 giờ
 * ngày D", "không muộn hơn ngày D", a bare "ngày D" — keeps D. TD_ERR_INPUT with a Vietnamese
 * message when no date is found. */
td_status deadline_read(arena *a, const char *wording, int year, deadline_reading *out, td_error *err);

/* True when a report made at submitted (a UTC instant, or a bare date) is on time for a
 * deadline whose last on-time day is last_on_time: its day in Vietnam is not later. */
bool deadline_on_time(const char *submitted, const char *last_on_time);

#endif
