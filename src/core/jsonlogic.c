/*
** jsonlogic.c: the JsonLogic compiler and evaluator (contract in jsonlogic.h, internals in jsonlogic_int.h).
**
** A rule is compiled once: operators are looked up, arities checked, var paths split into steps and, when
** read from the facts' root, interned as slots of the ruleset. Evaluation walks the node tree; the same
** evaluator serves standard semantics and the three-valued screening, where an absent fact is JL_U and
** propagates by Kleene logic. Rules added to a ruleset for screening also get a screening program (a flat,
** typed form of the tree, see "the screening program" below) that core_jl_ruleset_eval3 runs first and
** that hands back to the tree walk whenever anything is unusual. Everything here is pure: no I/O.
*/
#include "jsonlogic_int.h"
#include "mem.h"
#include "text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jl_fnode jl_fnode; /* an entry of a screening program (below) */

struct core_jl_ruleset {
    core_arena *arena;     /* nodes, steps and path texts */
    json_t **rules;        /* owned deep copies: the nodes borrow their literals */
    jl_node **roots;
    size_t count, cap;
    jl_step **slot_steps;  /* root paths read by the rules, one slot each */
    uint16_t *slot_nsteps;
    const char **slot_path;
    int *slot_parent;      /* the slot of the path without its last step ("household"), or -1 for one step */
    size_t nslots, slots_cap;
    const char **eslot_path;  /* element paths read inside iterations ("age"), one element slot each */
    size_t neslots, eslots_cap;
    jl_fnode *prog;        /* the screening programs of all rules, one flat array */
    size_t nprog, progcap;
    uint32_t *fast;        /* per rule: the entry of its program in prog, or FAST_NONE */
    struct jl_shared *shared; /* hash table of the rules' parts by their text, to find shared ones */
    size_t shared_cap, shared_used;
    size_t nmemo;          /* parts met in more than one place: memo slots of the frame */
};

/* ---- operator table ---- */

static const struct {
    const char *name;
    uint8_t op;
    int8_t min, max;   /* number of arguments; max -1: any */
    bool array_only;   /* the arguments must be written as an array */
} OPS[] = {
    {"var", OP_VAR, 0, 2, false},        {"val", OP_VAL, 0, -1, false},
    {"missing", OP_MISSING, 0, -1, false}, {"missing_some", OP_MISSING_SOME, 2, 2, true},
    {"if", OP_IF, 0, -1, true},          {"?:", OP_IF, 3, 3, true},
    {"and", OP_AND, 0, -1, true},        {"or", OP_OR, 0, -1, true},
    {"!", OP_NOT, 0, 1, false},          {"!!", OP_NOTNOT, 0, 1, false},
    {"==", OP_EQ, 2, -1, true},          {"===", OP_SEQ, 2, -1, true},
    {"!=", OP_NE, 2, -1, true},          {"!==", OP_SNE, 2, -1, true},
    {">", OP_GT, 2, -1, true},           {">=", OP_GE, 2, -1, true},
    {"<", OP_LT, 2, -1, true},           {"<=", OP_LE, 2, -1, true},
    {"+", OP_ADD, 0, -1, false},         {"-", OP_SUB, 1, -1, false},
    {"*", OP_MUL, 0, -1, false},         {"/", OP_DIV, 1, -1, false},
    {"%", OP_MOD, 2, -1, true},          {"max", OP_MAX, 0, -1, false},
    {"min", OP_MIN, 0, -1, false},       {"map", OP_MAP, 2, 2, true},
    {"filter", OP_FILTER, 2, 2, true},   {"reduce", OP_REDUCE, 2, 3, true},
    {"all", OP_ALL, 2, 2, true},         {"some", OP_SOME, 2, 2, true},
    {"none", OP_NONE, 2, 2, true},       {"merge", OP_MERGE, 0, -1, false},
    {"in", OP_IN, 2, 2, true},           {"cat", OP_CAT, 0, -1, false},
    {"substr", OP_SUBSTR, 2, 3, true},   {"log", OP_LOG, 1, 1, false},
    {"throw", OP_THROW, 1, 1, false},
};

enum { CAT_MAX = 1 << 20 }; /* bytes of text one cat or substr may build */

/* A missing fact's path is built from the iteration levels it sits in; one deeper than the buffers allow
** (each var path is at most CORE_JL_MAX_PATH bytes) is cut, which is harmless for a path shown to people. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

/* ---- errors ---- */

int jl_fail(core_jl_error *err, const char *type, const jl_node *n, const char *zh, const char *en) {
    if (!err) return -1;
    snprintf(err->type, sizeof err->type, "%s", type);
    err->where[0] = '\0';
    if (n && n->src) {
        char *dump = json_dumps(n->src, JSON_COMPACT | JSON_ENCODE_ANY);
        if (dump) {
            size_t len = strlen(dump);
            if (len >= sizeof err->where) memcpy(dump + sizeof err->where - 4, "...", 4);
            snprintf(err->where, sizeof err->where, "%s", dump);
            free(dump);
        }
    }
    snprintf(err->zh, sizeof err->zh, "%s", zh);
    snprintf(err->en, sizeof err->en, "%s", en);
    return -1;
}

/* A failure whose sentences name an operator or a path. */
static int fail_named(core_jl_error *err, const char *type, const jl_node *n, const char *name,
                      const char *zh_fmt, const char *en_fmt) {
    char zh[320], en[320];
    snprintf(zh, sizeof zh, zh_fmt, name);
    snprintf(en, sizeof en, en_fmt, name);
    return jl_fail(err, type, n, zh, en);
}

/* ---- values ---- */

static inline void from_json(const json_t *j, jl_val *v) {
    *v = (jl_val){.t = JL_NULL};
    if (!j) return;
    switch (json_typeof(j)) {
    case JSON_TRUE: v->t = JL_BOOL; v->b = true; break;
    case JSON_FALSE: v->t = JL_BOOL; v->b = false; break;
    case JSON_INTEGER: v->t = JL_NUM; v->n = (double)json_integer_value(j); break;
    case JSON_REAL: v->t = JL_NUM; v->n = json_real_value(j); break;
    case JSON_STRING: v->t = JL_STR; v->j = (json_t *)j; break;
    case JSON_ARRAY: v->t = JL_ARR; v->j = (json_t *)j; break;
    case JSON_OBJECT: v->t = JL_OBJ; v->j = (json_t *)j; break;
    default: break;
    }
}

/* Takes ownership of j (a new reference). */
static void from_owned(json_t *j, jl_val *v) {
    from_json(j, v);
    if (v->j) v->own = true;
    else json_decref(j);
}

void jl_release(jl_val *v) {
    if (v->own && v->j) json_decref(v->j);
    *v = (jl_val){.t = JL_NULL};
}

/* Makes v hold its own reference, so it may outlive what it was borrowed from. */
static void retain(jl_val *v) {
    if (v->j && !v->own) {
        json_incref(v->j);
        v->own = true;
    }
}

bool jl_truthy(const jl_val *v) {
    switch (v->t) {
    case JL_BOOL: return v->b;
    case JL_NUM: return v->n != 0 && !isnan(v->n);
    case JL_STR: return json_string_length(v->j) > 0;
    case JL_ARR: return json_array_size(v->j) > 0;
    case JL_OBJ: return true;
    default: return false;
    }
}

/* Text as JavaScript's Number() reads it: surrounding blanks ignored, "" is 0. */
static bool text_to_num(const char *s, double *out) {
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    if (!*s) {
        *out = 0;
        return true;
    }
    if (!(*s == '-' || *s == '+' || *s == '.' || (*s >= '0' && *s <= '9'))) return false;
    char *end;
    double d = strtod(s, &end);
    if (end == s) return false;
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r') end++;
    if (*end || isnan(d)) return false;
    *out = d;
    return true;
}

bool jl_to_num(const jl_val *v, double *out) {
    switch (v->t) {
    case JL_NULL: *out = 0; return true;
    case JL_BOOL: *out = v->b ? 1 : 0; return true;
    case JL_NUM: *out = v->n; return !isnan(v->n);
    case JL_STR: return text_to_num(json_string_value(v->j), out);
    default: return false;
    }
}

static void num_text(double d, char *buf, size_t size) {
    if (isnan(d)) { snprintf(buf, size, "NaN"); return; }
    if (isinf(d)) { snprintf(buf, size, d > 0 ? "Infinity" : "-Infinity"); return; }
    if (d == floor(d) && fabs(d) < 1e21) { snprintf(buf, size, "%.0f", d == 0 ? 0.0 : d); return; }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) return;
    }
}

void jl_to_text(const jl_val *v, char *buf, size_t size) {
    switch (v->t) {
    case JL_BOOL: snprintf(buf, size, "%s", v->b ? "true" : "false"); return;
    case JL_NUM: num_text(v->n, buf, size); return;
    case JL_STR: snprintf(buf, size, "%s", json_string_value(v->j)); return;
    case JL_ARR: case JL_OBJ: {
        char *d = json_dumps(v->j, JSON_COMPACT | JSON_ENCODE_ANY);
        snprintf(buf, size, "%s", d ? d : "");
        free(d);
        return;
    }
    default: buf[0] = '\0'; return;
    }
}

json_t *jl_to_json(const jl_val *v) {
    switch (v->t) {
    case JL_BOOL: return json_boolean(v->b);
    case JL_NUM:
        if (v->n == floor(v->n) && fabs(v->n) < 9007199254740992.0) return json_integer((json_int_t)v->n);
        return json_real(v->n);
    case JL_STR: case JL_ARR: case JL_OBJ: return json_incref(v->j);
    default: return json_null();
    }
}

/* ---- compiling ---- */

typedef struct compile_ctx {
    uint8_t scope;          /* jl_scope_kind of the nodes compiled */
    const char *iter_src;   /* vocabulary path of the iterated array (SC_ELEM, SC_REDUCE) */
    bool strict;            /* core_jl_check: computed paths and multi-key objects refused */
    core_jl_known_fn known;
    void *known_ctx;
} compile_ctx;

/* The slot of a root path; a path of several steps is read through the slot of its prefix, so that
** "household" is looked up once per household however many of its facts are read. */
static int intern_path(core_jl_ruleset *rs, const char *path, jl_step *steps, uint16_t nsteps) {
    for (size_t i = 0; i < rs->nslots; i++)
        if (strcmp(rs->slot_path[i], path) == 0) return (int)i;
    int parent = -1;
    if (nsteps > 1) {
        const char *dot = strrchr(path, '.');
        parent = intern_path(rs, core_arena_strndup(rs->arena, path, (size_t)(dot - path)), steps, nsteps - 1u);
    }
    if (rs->nslots == rs->slots_cap) {
        rs->slots_cap = rs->slots_cap ? rs->slots_cap * 2 : 32;
        rs->slot_steps = xrealloc(rs->slot_steps, rs->slots_cap * sizeof *rs->slot_steps);
        rs->slot_nsteps = xrealloc(rs->slot_nsteps, rs->slots_cap * sizeof *rs->slot_nsteps);
        rs->slot_path = xrealloc(rs->slot_path, rs->slots_cap * sizeof *rs->slot_path);
        rs->slot_parent = xrealloc(rs->slot_parent, rs->slots_cap * sizeof *rs->slot_parent);
    }
    rs->slot_steps[rs->nslots] = steps;
    rs->slot_nsteps[rs->nslots] = nsteps;
    rs->slot_path[rs->nslots] = path;
    rs->slot_parent[rs->nslots] = parent;
    return (int)rs->nslots++;
}

static int intern_slot(core_jl_ruleset *rs, const jl_node *n) {
    return intern_path(rs, n->path, n->steps, n->nsteps);
}

/* The element slot of a var read inside an iteration: the frame caches its value per element. */
static int intern_eslot(core_jl_ruleset *rs, const char *path) {
    for (size_t i = 0; i < rs->neslots; i++)
        if (strcmp(rs->eslot_path[i], path) == 0) return (int)i;
    if (rs->neslots == rs->eslots_cap) {
        rs->eslots_cap = rs->eslots_cap ? rs->eslots_cap * 2 : 16;
        rs->eslot_path = xrealloc(rs->eslot_path, rs->eslots_cap * sizeof *rs->eslot_path);
    }
    rs->eslot_path[rs->neslots] = path;
    return (int)rs->neslots++;
}

/* Splits path at dots into steps allocated from the arena. "" has no steps. */
static jl_step *split_path(core_arena *a, const char *path, uint16_t *nsteps) {
    *nsteps = 0;
    if (!*path) return NULL;
    size_t count = 1;
    for (const char *p = path; *p; p++) count += *p == '.';
    jl_step *steps = core_arena_alloc(a, count * sizeof *steps);
    const char *start = path;
    for (size_t i = 0; i < count; i++) {
        const char *dot = strchr(start, '.');
        size_t len = dot ? (size_t)(dot - start) : strlen(start);
        steps[i].key = core_arena_strndup(a, start, len);
        char *end;
        long idx = len ? strtol(steps[i].key, &end, 10) : -1;
        steps[i].idx = (len && *end == '\0' && idx >= 0 && steps[i].key[0] != '+' && steps[i].key[0] != '-')
                           ? idx : -1;
        start = dot ? dot + 1 : start + len;
    }
    *nsteps = (uint16_t)count;
    return steps;
}

/* A literal var path's text: a string, a whole number, or null (""). False for anything else. */
static bool literal_path_text(const json_t *j, char *buf, size_t size) {
    if (json_is_null(j)) { buf[0] = '\0'; return true; }
    if (json_is_string(j)) { snprintf(buf, size, "%s", json_string_value(j)); return true; }
    if (json_is_number(j)) {
        jl_val v;
        from_json(j, &v);
        num_text(v.n, buf, size);
        return true;
    }
    return false;
}

static int compile(core_jl_ruleset *rs, const json_t *j, int depth, const compile_ctx *cc, jl_node **out,
                   core_jl_error *err);

/* Whether path's first step is key ("current" in "current.age"). */
static bool first_step_is(const char *path, const char *key) {
    size_t len = strlen(key);
    return strncmp(path, key, len) == 0 && (path[len] == '\0' || path[len] == '.');
}

/* The vocabulary path of a fact read by path in its scope, or NULL when it names none (reduce's accumulator). */
static const char *vocab_path(core_arena *a, const char *path, const compile_ctx *cc) {
    if (cc->scope == SC_ROOT) return path;
    const char *rel = path;
    if (cc->scope == SC_REDUCE) {
        if (first_step_is(path, "accumulator")) return NULL;
        if (first_step_is(path, "current")) rel = path + strlen("current");
        if (*rel == '.') rel++;
    }
    if (!cc->iter_src) return rel;
    if (!*rel) return cc->iter_src;
    return core_arena_printf(a, "%s.%s", cc->iter_src, rel);
}

/* Fails with "Unknown Fact" when the checker's vocabulary does not have vocab. */
static int check_known(const compile_ctx *cc, const char *vocab, const jl_node *n, core_jl_error *err) {
    if (!cc->known || !vocab || cc->known(vocab, cc->known_ctx)) return 0;
    char zh[320], en[320];
    snprintf(zh, sizeof zh, "规则引用了未知的事实“%s”。", vocab);
    snprintf(en, sizeof en, "The rule names an unknown fact \"%s\".", vocab);
    return jl_fail(err, "Unknown Fact", n, zh, en);
}

/* One key of missing / missing_some: a literal name is checked like a var's path; a computed one is refused
** by the checker (as a computed var path is: an unknown fact in it would always count as missing) and left
** to evaluation otherwise. */
static int check_missing_key(core_jl_ruleset *rs, const json_t *k, const compile_ctx *cc, const jl_node *n,
                             core_jl_error *err) {
    if (json_is_string(k)) return check_known(cc, vocab_path(rs->arena, json_string_value(k), cc), n, err);
    if (cc->strict && !json_is_number(k))
        return jl_fail(err, "Not JsonLogic", n, "missing 的字段名必须直接写出（不能由表达式计算）。",
                       "The names given to missing must be written out, not computed.");
    return 0;
}

/* missing / missing_some name facts as keys: a string or an array of them (for missing, also one array of
** them as its only argument, as missing_some's results are written). */
static int check_missing_keys(core_jl_ruleset *rs, const json_t *args, const compile_ctx *cc, const jl_node *n,
                              core_jl_error *err) {
    const json_t *keys = n->op == OP_MISSING_SOME ? json_array_get(args, 1) : args;
    if (!json_is_array(keys)) return check_missing_key(rs, keys, cc, n, err);
    size_t i;
    const json_t *k;
    json_array_foreach(keys, i, k) {
        if (json_is_array(k) && n->op == OP_MISSING && i == 0) {
            size_t j;
            const json_t *inner;
            json_array_foreach(k, j, inner) if (check_missing_key(rs, inner, cc, n, err)) return -1;
        } else if (check_missing_key(rs, k, cc, n, err)) {
            return -1;
        }
    }
    return 0;
}

static int compile_var(core_jl_ruleset *rs, jl_node *n, const json_t *args, int depth, const compile_ctx *cc,
                       core_jl_error *err) {
    char path[CORE_JL_MAX_PATH + 1];
    const json_t *p = n->n ? json_array_get(args, 0) : NULL;
    if (!json_is_array(args)) p = args;
    if (p && json_is_string(p) && json_string_length(p) > CORE_JL_MAX_PATH)
        return jl_fail(err, "Limit", n, "变量路径过长。", "The var path is too long.");
    if (!p || literal_path_text(p, path, sizeof path)) {
        if (!p) path[0] = '\0';
        n->literal_path = true;
        n->path = core_arena_strdup(rs->arena, path);
        n->steps = split_path(rs->arena, n->path, &n->nsteps);
        n->slot = cc->scope == SC_ROOT ? intern_slot(rs, n) : cc->scope == SC_ELEM ? intern_eslot(rs, n->path) : -1;
        n->vocab = vocab_path(rs->arena, n->path, cc);
        if (check_known(cc, n->vocab, n, err) != 0) return -1;
    } else if (cc->strict) {
        return jl_fail(err, "Not JsonLogic", n, "变量路径必须直接写出（不能由表达式计算）。",
                       "A var path must be written out, not computed.");
    }
    return 0;
}

/* The vocabulary path of the elements of the array node n evaluates to, when it is known. */
static const char *iter_source(const jl_node *n) {
    if (n->op == OP_VAR && n->literal_path) return n->vocab;
    if (n->op == OP_FILTER) return n->iter_src;
    return NULL;
}

static int compile_op(core_jl_ruleset *rs, const json_t *j, const char *key, const json_t *args, int depth,
                      const compile_ctx *cc, jl_node *n, core_jl_error *err) {
    size_t k = 0, nops = sizeof OPS / sizeof OPS[0];
    while (k < nops && strcmp(OPS[k].name, key) != 0) k++;
    if (k == nops)
        return fail_named(err, "Unknown Operator", n, key, "未知的运算符“%s”。", "Unknown operator \"%s\".");
    n->op = OPS[k].op;
    n->name = OPS[k].name;
    if (OPS[k].array_only && !json_is_array(args))
        return fail_named(err, "Invalid Arguments", n, key, "运算符“%s”的参数必须是数组。",
                          "The arguments of \"%s\" must be an array.");
    size_t count = json_is_array(args) ? json_array_size(args) : 1;
    if ((long)count < OPS[k].min || (OPS[k].max >= 0 && (long)count > OPS[k].max))
        return fail_named(err, "Invalid Arguments", n, key, "运算符“%s”的参数个数不对。",
                          "Wrong number of arguments for \"%s\".");
    if (count > UINT16_MAX) return jl_fail(err, "Limit", n, "参数过多。", "Too many arguments.");
    n->n = (uint16_t)count;
    if (n->op == OP_VAR && compile_var(rs, n, args, depth, cc, err) != 0) return -1;
    if (n->op == OP_VAR && n->literal_path) {
        if (count < 2) return 0; /* the default, if any, is compiled below */
    }
    n->a = count ? core_arena_alloc(rs->arena, count * sizeof *n->a) : NULL;
    bool iterates = n->op == OP_MAP || n->op == OP_FILTER || n->op == OP_REDUCE || n->op == OP_ALL ||
                    n->op == OP_SOME || n->op == OP_NONE;
    for (size_t i = 0; i < count; i++) {
        const json_t *arg = json_is_array(args) ? json_array_get(args, i) : args;
        if (n->op == OP_VAR && n->literal_path && i == 0) {
            n->a[0] = NULL;
            continue;
        }
        compile_ctx inner = *cc;
        if (iterates && i == 1) {
            inner.scope = n->op == OP_REDUCE ? SC_REDUCE : SC_ELEM;
            inner.iter_src = n->iter_src;
        }
        if (compile(rs, arg, depth + 1, &inner, &n->a[i], err) != 0) return -1;
        if (iterates && i == 0) n->iter_src = iter_source(n->a[0]);
    }
    if ((n->op == OP_MISSING || n->op == OP_MISSING_SOME) && check_missing_keys(rs, args, cc, n, err) != 0) return -1;
    if (n->op == OP_MAP || n->op == OP_FILTER) {
        bool scalar_source = n->a[0]->op == OP_LIT && n->a[0]->lit.t != JL_ARR && n->a[0]->lit.t != JL_OBJ;
        bool null_body = n->a[1]->op == OP_LIT && n->a[1]->lit.t == JL_NULL;
        if (scalar_source || null_body)
            return fail_named(err, "Invalid Arguments", n, key, "运算符“%s”需要一个数组和一个表达式。",
                              "\"%s\" takes an array and an expression.");
    }
    return 0;
}

static int compile(core_jl_ruleset *rs, const json_t *j, int depth, const compile_ctx *cc, jl_node **out,
                   core_jl_error *err) {
    jl_node *n = core_arena_alloc(rs->arena, sizeof *n);
    memset(n, 0, sizeof *n);
    n->src = j;
    n->scope = cc->scope;
    n->slot = -1;
    *out = n;
    if (depth > CORE_JL_MAX_DEPTH)
        return jl_fail(err, "Limit", n, "规则嵌套过深。", "The rule is nested too deeply.");
    if (json_is_object(j) && json_object_size(j) == 1) {
        const char *key = json_object_iter_key(json_object_iter((json_t *)j));
        return compile_op(rs, j, key, json_object_get(j, key), depth, cc, n, err);
    }
    if (json_is_object(j) && json_object_size(j) > 1 && cc->strict)
        return jl_fail(err, "Not JsonLogic", n, "一个运算只能有一个运算符（对象只能有一个键）。",
                       "An operation has exactly one operator (one key).");
    if (json_is_array(j) && json_array_size(j) > 0) {
        size_t count = json_array_size(j);
        if (count > UINT16_MAX) return jl_fail(err, "Limit", n, "数组过长。", "The array is too long.");
        n->a = core_arena_alloc(rs->arena, count * sizeof *n->a);
        n->n = (uint16_t)count;
        bool all_literal = true;
        for (size_t i = 0; i < count; i++) {
            if (compile(rs, json_array_get(j, i), depth + 1, cc, &n->a[i], err) != 0) return -1;
            all_literal = all_literal && n->a[i]->op == OP_LIT;
        }
        if (!all_literal) {
            n->op = OP_ARRAY;
            return 0;
        }
        n->n = 0;
        n->a = NULL;
    }
    n->op = OP_LIT;
    from_json(j, &n->lit);
    return 0;
}

/* ---- evaluating: variables ---- */

static const json_t *walk(const json_t *d, const jl_step *s, size_t count) {
    for (size_t i = 0; i < count && d; i++) {
        if (json_is_object(d)) d = json_object_get(d, s[i].key);
        else if (json_is_array(d) && s[i].idx >= 0) d = json_array_get(d, (size_t)s[i].idx);
        else return NULL;
    }
    return d;
}

/* The value of element path slot for the element at index idx, resolved once per household. */
static const json_t *frame_elem_get(core_jl_frame *f, int slot, const jl_scope *sc, const jl_node *n) {
    jl_elem_cache *e = &f->ecache[(size_t)slot * JL_ELEM_CACHE + (sc->idx & (JL_ELEM_CACHE - 1))];
    if (e->gen != f->gen || e->elem != sc->data) {
        e->val = walk(sc->data, n->steps, n->nsteps);
        e->elem = sc->data;
        e->gen = f->gen;
    }
    return e->val;
}

static const json_t *frame_get(core_jl_frame *f, int slot) {
    jl_frame_slot *s = &f->slots[slot];
    if (s->gen != f->gen) {
        int parent = f->rs->slot_parent[slot];
        if (parent >= 0)
            s->val = walk(frame_get(f, parent), f->rs->slot_steps[slot] + f->rs->slot_nsteps[slot] - 1, 1);
        else
            s->val = walk(f->facts, f->rs->slot_steps[slot], f->rs->slot_nsteps[slot]);
        s->gen = f->gen;
    }
    return s->val;
}

/* The absolute path of scope sc's element ("members.1"), or "" at the root; false when it is not known. */
static bool scope_path(const jl_scope *sc, char *buf, size_t size) {
    if (sc->kind == SC_ROOT) { buf[0] = '\0'; return true; }
    const jl_node *src = sc->over ? sc->over->a[0] : NULL;
    if (!src || src->op != OP_VAR || !src->literal_path) return false;
    char parent[CORE_JL_MAX_PATH * 2];
    if (!scope_path(sc->parent, parent, sizeof parent)) return false;
    const char *rel = src->path;
    if (sc->parent->kind == SC_REDUCE && strncmp(rel, "current", 7) == 0) rel += rel[7] == '.' ? 8 : 7;
    snprintf(buf, size, "%s%s%s%s%zu", parent, *parent && *rel ? "." : "", rel, *parent || *rel ? "." : "", sc->idx);
    return true;
}

static void add_missing(jl_ctx *c, const jl_node *n, const jl_scope *sc) {
    if (!c->missing) return;
    char prefix[CORE_JL_MAX_PATH * 2], path[CORE_JL_MAX_PATH * 3];
    const char *rel = n->path ? n->path : "";
    if (sc->kind == SC_REDUCE && strncmp(rel, "current", 7) == 0) rel += rel[7] == '.' ? 8 : 7;
    if (scope_path(sc, prefix, sizeof prefix))
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix && *rel ? "." : "", rel);
    else
        snprintf(path, sizeof path, "%s", n->vocab ? n->vocab : rel);
    size_t i;
    json_t *m;
    json_array_foreach(c->missing, i, m) if (strcmp(json_string_value(m), path) == 0) return;
    json_array_append_new(c->missing, json_string(path));
}

/* The data var and missing look into at scope sc: a new reference (reduce builds {current, accumulator}). */
static json_t *scope_data(const jl_scope *sc) {
    if (sc->kind != SC_REDUCE) return json_incref((json_t *)sc->data);
    json_t *o = json_object();
    json_object_set(o, "current", sc->data ? (json_t *)sc->data : json_null());
    json_object_set_new(o, "accumulator", jl_to_json(sc->acc));
    return o;
}

/* A found value, or the default / null / unknown for an absent one. */
static int var_result(jl_ctx *c, const jl_node *n, const jl_scope *sc, const json_t *found, jl_val *out) {
    if (found && !json_is_null(found)) {
        from_json(found, out);
        return 0;
    }
    if (n->n >= 2) return jl_eval(c, n->a[1], sc, out);
    *out = (jl_val){.t = JL_NULL};
    if (c->three) {
        out->t = JL_U;
        add_missing(c, n, sc);
    }
    return 0;
}

static int eval_var(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    if (n->literal_path) {
        const json_t *found;
        if (sc->kind == SC_ROOT && n->slot >= 0 && c->frame) found = frame_get(c->frame, n->slot);
        else if (sc->kind == SC_ELEM && n->slot >= 0 && c->frame) found = frame_elem_get(c->frame, n->slot, sc, n);
        else if (sc->kind != SC_REDUCE) found = walk(sc->data, n->steps, n->nsteps);
        else if (n->nsteps && strcmp(n->steps[0].key, "current") == 0) found = walk(sc->data, n->steps + 1, n->nsteps - 1u);
        else if (n->nsteps && strcmp(n->steps[0].key, "accumulator") == 0) {
            if (n->nsteps == 1) { /* a borrowed view: the reduce loop owns the accumulator */
                *out = *sc->acc;
                out->own = false;
                return 0;
            }
            found = sc->acc->j ? walk(sc->acc->j, n->steps + 1, n->nsteps - 1u) : NULL;
        } else if (n->nsteps == 0) {
            from_owned(scope_data(sc), out);
            return 0;
        } else found = NULL;
        return var_result(c, n, sc, found, out);
    }
    jl_val p;
    if (jl_eval(c, n->a[0], sc, &p) != 0) return -1;
    if (p.t == JL_U) { *out = p; return 0; }
    char path[CORE_JL_MAX_PATH + 1];
    jl_to_text(&p, path, sizeof path);
    jl_release(&p);
    core_arena *a = core_arena_new();
    jl_node tmp = *n;
    tmp.path = path;
    tmp.steps = split_path(a, path, &tmp.nsteps);
    json_t *data = scope_data(sc);
    int rc = var_result(c, &tmp, sc, walk(data, tmp.steps, tmp.nsteps), out);
    retain(out);
    json_decref(data);
    core_arena_free(a);
    return rc;
}

/* val: each argument is one step (a key or an index), no splitting at dots. */
static int eval_val(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    json_t *data = scope_data(sc);
    const json_t *d = data;
    int rc = 0;
    for (size_t i = 0; i < n->n && d; i++) {
        jl_val k;
        if ((rc = jl_eval(c, n->a[i], sc, &k)) != 0) break;
        size_t m = k.t == JL_ARR ? json_array_size(k.j) : 1;
        for (size_t s = 0; s < m && d; s++) {
            jl_val step = k;
            if (k.t == JL_ARR) from_json(json_array_get(k.j, s), &step);
            char key[CORE_JL_MAX_PATH + 1];
            jl_to_text(&step, key, sizeof key);
            if (json_is_object(d)) d = json_object_get(d, key);
            else if (json_is_array(d) && step.t == JL_NUM && step.n >= 0) d = json_array_get(d, (size_t)step.n);
            else d = NULL;
        }
        jl_release(&k);
    }
    if (rc == 0) {
        jl_node tmp = *n;
        tmp.n = 0;
        tmp.path = "";
        rc = var_result(c, &tmp, sc, d, out);
        retain(out);
    }
    json_decref(data);
    return rc;
}

/* missing / missing_some: the keys among keys (an array) that are absent, null or "" at scope sc. */
static json_t *missing_keys(const json_t *keys, const jl_scope *sc) {
    json_t *data = scope_data(sc), *res = json_array();
    core_arena *a = core_arena_new();
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k) {
        jl_val kv;
        from_json(k, &kv);
        char path[CORE_JL_MAX_PATH + 1];
        jl_to_text(&kv, path, sizeof path);
        uint16_t ns;
        jl_step *steps = split_path(a, path, &ns);
        const json_t *v = walk(data, steps, ns);
        if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
            json_array_append(res, k);
    }
    core_arena_free(a);
    json_decref(data);
    return res;
}

/* ---- evaluating: operators ---- */

/* Evaluates every argument into vals (n->n of them); false on failure, after releasing what was made. */
static int eval_args(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *vals, bool *unknown) {
    *unknown = false;
    for (size_t i = 0; i < n->n; i++) {
        if (jl_eval(c, n->a[i], sc, &vals[i]) != 0) {
            for (size_t k = 0; k < i; k++) jl_release(&vals[k]);
            return -1;
        }
        *unknown = *unknown || vals[i].t == JL_U;
    }
    return 0;
}

static void release_all(jl_val *vals, size_t count) {
    for (size_t i = 0; i < count; i++) jl_release(&vals[i]);
}

static inline bool num_cmp(int op, double a, double b) {
    return op == OP_EQ ? a == b : op == OP_NE ? a != b : op == OP_GT ? a > b : op == OP_GE ? a >= b
         : op == OP_LT ? a < b : a <= b;
}

static bool strict_eq(const jl_val *x, const jl_val *y) {
    if (x->t != y->t) return false;
    switch (x->t) {
    case JL_NULL: return true;
    case JL_BOOL: return x->b == y->b;
    case JL_NUM: return x->n == y->n;
    case JL_STR: return strcmp(json_string_value(x->j), json_string_value(y->j)) == 0;
    default: return json_equal(x->j, y->j);
    }
}

static int nan_error(jl_ctx *c, const jl_node *n) {
    return fail_named(c->err, "NaN", n, n->name ? n->name : "?", "“%s”的操作数不是数值。",
                      "An operand of \"%s\" is not a number.");
}

/* Compares one pair of known values for operator op into *res; false when an operand is not a number (NaN).
** Shared by the tree walk and the screening program, so both compare alike. */
static bool compare_vals(int op, const jl_val *x, const jl_val *y, bool *res) {
    if (op == OP_SEQ || op == OP_SNE) {
        *res = strict_eq(x, y) == (op == OP_SEQ);
        return true;
    }
    if (x->t == JL_STR && y->t == JL_STR) {
        int r = strcmp(json_string_value(x->j), json_string_value(y->j));
        *res = op == OP_EQ ? r == 0 : op == OP_NE ? r != 0 : op == OP_GT ? r > 0 : op == OP_GE ? r >= 0
             : op == OP_LT ? r < 0 : r <= 0;
        return true;
    }
    if ((op == OP_EQ || op == OP_NE) && (x->t == JL_NULL || y->t == JL_NULL) &&
        (x->t == JL_STR || y->t == JL_STR)) {
        *res = op == OP_NE; /* null is no text */
        return true;
    }
    double a, b;
    if (!jl_to_num(x, &a) || !jl_to_num(y, &b)) return false;
    *res = num_cmp(op, a, b);
    return true;
}

/* Compares one pair for operator op into *res. */
static int compare(jl_ctx *c, const jl_node *n, const jl_val *x, const jl_val *y, bool *res) {
    return compare_vals(n->op, x, y, res) ? 0 : nan_error(c, n);
}

/* A chain a0 op a1 op a2 ...: false at the first pair that is false (later arguments are not evaluated). */
static int eval_compare(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    jl_val prev, cur;
    if (jl_eval(c, n->a[0], sc, &prev) != 0) return -1;
    bool unknown = false;
    for (size_t i = 1; i < n->n; i++) {
        if (jl_eval(c, n->a[i], sc, &cur) != 0) { jl_release(&prev); return -1; }
        if (prev.t == JL_U || cur.t == JL_U) unknown = true;
        else {
            bool r = false;
            if (compare(c, n, &prev, &cur, &r) != 0) { jl_release(&prev); jl_release(&cur); return -1; }
            if (!r) {
                jl_release(&prev);
                jl_release(&cur);
                *out = (jl_val){.t = JL_BOOL, .b = false};
                return 0;
            }
        }
        jl_release(&prev);
        prev = cur;
    }
    jl_release(&prev);
    *out = unknown ? (jl_val){.t = JL_U} : (jl_val){.t = JL_BOOL, .b = true};
    return 0;
}

/* Folds the values of an arithmetic operator's arguments (unknown ones are skipped, but the result is then
** unknown) into *out; false when an operand is not a number or the result is not finite (NaN). Shared by the
** tree walk and the screening program. */
static bool arith_vals(int op, size_t count, const jl_val *vals, jl_val *out) {
    double acc = op == OP_MUL ? 1 : 0;
    bool unknown = false;
    for (size_t i = 0; i < count; i++) {
        double x;
        if (vals[i].t == JL_U) { unknown = true; continue; }
        if (!jl_to_num(&vals[i], &x)) return false;
        if (i == 0 && op != OP_ADD && op != OP_MUL) {
            acc = count == 1 && op == OP_SUB ? -x : count == 1 && op == OP_DIV ? 1 / x : x;
            if (count == 1 && op == OP_DIV && x == 0) return false;
            continue;
        }
        switch (op) {
        case OP_ADD: acc += x; break;
        case OP_MUL: acc *= x; break;
        case OP_SUB: acc -= x; break;
        case OP_DIV:
            if (x == 0) return false;
            acc /= x;
            break;
        case OP_MOD:
            if (x == 0) return false;
            acc = fmod(acc, x);
            break;
        case OP_MAX: acc = x > acc ? x : acc; break;
        case OP_MIN: acc = x < acc ? x : acc; break;
        }
    }
    if (unknown) *out = (jl_val){.t = JL_U};
    else if (count == 0 && (op == OP_MAX || op == OP_MIN)) *out = (jl_val){.t = JL_NULL};
    else if (!isfinite(acc)) return false;
    else *out = (jl_val){.t = JL_NUM, .n = acc};
    return true;
}

static int eval_arith(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    jl_val stackv[8], *vals = n->n <= 8 ? stackv : xmalloc(n->n * sizeof *vals);
    bool unknown;
    int rc = eval_args(c, n, sc, vals, &unknown);
    if (rc != 0) goto done;
    if (!arith_vals(n->op, n->n, vals, out)) rc = nan_error(c, n);
    release_all(vals, n->n);
done:
    if (vals != stackv) free(vals);
    return rc;
}

/* if / ?: from argument i on; under three-valued logic an unknown condition gives the branches' common
** value when they agree, else unknown. */
static int eval_if(jl_ctx *c, const jl_node *n, size_t i, const jl_scope *sc, jl_val *out) {
    for (; i + 1 < n->n; i += 2) {
        jl_val cond;
        if (jl_eval(c, n->a[i], sc, &cond) != 0) return -1;
        if (cond.t == JL_U) {
            jl_val then, rest;
            if (jl_eval(c, n->a[i + 1], sc, &then) != 0) return -1;
            if (eval_if(c, n, i + 2, sc, &rest) != 0) { jl_release(&then); return -1; }
            bool same = then.t != JL_U && rest.t != JL_U && strict_eq(&then, &rest);
            jl_release(&rest);
            if (same) *out = then;
            else { jl_release(&then); *out = (jl_val){.t = JL_U}; }
            return 0;
        }
        bool t = jl_truthy(&cond);
        jl_release(&cond);
        if (t) return jl_eval(c, n->a[i + 1], sc, out);
    }
    if (i < n->n) return jl_eval(c, n->a[i], sc, out);
    *out = (jl_val){.t = JL_NULL};
    return 0;
}

/* and / or: the deciding operand; unknown when an unknown operand could still decide. */
static int eval_andor(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    bool is_and = n->op == OP_AND, unknown = false;
    *out = (jl_val){.t = JL_BOOL, .b = false};
    for (size_t i = 0; i < n->n; i++) {
        jl_val v;
        if (jl_eval(c, n->a[i], sc, &v) != 0) { jl_release(out); return -1; }
        if (v.t == JL_U) { unknown = true; continue; }
        jl_release(out);
        *out = v;
        if (jl_truthy(&v) != is_and) return 0;
    }
    if (unknown) { jl_release(out); *out = (jl_val){.t = JL_U}; }
    return 0;
}

static int eval_iter(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    jl_val arr;
    if (jl_eval(c, n->a[0], sc, &arr) != 0) return -1;
    if (arr.t == JL_U) { *out = arr; return 0; }
    if (arr.t != JL_ARR) {
        jl_release(&arr);
        if (n->op == OP_MAP || n->op == OP_FILTER) { from_owned(json_array(), out); return 0; }
        if (n->op == OP_REDUCE) {
            if (n->n > 2) return jl_eval(c, n->a[2], sc, out);
            *out = (jl_val){.t = JL_NULL};
            return 0;
        }
        return fail_named(c->err, "Invalid Arguments", n, n->name, "“%s”的第一个参数必须是数组。",
                          "The first argument of \"%s\" must be an array.");
    }
    size_t count = json_array_size(arr.j);
    jl_val acc = {.t = JL_NULL};
    if (n->op == OP_REDUCE && n->n > 2) {
        if (jl_eval(c, n->a[2], sc, &acc) != 0) { jl_release(&arr); return -1; }
        retain(&acc);
    }
    json_t *res = n->op == OP_MAP || n->op == OP_FILTER ? json_array() : NULL;
    bool unknown = false, decided = false, decision = false;
    int rc = 0;
    for (size_t i = 0; i < count && !decided; i++) {
        jl_scope el = {.parent = sc, .kind = n->op == OP_REDUCE ? SC_REDUCE : SC_ELEM,
                       .data = json_array_get(arr.j, i), .acc = &acc, .over = n, .idx = i};
        jl_val v;
        if ((rc = jl_eval(c, n->a[1], &el, &v)) != 0) break;
        if (n->op == OP_REDUCE) {
            retain(&v);
            jl_release(&acc);
            acc = v;
            continue;
        }
        if (v.t == JL_U) unknown = true;
        else if (n->op == OP_MAP) json_array_append_new(res, jl_to_json(&v));
        else if (n->op == OP_FILTER) { if (jl_truthy(&v)) json_array_append(res, json_array_get(arr.j, i)); }
        else if (jl_truthy(&v) == (n->op != OP_ALL)) { decided = true; decision = n->op == OP_SOME; }
        jl_release(&v);
    }
    jl_release(&arr);
    if (rc != 0) { json_decref(res); jl_release(&acc); return -1; }
    if (n->op == OP_REDUCE) { *out = acc; return 0; }
    if (unknown && (res || !decided)) { json_decref(res); *out = (jl_val){.t = JL_U}; return 0; }
    if (res) { from_owned(res, out); return 0; }
    if (!decided) decision = n->op == OP_ALL ? count > 0 : n->op == OP_NONE;
    *out = (jl_val){.t = JL_BOOL, .b = decision};
    return 0;
}

/* Appends the text of v to a growing string; false past CAT_MAX. */
static bool text_append(char **buf, size_t *len, size_t *cap, const jl_val *v) {
    char small[64];
    const char *s;
    char *big = NULL;
    if (v->t == JL_NULL) return true;
    if (v->t == JL_STR) s = json_string_value(v->j);
    else if (v->t == JL_ARR) s = big = json_dumps(v->j, JSON_COMPACT | JSON_ENCODE_ANY);
    else { jl_to_text(v, small, sizeof small); s = small; }
    size_t add = s ? strlen(s) : 0;
    if (*len + add > CAT_MAX) { free(big); return false; }
    if (*len + add + 1 > *cap) {
        *cap = (*len + add + 1) * 2;
        *buf = xrealloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, add);
    *len += add;
    (*buf)[*len] = '\0';
    free(big);
    return true;
}

/* Byte offset of code point k of s (k clamped to the length). */
static size_t utf8_offset(const char *s, size_t k) {
    size_t off = 0;
    for (; s[off] && k; k--) {
        off++;
        while ((s[off] & 0xC0) == 0x80) off++;
    }
    return off;
}

static int eval_text(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    jl_val stackv[8], *vals = n->n <= 8 ? stackv : xmalloc(n->n * sizeof *vals);
    bool unknown;
    int rc = eval_args(c, n, sc, vals, &unknown);
    if (rc != 0) goto done;
    if (unknown) { *out = (jl_val){.t = JL_U}; goto release; }
    char *buf = xstrdup("");
    size_t len = 0, cap = 1;
    size_t parts = n->op == OP_CAT ? n->n : 1;
    for (size_t i = 0; i < parts; i++)
        if (!text_append(&buf, &len, &cap, &vals[i])) {
            free(buf);
            rc = jl_fail(c->err, "Limit", n, "生成的文本过长。", "The text made is too long.");
            goto release;
        }
    if (n->op == OP_SUBSTR) {
        double start, count;
        if (!jl_to_num(&vals[1], &start) || (n->n > 2 && !jl_to_num(&vals[2], &count))) {
            free(buf);
            rc = nan_error(c, n);
            goto release;
        }
        long total = (long)core_utf8_len(buf), from = (long)start;
        if (from < 0) from = total + from < 0 ? 0 : total + from;
        if (from > total) from = total;
        long to = total;
        if (n->n > 2) to = count < 0 ? total + (long)count : from + (long)count;
        if (to > total) to = total;
        if (to < from) to = from;
        size_t b0 = utf8_offset(buf, (size_t)from), b1 = utf8_offset(buf, (size_t)to);
        buf[b1] = '\0';
        memmove(buf, buf + b0, b1 - b0 + 1);
    }
    from_owned(json_string(buf), out);
    free(buf);
release:
    release_all(vals, n->n);
done:
    if (vals != stackv) free(vals);
    return rc;
}

/* x in y for known values: membership in an array (strict equality) or a substring of a text. */
static bool in_vals(const jl_val *x, const jl_val *y) {
    if (y->t == JL_ARR) {
        size_t i;
        json_t *e;
        json_array_foreach(y->j, i, e) {
            jl_val ev;
            from_json(e, &ev);
            if (strict_eq(x, &ev)) return true;
        }
    } else if (y->t == JL_STR) {
        char needle[CORE_JL_MAX_PATH * 4];
        jl_to_text(x, needle, sizeof needle);
        return strstr(json_string_value(y->j), needle) != NULL;
    }
    return false;
}

static int eval_in(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    jl_val v[2];
    bool unknown;
    if (eval_args(c, n, sc, v, &unknown) != 0) return -1;
    *out = (jl_val){.t = JL_BOOL, .b = false};
    if (unknown) out->t = JL_U;
    else out->b = in_vals(&v[0], &v[1]);
    release_all(v, 2);
    return 0;
}

/*
** Every element merge copies counts as work: a reduce that merges its accumulator with itself doubles an
** array each step, which would exhaust memory long before the operation count alone stopped it.
*/
static int eval_merge(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    json_t *res = json_array();
    bool unknown = false;
    for (size_t i = 0; i < n->n; i++) {
        jl_val v;
        if (jl_eval(c, n->a[i], sc, &v) != 0) { json_decref(res); return -1; }
        if (v.t == JL_U) unknown = true;
        else if (v.t == JL_ARR) {
            c->work += (long)json_array_size(v.j);
            if (c->work > CORE_JL_MAX_WORK) {
                jl_release(&v);
                json_decref(res);
                return jl_fail(c->err, "Limit", n, "规则的计算量超过上限。", "The rule does too much work.");
            }
            json_array_extend(res, v.j);
        }
        else json_array_append_new(res, jl_to_json(&v));
        jl_release(&v);
    }
    if (unknown) { json_decref(res); *out = (jl_val){.t = JL_U}; return 0; }
    from_owned(res, out);
    return 0;
}

static int eval_missing(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    if (n->op == OP_MISSING_SOME) {
        jl_val need, keys;
        if (jl_eval(c, n->a[0], sc, &need) != 0) return -1;
        if (jl_eval(c, n->a[1], sc, &keys) != 0) { jl_release(&need); return -1; }
        double want;
        int rc = 0;
        if (need.t == JL_U || keys.t == JL_U) *out = (jl_val){.t = JL_U};
        else if (keys.t != JL_ARR || !jl_to_num(&need, &want))
            rc = fail_named(c->err, "Invalid Arguments", n, n->name, "“%s”需要一个数目和一个键的数组。",
                            "\"%s\" takes a number and an array of keys.");
        else {
            json_t *m = missing_keys(keys.j, sc);
            if ((double)(json_array_size(keys.j) - json_array_size(m)) >= want) json_array_clear(m);
            from_owned(m, out);
        }
        jl_release(&need);
        jl_release(&keys);
        return rc;
    }
    /* as json-logic-js: the keys are the first argument when it is an array, else all the arguments */
    json_t *keys = json_array();
    bool unknown = false;
    for (size_t i = 0; i < n->n; i++) {
        jl_val v;
        if (jl_eval(c, n->a[i], sc, &v) != 0) { json_decref(keys); return -1; }
        if (v.t == JL_U) unknown = true;
        else if (i == 0 && v.t == JL_ARR) {
            json_array_extend(keys, v.j);
            jl_release(&v);
            break;
        } else json_array_append_new(keys, jl_to_json(&v));
        jl_release(&v);
    }
    if (unknown) *out = (jl_val){.t = JL_U};
    else from_owned(missing_keys(keys, sc), out);
    json_decref(keys);
    return 0;
}

static int eval_throw(jl_ctx *c, const jl_node *n, const jl_scope *sc) {
    jl_val v;
    if (jl_eval(c, n->a[0], sc, &v) != 0) return -1;
    char type[48];
    const json_t *t = v.t == JL_OBJ ? json_object_get(v.j, "type") : NULL;
    if (json_is_string(t)) snprintf(type, sizeof type, "%s", json_string_value(t));
    else jl_to_text(&v, type, sizeof type);
    jl_release(&v);
    char zh[320], en[320];
    snprintf(zh, sizeof zh, "规则抛出了错误“%s”。", type);
    snprintf(en, sizeof en, "The rule threw \"%s\".", type);
    return jl_fail(c->err, type, n, zh, en);
}

int jl_eval(jl_ctx *c, const jl_node *n, const jl_scope *sc, jl_val *out) {
    if (++c->work > CORE_JL_MAX_WORK)
        return jl_fail(c->err, "Limit", n, "规则的计算量超过上限。", "The rule does too much work.");
    switch (n->op) {
    case OP_LIT: *out = n->lit; return 0;
    case OP_ARRAY: {
        json_t *arr = json_array();
        bool unknown = false;
        for (size_t i = 0; i < n->n; i++) {
            jl_val v;
            if (jl_eval(c, n->a[i], sc, &v) != 0) { json_decref(arr); return -1; }
            unknown = unknown || v.t == JL_U;
            json_array_append_new(arr, jl_to_json(&v));
            jl_release(&v);
        }
        if (unknown) { json_decref(arr); *out = (jl_val){.t = JL_U}; return 0; }
        from_owned(arr, out);
        return 0;
    }
    case OP_VAR: return eval_var(c, n, sc, out);
    case OP_VAL: return eval_val(c, n, sc, out);
    case OP_MISSING: case OP_MISSING_SOME: return eval_missing(c, n, sc, out);
    case OP_IF: return eval_if(c, n, 0, sc, out);
    case OP_AND: case OP_OR: return eval_andor(c, n, sc, out);
    case OP_NOT: case OP_NOTNOT: {
        jl_val v = {.t = JL_NULL};
        if (n->n && jl_eval(c, n->a[0], sc, &v) != 0) return -1;
        if (v.t == JL_U) { *out = v; return 0; }
        bool t = jl_truthy(&v);
        jl_release(&v);
        *out = (jl_val){.t = JL_BOOL, .b = n->op == OP_NOT ? !t : t};
        return 0;
    }
    case OP_EQ: case OP_SEQ: case OP_NE: case OP_SNE: case OP_GT: case OP_GE: case OP_LT: case OP_LE:
        return eval_compare(c, n, sc, out);
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD: case OP_MAX: case OP_MIN:
        return eval_arith(c, n, sc, out);
    case OP_MAP: case OP_FILTER: case OP_REDUCE: case OP_ALL: case OP_SOME: case OP_NONE:
        return eval_iter(c, n, sc, out);
    case OP_MERGE: return eval_merge(c, n, sc, out);
    case OP_IN: return eval_in(c, n, sc, out);
    case OP_CAT: case OP_SUBSTR: return eval_text(c, n, sc, out);
    case OP_LOG: return jl_eval(c, n->a[0], sc, out);
    case OP_THROW: return eval_throw(c, n, sc);
    }
    return jl_fail(c->err, "Not JsonLogic", n, "内部错误：未知的节点。", "Internal error: unknown node.");
}

/* ---- the screening program ----
**
** core_jl_ruleset_eval3 runs a rule's screening program when it has one: the rule's tree laid out again in
** one flat array (a node's arguments are consecutive entries), for the operators screening rules are made
** of (var, literals, and/or/!/!!, comparisons, arithmetic, in, some/all/none, log). Values are never owned
** (they are borrowed from the facts or the rule, or are numbers and booleans), so nothing is allocated or
** released, and the common shapes have typed nodes: a fact compared with a number or a text, a fact in a
** list of texts. The program gives up ("bails") on anything unusual — an operand that is not a number, a
** non-array to iterate, much work — and the tree walk then evaluates the rule from the start, so errors,
** limits and their messages are the tree walk's. It collects no missing facts either, only whether a fact
** read was absent: when one was and the caller wants the list, the tree walk runs again to make it.
** Evaluation is pure, so running the tree walk after the program changes nothing but the time.
**
** Parts outside any iteration that occur in several rules of the ruleset (the same text, such as "income
** under the standard" or "some member seriously ill") share a memo slot in the frame: the first rule that
** needs the part for a household computes it, the others take its value.
**
** Build with -DJL_NO_FAST to screen with the tree walk alone (to compare results or times). */

typedef enum jl_fkind {
    FK_LIT, FK_ROOT_VAR, FK_ELEM_VAR, FK_AND, FK_OR, FK_NOT, FK_CMP, FK_CMP_VAR_NUM, FK_CMP_VAR_STR, FK_CMP_VAR_VAR,
    FK_ARITH, FK_ITER, FK_IN, FK_IN_VAR_TEXTS, FK_LOG
} jl_fkind;

struct jl_fnode {
    uint8_t kind;          /* jl_fkind */
    uint8_t op;            /* the jl_op of the node */
    uint16_t n;            /* arguments; a var's one argument is its default */
    uint32_t kids;         /* index of the first argument in the program */
    int32_t slot;          /* vars: the root or element slot */
    jl_val lit;            /* FK_LIT: the value (borrowed from the rule) */
    double k;              /* FK_CMP_VAR_NUM: the constant as a number */
    int32_t memo;          /* the frame's memo slot when the same part occurs elsewhere, else -1 */
    const jl_node *node;   /* the tree node (element vars: the steps) */
};

/* FAST_ARGS: most arguments of one operation the program takes; FAST_WORK: the program gives up well
** before the tree walk's limit, so a rule past the limit is always the tree walk's to report. */
enum { FAST_NONE = UINT32_MAX, FAST_ARGS = 8, FAST_WORK = CORE_JL_MAX_WORK / 2 };

static bool is_fast_var(const jl_node *n) {
    return n->op == OP_VAR && n->literal_path && n->slot >= 0 && (n->scope == SC_ROOT || n->scope == SC_ELEM);
}

/* Whether node n (evaluated with the iteration depth given) has a screening program. */
static bool fast_fits(const jl_node *n, int depth) {
    switch (n->op) {
    case OP_LIT: return true;
    case OP_VAR:
        if (!is_fast_var(n) || (n->scope == SC_ELEM) != (depth > 0)) return false;
        return n->n < 2 || fast_fits(n->a[1], depth);
    case OP_AND: case OP_OR: case OP_NOT: case OP_NOTNOT: case OP_LOG:
    case OP_EQ: case OP_SEQ: case OP_NE: case OP_SNE: case OP_GT: case OP_GE: case OP_LT: case OP_LE:
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD: case OP_MAX: case OP_MIN:
    case OP_IN:
        if (n->n > FAST_ARGS) return false;
        for (size_t i = 0; i < n->n; i++)
            if (!fast_fits(n->a[i], depth)) return false;
        return true;
    case OP_ALL: case OP_SOME: case OP_NONE:
        return n->n == 2 && fast_fits(n->a[0], depth) && fast_fits(n->a[1], depth + 1);
    default: return false;
    }
}

/* Appends count zeroed entries to the program; returns the index of the first. */
static uint32_t fast_reserve(core_jl_ruleset *rs, size_t count) {
    if (rs->nprog + count > rs->progcap) {
        while (rs->nprog + count > rs->progcap) rs->progcap = rs->progcap ? rs->progcap * 2 : 256;
        rs->prog = xrealloc(rs->prog, rs->progcap * sizeof *rs->prog);
    }
    uint32_t at = (uint32_t)rs->nprog;
    memset(rs->prog + at, 0, count * sizeof *rs->prog);
    rs->nprog += count;
    return at;
}

/* A literal array of texts only (the list of `in` a typed node takes). */
static bool is_text_list(const jl_node *n) {
    if (n->op != OP_LIT || n->lit.t != JL_ARR) return false;
    size_t i;
    json_t *e;
    json_array_foreach(n->lit.j, i, e) if (!json_is_string(e)) return false;
    return true;
}

/* A part of a rule outside any iteration, by its text: the first program entry made for it, and its memo
** slot once it is met again. */
typedef struct jl_shared {
    const char *text;      /* NULL: an empty place of the table */
    uint32_t entry;
    int32_t memo;
} jl_shared;

static uint64_t text_hash(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The memo slot of the part entry at holds (node n, outside iterations), or -1 when it occurs only once
** so far; a second occurrence gives both entries one slot. */
static int32_t share(core_jl_ruleset *rs, uint32_t at, const jl_node *n) {
    char *text = json_dumps(n->src, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    if (!text) return -1;
    if (2 * (rs->shared_used + 1) > rs->shared_cap) { /* grow: keep the table at most half full */
        size_t cap = rs->shared_cap ? rs->shared_cap * 2 : 256;
        jl_shared *t = xcalloc(cap, sizeof *t);
        for (size_t i = 0; i < rs->shared_cap; i++) {
            if (!rs->shared[i].text) continue;
            size_t h = text_hash(rs->shared[i].text) & (cap - 1);
            while (t[h].text) h = (h + 1) & (cap - 1);
            t[h] = rs->shared[i];
        }
        free(rs->shared);
        rs->shared = t;
        rs->shared_cap = cap;
    }
    size_t h = text_hash(text) & (rs->shared_cap - 1);
    while (rs->shared[h].text && strcmp(rs->shared[h].text, text) != 0) h = (h + 1) & (rs->shared_cap - 1);
    jl_shared *e = &rs->shared[h];
    int32_t memo = -1;
    if (!e->text) {
        *e = (jl_shared){.text = core_arena_strdup(rs->arena, text), .entry = at, .memo = -1};
        rs->shared_used++;
    } else {
        if (e->memo < 0) {
            e->memo = (int32_t)rs->nmemo++;
            rs->prog[e->entry].memo = e->memo;
        }
        memo = e->memo;
    }
    free(text);
    return memo;
}

/* Fills program entry at with node n (which fits, depth iterations deep), then its arguments. */
static void fast_emit(core_jl_ruleset *rs, uint32_t at, const jl_node *n, int depth) {
    jl_node *const *args = n->a;
    uint16_t count = n->n;
    jl_fnode fn = {.op = n->op, .node = n, .slot = n->slot, .memo = -1};
    switch (n->op) {
    case OP_LIT: fn.kind = FK_LIT; fn.lit = n->lit; count = 0; break;
    case OP_VAR:
        fn.kind = n->scope == SC_ROOT ? FK_ROOT_VAR : FK_ELEM_VAR;
        count = n->n >= 2 ? 1 : 0;
        args = n->a + 1;
        break;
    case OP_AND: fn.kind = FK_AND; break;
    case OP_OR: fn.kind = FK_OR; break;
    case OP_NOT: case OP_NOTNOT: fn.kind = FK_NOT; break;
    case OP_LOG: fn.kind = FK_LOG; break;
    case OP_EQ: case OP_SEQ: case OP_NE: case OP_SNE: case OP_GT: case OP_GE: case OP_LT: case OP_LE: {
        fn.kind = FK_CMP;
        bool strict = n->op == OP_SEQ || n->op == OP_SNE;
        bool is_eq = strict || n->op == OP_EQ || n->op == OP_NE;
        bool var0 = count == 2 && is_fast_var(args[0]) && args[0]->n < 2;
        const jl_node *b = count == 2 ? args[1] : NULL;
        if (var0 && b->op == OP_LIT && (b->lit.t == JL_NUM || (b->lit.t == JL_BOOL && !strict))) {
            fn.kind = FK_CMP_VAR_NUM;
            fn.k = b->lit.t == JL_NUM ? b->lit.n : b->lit.b;
        } else if (var0 && b->op == OP_LIT && b->lit.t == JL_STR && is_eq) fn.kind = FK_CMP_VAR_STR;
        else if (var0 && is_fast_var(b) && b->n < 2) fn.kind = FK_CMP_VAR_VAR;
        break;
    }
    case OP_IN:
        fn.kind = FK_IN;
        if (is_fast_var(args[0]) && args[0]->n < 2 && is_text_list(args[1])) fn.kind = FK_IN_VAR_TEXTS;
        break;
    case OP_ALL: case OP_SOME: case OP_NONE: fn.kind = FK_ITER; break;
    default: fn.kind = FK_ARITH; break;
    }
    fn.n = count;
    uint32_t kids = count ? fast_reserve(rs, count) : 0;
    fn.kids = kids;
    rs->prog[at] = fn;
    if (depth == 0 && fn.kind != FK_LIT && fn.kind != FK_ROOT_VAR) rs->prog[at].memo = share(rs, at, n);
    for (uint16_t i = 0; i < count; i++) /* an iteration's body is one level deeper */
        fast_emit(rs, kids + i, args[i], fn.kind == FK_ITER && i == 1 ? depth + 1 : depth);
}

/* One iteration level of the program: the element and its index. */
typedef struct jl_fscope {
    const json_t *elem;
    size_t idx;
} jl_fscope;

typedef struct jl_fctx {
    const jl_fnode *prog;
    core_jl_frame *frame;
    long work;
    bool absent;           /* a fact read was absent: the tree walk would have listed it as missing */
} jl_fctx;

/* The fact a var reads (absent: NULL), through the frame's slots. */
static inline const json_t *fast_fetch(jl_fctx *c, const jl_fnode *v, const jl_fscope *sc) {
    if (v->kind == FK_ROOT_VAR) return frame_get(c->frame, v->slot);
    core_jl_frame *f = c->frame;
    jl_elem_cache *e = &f->ecache[(size_t)v->slot * JL_ELEM_CACHE + (sc->idx & (JL_ELEM_CACHE - 1))];
    if (e->gen != f->gen || e->elem != sc->elem) {
        e->val = walk(sc->elem, v->node->steps, v->node->nsteps);
        e->elem = sc->elem;
        e->gen = f->gen;
    }
    return e->val;
}

/* jl_truthy, inline for the program's loops. */
static inline bool fast_truthy(const jl_val *v) {
    if (v->t == JL_BOOL) return v->b;
    if (v->t == JL_NUM) return v->n != 0 && !isnan(v->n);
    return jl_truthy(v);
}

static int fast_node(jl_fctx *c, const jl_fnode *n, const jl_fscope *sc, jl_val *out);

/* Evaluates program entry i into *out (borrowed). 0, or 1 when the program gives up. A shared part is
** evaluated once per household: later uses take its value, and count its work and absent facts again, so
** that each rule sees what the tree walk would. */
static inline int fast_eval(jl_fctx *c, uint32_t i, const jl_fscope *sc, jl_val *out) {
    const jl_fnode *n = &c->prog[i];
    if (n->memo < 0) return fast_node(c, n, sc, out);
    jl_memo *m = &c->frame->memo[n->memo];
    if (m->gen == c->frame->gen) {
        c->work += m->work;
        c->absent |= m->absent;
        *out = m->v;
        return c->work > FAST_WORK;
    }
    long work = c->work;
    bool absent = c->absent;
    c->absent = false;
    if (fast_node(c, n, sc, out)) return 1;
    *m = (jl_memo){.gen = c->frame->gen, .absent = c->absent, .work = c->work - work, .v = *out};
    c->absent |= absent;
    return 0;
}

/* Evaluates entry n itself (its arguments through fast_eval). */
static int fast_node(jl_fctx *c, const jl_fnode *n, const jl_fscope *sc, jl_val *out) {
    if (++c->work > FAST_WORK) return 1;
    switch ((jl_fkind)n->kind) {
    case FK_LIT: *out = n->lit; return 0;
    case FK_ROOT_VAR: case FK_ELEM_VAR: {
        const json_t *j = fast_fetch(c, n, sc);
        if (j && !json_is_null(j)) { from_json(j, out); return 0; }
        if (n->n) return fast_eval(c, n->kids, sc, out);
        *out = (jl_val){.t = JL_U};
        c->absent = true;
        return 0;
    }
    case FK_CMP_VAR_NUM: case FK_CMP_VAR_STR: case FK_CMP_VAR_VAR: {
        /* a fact against a constant or another fact: numbers, booleans against numbers and texts against
        ** texts directly, anything else as compare_vals does */
        const jl_fnode *a = &c->prog[n->kids], *b = &c->prog[n->kids + 1];
        c->work += 2;
        const json_t *x = fast_fetch(c, a, sc);
        const json_t *y = n->kind == FK_CMP_VAR_VAR ? fast_fetch(c, b, sc) : NULL;
        if (!x || json_is_null(x) || (n->kind == FK_CMP_VAR_VAR && (!y || json_is_null(y)))) {
            *out = (jl_val){.t = JL_U};
            c->absent = true;
            return 0;
        }
        bool r;
        int op = n->op == OP_SEQ ? OP_EQ : n->op == OP_SNE ? OP_NE : n->op;
        if (n->kind == FK_CMP_VAR_NUM && json_is_number(x)) r = num_cmp(op, json_number_value(x), n->k);
        else if (n->kind == FK_CMP_VAR_NUM && json_is_boolean(x) && op == n->op)
            r = num_cmp(op, json_is_true(x), n->k);
        else if (n->kind == FK_CMP_VAR_VAR && json_is_number(x) && json_is_number(y))
            r = num_cmp(op, json_number_value(x), json_number_value(y));
        else if (n->kind == FK_CMP_VAR_STR && json_is_string(x)) {
            const char *s = json_string_value(x), *t = json_string_value(b->lit.j);
            bool same = s[0] == t[0] && strcmp(s, t) == 0;
            r = op == OP_EQ ? same : !same;
        } else {
            jl_val xv, yv;
            from_json(x, &xv);
            if (n->kind == FK_CMP_VAR_VAR) from_json(y, &yv);
            else yv = b->lit;
            if (!compare_vals(n->op, &xv, &yv, &r)) return 1;
        }
        *out = (jl_val){.t = JL_BOOL, .b = r};
        return 0;
    }
    case FK_CMP: { /* as eval_compare */
        jl_val prev, cur;
        if (fast_eval(c, n->kids, sc, &prev)) return 1;
        bool unknown = false;
        for (uint32_t k = 1; k < n->n; k++) {
            if (fast_eval(c, n->kids + k, sc, &cur)) return 1;
            if (prev.t == JL_U || cur.t == JL_U) unknown = true;
            else {
                bool r;
                if (prev.t == JL_NUM && cur.t == JL_NUM)
                    r = num_cmp(n->op == OP_SEQ ? OP_EQ : n->op == OP_SNE ? OP_NE : n->op, prev.n, cur.n);
                else if (!compare_vals(n->op, &prev, &cur, &r)) return 1;
                if (!r) { *out = (jl_val){.t = JL_BOOL, .b = false}; return 0; }
            }
            prev = cur;
        }
        *out = unknown ? (jl_val){.t = JL_U} : (jl_val){.t = JL_BOOL, .b = true};
        return 0;
    }
    case FK_AND: case FK_OR: { /* as eval_andor */
        bool is_and = n->kind == FK_AND, unknown = false;
        *out = (jl_val){.t = JL_BOOL, .b = false};
        for (uint32_t k = 0; k < n->n; k++) {
            jl_val v;
            if (fast_eval(c, n->kids + k, sc, &v)) return 1;
            if (v.t == JL_U) { unknown = true; continue; }
            *out = v;
            if (fast_truthy(&v) != is_and) return 0;
        }
        if (unknown) *out = (jl_val){.t = JL_U};
        return 0;
    }
    case FK_NOT: {
        jl_val v = {.t = JL_NULL};
        if (n->n && fast_eval(c, n->kids, sc, &v)) return 1;
        if (v.t == JL_U) { *out = v; return 0; }
        bool t = fast_truthy(&v);
        *out = (jl_val){.t = JL_BOOL, .b = n->op == OP_NOT ? !t : t};
        return 0;
    }
    case FK_LOG: return fast_eval(c, n->kids, sc, out);
    case FK_ARITH: {
        jl_val vals[FAST_ARGS];
        for (uint32_t k = 0; k < n->n; k++)
            if (fast_eval(c, n->kids + k, sc, &vals[k])) return 1;
        return arith_vals(n->op, n->n, vals, out) ? 0 : 1;
    }
    case FK_IN_VAR_TEXTS: {
        c->work += 2;
        const json_t *j = fast_fetch(c, &c->prog[n->kids], sc);
        if (!j || json_is_null(j)) { *out = (jl_val){.t = JL_U}; c->absent = true; return 0; }
        *out = (jl_val){.t = JL_BOOL, .b = false};
        if (!json_is_string(j)) return 0; /* strictly equal to no text */
        const char *s = json_string_value(j);
        const json_t *list = c->prog[n->kids + 1].lit.j;
        for (size_t k = 0, m = json_array_size(list); k < m; k++) {
            const char *t = json_string_value(json_array_get(list, k));
            if (s[0] == t[0] && strcmp(s, t) == 0) { out->b = true; break; }
        }
        return 0;
    }
    case FK_IN: {
        jl_val x, y;
        if (fast_eval(c, n->kids, sc, &x) || fast_eval(c, n->kids + 1, sc, &y)) return 1;
        if (x.t == JL_U || y.t == JL_U) *out = (jl_val){.t = JL_U};
        else *out = (jl_val){.t = JL_BOOL, .b = in_vals(&x, &y)};
        return 0;
    }
    case FK_ITER: { /* some / all / none, as eval_iter */
        jl_val arr;
        if (fast_eval(c, n->kids, sc, &arr)) return 1;
        if (arr.t == JL_U) { *out = arr; return 0; }
        if (arr.t != JL_ARR) return 1;
        size_t count = json_array_size(arr.j);
        bool unknown = false, decided = false, decision = false;
        for (size_t k = 0; k < count && !decided; k++) {
            jl_fscope el = {.elem = json_array_get(arr.j, k), .idx = k};
            jl_val v;
            if (fast_eval(c, n->kids + 1, &el, &v)) return 1;
            if (v.t == JL_U) unknown = true;
            else if (fast_truthy(&v) == (n->op != OP_ALL)) { decided = true; decision = n->op == OP_SOME; }
        }
        if (unknown && !decided) { *out = (jl_val){.t = JL_U}; return 0; }
        if (!decided) decision = n->op == OP_ALL ? count > 0 : n->op == OP_NONE;
        *out = (jl_val){.t = JL_BOOL, .b = decision};
        return 0;
    }
    }
    return 1;
}

/* ---- rulesets and frames ---- */

core_jl_ruleset *core_jl_ruleset_new(void) {
    core_jl_ruleset *rs = xcalloc(1, sizeof *rs);
    rs->arena = core_arena_new();
    return rs;
}

void core_jl_ruleset_free(core_jl_ruleset *rs) {
    if (!rs) return;
    for (size_t i = 0; i < rs->count; i++) json_decref(rs->rules[i]);
    free(rs->rules);
    free(rs->roots);
    free(rs->slot_steps);
    free(rs->slot_nsteps);
    free(rs->slot_path);
    free(rs->slot_parent);
    free(rs->eslot_path);
    free(rs->prog);
    free(rs->fast);
    free(rs->shared);
    core_arena_free(rs->arena);
    free(rs);
}

/* Compiles a copy of rule into rs under cc. */
static ws_err ruleset_add(core_jl_ruleset *rs, const json_t *rule, const compile_ctx *cc, size_t *index,
                          core_jl_error *err) {
    json_t *copy = rule ? json_deep_copy(rule) : json_null();
    size_t slots_before = rs->nslots, eslots_before = rs->neslots;
    jl_node *root;
    if (compile(rs, copy, 0, cc, &root, err) != 0) {
        rs->nslots = slots_before; /* the arena keeps the failed nodes until the ruleset is freed */
        rs->neslots = eslots_before;
        json_decref(copy);
        return strcmp(err ? err->type : "", "Limit") == 0 ? WS_ERR_LIMIT : WS_ERR_INVALID;
    }
    if (rs->count == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 16;
        rs->rules = xrealloc(rs->rules, rs->cap * sizeof *rs->rules);
        rs->roots = xrealloc(rs->roots, rs->cap * sizeof *rs->roots);
        rs->fast = xrealloc(rs->fast, rs->cap * sizeof *rs->fast);
    }
    rs->rules[rs->count] = copy;
    rs->roots[rs->count] = root;
    rs->fast[rs->count] = FAST_NONE;
    *index = rs->count++;
    return WS_OK;
}

ws_err core_jl_ruleset_add(core_jl_ruleset *rs, const json_t *rule, size_t *index, core_jl_error *err) {
    compile_ctx cc = {.scope = SC_ROOT};
    ws_err rc = ruleset_add(rs, rule, &cc, index, err);
#ifndef JL_NO_FAST
    if (rc == WS_OK && fast_fits(rs->roots[*index], 0)) { /* screening: the rule's program too */
        uint32_t at = fast_reserve(rs, 1);
        fast_emit(rs, at, rs->roots[*index], 0);
        rs->fast[*index] = at;
    }
#endif
    return rc;
}

size_t core_jl_ruleset_count(const core_jl_ruleset *rs) { return rs->count; }

core_jl_frame *core_jl_frame_new(const core_jl_ruleset *rs) {
    core_jl_frame *f = xcalloc(1, sizeof *f);
    f->rs = rs;
    f->gen = 1;
    f->nslots = rs->nslots;
    f->slots = xcalloc(rs->nslots ? rs->nslots : 1, sizeof *f->slots);
    f->neslots = rs->neslots;
    f->ecache = xcalloc((rs->neslots ? rs->neslots : 1) * JL_ELEM_CACHE, sizeof *f->ecache);
    f->nmemo = rs->nmemo;
    f->memo = xcalloc(rs->nmemo ? rs->nmemo : 1, sizeof *f->memo);
    return f;
}

void core_jl_frame_free(core_jl_frame *f) {
    if (!f) return;
    free(f->slots);
    free(f->ecache);
    free(f->memo);
    free(f);
}

void core_jl_frame_load(core_jl_frame *f, const json_t *facts) {
    if (f->nslots < f->rs->nslots) { /* rules were added after the frame was made */
        f->slots = xrealloc(f->slots, f->rs->nslots * sizeof *f->slots);
        memset(f->slots + f->nslots, 0, (f->rs->nslots - f->nslots) * sizeof *f->slots);
        f->nslots = f->rs->nslots;
    }
    if (f->neslots < f->rs->neslots) {
        free(f->ecache);
        f->neslots = f->rs->neslots;
        f->ecache = xcalloc(f->neslots * JL_ELEM_CACHE, sizeof *f->ecache);
    }
    if (f->nmemo < f->rs->nmemo) {
        free(f->memo);
        f->nmemo = f->rs->nmemo;
        f->memo = xcalloc(f->nmemo, sizeof *f->memo);
    }
    f->facts = facts;
    if (++f->gen == 0) { /* wrapped: forget every slot */
        memset(f->slots, 0, f->nslots * sizeof *f->slots);
        memset(f->ecache, 0, f->neslots * JL_ELEM_CACHE * sizeof *f->ecache);
        memset(f->memo, 0, f->nmemo * sizeof *f->memo);
        f->gen = 1;
    }
}

static core_jl_truth truth_of(const jl_val *v) {
    return v->t == JL_U ? CORE_JL_UNKNOWN : fast_truthy(v) ? CORE_JL_TRUE : CORE_JL_FALSE;
}

core_jl_truth core_jl_ruleset_eval3(const core_jl_ruleset *rs, size_t index, core_jl_frame *f, json_t *missing,
                                    bool *failed, core_jl_error *err) {
    if (failed) *failed = false;
    if (rs->fast[index] != FAST_NONE) {
        jl_fctx fc = {.prog = rs->prog, .frame = f};
        jl_val fv;
        if (fast_eval(&fc, rs->fast[index], NULL, &fv) == 0) {
            core_jl_truth t = truth_of(&fv);
            if (!missing || !fc.absent) return t; /* else the tree walk lists what is missing */
        }
    }
    jl_ctx c = {.three = true, .frame = f, .missing = missing, .err = err};
    jl_scope root = {.kind = SC_ROOT, .data = f->facts};
    jl_val v;
    if (jl_eval(&c, rs->roots[index], &root, &v) != 0) {
        if (failed) *failed = true;
        return CORE_JL_UNKNOWN;
    }
    core_jl_truth t = truth_of(&v);
    jl_release(&v);
    return t;
}

/* ---- one rule, one data ---- */

static ws_err fail_code(const core_jl_error *err) {
    return strcmp(err->type, "Limit") == 0 ? WS_ERR_LIMIT : WS_ERR_INVALID;
}

ws_err core_jl_apply(const json_t *rule, const json_t *data, json_t **result, core_jl_error *err) {
    core_jl_error local;
    if (!err) err = &local;
    core_jl_ruleset *rs = core_jl_ruleset_new();
    size_t idx;
    compile_ctx cc = {.scope = SC_ROOT};
    ws_err rc = ruleset_add(rs, rule, &cc, &idx, err);
    if (rc == WS_OK) {
        core_jl_frame *f = core_jl_frame_new(rs);
        core_jl_frame_load(f, data);
        jl_ctx c = {.frame = f, .err = err};
        jl_scope root = {.kind = SC_ROOT, .data = data};
        jl_val v;
        if (jl_eval(&c, rs->roots[idx], &root, &v) != 0) rc = fail_code(err);
        else {
            *result = jl_to_json(&v);
            jl_release(&v);
        }
        core_jl_frame_free(f);
    }
    core_jl_ruleset_free(rs);
    return rc;
}

ws_err core_jl_check(const json_t *rule, core_jl_known_fn known, void *ctx, core_jl_error *err) {
    core_jl_error local;
    if (!err) err = &local;
    core_jl_ruleset *rs = core_jl_ruleset_new();
    compile_ctx cc = {.scope = SC_ROOT, .strict = true, .known = known, .known_ctx = ctx};
    size_t idx;
    ws_err rc = ruleset_add(rs, rule, &cc, &idx, err);
    core_jl_ruleset_free(rs);
    return rc == WS_OK ? WS_OK : WS_ERR_INVALID;
}

const char *core_jl_truth_name(core_jl_truth t) {
    return t == CORE_JL_TRUE ? "true" : t == CORE_JL_FALSE ? "false" : "unknown";
}

void core_jl_outcome_free(core_jl_outcome *o) {
    if (!o) return;
    json_decref(o->value);
    json_decref(o->missing);
    json_decref(o->reasons);
    *o = (core_jl_outcome){0};
}

ws_err core_jl_eval3(const json_t *rule, const json_t *data, const core_jl_labels *labels,
                     core_jl_outcome *out, core_jl_error *err) {
    core_jl_error local;
    if (!err) err = &local;
    core_jl_ruleset *rs = core_jl_ruleset_new();
    size_t idx;
    compile_ctx cc = {.scope = SC_ROOT};
    ws_err rc = ruleset_add(rs, rule, &cc, &idx, err);
    if (rc == WS_OK) {
        core_jl_frame *f = core_jl_frame_new(rs);
        core_jl_frame_load(f, data);
        json_t *missing = json_array();
        jl_ctx c = {.three = true, .frame = f, .missing = missing, .err = err};
        jl_scope root = {.kind = SC_ROOT, .data = data};
        jl_val v;
        if (jl_eval(&c, rs->roots[idx], &root, &v) != 0) {
            rc = fail_code(err);
            json_decref(missing);
        } else {
            core_jl_outcome o = {.truth = truth_of(&v), .value = jl_to_json(&v), .missing = missing};
            if (o.truth != CORE_JL_UNKNOWN) json_array_clear(missing);
            jl_release(&v);
            if (labels) {
                o.reasons = json_array();
                jl_ctx ec = {.three = true, .frame = f, .err = &local};
                jl_explain(&ec, rs->roots[idx], &root, labels, o.reasons);
            }
            *out = o;
        }
        core_jl_frame_free(f);
    }
    core_jl_ruleset_free(rs);
    return rc;
}
