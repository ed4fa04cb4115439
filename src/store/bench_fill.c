/*
** bench_fill.c: bulk rows for the benchmarks (bench_fill.h).
*/
#include "bench_fill.h"

#include "store_int.h"

#include <stdlib.h>

/* POSIX's nrand48 (its generator is specified exactly): the same rows for a seed on every machine. */
static size_t draw(unsigned short state[3], size_t n) { return (size_t)nrand48(state) % n; }

static ws_err ids_of(store_conn *c, const char *sql, int64_t **ids, size_t *n) {
    sqlite3_stmt *st = store_stmt(c, sql);
    return st ? store_collect_ids(c, st, ids, n) : WS_ERR_DB;
}

ws_err store_bench_open_referrals(store_conn *w, size_t n, uint64_t seed) {
    static const char *const STATES[] = {"sent", "accepted", "in_service"};
    int64_t *households = NULL, *providers = NULL, *items = NULL;
    size_t nh = 0, np = 0, ni = 0;
    ws_err e = ids_of(w, "SELECT id FROM households WHERE closed_at IS NULL ORDER BY id", &households, &nh);
    if (!e) e = ids_of(w, "SELECT id FROM providers ORDER BY id", &providers, &np);
    if (!e) e = ids_of(w, "SELECT rowid FROM service_items ORDER BY rowid", &items, &ni);
    if (!e && (nh == 0 || np == 0 || ni == 0)) e = WS_ERR_NOTFOUND;
    unsigned short state[3] = {(unsigned short)seed, (unsigned short)(seed >> 16), (unsigned short)(seed >> 32)};
    char now[21];
    store_now_iso(now);
    for (size_t i = 0; i < n && !e; i++) {
        sqlite3_stmt *st = store_stmt(w, "INSERT INTO referrals (household_id, town_code, item_code, provider_id, state, "
                                         "urgency, synthetic, created_at, updated_at) "
                                         "SELECT h.id, h.town_code, (SELECT code FROM service_items WHERE rowid = ?2), "
                                         "?3, ?4, 'routine', 1, ?5, ?5 FROM households h WHERE h.id = ?1");
        if (!st) {
            e = WS_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, households[draw(state, nh)]);
        sqlite3_bind_int64(st, 2, items[draw(state, ni)]);
        sqlite3_bind_int64(st, 3, providers[draw(state, np)]);
        sqlite3_bind_text(st, 4, STATES[i % 3], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
        e = store_step_done(w, st);
    }
    if (!e) {
        sqlite3_stmt *st = store_stmt(w, "UPDATE providers SET open_load = (SELECT count(*) FROM referrals r "
                                         "WHERE r.provider_id = providers.id AND r.state IN ('sent','accepted','in_service'))");
        e = st ? store_step_done(w, st) : WS_ERR_DB;
    }
    free(households);
    free(providers);
    free(items);
    return e;
}

ws_err store_bench_need_ids(store_conn *c, int64_t **ids, size_t *n) {
    return ids_of(c, "SELECT n.id FROM assessment_needs n JOIN assessments a ON a.id = n.assessment_id "
                     "JOIN households h ON h.id = a.household_id "
                     "WHERE a.status = 'submitted' AND h.closed_at IS NULL ORDER BY n.id", ids, n);
}
