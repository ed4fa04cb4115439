/*
** h_benefits.c: /api/v1/households/{id}/benefits (what a household receives) and
** /api/v1/imports/benefits (the departments' CSV files of benefits, all or nothing), with its template.
*/
#include "auth.h"
#include "handlers.h"

#include "../io/benefit_import.h"
#include "../store/benefits.h"

/* Reads the query's date (default today) into *d; answers 400 bad_date when malformed. */
bool web_query_date_or_answer(web_req *rq, web_res *rs, core_date *d)
{
    const char *t = web_query(rq, "date");
    *d = rq->today;
    if (!t || !*t || core_date_parse(t, d))
        return true;
    web_error(rq, rs, 400, "bad_date", "日期应为 yyyy-mm-dd", "date must be yyyy-mm-dd");
    return false;
}

void web_household_benefits(web_req *rq, web_res *rs)
{
    int64_t hid;
    core_date date;
    if (!web_param_id_or_answer(rq, rs, 0, &hid) || !web_query_date_or_answer(rq, rs, &date))
        return;
    json_t *items;
    ws_err e = store_benefits_json(web_reader(rq), rq->user.division_code, hid, date, &items);
    if (e != WS_OK)
        web_error_from(rq, rs, e);
    else
        web_json(rs, 200, json_pack("{so}", "items", items));
}

void web_imports_benefits(web_req *rq, web_res *rs)
{
    bool dry_run;
    if (!web_query_flag_or_answer(rq, rs, "dry_run", &dry_run))
        return;
    io_import_options opt = {
        .scope = rq->user.division_code,
        .actor = web_actor(rq),
        .dry_run = dry_run,
        .today = rq->today,
    };
    json_t *report = NULL;
    if (rq->reader)
        store_read_end(rq->reader);
    ws_err e = io_import_benefits(web_db(rq), &opt, rq->body, rq->body_len, &report);
    web_import_answer(rq, rs, e, report, "文件有误，未导入任何数据；请按报告修改后重新导入",
                      "The file has problems and nothing was imported; correct them as the report says and retry");
}

void web_imports_benefits_template(web_req *rq, web_res *rs)
{
    size_t len;
    const char *t = io_import_benefits_template(&len);
    rs->status = 200;
    rs->content_type = "text/csv; charset=utf-8";
    rs->static_body = t;
    rs->body_len = len;
    web_add_header(rq, rs, "Content-Disposition", "attachment; filename=\"benefits-template.csv\"");
}
