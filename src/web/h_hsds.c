/*
** h_hsds.c: /api/v1/hsds — the resource directory as Open Referral HSDS 3.0: service and organization
** objects, the tabular data package (as one JSON object of file texts, or one file at a time), and its
** import in the same form.
*/
#include "auth.h"
#include "handlers.h"

#include "../io/hsds_export.h"
#include "../io/hsds_import.h"

#include <malloc.h>
#include <pthread.h>
#include <string.h>

/* Builds the export for the request (which may first write HSDS ids: the read snapshot ends before);
** answers the failure itself. */
static bool export_or_answer(web_req *rq, web_res *rs, io_hsds_export *x) {
    if (rq->reader) store_read_end(rq->reader);
    store_actor actor = web_actor(rq);
    ws_err e = io_hsds_export_build(web_db(rq), &actor, x);
    if (e) web_error_from(rq, rs, e);
    return e == WS_OK;
}

/* Answers the object of list whose id is the path's parameter, or 404. */
static void answer_one(web_req *rq, web_res *rs, json_t *list) {
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o) {
        if (strcmp(json_string_value(json_object_get(o, "id")), rq->params[0]) == 0) {
            web_json(rs, 200, json_incref(o));
            return;
        }
    }
    web_error(rq, rs, 404, "not_found", "未找到", "Not found");
}

void web_hsds_services(web_req *rq, web_res *rs) {
    io_hsds_export x;
    if (!export_or_answer(rq, rs, &x)) return;
    web_json(rs, 200, json_incref(x.services));
    io_hsds_export_free(&x);
}

void web_hsds_service(web_req *rq, web_res *rs) {
    io_hsds_export x;
    if (!export_or_answer(rq, rs, &x)) return;
    answer_one(rq, rs, x.services);
    io_hsds_export_free(&x);
}

void web_hsds_organizations(web_req *rq, web_res *rs) {
    io_hsds_export x;
    if (!export_or_answer(rq, rs, &x)) return;
    web_json(rs, 200, json_incref(x.organizations));
    io_hsds_export_free(&x);
}

void web_hsds_organization(web_req *rq, web_res *rs) {
    io_hsds_export x;
    if (!export_or_answer(rq, rs, &x)) return;
    answer_one(rq, rs, x.organizations);
    io_hsds_export_free(&x);
}

void web_hsds_package(web_req *rq, web_res *rs) {
    io_hsds_export x;
    if (!export_or_answer(rq, rs, &x)) return;
    json_t *files = json_object();
    for (size_t i = 0; i < x.csv.count; i++)
        json_object_set_new(files, x.csv.items[i].name, json_stringn(x.csv.items[i].data, x.csv.items[i].len));
    web_json(rs, 200, json_pack("{s:o}", "files", files));
    io_hsds_export_free(&x);
}

void web_hsds_file(web_req *rq, web_res *rs) {
    io_hsds_export x;
    if (!export_or_answer(rq, rs, &x)) return;
    const io_hsds_file *f = io_hsds_files_find(&x.csv, rq->params[0]);
    if (!f) {
        web_error(rq, rs, 404, "not_found", "未找到", "Not found");
    } else {
        bool json = strcmp(f->name, "datapackage.json") == 0;
        web_text(rs, 200, json ? "application/json" : "text/csv; charset=utf-8", xstrndup(f->data, f->len), f->len);
        web_add_header(rq, rs, "Content-Disposition",
                       core_arena_printf(rq->arena, "attachment; filename=\"%s\"", f->name));
    }
    io_hsds_export_free(&x);
}

/* One import at a time, as for households: they wait for each other's write transaction anyway. */
static pthread_mutex_t import_lock = PTHREAD_MUTEX_INITIALIZER;

/* The body's {"files": {name: text}} as a package (the texts copied); answers 400 when it is not one. */
static bool package_or_answer(web_req *rq, web_res *rs, io_hsds_files *files) {
    json_t *body;
    if (!web_body_object_or_answer(rq, rs, &body)) return false;
    json_t *list = json_object_get(body, "files");
    bool ok = json_is_object(list) && json_object_size(list) > 0;
    const char *name;
    json_t *text;
    json_object_foreach(list, name, text) {
        if (!json_is_string(text) || strchr(name, '/')) {
            ok = false;
            break;
        }
        io_hsds_files_add(files, name, xstrndup(json_string_value(text), json_string_length(text)),
                          json_string_length(text));
    }
    json_decref(body);
    if (!ok)
        web_error(rq, rs, 400, "bad_package", "请求体应为 {\"files\": {\"文件名.csv\": \"文件内容\", ...}}",
                  "The body must be {\"files\": {\"name.csv\": \"text of the file\", ...}}");
    return ok;
}

void web_hsds_import(web_req *rq, web_res *rs) {
    bool dry_run;
    if (!web_query_flag_or_answer(rq, rs, "dry_run", &dry_run)) return;
    io_hsds_files files = {0};
    if (!package_or_answer(rq, rs, &files)) {
        io_hsds_files_free(&files);
        return;
    }
    io_hsds_import_options opt = {.actor = web_actor(rq), .dry_run = dry_run};
    json_t *report = NULL;
    if (rq->reader) store_read_end(rq->reader);
    pthread_mutex_lock(&import_lock);
    ws_err e = io_hsds_import(web_db(rq), &opt, &files, &report);
    io_hsds_files_free(&files);
    malloc_trim(0);
    pthread_mutex_unlock(&import_lock);
    web_import_answer(rq, rs, e, report, "数据包有误，未导入任何数据；请按报告修改后重新导入",
                      "The package has problems and nothing was imported; correct them as the report says and retry");
}
