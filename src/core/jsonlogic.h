/*
** jsonlogic.h: JsonLogic (jsonlogic.com), the language of the policies' eligibility rules, evaluated in C.
**
** A rule is a JSON value: {"op": args} is an operation, an array is evaluated element by element, any
** other value is itself. Nothing but the operators listed below is ever run: no eval, no callbacks into
** user code, and an unknown operator is an error. Semantics follow json-logic-js as tightened by the
** JSON Logic conformance suites (which the unit tier runs): comparisons and arithmetic on a value that is
** not a number (an array, an object, "abc" against 1) are the error "NaN" rather than a silent false;
** and/or/if take an array of arguments; comparisons with more than two arguments are chains (a < b < c),
** evaluated lazily.
**
** Operators: var val missing missing_some  if ?: and or ! !!  == === != !== > >= < <=  + - * / % max min
** map filter reduce all some none merge in cat substr log throw.
**
** Three uses:
**   core_jl_apply   standard evaluation: rule + data → JSON result (the `waystation jsonlogic` command);
**   core_jl_check   validation of a rule before it is stored: known operators, right arity, and every var
**                   naming a known fact (the fact vocabulary is a callback, so this module knows no facts);
**   core_jl_eval3   three-valued evaluation for screening: TRUE, FALSE or UNKNOWN when facts are missing,
**                   with the missing fact paths and reasons in Chinese and English.
** For screening many households against many rules, rules are compiled once into a core_jl_ruleset and
** evaluated against a core_jl_frame per household, which resolves each fact path once per household
** instead of once per use.
**
** Limits: a rule nests at most CORE_JL_MAX_DEPTH deep and one evaluation performs at most CORE_JL_MAX_WORK
** operations (map/filter/reduce over big arrays count every element); past either, the error "Limit".
** Pure: no I/O, no storage. Thread-safe: rulesets are read-only once built; frames belong to one thread.
*/
#ifndef WS_CORE_JSONLOGIC_H
#define WS_CORE_JSONLOGIC_H
#include "err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum {
    CORE_JL_MAX_DEPTH = 64,       /* nesting of operations in a rule */
    CORE_JL_MAX_WORK = 1000000,   /* operations performed by one evaluation */
    CORE_JL_MAX_PATH = 256        /* bytes of a var path */
};

/*
** Why a rule failed. type is the conformance suites' error type: "Invalid Arguments" (wrong arguments for
** an operator), "NaN" (arithmetic or comparison on something that is not a number, division by zero),
** "Unknown Operator", "Unknown Fact" (core_jl_check), "Limit" (depth or work), "Not JsonLogic" (other
** malformed rules), or the value a throw operator threw. where says where in the rule, as a path of
** operators and argument indexes ("and[1].>[0]"). zh and en are whole sentences for people.
*/
typedef struct core_jl_error {
    char type[48];
    char where[160];
    char zh[320];
    char en[320];
} core_jl_error;

/*
** Evaluates rule against data (NULL means null) with standard JsonLogic semantics. On success *result is
** a new reference (the caller decrefs it) and WS_OK is returned. On failure *result is untouched, err (if
** not NULL) says why, and the return is WS_ERR_INVALID (the rule is not JsonLogic, or it failed on this
** data: NaN, Invalid Arguments, a throw) or WS_ERR_LIMIT (depth or work).
*/
ws_err core_jl_apply(const json_t *rule, const json_t *data, json_t **result, core_jl_error *err);

/*
** The fact vocabulary as the checker asks it: true when path names a known fact. Paths are written as
** var writes them, with dots: "household.income_per_capita", "members.0.age". Inside some/all/none/map/
** filter over {"var": "members"}, a var "age" refers to the element and is asked as "members.age"; inside
** reduce, "current.x" is asked as "<array path>.x" and "accumulator..." is not asked. "" (the whole data)
** is asked as "".
*/
typedef bool (*core_jl_known_fn)(const char *path, void *ctx);

/*
** Checks that rule is JsonLogic that can be stored: every operation is an object with exactly one key
** naming a known operator, with a number of arguments it accepts (fixed where the operator has a fixed
** arity), nesting at most CORE_JL_MAX_DEPTH, and every var/val path literal (a var whose path is computed
** is refused: a stored rule must say which facts it reads) and known to known(path, ctx). known NULL
** accepts every path. Returns WS_OK, or WS_ERR_INVALID with err saying what and where (type
** "Unknown Fact" with the path in both languages for an unknown fact).
*/
ws_err core_jl_check(const json_t *rule, core_jl_known_fn known, void *ctx, core_jl_error *err);

/* The truth of a rule under three-valued (Kleene) logic. */
typedef enum core_jl_truth {
    CORE_JL_FALSE = 0,
    CORE_JL_TRUE = 1,
    CORE_JL_UNKNOWN = 2   /* a fact the rule needs is missing; the outcome's missing lists which */
} core_jl_truth;

/* The stable name of a truth: "false", "true", "unknown". */
const char *core_jl_truth_name(core_jl_truth t);

/*
** How reasons name facts. Each callback may be NULL, and each may return NULL for a path it does not
** know; then the path itself (fact), "" (unit) or the code itself (value) is used. The signatures fit
** core_fact_label, core_fact_unit and core_fact_value_label of facts.h. Returned strings need only live
** until the next call.
*/
typedef struct core_jl_labels {
    const char *(*fact)(const char *path, bool en, void *ctx);          /* "家庭人均月收入" */
    const char *(*unit)(const char *path, bool en);                     /* "元" */
    const char *(*value)(const char *path, const char *code, bool en);  /* "dibao" → "低保对象" */
    void *ctx;
} core_jl_labels;

/*
** The outcome of a three-valued evaluation.
**   truth    the rule's result: TRUE when the value is truthy, FALSE when falsy, UNKNOWN when it depends on
**            missing facts.
**   value    the value itself under standard semantics where known (new reference; JSON null when
**            UNKNOWN).
**   missing  array of the missing fact paths the result depends on, deduplicated, in the order met; a
**            member's fact carries the element index ("members.1.in_school"). Empty unless UNKNOWN.
**   reasons  array of {"zh": "...", "en": "..."}: the decisive parts of the rule in plain words (for an
**            "and" that holds, every conjunct; for one that fails, the failing conjuncts; for UNKNOWN,
**            what is missing). NULL when the evaluation was asked for without reasons.
** All three are owned by the outcome: free with core_jl_outcome_free.
*/
typedef struct core_jl_outcome {
    core_jl_truth truth;
    json_t *value;
    json_t *missing;
    json_t *reasons;
} core_jl_outcome;

void core_jl_outcome_free(core_jl_outcome *o); /* frees the members and zeroes o; NULL allowed */

/*
** Evaluates rule against data three-valued. A var whose path is absent from data, or JSON null, and that
** has no default, is UNKNOWN; UNKNOWN propagates by Kleene logic: false and anything is false, true or
** anything is true, a comparison or arithmetic with an unknown operand is unknown, some/all/none over a
** known array decide by the known elements when they can. labels NULL produces no reasons (faster). On
** success fills *out (free with core_jl_outcome_free) and returns WS_OK; on failure returns as
** core_jl_apply does and leaves *out untouched.
*/
ws_err core_jl_eval3(const json_t *rule, const json_t *data, const core_jl_labels *labels,
                     core_jl_outcome *out, core_jl_error *err);

/* ---- many rules against many households ---- */

/* Rules compiled once, sharing one table of the fact paths they read. Read-only once built. */
typedef struct core_jl_ruleset core_jl_ruleset;
/* One household's facts as seen by a ruleset: each path is resolved at most once per core_jl_frame_load. */
typedef struct core_jl_frame core_jl_frame;

core_jl_ruleset *core_jl_ruleset_new(void);
void core_jl_ruleset_free(core_jl_ruleset *rs); /* NULL allowed; its frames must be freed first */

/*
** Compiles rule (copied) into rs; *index is its number (0, 1, ... in the order added). Checks as
** core_jl_check(rule, NULL, ...) does, except that computed var paths are accepted. Returns WS_OK or
** WS_ERR_INVALID with err.
*/
ws_err core_jl_ruleset_add(core_jl_ruleset *rs, const json_t *rule, size_t *index, core_jl_error *err);
size_t core_jl_ruleset_count(const core_jl_ruleset *rs);

/* A frame for rs's rules (caller frees with core_jl_frame_free before freeing rs). */
core_jl_frame *core_jl_frame_new(const core_jl_ruleset *rs);
void core_jl_frame_free(core_jl_frame *f);
/* Points the frame at one household's facts (borrowed: facts must live until the next load or the free). */
void core_jl_frame_load(core_jl_frame *f, const json_t *facts);

/*
** Evaluates rule number index against the loaded facts three-valued, without reasons: the screening's
** fast path. Returns the truth, or CORE_JL_UNKNOWN with err filled (when err is not NULL) and *failed set
** to true when the rule failed on these facts (NaN, Limit...); failed may be NULL. When missing is not
** NULL and the truth is UNKNOWN, the missing paths are appended to it (an array).
*/
core_jl_truth core_jl_ruleset_eval3(const core_jl_ruleset *rs, size_t index, core_jl_frame *f, json_t *missing,
                                    bool *failed, core_jl_error *err);

#endif
