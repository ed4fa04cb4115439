/*
** alert.c: severities, due dates, escalation, the alert facts and the default alert rules (alert.h).
*/
#include "alert.h"

#include "facts.h"

#include <string.h>

static const char *const SEVERITIES[] = {"high", "medium", "low"};
static const int DUE_DAYS[] = {3, 7, 15};

core_alert_sev core_alert_sev_parse(const char *code) {
    for (int i = 0; code && i < 3; i++)
        if (strcmp(code, SEVERITIES[i]) == 0) return (core_alert_sev)i;
    return CORE_ALERT_SEV_NONE;
}

const char *core_alert_sev_code(core_alert_sev s) { return s < CORE_ALERT_SEV_NONE ? SEVERITIES[s] : ""; }

int core_alert_due_days(core_alert_sev s) { return s < CORE_ALERT_SEV_NONE ? DUE_DAYS[s] : DUE_DAYS[CORE_ALERT_LOW]; }

core_date core_alert_due(core_alert_sev s, core_date signal_on, core_date today) {
    core_date from = core_date_ymd(signal_on) > core_date_ymd(today) ? signal_on : today;
    return core_date_add_days(from, core_alert_due_days(s));
}

long core_alert_days_overdue(core_date due_on, core_date today) {
    long d = core_date_days(today) - core_date_days(due_on);
    return d > 0 ? d : 0;
}

/* True when code is one of the NULL-terminated list. */
static bool one_of(const char *code, const char *const *list) {
    for (; code && *list; list++)
        if (strcmp(code, *list) == 0) return true;
    return false;
}

bool core_alert_outcome_valid(const char *code) {
    static const char *const L[] = {"reassessed", "referred", "policy_applied", "no_need", "moved_away", NULL};
    return one_of(code, L);
}
bool core_alert_team_valid(const char *code) {
    static const char *const L[] = {"station", "county", "city", NULL};
    return one_of(code, L);
}
bool core_alert_next_step_valid(const char *code) {
    static const char *const L[] = {"reassess", "refer", "apply_policy", "none", "moved_away", NULL};
    return one_of(code, L);
}

static const char *const KINDS[] = {"medical_cost", "hospital_admission", "disability_certificate", "death",
                                    "job_loss", "income_drop", "utility_arrears", "school_dropout",
                                    "disaster_damage", NULL};

bool core_alert_kind_valid(const char *code) { return one_of(code, KINDS); }

const char *const *core_alert_kinds(size_t *count) {
    *count = sizeof KINDS / sizeof KINDS[0] - 1;
    return KINDS;
}

#define REC(p, z, e, uz, ue) {"record." p, z, e, uz, ue, NULL, false}
#define CNT(p, k, z, e) {"recent." p, z, e, "次", "records", k, false}
#define SUM(p, k, z, e) {"recent." p, z, e, "元", "yuan", k, true}

static const core_alert_fact FACTS[] = {
    REC("kind", "监测记录类型", "record kind", "", ""),
    REC("amount", "监测记录金额", "record amount", "元", "yuan"),
    REC("occurred_on", "监测记录发生日期", "record date", "", ""),
    REC("source", "来源部门", "source department", "", ""),
    REC("disconnected", "已停供", "supply cut off", "", ""),
    SUM("medical_cost_12m", "medical_cost", "近12个月大额医疗自付", "medical costs paid out of pocket in 12 months"),
    CNT("hospital_admissions_12m", "hospital_admission", "近12个月住院次数", "hospital admissions in 12 months"),
    CNT("disability_certificates_12m", "disability_certificate", "近12个月新办残疾证", "new disability certificates in 12 months"),
    CNT("deaths_12m", "death", "近12个月家庭成员死亡", "deaths of members in 12 months"),
    CNT("job_losses_12m", "job_loss", "近12个月失业登记", "job losses in 12 months"),
    CNT("income_drops_12m", "income_drop", "近12个月收入下降", "income drops in 12 months"),
    CNT("utility_arrears_12m", "utility_arrears", "近12个月水电欠费或停供", "utility arrears in 12 months"),
    CNT("school_dropouts_12m", "school_dropout", "近12个月辍学", "school dropouts in 12 months"),
    SUM("disaster_damage_12m", "disaster_damage", "近12个月受灾损失", "disaster damage in 12 months"),
};

const core_alert_fact *core_alert_facts(size_t *count) {
    *count = sizeof FACTS / sizeof FACTS[0];
    return FACTS;
}

static const core_alert_fact *alert_fact_find(const char *path) {
    for (size_t i = 0; i < sizeof FACTS / sizeof FACTS[0]; i++)
        if (strcmp(path, FACTS[i].path) == 0) return &FACTS[i];
    return NULL;
}

bool core_alert_fact_known(const char *path, void *ctx) {
    if (strcmp(path, "record") == 0 || strcmp(path, "recent") == 0 || alert_fact_find(path)) return true;
    return core_fact_known(path, ctx);
}

const char *core_alert_fact_label(const char *path, bool en, void *ctx) {
    const core_alert_fact *f = alert_fact_find(path);
    if (f) return en ? f->en : f->zh;
    return core_fact_label(path, en, ctx);
}

/* Rule texts: the categories that lie just above the assistance lines, and the shared thresholds. */
#define EDGE "{\"in\":[{\"var\":\"household.category\"},[\"dibao_edge\",\"monitored\"]]}"
#define MEDICAL_OVER \
    "{\">=\":[{\"var\":\"recent.medical_cost_12m\"},{\"var\":\"params.medical_out_of_pocket_threshold\"}]}"
#define KIND_IS(k) "{\"==\":[{\"var\":\"record.kind\"},\"" k "\"]}"

static const core_alert_rule_def RULES[] = {
    {"A-MEDICAL-EDGE", "低保边缘或监测家庭大额医疗自付", "large medical costs in a household near the line",
     "medical_cost", "{\"and\":[" MEDICAL_OVER "," EDGE "]}", "high", "station"},
    {"A-MEDICAL", "大额医疗自付", "large medical costs", "medical_cost", "{\"and\":[" MEDICAL_OVER ",{\"!\":" EDGE "}]}",
     "medium", "station"},
    {"A-ADMISSION-TIER", "红色预警或严重困难家庭成员住院", "admission in a household in tier red or severe",
     "hospital_admission", "{\"in\":[{\"var\":\"assessment.tier\"},[\"red\",\"severe\"]]}", "high", "station"},
    {"A-ADMISSION-REPEAT", "一年内多次住院", "repeated hospital admissions", "hospital_admission",
     "{\">=\":[{\"var\":\"recent.hospital_admissions_12m\"},2]}", "medium", "station"},
    {"A-DISABILITY", "新办残疾证", "new disability certificate", "disability_certificate",
     KIND_IS("disability_certificate"), "medium", "station"},
    {"A-DEATH-SMALL", "一至二人户家庭成员死亡", "death in a household of one or two", "death",
     "{\"<=\":[{\"var\":\"household.size\"},2]}", "high", "station"},
    {"A-DEATH", "家庭成员死亡", "death of a member", "death", "{\">\":[{\"var\":\"household.size\"},2]}", "medium",
     "station"},
    {"A-JOB-LOSS", "低保边缘、监测或其他困难家庭成员失业", "job loss in a household near the line", "job_loss",
     "{\"in\":[{\"var\":\"household.category\"},[\"dibao_edge\",\"monitored\",\"other\"]]}", "medium", "station"},
    {"A-INCOME-DROP", "收入下降", "income drop", "income_drop", KIND_IS("income_drop"), "medium", "station"},
    {"A-UTILITY-CUT", "水电停供", "utility supply cut off", "utility_arrears",
     "{\"==\":[{\"var\":\"record.disconnected\"},true]}", "high", "station"},
    {"A-UTILITY-ARREARS", "水电欠费", "utility arrears", "utility_arrears",
     "{\"==\":[{\"var\":\"record.disconnected\"},false]}", "low", "station"},
    {"A-DROPOUT", "学生辍学", "school dropout", "school_dropout", KIND_IS("school_dropout"), "high", "station"},
    {"A-DISASTER", "受灾损失超过标准", "disaster damage over the threshold", "disaster_damage",
     "{\">=\":[{\"var\":\"recent.disaster_damage_12m\"},{\"var\":\"params.disaster_loss_threshold\"}]}", "high",
     "station"},
};

const core_alert_rule_def *core_alert_default_rules(size_t *count) {
    *count = sizeof RULES / sizeof RULES[0];
    return RULES;
}
