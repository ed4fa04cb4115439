/*
** provider.c: code tables for provider kinds and statuses, and validation of a provider's raw fields and
** lists into a core_provider with bilingual field errors. Knows nothing of storage.
*/
#include "provider.h"

#include "household.h"
#include "mem.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- code tables ---------------------------------------------------------------------------------- */

typedef struct label {
    const char *code, *zh, *en;
} label;

static const label KINDS[CORE_PK_COUNT] = {
    [CORE_PK_NONE] = {"", "", ""},
    [CORE_PK_GOVERNMENT] = {"government", "政府部门", "Government department"},
    [CORE_PK_MASS_ORG] = {"mass_org", "群团组织", "Mass organisation"},
    [CORE_PK_SOCIAL_ORG] = {"social_org", "社会组织", "Social organisation"},
    [CORE_PK_CHARITY] = {"charity", "慈善组织", "Charity"},
    [CORE_PK_COMPANY] = {"company", "企业", "Company"},
    [CORE_PK_UNIT] = {"unit", "机关事业单位", "Public unit"},
    [CORE_PK_VOLUNTEER_TEAM] = {"volunteer_team", "志愿服务队", "Volunteer team"},
    [CORE_PK_VOLUNTEER] = {"volunteer", "个人志愿者", "Individual volunteer"},
};

static const label STATUSES[CORE_PS_COUNT] = {
    [CORE_PS_NONE] = {"", "", ""},
    [CORE_PS_ACTIVE] = {"active", "服务中", "Active"},
    [CORE_PS_PAUSED] = {"paused", "暂停", "Paused"},
    [CORE_PS_CLOSED] = {"closed", "已关闭", "Closed"},
};

/* The index of the entry whose code or Chinese label is text (trimmed), or 0. */
static int label_find(const label *table, int n, const char *text) {
    size_t len;
    const char *s = core_text_span(text ? text : "", &len);
    for (int i = 1; i < n && len; i++)
        if ((strlen(table[i].code) == len && memcmp(s, table[i].code, len) == 0) ||
            (strlen(table[i].zh) == len && memcmp(s, table[i].zh, len) == 0))
            return i;
    return 0;
}

static const label *label_at(const label *table, int n, int i) { return &table[i > 0 && i < n ? i : 0]; }

core_provider_kind core_provider_kind_parse(const char *text) {
    return (core_provider_kind)label_find(KINDS, CORE_PK_COUNT, text);
}
const char *core_provider_kind_code(core_provider_kind k) { return label_at(KINDS, CORE_PK_COUNT, (int)k)->code; }
const char *core_provider_kind_zh(core_provider_kind k) { return label_at(KINDS, CORE_PK_COUNT, (int)k)->zh; }
const char *core_provider_kind_en(core_provider_kind k) { return label_at(KINDS, CORE_PK_COUNT, (int)k)->en; }

core_provider_status core_provider_status_parse(const char *text) {
    return (core_provider_status)label_find(STATUSES, CORE_PS_COUNT, text);
}
const char *core_provider_status_code(core_provider_status s) {
    return label_at(STATUSES, CORE_PS_COUNT, (int)s)->code;
}
const char *core_provider_status_zh(core_provider_status s) { return label_at(STATUSES, CORE_PS_COUNT, (int)s)->zh; }

/* ---- single fields -------------------------------------------------------------------------------- */

static const core_field_label F_NAME = {"name", "机构名称", "Name"};
static const core_field_label F_DESCRIPTION = {"description", "机构简介", "Description"};
static const core_field_label F_CONTACT = {"contact_name", "联系人", "Contact name"};
static const core_field_label F_EMAIL = {"email", "电子邮箱", "Email"};
static const core_field_label F_WEBSITE = {"website", "网址", "Website"};
static const core_field_label F_ADDRESS = {"address", "地址", "Address"};
static const core_field_label F_NOTE = {"note", "备注", "Note"};

/* True when s is a division code of a real level: 4, 6, 9 or 12 digits. */
static bool division_code_valid(const char *s, size_t len) {
    return (len == 4 || len == 6 || len == 9 || len == 12) && strspn(s, "0123456789") >= len;
}

/* A whole number 0..max written in ASCII digits (after trimming); -1 for anything else. */
static long whole_number(const char *raw, long max) {
    size_t len;
    const char *s = core_text_span(raw ? raw : "", &len);
    if (len == 0 || len > 9 || strspn(s, "0123456789") < len) return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) v = v * 10 + (s[i] - '0');
    return v <= max ? v : -1;
}

/* An address of the form local@domain.tld without spaces: enough to catch a phone typed in the wrong box. */
static bool email_plausible(const char *e) {
    const char *at = strchr(e, '@');
    if (!at || at == e || strchr(at + 1, '@') || strpbrk(e, " \t<>,;")) return false;
    const char *dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1] != '\0';
}

static bool website_plausible(const char *w) {
    size_t skip = strncmp(w, "https://", 8) == 0 ? 8 : strncmp(w, "http://", 7) == 0 ? 7 : 0;
    return skip && w[skip] && !strpbrk(w, " \t<>\"");
}

/* An optional text field checked by plausible (when given); an owned copy or NULL after an error. */
static char *checked_text(const char *raw, const core_field_label *f, size_t max, bool (*plausible)(const char *),
                          const char *code, const char *zh, const char *en, core_fielderrs *errs) {
    char *v = core_text_value(raw, "", f, max, false, errs);
    if (v && *v && plausible && !plausible(v)) {
        core_fielderrs_add(errs, f->name, code, zh, en);
        free(v);
        return NULL;
    }
    return v;
}

static core_provider_kind kind_value(const char *raw, core_fielderrs *errs) {
    core_provider_kind k = core_provider_kind_parse(raw);
    if (k != CORE_PK_NONE) return k;
    size_t len;
    core_text_span(raw ? raw : "", &len);
    if (len == 0) core_fielderrs_add(errs, "kind", "required", "请选择机构类型", "Kind is required");
    else core_fielderrs_add(errs, "kind", "kind_invalid",
                            "机构类型无法识别：应为政府部门、群团组织、社会组织、慈善组织、企业、机关事业单位、志愿服务队或个人志愿者",
                            "Kind is not recognised: use government, mass_org, social_org, charity, company, unit, "
                            "volunteer_team or volunteer");
    return CORE_PK_NONE;
}

static core_provider_status status_value(const char *raw, core_fielderrs *errs) {
    if (!raw) return CORE_PS_ACTIVE;
    core_provider_status s = core_provider_status_parse(raw);
    if (s == CORE_PS_NONE)
        core_fielderrs_add(errs, "status", "status_invalid", "状态无法识别：应为服务中、暂停或已关闭",
                           "Status is not recognised: use active, paused or closed");
    return s;
}

static bool division_value(const char *raw, char out[13], core_fielderrs *errs) {
    size_t len;
    const char *s = core_text_span(raw ? raw : "", &len);
    if (len == 0) {
        core_fielderrs_add(errs, "division_code", "required", "请填写机构所属行政区划",
                           "Division code is required");
        return false;
    }
    if (!division_code_valid(s, len)) {
        core_fielderrs_add(errs, "division_code", "division_invalid",
                           "行政区划代码应为 4、6、9 或 12 位数字（市、县、乡镇、村）",
                           "A division code has 4, 6, 9 or 12 digits (city, county, town, village)");
        return false;
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return true;
}

static int capacity_value(const char *raw, core_fielderrs *errs) {
    if (!raw) return 0;
    long v = whole_number(raw, CORE_PROVIDER_CAPACITY_MAX);
    if (v >= 0) return (int)v;
    char zh[128], en[128];
    snprintf(zh, sizeof zh, "每周服务容量应为 0 到 %d 的整数", CORE_PROVIDER_CAPACITY_MAX);
    snprintf(en, sizeof en, "Capacity per week must be a whole number from 0 to %d", CORE_PROVIDER_CAPACITY_MAX);
    core_fielderrs_add(errs, "capacity_per_week", "bad_capacity", zh, en);
    return -1;
}

bool core_provider_validate(const core_provider_in *in, core_provider *out, core_fielderrs *errs) {
    size_t before = errs->count;
    core_provider p = {0};
    p.name = core_text_value(in->name, "", &F_NAME, CORE_PROVIDER_NAME_MAX, true, errs);
    p.kind = kind_value(in->kind, errs);
    division_value(in->division_code, p.division_code, errs);
    p.description = core_text_value(in->description, "", &F_DESCRIPTION, CORE_PROVIDER_TEXT_MAX, false, errs);
    p.contact_name = core_text_value(in->contact_name, "", &F_CONTACT, CORE_NAME_MAX, false, errs);
    core_phone_value(in->phone, "", p.phone, errs);
    p.email = checked_text(in->email, &F_EMAIL, CORE_PROVIDER_CONTACT_MAX, email_plausible, "email_invalid",
                           "电子邮箱格式不正确，应如 name@example.org", "Email should look like name@example.org",
                           errs);
    p.website = checked_text(in->website, &F_WEBSITE, CORE_PROVIDER_CONTACT_MAX, website_plausible,
                             "website_invalid", "网址应以 http:// 或 https:// 开头，且不含空格",
                             "A website starts with http:// or https:// and has no spaces", errs);
    p.address = core_text_value(in->address, "", &F_ADDRESS, CORE_ADDRESS_MAX, false, errs);
    p.capacity_per_week = capacity_value(in->capacity_per_week, errs);
    p.status = status_value(in->status, errs);
    if (errs->count > before) {
        core_provider_clear(&p);
        return false;
    }
    /* the lists stay as they were: the caller fills them with core_provider_add_* */
    free(out->name);
    free(out->description);
    free(out->contact_name);
    free(out->email);
    free(out->website);
    free(out->address);
    out->name = p.name;
    out->kind = p.kind;
    memcpy(out->division_code, p.division_code, sizeof out->division_code);
    out->description = p.description;
    out->contact_name = p.contact_name;
    memcpy(out->phone, p.phone, sizeof out->phone);
    out->email = p.email;
    out->website = p.website;
    out->address = p.address;
    out->capacity_per_week = p.capacity_per_week;
    out->status = p.status;
    return true;
}

/* ---- lists ---------------------------------------------------------------------------------------- */

bool core_service_code_valid(const char *code) {
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n > CORE_PROVIDER_ITEM_CODE_MAX || code[0] < 'A' || code[0] > 'Z') return false;
    return strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == n;
}

bool core_provider_add_item(core_provider *p, const char *code, const char *description, const char *prefix,
                            core_fielderrs *errs) {
    size_t len;
    const char *s = core_text_span(code ? code : "", &len);
    char c[CORE_PROVIDER_ITEM_CODE_MAX + 1] = "";
    if (len <= CORE_PROVIDER_ITEM_CODE_MAX) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    if (!core_service_code_valid(c)) {
        core_fielderrs_add(errs, prefix, "unknown_service", "服务项目代码无效，应为服务清单中的代码，如 L1",
                           "Not a service item code of the catalog, like L1");
        return false;
    }
    for (size_t i = 0; i < p->nitems; i++)
        if (strcmp(p->items[i].code, c) == 0) {
            core_fielderrs_add(errs, prefix, "duplicate", "该服务项目重复填写", "The service item is listed twice");
            return false;
        }
    char *desc = NULL;
    if (description) {
        core_field_label f = {"description", "服务说明", "Service description"};
        char fprefix[64];
        snprintf(fprefix, sizeof fprefix, "%s.", prefix);
        if (!(desc = core_text_value(description, fprefix, &f, CORE_PROVIDER_TEXT_MAX, false, errs))) return false;
    }
    p->items = xrealloc(p->items, (p->nitems + 1) * sizeof *p->items);
    core_provider_item *it = &p->items[p->nitems++];
    memset(it, 0, sizeof *it);
    memcpy(it->code, c, sizeof it->code);
    it->description = desc ? desc : xstrdup("");
    it->active = true;
    return true;
}

bool core_provider_add_area(core_provider *p, const char *code, const char *prefix, core_fielderrs *errs) {
    size_t len;
    const char *s = core_text_span(code ? code : "", &len);
    if (!division_code_valid(s, len)) {
        core_fielderrs_add(errs, prefix, "division_invalid", "行政区划代码应为 4、6、9 或 12 位数字（市、县、乡镇、村）",
                           "A division code has 4, 6, 9 or 12 digits (city, county, town, village)");
        return false;
    }
    for (size_t i = 0; i < p->nareas; i++)
        if (strlen(p->areas[i]) == len && memcmp(p->areas[i], s, len) == 0) {
            core_fielderrs_add(errs, prefix, "duplicate", "该服务区域重复填写", "The service area is listed twice");
            return false;
        }
    p->areas = xrealloc(p->areas, (p->nareas + 1) * sizeof *p->areas);
    memcpy(p->areas[p->nareas], s, len);
    p->areas[p->nareas++][len] = '\0';
    return true;
}

/* "HH:MM" from 00:00 to 24:00 into out; false for anything else. */
static bool time_value(const char *raw, char out[6]) {
    size_t len;
    const char *s = core_text_span(raw ? raw : "", &len);
    char t[6];
    if (len == 4 && s[1] == ':') { /* 8:30 */
        t[0] = '0';
        memcpy(t + 1, s, 4);
    } else if (len == 5) {
        memcpy(t, s, 5);
    } else {
        return false;
    }
    t[5] = '\0';
    if (t[2] != ':' || strspn(t, "0123456789:") != 5 || t[0] == ':' || t[1] == ':' || t[3] == ':' || t[4] == ':')
        return false;
    int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
    memcpy(out, t, 6);
    return true;
}

bool core_provider_add_schedule(core_provider *p, const core_provider_schedule_in *in, const char *prefix,
                                core_fielderrs *errs) {
    size_t before = errs->count;
    core_provider_schedule s = {0};
    long wd = whole_number(in->weekday, 7);
    if (wd < 1)
        core_fielderrs_addp(errs, prefix, "weekday", "bad_weekday", "星期应为 1（星期一）到 7（星期日）",
                            "Weekday is 1 (Monday) to 7 (Sunday)");
    s.weekday = (int)wd;
    bool opens = time_value(in->opens_at, s.opens_at), closes = time_value(in->closes_at, s.closes_at);
    if (!opens)
        core_fielderrs_addp(errs, prefix, "opens_at", "bad_time", "时间应写成 08:30 这样的 时:分",
                            "Write the time as HH:MM, like 08:30");
    if (!closes)
        core_fielderrs_addp(errs, prefix, "closes_at", "bad_time", "时间应写成 17:00 这样的 时:分",
                            "Write the time as HH:MM, like 17:00");
    if (opens && closes && strcmp(s.closes_at, s.opens_at) <= 0)
        core_fielderrs_addp(errs, prefix, "closes_at", "closes_before_opens", "结束时间应晚于开始时间",
                            "The closing time must come after the opening time");
    s.note = core_text_value(in->note, prefix, &F_NOTE, CORE_PROVIDER_NOTE_MAX, false, errs);
    if (errs->count > before) {
        free(s.note);
        return false;
    }
    p->schedules = xrealloc(p->schedules, (p->nschedules + 1) * sizeof *p->schedules);
    p->schedules[p->nschedules++] = s;
    return true;
}

void core_provider_clear_items(core_provider *p) {
    for (size_t i = 0; i < p->nitems; i++) {
        free(p->items[i].description);
        free(p->items[i].hsds_id);
    }
    free(p->items);
    p->items = NULL;
    p->nitems = 0;
}

void core_provider_clear_areas(core_provider *p) {
    free(p->areas);
    p->areas = NULL;
    p->nareas = 0;
}

void core_provider_clear_schedules(core_provider *p) {
    for (size_t i = 0; i < p->nschedules; i++) free(p->schedules[i].note);
    free(p->schedules);
    p->schedules = NULL;
    p->nschedules = 0;
}

void core_provider_clear(core_provider *p) {
    core_provider_clear_items(p);
    core_provider_clear_areas(p);
    core_provider_clear_schedules(p);
    free(p->name);
    free(p->description);
    free(p->contact_name);
    free(p->email);
    free(p->website);
    free(p->address);
    free(p->hsds_id);
    memset(p, 0, sizeof *p);
}
