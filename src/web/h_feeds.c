/*
** h_feeds.c: the monitoring records departments send (docs/api.md "Monitoring feeds"): their import, CSV
** or JSON, and the list a caller may see (its division's records and leads, ID numbers masked).
*/
#include "handlers.h"

#include "../core/alert.h"
#include "../io/feed_import.h"
#include "../store/feeds.h"
#include "auth.h"

#include <string.h>
#include <strings.h>

void web_imports_feeds(web_req *rq, web_res *rs) {
    bool dry_run;
    if (!web_query_flag_or_answer(rq, rs, "dry_run", &dry_run)) return;
    const char *type = web_header_get(rq, "Content-Type");
    io_feed_format format = type && strncasecmp(type, "application/json", 16) == 0 ? IO_FEED_JSON : IO_FEED_CSV;
    io_import_options opt = {
        .scope = rq->user.division_code,
        .actor = web_actor(rq),
        .dry_run = dry_run,
        .today = rq->today,
    };
    json_t *report = NULL;
    if (rq->reader) store_read_end(rq->reader);
    ws_err e = io_import_feeds(web_db(rq), &opt, format, rq->body, rq->body_len, &report);
    web_import_answer(rq, rs, e, report, "文件有误，未导入任何记录；请按报告修改后重新导入",
                      "The file has problems and nothing was imported; correct them as the report says and retry");
}

void web_feeds_list(web_req *rq, web_res *rs) {
    int64_t limit, offset, household;
    const char *division;
    bool unmatched;
    if (!web_paging_or_answer(rq, rs, &limit, &offset) || !web_query_division_or_answer(rq, rs, &division) ||
        !web_query_id_or_answer(rq, rs, "household", "bad_household", &household) ||
        !web_query_flag_or_answer(rq, rs, "unmatched", &unmatched))
        return;
    const char *kind = web_query(rq, "kind");
    if (kind && *kind && !core_alert_kind_valid(kind)) {
        web_error(rq, rs, 400, "bad_kind", "未知的监测类型", "Unknown kind of record");
        return;
    }
    store_feed_query q = {
        .scope = rq->user.division_code,
        .division = division,
        .kind = kind && *kind ? kind : NULL,
        .household_id = household,
        .unmatched = unmatched,
        .limit = limit,
        .offset = offset,
    };
    json_t *items;
    int64_t total;
    ws_err e = store_feeds_list(web_reader(rq), &q, &items, &total);
    /* The records name people with their medical costs, hospital stays and disabilities: every view is
    ** audited, as what was asked for (a household, or a division). */
    if (!e) {
        char what[48];
        if (household) snprintf(what, sizeof what, "household/%lld", (long long)household);
        else snprintf(what, sizeof what, "division/%s", division ? division : rq->user.division_code);
        if ((e = web_audit_view(rq, unmatched ? "view_leads" : "view", "feeds", what))) json_decref(items);
    }
    if (e) {
        web_error_from(rq, rs, e);
        return;
    }
    web_json(rs, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}
