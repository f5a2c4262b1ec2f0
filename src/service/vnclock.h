/* vnclock.h — the one place thidua reads the clock for a date: Vietnam's (Asia/Ho_Chi_Minh,
 * UTC+7 all year), whatever time zone the server runs in. "Today" for an evaluation's as-of
 * date, and every day shown to users, is Vietnam's day: at 06:30 on 06/12 in Vietnam it is
 * 06/12 even though UTC still says 05/12 (23:30).
 *
 * Instants are stored in UTC ("…Z", store.c); src/core/deadline.h turns them into Vietnam's
 * day without a clock.
 *
 * THIDUA_NOW, when set to a UTC instant ("2026-12-05T17:00:00Z"), stands for the clock: for
 * tests and demonstrations of a given day. */
#ifndef TD_VNCLOCK_H
#define TD_VNCLOCK_H

/* Today in Vietnam, "YYYY-MM-DD". */
void vnclock_today(char buf[11]);

/* Now in Vietnam, "YYYY-MM-DDTHH:MM:SS". */
void vnclock_now(char buf[20]);

#endif
