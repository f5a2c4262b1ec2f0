/* api_reminders.c — the API of the reminders before a deadline: the office's list, a
 * reporter's banner, the log, "send now", the schedule, the mail server and the units'
 * contacts (service/reminders.h); see router.h. */
#include "router.h"

#include "service/reminders.h"

/* Sends the service's answer (or its failure) and releases the body. */
static void answer(request *r, td_status st, const td_error *err, json_t *out, json_t *body)
{
    json_decref(body);
    if (st) {
        json_decref(out);
        send_status(r, st, err);
        return;
    }
    send_json(r, 200, out);
}

void get_reminders(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL;
    if (!param_id(r, 0, &id))
        return;
    td_status st = reminders_overview(r->store, r->a, &r->user, id, query(r, "as_of"), &out, &err);
    answer(r, st, &err, out, NULL);
}

void get_reminder_banner(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL;
    if (!param_id(r, 0, &id))
        return;
    td_status st = reminders_banner(r->store, r->a, &r->user, id, query(r, "as_of"), &out, &err);
    answer(r, st, &err, out, NULL);
}

void get_reminder_log(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL;
    if (!param_id(r, 0, &id))
        return;
    td_status st = reminders_log(r->store, r->a, &r->user, id, &out, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    send_page(r, out);
}

/* "Send now": the reminders due today, sent while the office waits for the outcome. */
void post_reminders_send(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL;
    if (!param_id(r, 0, &id))
        return;
    td_status st = reminders_run(r->store, r->a, &r->user, id, NULL, &out, &err);
    answer(r, st, &err, out, NULL);
}

void get_reminder_schedule(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL;
    if (!param_id(r, 0, &id))
        return;
    td_status st = reminders_schedule_get(r->store, r->a, &r->user, id, &out, &err);
    answer(r, st, &err, out, NULL);
}

void put_reminder_schedule(request *r)
{
    td_id id;
    td_error err = {0};
    json_t *out = NULL, *body;
    if (!param_id(r, 0, &id))
        return;
    body = body_object(r);
    if (!body)
        return;
    td_status st = reminders_schedule_set(r->store, r->a, &r->user, id, body, &out, &err);
    answer(r, st, &err, out, body);
}

void get_smtp(request *r)
{
    td_error err = {0};
    json_t *out = NULL;
    td_status st = reminders_smtp_get(r->store, r->a, &r->user, 0, &out, &err);
    answer(r, st, &err, out, NULL);
}

void put_smtp(request *r)
{
    td_error err = {0};
    json_t *out = NULL, *body = body_object(r);
    if (!body)
        return;
    td_status st = reminders_smtp_set(r->store, r->a, &r->user, 0, body, &out, &err);
    answer(r, st, &err, out, body);
}

void get_contacts(request *r)
{
    td_error err = {0};
    json_t *out = NULL;
    td_status st = reminders_contacts(r->store, r->a, &r->user, 0, &out, &err);
    if (st) {
        send_status(r, st, &err);
        return;
    }
    send_page(r, out);
}

void put_contact(request *r)
{
    td_error err = {0};
    json_t *out = NULL, *body = body_object(r);
    if (!body)
        return;
    td_status st = reminders_contact_set(r->store, r->a, &r->user, 0, r->params[0], body, &out, &err);
    answer(r, st, &err, out, body);
}
