/*
** h_measures.c: population figures of a division: /api/v1/measures (Alkire–Foster, by town or
** category), /api/v1/fairness (tiers and ranks by subgroup, manual overrides), /api/v1/dashboard and
** /api/v1/demand (open needs against providers' capacity).
** They count households and never name a person's health data, except the overrides' reasons and the
** overdue list's heads, which the caller may see in the ranking already.
*/
#include "handlers.h"

#include "../core/frac.h"
#include "../store/demand.h"
#include "../store/measures.h"

#include <string.h>

/* k as a fraction ("1/3") or a decimal ("0.25") in (0, 1]; absent leaves *k NULL. */
static bool cutoff_or_answer(web_req *rq, web_res *rs, core_q_cutoff *buf, const core_q_cutoff **k) {
    const char *text = web_query(rq, "k");
    *k = NULL;
    if (!text || !*text) return true;
    core_frac f;
    if (!core_frac_parse(text, &f) || f.num <= 0 || f.num > f.den || f.den > 1000000000) {
        web_error(rq, rs, 400, "bad_k", "k 应为 0 到 1 之间（不含 0）的分数或小数，如 1/3",
                  "k must be a fraction or decimal in (0, 1], such as 1/3");
        return false;
    }
    buf->p = (int64_t)f.num;
    buf->q = (int64_t)f.den;
    *k = buf;
    return true;
}

void web_measures_get(web_req *rq, web_res *rs) {
    const char *division;
    if (!web_query_division_or_answer(rq, rs, &division)) return;
    const char *by = web_query(rq, "by");
    store_measures_by grouping = STORE_BY_NONE;
    if (by && strcmp(by, "town") == 0) grouping = STORE_BY_TOWN;
    else if (by && strcmp(by, "category") == 0) grouping = STORE_BY_CATEGORY;
    else if (by && *by) {
        web_error(rq, rs, 400, "bad_by", "by 应为 town 或 category", "by must be town or category");
        return;
    }
    core_q_cutoff buf;
    const core_q_cutoff *k;
    if (!cutoff_or_answer(rq, rs, &buf, &k)) return;
    json_t *out = NULL;
    ws_err e = store_measures_json(web_reader(rq), rq->user.division_code, division, grouping, k, &out);
    web_answer(rq, rs, e, out);
}

/* The figures of a division that take the date (fairness, dashboard): one shape of handler for both. */
typedef ws_err (*division_figures_fn)(store_conn *c, const char *scope, const char *division, core_date today,
                                      json_t **out);

static void answer_division_figures(web_req *rq, web_res *rs, division_figures_fn figures) {
    const char *division;
    if (!web_query_division_or_answer(rq, rs, &division)) return;
    json_t *out = NULL;
    ws_err e = figures(web_reader(rq), rq->user.division_code, division, rq->today, &out);
    web_answer(rq, rs, e, out);
}

void web_fairness_get(web_req *rq, web_res *rs) { answer_division_figures(rq, rs, store_fairness_json); }

void web_dashboard_get(web_req *rq, web_res *rs) { answer_division_figures(rq, rs, store_dashboard_json); }

void web_demand_get(web_req *rq, web_res *rs) {
    const char *division;
    if (!web_query_division_or_answer(rq, rs, &division)) return;
    json_t *out = NULL;
    ws_err e = store_demand_json(web_reader(rq), rq->user.division_code, division, &out);
    web_answer(rq, rs, e, out);
}
