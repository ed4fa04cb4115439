/*
** h_imports.c: /api/v1/imports/households — a spreadsheet upload, and its template.
*/
#include "auth.h"
#include "handlers.h"

#include "../io/household_import.h"

#include <malloc.h>
#include <pthread.h>
#include <string.h>

/*
** One import at a time: an import of the largest file holds about fifteen times the file's size in memory
** while it is checked, and imports wait for each other's write transaction anyway.
*/
static pthread_mutex_t import_lock = PTHREAD_MUTEX_INITIALIZER;

void web_imports_households(web_req *rq, web_res *rs) {
    bool dry_run;
    if (!web_query_flag_or_answer(rq, rs, "dry_run", &dry_run)) return;
    io_import_options opt = {
        .scope = rq->user.division_code,
        .actor = web_actor(rq),
        .dry_run = dry_run,
        .today = rq->today,
    };
    json_t *report = NULL;
    if (rq->reader) store_read_end(rq->reader);
    pthread_mutex_lock(&import_lock);
    ws_err e = io_import_households(web_db(rq), &opt, rq->body, rq->body_len, &report);
    malloc_trim(0); /* give the import's memory back to the system rather than keep it for the next one */
    pthread_mutex_unlock(&import_lock);
    web_import_answer(rq, rs, e, report, "文件有误，未导入任何数据；请按报告修改后重新导入",
                      "The file has problems and nothing was imported; correct them as the report says and retry");
}

void web_import_answer(web_req *rq, web_res *rs, ws_err e, json_t *report, const char *zh, const char *en) {
    if (e == WS_OK) {
        web_json(rs, 200, json_pack("{s:o}", "report", report));
        return;
    }
    if (!report) {
        web_error_from(rq, rs, e);
        return;
    }
    int status = e == WS_ERR_LIMIT ? 413 : e == WS_ERR_INVALID ? 422 : 500;
    web_json(rs, status, json_pack("{s:o, s:{s:s, s:s}}", "report", report, "error", "code", "import_invalid",
                                   "message", rq->lang_en ? en : zh));
}

void web_imports_households_template(web_req *rq, web_res *rs) {
    size_t len;
    const char *t = io_import_households_template(&len);
    rs->status = 200;
    rs->content_type = "text/csv; charset=utf-8";
    rs->static_body = t;
    rs->body_len = len;
    web_add_header(rq, rs, "Content-Disposition", "attachment; filename=\"households-template.csv\"");
}
