/*
** households.c: households, members and category history in SQL.
*/
#include "households.h"

#include "../core/mem.h"
#include "alerts.h"
#include "divisions.h"
#include "feeds.h"
#include "rankings.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- reading ---------------------------------------------------------------------------------------- */

#define HOUSEHOLD_COLUMNS                                                                                     \
    "h.id, h.household_no, h.town_code, t.name, t.parent_code, c.name, h.village, h.address, h.category, "   \
    "h.phone, h.registered_on, hm.name, hm.id_masked, "                                                      \
    "(SELECT count(*) FROM members m WHERE m.household_id = h.id AND m.active = 1), h.synthetic, h.updated_at"

#define HOUSEHOLD_DIVISIONS                                                                                   \
    " FROM households h JOIN divisions t ON t.code = h.town_code JOIN divisions c ON c.code = t.parent_code "

#define HOUSEHOLD_FROM                                                                                        \
    HOUSEHOLD_DIVISIONS "LEFT JOIN members hm ON hm.household_id = h.id AND hm.relation = 'head' AND hm.active = 1 "

/* ?1 ?2: range of town codes; ?3 category; ?4 name pattern; ?5 household number; ?6 ID hash */
#define HOUSEHOLD_FILTER                                                                                      \
    "WHERE h.closed_at IS NULL AND h.town_code >= ?1 AND h.town_code < ?2 AND (?3 IS NULL OR h.category = ?3) " \
    "AND (?6 IS NOT NULL OR ?4 IS NULL OR h.household_no = ?5 OR EXISTS (SELECT 1 FROM members m "            \
    "  WHERE m.household_id = h.id AND m.active = 1 AND m.name LIKE ?4 ESCAPE '\\')) "                        \
    "AND (?6 IS NULL OR EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active = 1 "        \
    "  AND m.id_hash = ?6)) "

static json_t *read_household(sqlite3_stmt *st) {
    core_category cat = core_category_parse(store_col_text(st, 8));
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:b, s:s}",
                     "id", (json_int_t)sqlite3_column_int64(st, 0), "household_no", store_col_text(st, 1),
                     "town_code", store_col_text(st, 2), "town_name", store_col_text(st, 3), "county_code",
                     store_col_text(st, 4), "county_name", store_col_text(st, 5), "village", store_col_text(st, 6),
                     "address", store_col_text(st, 7), "category", core_category_code(cat), "category_zh",
                     core_category_zh(cat), "phone", store_col_text(st, 9), "registered_on",
                     store_col_text(st, 10), "head_name", store_col_json_text(st, 11), "head_id_masked",
                     store_col_json_text(st, 12), "member_count", (json_int_t)sqlite3_column_int64(st, 13),
                     "synthetic", sqlite3_column_int(st, 14), "updated_at", store_col_text(st, 15));
}

/* "%part%" with LIKE's wildcards escaped, so that a search for "50%" means the text. */
static char *like_pattern(const char *q) {
    size_t n = strlen(q);
    char *p = xmalloc(2 * n + 3), *o = p;
    *o++ = '%';
    for (const char *s = q; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') *o++ = '\\';
        *o++ = *s;
    }
    *o++ = '%';
    *o = '\0';
    return p;
}

static void bind_filter(sqlite3_stmt *st, const char *prefix, const store_household_query *q, const char *pattern,
                        const uint8_t *hash) {
    store_bind_prefix_range(st, 1, prefix);
    store_bind_text(st, 3, q->category);
    store_bind_text(st, 4, pattern);
    store_bind_text(st, 5, q->q);
    if (hash) sqlite3_bind_blob(st, 6, hash, CORE_IDCRYPT_HASHBYTES, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, 6);
}

ws_err store_households_list(store_conn *c, const store_household_query *q, json_t **items, int64_t *total) {
    const char *prefix;
    if (!store_scope_narrow(q->scope, q->division, &prefix)) {
        *items = json_array();
        *total = 0;
        return WS_OK;
    }
    /* An exact ID number is searched by its keyed hash; anything else by name or household number. */
    uint8_t hash[CORE_IDCRYPT_HASHBYTES];
    bool by_id = false;
    core_idnum idn;
    if (q->q && core_idnum_parse(q->q, 99991231L, &idn) == CORE_IDNUM_OK) {
        core_idcrypt_hash(store_keys(store_conn_db(c)), idn.number, hash);
        by_id = true;
    }
    char *pattern = q->q && !by_id ? like_pattern(q->q) : NULL;
    ws_err e = WS_ERR_DB;
    /* Counted without the head's join, which adds no row: members_one_head allows one active head. */
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*)" HOUSEHOLD_DIVISIONS HOUSEHOLD_FILTER);
    if (!st) goto done;
    bind_filter(st, prefix, q, pattern, by_id ? hash : NULL);
    if (sqlite3_step(st) != SQLITE_ROW) goto done;
    int64_t n = sqlite3_column_int64(st, 0);
    /* The page's ids first, then the columns of those rows only, not of every match before sorting. */
    st = store_stmt(c, "SELECT " HOUSEHOLD_COLUMNS HOUSEHOLD_FROM "WHERE h.id IN (SELECT h.id" HOUSEHOLD_DIVISIONS
                       HOUSEHOLD_FILTER "ORDER BY h.id DESC LIMIT ?7 OFFSET ?8) ORDER BY h.id DESC");
    if (!st) goto done;
    bind_filter(st, prefix, q, pattern, by_id ? hash : NULL);
    sqlite3_bind_int64(st, 7, q->limit);
    sqlite3_bind_int64(st, 8, q->offset);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, read_household(st));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        e = store_err(c, rc);
        goto done;
    }
    *items = arr;
    *total = n;
    e = WS_OK;
done:
    free(pattern);
    return e;
}

#define MEMBER_COLUMNS                                                                                        \
    "id, name, id_masked, id_hash IS NOT NULL, sex, birth_date, relation, phone, disability_grade, "           \
    "serious_illness, id_sealed"

static json_t *read_member_json(sqlite3_stmt *st, core_date today) {
    core_relation rel = core_relation_parse(store_col_text(st, 6));
    core_date birth;
    json_t *age = json_null();
    if (core_date_parse(store_col_text(st, 5), &birth)) age = json_integer(core_date_age(birth, today));
    return json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:o, s:s, s:s, s:s, s:i, s:b, s:b}", "id",
                     (json_int_t)sqlite3_column_int64(st, 0), "name", store_col_text(st, 1), "id_masked",
                     store_col_text(st, 2), "has_id", sqlite3_column_int(st, 3), "sex", store_col_json_text(st, 4),
                     "birth_date", store_col_json_text(st, 5), "age", age, "relation", core_relation_code(rel),
                     "relation_zh", core_relation_zh(rel), "phone", store_col_text(st, 7), "disability_grade",
                     sqlite3_column_int(st, 8), "serious_illness", sqlite3_column_int(st, 9), "is_head",
                     rel == CORE_REL_HEAD);
}

static ws_err members_json(store_conn *c, int64_t household_id, core_date today, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " MEMBER_COLUMNS " FROM members WHERE household_id = ?1 AND active = 1 "
                                     "ORDER BY relation <> 'head', id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) json_array_append_new(arr, read_member_json(st, today));
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

static ws_err history_json(store_conn *c, int64_t household_id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT ch.from_category, ch.to_category, ch.changed_on, ch.reason, "
                                     "coalesce(u.display_name, '') FROM category_history ch "
                                     "LEFT JOIN users u ON u.id = ch.user_id WHERE ch.household_id = ?1 ORDER BY ch.id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    json_t *arr = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        core_category from = core_category_parse(store_col_text(st, 0));
        core_category to = core_category_parse(store_col_text(st, 1));
        json_array_append_new(arr, json_pack("{s:o, s:o, s:s, s:s, s:s, s:s, s:s}", "from",
                                             from ? json_string(core_category_code(from)) : json_null(), "from_zh",
                                             from ? json_string(core_category_zh(from)) : json_null(), "to",
                                             core_category_code(to), "to_zh", core_category_zh(to), "changed_on",
                                             store_col_text(st, 2), "reason", store_col_text(st, 3), "by",
                                             store_col_text(st, 4)));
    }
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return store_err(c, rc);
    }
    *out = arr;
    return WS_OK;
}

/* Finds an open household and checks it against scope; its town code goes to town (10 bytes). */
static ws_err household_town(store_conn *c, const char *scope, int64_t id, char *town) {
    sqlite3_stmt *st = store_stmt(c, "SELECT town_code FROM households WHERE id = ?1 AND closed_at IS NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    snprintf(town, 10, "%s", store_col_text(st, 0));
    sqlite3_reset(st);
    return store_in_scope(scope, town) ? WS_OK : WS_ERR_NOTFOUND;
}

ws_err store_household_item(store_conn *c, int64_t id, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " HOUSEHOLD_COLUMNS HOUSEHOLD_FROM "WHERE h.id = ?1 AND h.closed_at IS NULL");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    ws_err e = rc == SQLITE_ROW ? WS_OK : rc == SQLITE_DONE ? WS_ERR_NOTFOUND : store_err(c, rc);
    if (e == WS_OK) *out = read_household(st);
    sqlite3_reset(st);
    return e;
}

ws_err store_household_check(store_conn *c, const char *scope, int64_t id) {
    char town[10];
    return household_town(c, scope, id, town);
}

bool store_household_no_taken(store_conn *c, const char *town_code, const char *household_no, int64_t except_id) {
    if (!*household_no) return false;
    sqlite3_stmt *st = store_stmt(c, "SELECT 1 FROM households WHERE town_code = ?1 AND household_no = ?2 "
                                     "AND closed_at IS NULL AND id <> ?3");
    if (!st) return false;
    sqlite3_bind_text(st, 1, town_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, household_no, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, except_id);
    bool taken = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return taken;
}

int64_t store_households_synthetic_count(store_conn *c) {
    sqlite3_stmt *st = store_stmt(c, "SELECT count(*) FROM households WHERE synthetic = 1");
    int64_t n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (st) sqlite3_reset(st);
    return n;
}

ws_err store_household_json(store_conn *c, const char *scope, int64_t id, core_date today, json_t **out) {
    char town[10];
    ws_err e = household_town(c, scope, id, town);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(c, "SELECT " HOUSEHOLD_COLUMNS HOUSEHOLD_FROM "WHERE h.id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) return WS_ERR_DB;
    json_t *h = read_household(st);
    json_t *members = NULL, *history = NULL;
    e = members_json(c, id, today, &members);
    if (!e) e = history_json(c, id, &history);
    if (e) {
        json_decref(h);
        json_decref(members);
        return e;
    }
    json_object_set_new(h, "members", members);
    json_object_set_new(h, "category_history", history);
    *out = h;
    return WS_OK;
}

ws_err store_household_load(store_conn *c, const char *scope, int64_t id, core_household *out) {
    char town[10];
    ws_err e = household_town(c, scope, id, town);
    if (e) return e;
    sqlite3_stmt *st = store_stmt(c, "SELECT household_no, town_code, village, address, category, phone, "
                                     "registered_on FROM households WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) return WS_ERR_DB;
    core_household h = {0};
    h.household_no = xstrdup(store_col_text(st, 0));
    snprintf(h.town_code, sizeof h.town_code, "%s", store_col_text(st, 1));
    h.village = xstrdup(store_col_text(st, 2));
    h.address = xstrdup(store_col_text(st, 3));
    h.category = core_category_parse(store_col_text(st, 4));
    snprintf(h.phone, sizeof h.phone, "%s", store_col_text(st, 5));
    core_date_parse(store_col_text(st, 6), &h.registered_on);
    *out = h;
    return WS_OK;
}

ws_err store_idnum_owner(store_conn *c, const char number[19], int64_t *household_id, int64_t *member_id,
                         char town_code[10]) {
    uint8_t hash[CORE_IDCRYPT_HASHBYTES];
    core_idcrypt_hash(store_keys(store_conn_db(c)), number, hash);
    sqlite3_stmt *st = store_stmt(c, "SELECT m.household_id, m.id, h.town_code FROM members m "
                                     "JOIN households h ON h.id = m.household_id WHERE m.id_hash = ?1 AND m.active = 1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *household_id = sqlite3_column_int64(st, 0);
    *member_id = sqlite3_column_int64(st, 1);
    snprintf(town_code, 10, "%s", store_col_text(st, 2));
    sqlite3_reset(st);
    return WS_OK;
}

bool store_town_exists(store_conn *c, const char *code) {
    sqlite3_stmt *st = store_stmt(c, "SELECT 1 FROM divisions WHERE code = ?1 AND level = 'town'");
    if (!st) return false;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

/* ---- writing ---------------------------------------------------------------------------------------- */

static ws_err step_done(store_conn *w, sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? WS_OK : store_err(w, rc);
}

static void bind_date(sqlite3_stmt *st, int idx, bool has, core_date d) {
    if (!has) {
        sqlite3_bind_null(st, idx);
        return;
    }
    char text[11];
    core_date_format(d, text);
    sqlite3_bind_text(st, idx, text, -1, SQLITE_TRANSIENT);
}

/* Binds name ?1, sealed ?2, hash ?3, masked ?4, sex ?5, birth ?6, relation ?7, phone ?8, grade ?9, illness ?10. */
static void bind_member(store_conn *w, sqlite3_stmt *st, const core_member *m, const core_protected_id *given) {
    sqlite3_bind_text(st, 1, m->name, -1, SQLITE_TRANSIENT);
    if (m->has_id) {
        core_protected_id computed;
        const core_protected_id *p = given;
        if (!p) {
            core_idcrypt_protect(store_keys(store_conn_db(w)), m->id.number, &computed);
            p = &computed;
        }
        sqlite3_bind_blob(st, 2, p->sealed, sizeof p->sealed, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 3, p->hash, sizeof p->hash, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, p->masked, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, 2);
        sqlite3_bind_null(st, 3);
        sqlite3_bind_text(st, 4, "", -1, SQLITE_STATIC);
    }
    char sex[2] = {m->sex, 0};
    store_bind_text(st, 5, m->sex ? sex : NULL);
    bind_date(st, 6, m->has_birth, m->birth);
    sqlite3_bind_text(st, 7, core_relation_code(m->relation), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, m->phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 9, m->disability_grade);
    sqlite3_bind_int(st, 10, m->serious_illness);
}

/* Inserts a member created at now (store_now_iso), which a household's rows share. */
static ws_err member_insert_at(store_conn *w, int64_t household_id, const core_member *m,
                               const core_protected_id *pid, const char *now, int64_t *id) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO members (name, id_sealed, id_hash, id_masked, sex, birth_date, "
                                     "relation, phone, disability_grade, serious_illness, household_id, created_at, "
                                     "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
    if (!st) return WS_ERR_DB;
    bind_member(w, st, m, pid);
    sqlite3_bind_int64(st, 11, household_id);
    sqlite3_bind_text(st, 12, now, -1, SQLITE_TRANSIENT);
    ws_err e = step_done(w, st);
    if (!e && id) *id = sqlite3_last_insert_rowid(store_sqlite(w));
    return e;
}

ws_err store_member_insert(store_conn *w, int64_t household_id, const core_member *m, int64_t *id) {
    char now[21];
    store_now_iso(now);
    ws_err e = member_insert_at(w, household_id, m, NULL, now, id);
    /* The index row copies the head's sex and birth date (the fairness view): it follows a new head. */
    if (!e) e = store_index_registry_changed(w, household_id);
    if (!e) e = store_feeds_link_household(w, household_id, core_date_shanghai(time(NULL)));
    return e;
}

static ws_err record_category(store_conn *w, int64_t household_id, core_category from, core_category to,
                              core_date on, const char *reason, int64_t user_id, const char *now) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO category_history (household_id, from_category, to_category, "
                                     "changed_on, reason, user_id, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    store_bind_text(st, 2, from ? core_category_code(from) : NULL);
    sqlite3_bind_text(st, 3, core_category_code(to), -1, SQLITE_STATIC);
    bind_date(st, 4, true, on);
    sqlite3_bind_text(st, 5, reason, -1, SQLITE_TRANSIENT);
    if (user_id > 0) sqlite3_bind_int64(st, 6, user_id);
    else sqlite3_bind_null(st, 6);
    sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
    return step_done(w, st);
}

ws_err store_household_insert(store_conn *w, const core_household *h, const core_member *members, size_t count,
                              bool synthetic, int64_t user_id, int64_t *id) {
    return store_household_insert_protected(w, h, members, NULL, count, synthetic, user_id, id);
}

ws_err store_household_insert_protected(store_conn *w, const core_household *h, const core_member *members,
                                        const core_protected_id *ids, size_t count, bool synthetic,
                                        int64_t user_id, int64_t *id) {
    sqlite3_stmt *st = store_stmt(w, "INSERT INTO households (household_no, town_code, village, address, category, "
                                     "phone, registered_on, synthetic, created_at, updated_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_text(st, 1, h->household_no, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, h->town_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, h->village, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, h->address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, core_category_code(h->category), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, h->phone, -1, SQLITE_TRANSIENT);
    bind_date(st, 7, true, h->registered_on);
    sqlite3_bind_int(st, 8, synthetic);
    sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
    ws_err e = step_done(w, st);
    if (e) return e;
    int64_t hid = sqlite3_last_insert_rowid(store_sqlite(w));
    for (size_t i = 0; i < count && !e; i++) e = member_insert_at(w, hid, &members[i], ids ? &ids[i] : NULL, now, NULL);
    if (!e)
        e = record_category(w, hid, CORE_CAT_NONE, h->category, h->registered_on, "首次登记", user_id, now);
    /* Records that departments sent before these people were registered are theirs now (feeds.h). */
    if (!e) e = store_feeds_link_household(w, hid, core_date_shanghai(time(NULL)));
    if (!e) *id = hid;
    return e;
}

ws_err store_household_update(store_conn *w, int64_t id, const core_household *h, const char *reason,
                              core_date changed_on, int64_t user_id) {
    sqlite3_stmt *st = store_stmt(w, "SELECT category FROM households WHERE id = ?1 AND closed_at IS NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) return WS_ERR_NOTFOUND;
    core_category before = core_category_parse(store_col_text(st, 0));
    sqlite3_reset(st);
    st = store_stmt(w, "UPDATE households SET household_no = ?2, village = ?3, address = ?4, category = ?5, "
                       "phone = ?6, registered_on = ?7, updated_at = ?8 WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, h->household_no, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, h->village, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, h->address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, core_category_code(h->category), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, h->phone, -1, SQLITE_TRANSIENT);
    bind_date(st, 7, true, h->registered_on);
    sqlite3_bind_text(st, 8, now, -1, SQLITE_TRANSIENT);
    ws_err e = step_done(w, st);
    if (!e && before != h->category)
        e = record_category(w, id, before, h->category, changed_on, reason, user_id, now);
    /* The ranking key holds the category: the household's index row follows it in this transaction. */
    if (!e) e = store_index_registry_changed(w, id);
    return e;
}

ws_err store_household_close(store_conn *w, const char *scope, int64_t id) {
    char town[10];
    ws_err e = household_town(w, scope, id, town);
    if (e) return e;
    char now[21];
    store_now_iso(now);
    sqlite3_stmt *st = store_stmt(w, "UPDATE households SET closed_at = ?2, updated_at = ?2 WHERE id = ?1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    e = step_done(w, st);
    if (e) return e;
    st = store_stmt(w, "UPDATE members SET active = 0, updated_at = ?2 WHERE household_id = ?1 AND active = 1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    e = step_done(w, st);
    /* A closed household leaves the ranking (its index history stays) and the stations' work lists. */
    if (!e) e = store_index_remove(w, id);
    if (!e) e = store_alerts_household_closed(w, id);
    return e;
}

ws_err store_members_load(store_conn *c, int64_t household_id, core_member **members, int64_t **ids, size_t *count) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " MEMBER_COLUMNS " FROM members WHERE household_id = ?1 AND active = 1 "
                                     "ORDER BY relation <> 'head', id");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    const core_idkeys *k = store_keys(store_conn_db(c));
    core_member *ms = NULL;
    int64_t *is = NULL;
    size_t n = 0;
    int rc;
    ws_err e = WS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ms = xrealloc(ms, (n + 1) * sizeof *ms);
        is = xrealloc(is, (n + 1) * sizeof *is);
        core_member *m = &ms[n];
        memset(m, 0, sizeof *m);
        is[n++] = sqlite3_column_int64(st, 0);
        m->name = xstrdup(store_col_text(st, 1));
        m->has_id = sqlite3_column_int(st, 3);
        if (m->has_id) {
            e = core_idcrypt_open(k, sqlite3_column_blob(st, 10), (size_t)sqlite3_column_bytes(st, 10), m->id.number);
            if (e) break;
        }
        const char *sex = store_col_text(st, 4);
        m->sex = sex[0];
        m->has_birth = core_date_parse(store_col_text(st, 5), &m->birth);
        if (m->has_id) {
            m->id.sex = m->sex;
            m->id.birth_year = m->birth.y;
            m->id.birth_month = m->birth.m;
            m->id.birth_day = m->birth.d;
        }
        m->relation = core_relation_parse(store_col_text(st, 6));
        snprintf(m->phone, sizeof m->phone, "%s", store_col_text(st, 7));
        m->disability_grade = sqlite3_column_int(st, 8);
        m->serious_illness = sqlite3_column_int(st, 9);
    }
    if (!e && rc != SQLITE_DONE) e = store_err(c, rc);
    if (e) {
        store_members_free(ms, is, n);
        return e;
    }
    *members = ms;
    *ids = is;
    *count = n;
    return WS_OK;
}

void store_members_free(core_member *members, int64_t *ids, size_t count) {
    for (size_t i = 0; i < count; i++) core_member_clear(&members[i]);
    free(members);
    free(ids);
}

ws_err store_member_update(store_conn *w, int64_t household_id, int64_t member_id, const core_member *m) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE members SET name = ?1, id_sealed = ?2, id_hash = ?3, id_masked = ?4, "
                                     "sex = ?5, birth_date = ?6, relation = ?7, phone = ?8, disability_grade = ?9, "
                                     "serious_illness = ?10, updated_at = ?13 "
                                     "WHERE household_id = ?11 AND id = ?12 AND active = 1");
    if (!st) return WS_ERR_DB;
    bind_member(w, st, m, NULL);
    sqlite3_bind_int64(st, 11, household_id);
    sqlite3_bind_int64(st, 12, member_id);
    char now[21];
    store_now_iso(now);
    sqlite3_bind_text(st, 13, now, -1, SQLITE_TRANSIENT);
    ws_err e = step_done(w, st);
    if (!e && sqlite3_changes(store_sqlite(w)) != 1) e = WS_ERR_NOTFOUND;
    if (!e) e = store_index_registry_changed(w, household_id);
    if (!e) e = store_feeds_unlink_corrected(w, household_id);
    if (!e) e = store_feeds_link_household(w, household_id, core_date_shanghai(time(NULL)));
    return e;
}

ws_err store_member_remove(store_conn *w, int64_t household_id, int64_t member_id) {
    sqlite3_stmt *st = store_stmt(w, "UPDATE members SET active = 0, updated_at = ?3 "
                                     "WHERE household_id = ?1 AND id = ?2 AND active = 1");
    if (!st) return WS_ERR_DB;
    char now[21];
    store_now_iso(now);
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_int64(st, 2, member_id);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
    ws_err e = step_done(w, st);
    if (!e && sqlite3_changes(store_sqlite(w)) != 1) e = WS_ERR_NOTFOUND;
    if (!e) e = store_index_registry_changed(w, household_id);
    return e;
}

ws_err store_member_json(store_conn *c, int64_t household_id, int64_t member_id, core_date today, json_t **out) {
    sqlite3_stmt *st = store_stmt(c, "SELECT " MEMBER_COLUMNS " FROM members WHERE household_id = ?1 AND id = ?2 "
                                     "AND active = 1");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_int64(st, 2, member_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    *out = read_member_json(st, today);
    return WS_OK;
}

ws_err store_member_idnum(store_conn *c, int64_t household_id, int64_t member_id, char out[19]) {
    sqlite3_stmt *st = store_stmt(c, "SELECT id_sealed FROM members WHERE household_id = ?1 AND id = ?2 "
                                     "AND active = 1 AND id_sealed IS NOT NULL");
    if (!st) return WS_ERR_DB;
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_int64(st, 2, member_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return WS_ERR_NOTFOUND;
    if (rc != SQLITE_ROW) return store_err(c, rc);
    return core_idcrypt_open(store_keys(store_conn_db(c)), sqlite3_column_blob(st, 0),
                             (size_t)sqlite3_column_bytes(st, 0), out);
}

bool store_check_registered(store_conn *c, const char *scope, const core_member *m, int64_t self_id,
                            const char *prefix, core_fielderrs *errs) {
    if (!m->has_id) return true;
    int64_t hid, mid;
    char town[10];
    if (store_idnum_owner(c, m->id.number, &hid, &mid, town) != WS_OK || mid == self_id) return true;
    if (!store_in_scope(scope, town)) {
        core_fielderrs_addp(errs, prefix, "id_number", "id_registered", "该身份证号已在其他地区登记",
                            "This ID number is already registered elsewhere");
        return false;
    }
    const char *town_name = "";
    sqlite3_stmt *st = store_stmt(c, "SELECT name FROM divisions WHERE code = ?1");
    if (st) {
        sqlite3_bind_text(st, 1, town, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) town_name = store_col_text(st, 0);
    }
    char zh[256], en[256];
    snprintf(zh, sizeof zh, "该身份证号已在%s的家庭（编号 %lld）登记", town_name, (long long)hid);
    snprintf(en, sizeof en, "This ID number is already registered in household %lld (%s)", (long long)hid, town_name);
    if (st) sqlite3_reset(st);
    core_fielderrs_addp(errs, prefix, "id_number", "id_registered", zh, en);
    return false;
}
