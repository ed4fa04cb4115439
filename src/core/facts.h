/*
** facts.h: the household facts an eligibility rule may name, with their types, labels and units.
**
** This vocabulary is the contract between the policy rules (JsonLogic over one facts object), the
** screening that builds that object (store/facts.h) and the reasons shown to people. The object is:
**
**   {"household": {"category", "urban", "town", "size", "registered_on", "income_per_capita",
**                  "assets_per_capita", "housing", "disaster_loss", "medical_out_of_pocket_12m"},
**    "members": [{"age", "sex", "relation", "disability_grade", "disability_kind", "serious_illness",
**                 "in_school", "employed", "orphan"}, ...],
**    "assessment": {"I01".."I52", "tier"},   absent when the household has no submitted assessment
**    "benefits": ["P-DIBAO", ...],           codes of the policies received on the date
**    "params": {"dibao_urban_monthly", ...}, city parameters in force on the date (amounts in yuan)
**    "date": "yyyy-mm-dd"}
**
** Each member object also carries "id", the member's id, which names its declared facts; it is no fact and
** rules cannot name it. Any fact may be missing; a rule that needs a missing fact is unknown, not false. Paths are written as
** JsonLogic's var writes them: "household.income_per_capita", "members.0.age" (an element's fact), or
** "members.age" for the fact of whichever member a some/all/none/filter/map looks at. Declared facts are
** what a station records because the registry does not hold them (income, housing, schooling ...); they
** are stored by name: "household.<fact>" for the household, "members[<member id>].<fact>" for a member.
** Pure: no I/O, no storage.
*/
#ifndef WS_CORE_FACTS_H
#define WS_CORE_FACTS_H
#include "fielderr.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum core_fact_type {
    CORE_FACT_OBJECT,  /* a group: "household", "members" elements, "assessment", "params" */
    CORE_FACT_ARRAY,   /* "members" (of objects), "benefits" (of policy codes) */
    CORE_FACT_BOOL,
    CORE_FACT_NUMBER,  /* any number >= 0 (yuan may have fen: 820.5) */
    CORE_FACT_INTEGER, /* whole numbers within [min, max] */
    CORE_FACT_ENUM,    /* one of the codes in values */
    CORE_FACT_TEXT,
    CORE_FACT_DATE     /* "yyyy-mm-dd" */
} core_fact_type;

typedef enum core_fact_scope {
    CORE_FACT_ROOT,      /* "date", "benefits", the groups */
    CORE_FACT_HOUSEHOLD, /* "household.*" */
    CORE_FACT_MEMBER,    /* "members.*" */
    CORE_FACT_ASSESSMENT,
    CORE_FACT_PARAM
} core_fact_scope;

/* One enumerated value with its labels. */
typedef struct core_fact_value {
    const char *code, *zh, *en;
} core_fact_value;

typedef struct core_fact {
    const char *path;            /* "household.income_per_capita", "members.age", "params.dibao_urban_monthly" */
    core_fact_scope scope;
    core_fact_type type;
    const char *zh, *en;         /* "家庭人均月收入", "income per person per month" */
    const char *unit_zh, *unit_en; /* "元", "yuan"; "" when none */
    const char *desc_zh, *desc_en; /* where the fact comes from and what it means */
    bool declared;               /* recorded by a station (household_facts), not derived from the registry */
    int64_t min, max;            /* CORE_FACT_INTEGER only */
    const core_fact_value *values; /* CORE_FACT_ENUM: terminated by a {NULL} entry; NULL otherwise */
} core_fact;

/* Every fact of the vocabulary in a fixed order (groups first, then household, members, assessment,
** benefits, params, date). Static. Assessment indicators are one entry, "assessment.I01" standing for
** any indicator code (see core_fact_find). */
const core_fact *core_facts_all(size_t *count);

/*
** The vocabulary entry a var path names, or NULL when it names no fact. Numeric steps are elements:
** "members.0.age" and "members.age" both give "members.age"; "benefits.0" gives "benefits".
** "assessment.<code>" gives the indicator entry for any code of the form I + digits (I01..I99), and
** "assessment.tier" its own. Group paths ("household", "members", "members.0", "params") give the group.
*/
const core_fact *core_fact_find(const char *path);

/* The known-fact test for the rule checker (jsonlogic.h): true when core_fact_find(path) is not NULL, or
** path is "" (the whole facts object). ctx is unused. */
bool core_fact_known(const char *path, void *ctx);

/*
** The label of the fact a path names, in Chinese (en false) or English, for reasons and messages:
** "household.income_per_capita" → "家庭人均月收入"; "assessment.I07" → "评估指标 I07（<wording of the
** default questionnaire>）" when the default questionnaire has the code. Returns NULL for an unknown
** path. The returned text is static or lives in a per-thread buffer valid until the next call on the
** same thread. ctx is unused (the signature fits the explainer's label callback).
*/
const char *core_fact_label(const char *path, bool en, void *ctx);

/* The unit of the fact a path names ("元", "岁", "级"; "" when none), NULL for an unknown path. Static. */
const char *core_fact_unit(const char *path, bool en);

/*
** The label of one value of an enumerated fact ("household.housing", "unsafe_c" → "C级危房";
** "household.category", "dibao" → "低保对象"), or NULL when the fact is not enumerated or the value is
** not one of its codes. Static.
*/
const char *core_fact_value_label(const char *path, const char *code, bool en);

/* ---- declared facts (what a station records) ---- */

/* A declared fact's stored name split into its parts. */
typedef struct core_fact_name {
    const core_fact *fact; /* the vocabulary entry (declared) */
    int64_t member_id;     /* members[<id>].<fact>: the member's id; 0 for a household fact */
} core_fact_name;

/*
** Parses a declared fact's stored name: "household.<fact>" or "members[<member id>].<fact>" naming a
** declared fact of the vocabulary. Returns false for anything else (a derived fact such as
** "household.size" cannot be declared). Checks nothing about whether the member exists.
*/
bool core_fact_name_parse(const char *name, core_fact_name *out);

/* The stored name of a declared fact: "household.housing" or "members[12].in_school" into out. */
void core_fact_name_format(const core_fact *f, int64_t member_id, char *out, size_t outsz);

/*
** Checks a value for declared fact f: the right JSON type, a number >= 0 for amounts, an integer within
** [min, max], one of the codes for an enumeration. On failure adds an error at field (code
** "fact_type", "fact_range" or "fact_value", with the fact's label in both languages) and returns false.
** null is not a value here (the API takes null as "forget the fact" before asking).
*/
bool core_fact_value_check(const core_fact *f, const json_t *value, const char *field, core_fielderrs *errs);

/*
** A missing fact (a path a rule needed, such as "members.1.in_school") as people are asked for it:
** {"fact", "path" (the vocabulary's), "label_zh", "label_en", "declared" (a station can record it), "name"
** and "member_id"} — for a member's declared fact the member's id (from facts, the household's facts object)
** and the stored name ("members[12].in_school") under which the answer is recorded, else null. New reference.
*/
json_t *core_fact_missing_json(const char *path, const json_t *facts);

#endif
