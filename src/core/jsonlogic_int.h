/*
** jsonlogic_int.h: what jsonlogic.c (compiler and evaluator) shares with jsonlogic_explain.c (reasons).
** Not part of the public contract; nothing outside src/core/jsonlogic*.c includes it.
**
** A rule is compiled into a tree of nodes; var paths are split once into steps, and the paths read from
** the root of the facts become slots of the ruleset, resolved once per household by the frame (a path of
** several steps through the slot of its prefix). Rules added for screening are also laid out as a flat
** screening program, private to jsonlogic.c; the frame keeps the values of the parts several rules share.
** Values during evaluation are jl_val: scalars inline, strings, arrays and objects as jansson references
** that are either borrowed (from the rule or the facts, alive for the whole evaluation) or owned (computed).
*/
#ifndef WS_CORE_JSONLOGIC_INT_H
#define WS_CORE_JSONLOGIC_INT_H
#include "jsonlogic.h"

#include <stdint.h>

typedef enum jl_type { JL_U, JL_NULL, JL_BOOL, JL_NUM, JL_STR, JL_ARR, JL_OBJ } jl_type;

typedef struct jl_val {
    uint8_t t;     /* jl_type; JL_U is "unknown" (three-valued evaluation only) */
    bool own;      /* j is an owned reference, released with jl_release */
    bool b;        /* JL_BOOL */
    double n;      /* JL_NUM */
    json_t *j;     /* JL_STR, JL_ARR, JL_OBJ */
} jl_val;

typedef enum jl_op {
    OP_LIT, OP_ARRAY, OP_VAR, OP_VAL, OP_MISSING, OP_MISSING_SOME,
    OP_IF, OP_AND, OP_OR, OP_NOT, OP_NOTNOT,
    OP_EQ, OP_SEQ, OP_NE, OP_SNE, OP_GT, OP_GE, OP_LT, OP_LE,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_MAX, OP_MIN,
    OP_MAP, OP_FILTER, OP_REDUCE, OP_ALL, OP_SOME, OP_NONE, OP_MERGE, OP_IN, OP_CAT, OP_SUBSTR,
    OP_LOG, OP_THROW
} jl_op;

/* Where a var looks: the facts' root, the element of an iteration, or reduce's {current, accumulator}. */
typedef enum jl_scope_kind { SC_ROOT, SC_ELEM, SC_REDUCE } jl_scope_kind;

typedef struct jl_step {
    const char *key; /* the step as text */
    long idx;        /* the step as an array index, or -1 */
} jl_step;

typedef struct jl_node jl_node;
struct jl_node {
    uint8_t op;           /* jl_op */
    uint8_t scope;        /* jl_scope_kind the node is evaluated in (vars) */
    uint16_t n;           /* number of arguments */
    jl_node **a;          /* arguments */
    const json_t *src;    /* this node's rule text (borrowed from the ruleset's copy) */
    const char *name;     /* the operator's name as written */
    jl_val lit;           /* OP_LIT: the value (borrowed) */
    /* OP_VAR with a literal path: */
    bool literal_path;
    const char *path;     /* as written ("household.size", "age") */
    jl_step *steps;
    uint16_t nsteps;
    int slot;             /* root scope: the ruleset's slot; element scope: its element slot; else -1 */
    const char *vocab;    /* the path as the fact vocabulary names it ("members.age"), or NULL */
    const char *iter_src; /* iterations: the vocabulary path of the array iterated, or NULL */
};

/* One iteration level during evaluation. */
typedef struct jl_scope {
    const struct jl_scope *parent;
    uint8_t kind;         /* jl_scope_kind */
    const json_t *data;   /* SC_ROOT: the facts; SC_ELEM: the element; SC_REDUCE: current */
    const jl_val *acc;    /* SC_REDUCE: the accumulator */
    const jl_node *over;  /* the node whose value is iterated (for missing paths), or NULL */
    size_t idx;           /* the element's index */
} jl_scope;

typedef struct jl_frame_slot {
    unsigned gen;
    const json_t *val;    /* NULL: absent */
} jl_frame_slot;

/* A member's fact seen by several rules is looked up once: element slots are cached per element index
** (modulo JL_ELEM_CACHE), keyed by the element itself. */
enum { JL_ELEM_CACHE = 8 };
typedef struct jl_elem_cache {
    const json_t *elem;
    unsigned gen;
    const json_t *val;
} jl_elem_cache;

/* A value of the screening program that several rules share ("income under the standard"), kept for the
** household loaded: computed by the first rule that needs it. */
typedef struct jl_memo {
    unsigned gen;
    bool absent;           /* a fact it read was absent */
    long work;             /* the operations it took */
    jl_val v;              /* borrowed from the facts or the rules, or a number or boolean */
} jl_memo;

struct core_jl_frame {
    const core_jl_ruleset *rs;
    const json_t *facts;
    unsigned gen;          /* bumped by every load: slots of an older generation are stale */
    jl_frame_slot *slots;
    size_t nslots;
    jl_elem_cache *ecache; /* [neslots * JL_ELEM_CACHE] */
    size_t neslots;
    jl_memo *memo;         /* the ruleset's shared values (see jsonlogic.c, the screening program) */
    size_t nmemo;
};

/* One evaluation's state. */
typedef struct jl_ctx {
    bool three;           /* three-valued: absent facts are JL_U */
    long work;
    core_jl_frame *frame;
    json_t *missing;      /* array of missing paths (three-valued), or NULL */
    core_jl_error *err;   /* filled on failure */
} jl_ctx;

/* Evaluates node n in scope sc into *out (released by the caller with jl_release). 0, or -1 with c->err. */
int jl_eval(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out);
void jl_release(jl_val *v);
bool jl_truthy(const jl_val *v);
/* v as a number the way JsonLogic converts (null 0, booleans 0/1, numeric text); false when it is NaN. */
bool jl_to_num(const jl_val *v, double *out);
/* v as JSON (new reference); JL_U becomes null. */
json_t *jl_to_json(const jl_val *v);
/* Writes the text of v (numbers shortest, as JavaScript prints them) into buf. */
void jl_to_text(const jl_val *v, char *buf, size_t size);
/* Fills err (when not NULL) with type, where and both sentences; returns -1. */
int jl_fail(core_jl_error *err, const char *type, const jl_node *n, const char *zh, const char *en);

/* The reasons of node n (the whole rule) evaluated in the root scope: appends {"zh","en"} objects. */
void jl_explain(jl_ctx *c, const jl_node *n, const jl_scope *sc, const core_jl_labels *labels, json_t *reasons);

#endif
