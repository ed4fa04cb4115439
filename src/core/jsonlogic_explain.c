/*
** jsonlogic_explain.c: the reasons of a three-valued evaluation, in plain Chinese and English.
**
** The explainer walks the compiled rule again (evaluation is pure, so re-evaluating a part gives the value
** it had) and says only what decided the result: for an "and" that holds every conjunct, for one that
** fails the failing conjunct, for an "or" that holds the true disjunct, and for an unknown part the facts
** it lacks. Comparisons are stated from the actual values ("家庭人均月收入 820 元，低于城市低保标准（月）
** 1000 元"), so a sentence stays true under a negation. Facts are named through the caller's labels.
*/
#include "jsonlogic_int.h"
#include "mem.h"

#include <stdio.h>
#include <string.h>

/* Reasons are cut at TEXT_MAX bytes on purpose: a sentence longer than that helps nobody. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
enum { TEXT_MAX = 600 };

typedef struct ex {
    jl_ctx *c;
    const core_jl_labels *labels;
    json_t *reasons;
} ex;

static const char *label_of(const ex *x, const char *path, bool en) {
    const char *l = x->labels->fact ? x->labels->fact(path, en, x->labels->ctx) : NULL;
    return l ? l : path;
}

static const char *unit_of(const ex *x, const char *path, bool en) {
    const char *u = path && x->labels->unit ? x->labels->unit(path, en) : NULL;
    return u ? u : "";
}

/* The first literal var under n (the fact an expression is about), or NULL. */
static const jl_node *first_var(const jl_node *n) {
    if (n->op == OP_VAR && n->literal_path) return n;
    for (size_t i = 0; i < n->n; i++)
        if (n->a[i]) {
            const jl_node *v = first_var(n->a[i]);
            if (v) return v;
        }
    return NULL;
}

static const char *fact_path(const jl_node *v) { return v ? (v->vocab ? v->vocab : v->path) : NULL; }

/* The fact whose unit an operand's value has: an if's is its first branch's, not its condition's. */
static const jl_node *value_var(const jl_node *n) {
    return first_var(n->op == OP_IF && n->n == 3 ? n->a[1] : n);
}

/* The text of value v, with the label of an enumerated code of the fact at path and its unit. */
static void value_text(const ex *x, const char *path, const jl_val *v, bool en, char *buf, size_t size) {
    char raw[TEXT_MAX];
    jl_to_text(v, raw, sizeof raw);
    if (v->t == JL_BOOL) {
        snprintf(buf, size, "%s", v->b ? (en ? "yes" : "是") : (en ? "no" : "否"));
        return;
    }
    if (v->t == JL_STR && path && x->labels->value) {
        const char *l = x->labels->value(path, raw, en);
        if (l) { snprintf(buf, size, "%s", l); return; }
    }
    if (v->t == JL_ARR && path && x->labels->value) { /* a list of codes: label each */
        size_t i, len = 0;
        json_t *e;
        buf[0] = '\0';
        json_array_foreach(v->j, i, e) {
            jl_val ev = {.t = JL_NULL};
            if (json_is_string(e)) ev = (jl_val){.t = JL_STR, .j = e};
            char one[TEXT_MAX];
            if (ev.t == JL_STR) value_text(x, path, &ev, en, one, sizeof one);
            else {
                char *d = json_dumps(e, JSON_COMPACT | JSON_ENCODE_ANY);
                snprintf(one, sizeof one, "%s", d ? d : "");
                free(d);
            }
            len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", i ? (en ? ", " : "、") : "", one);
            if (len >= size) break;
        }
        return;
    }
    const char *unit = v->t == JL_NUM ? unit_of(x, path, en) : "";
    snprintf(buf, size, "%s%s%s", raw, *unit ? " " : "", unit);
}

/* A short description of what node n computes, in words ("城市低保标准（月）×1.5"). */
static void describe(const ex *x, const jl_node *n, bool en, char *buf, size_t size) {
    static const struct { uint8_t op; const char *sym; } SYM[] = {
        {OP_EQ, "="}, {OP_SEQ, "="}, {OP_NE, "≠"}, {OP_SNE, "≠"}, {OP_GT, ">"}, {OP_GE, "≥"}, {OP_LT, "<"},
        {OP_LE, "≤"}, {OP_ADD, "+"}, {OP_SUB, "-"}, {OP_MUL, "×"}, {OP_DIV, "÷"}, {OP_MOD, "mod"},
    };
    if (n->op == OP_VAR && n->literal_path) { snprintf(buf, size, "%s", label_of(x, fact_path(n), en)); return; }
    if (n->op == OP_LIT) { jl_to_text(&n->lit, buf, size); return; }
    for (size_t k = 0; k < sizeof SYM / sizeof SYM[0]; k++) {
        if (SYM[k].op != n->op) continue;
        size_t len = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < n->n && len < size; i++) {
            char part[TEXT_MAX];
            describe(x, n->a[i], en, part, sizeof part);
            len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? SYM[k].sym : "", part);
        }
        return;
    }
    if (n->op == OP_AND || n->op == OP_OR || n->op == OP_NOT || n->op == OP_NOTNOT) {
        const char *join = n->op == OP_AND ? (en ? " and " : "且") : (en ? " or " : "或");
        size_t len = (size_t)snprintf(buf, size, "%s", n->op == OP_NOT ? (en ? "not " : "并非") : "");
        for (size_t i = 0; i < n->n && len < size; i++) {
            char part[TEXT_MAX];
            describe(x, n->a[i], en, part, sizeof part);
            len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? join : "", part);
        }
        return;
    }
    if ((n->op == OP_SOME || n->op == OP_ALL || n->op == OP_NONE) && n->n == 2) {
        char body[TEXT_MAX];
        describe(x, n->a[1], en, body, sizeof body);
        const char *src = n->iter_src ? label_of(x, n->iter_src, en) : (en ? "elements" : "元素");
        const char *q = n->op == OP_SOME ? (en ? "some of %s: %s" : "%s中有符合“%s”的")
                      : n->op == OP_ALL ? (en ? "all of %s: %s" : "%s全部符合“%s”")
                                        : (en ? "none of %s: %s" : "%s中没有符合“%s”的");
        snprintf(buf, size, q, src, body);
        return;
    }
    if (n->op == OP_IN && n->n == 2) {
        char a[TEXT_MAX], b[TEXT_MAX];
        describe(x, n->a[0], en, a, sizeof a);
        const char *path = fact_path(first_var(n->a[0]));
        if (n->a[1]->op == OP_LIT && n->a[1]->lit.t == JL_ARR && path) /* codes of the fact, in words */
            value_text(x, path, &n->a[1]->lit, en, b, sizeof b);
        else describe(x, n->a[1], en, b, sizeof b);
        snprintf(buf, size, en ? "%s in %s" : "%s属于%s", a, b);
        return;
    }
    if (n->op == OP_IF && n->n == 3) { /* a value that depends on a fact: "城市低保标准（月）或农村低保标准（月）" */
        char a[TEXT_MAX], b[TEXT_MAX];
        describe(x, n->a[1], en, a, sizeof a);
        describe(x, n->a[2], en, b, sizeof b);
        snprintf(buf, size, en ? "%s or %s" : "%s或%s", a, b);
        return;
    }
    if (n->op == OP_REDUCE && n->n >= 2 && (n->a[1]->op == OP_MAX || n->a[1]->op == OP_MIN)) {
        /* reduce(members, max(current.age, accumulator)): "成员年龄的最大值", the oldest member's age */
        const jl_node *body = n->a[1];
        for (size_t i = 0; i < body->n; i++) {
            const jl_node *v = body->a[i];
            if (v->op != OP_VAR || !v->literal_path || strcmp(v->path, "accumulator") == 0) continue;
            bool largest = body->op == OP_MAX;
            const char *label = label_of(x, fact_path(v), en);
            if (en) snprintf(buf, size, "the %s %s", largest ? "largest" : "smallest", label);
            else snprintf(buf, size, "%s的%s", label, largest ? "最大值" : "最小值");
            return;
        }
    }
    char *d = json_dumps(n->src, JSON_COMPACT | JSON_ENCODE_ANY);
    snprintf(buf, size, "%s", d ? d : "");
    free(d);
}

static void add(const ex *x, const char *zh, const char *en) {
    json_array_append_new(x->reasons, json_pack("{s:s, s:s}", "zh", zh, "en", en));
}

/* n's value in scope sc, or JL_U after a failure (a failing part has no reason to give). */
static jl_val value_of(const ex *x, const jl_node *n, const jl_scope *sc) {
    jl_val v;
    if (jl_eval(x->c, n, sc, &v) != 0) v = (jl_val){.t = JL_U};
    return v;
}

/* "尚缺：家庭人均月收入" for the facts node n lacks in scope sc. */
static void explain_missing(const ex *x, const jl_node *n, const jl_scope *sc) {
    json_t *missing = json_array(), *saved = x->c->missing;
    x->c->missing = missing;
    jl_val v = value_of(x, n, sc);
    jl_release(&v);
    x->c->missing = saved;
    char zh[TEXT_MAX], en[TEXT_MAX], what_zh[TEXT_MAX], what_en[TEXT_MAX];
    size_t lz = 0, le = 0, i;
    json_t *m;
    json_array_foreach(missing, i, m) {
        const char *p = json_string_value(m);
        lz += (size_t)snprintf(what_zh + lz, lz < sizeof what_zh ? sizeof what_zh - lz : 0, "%s%s", i ? "、" : "", label_of(x, p, false));
        le += (size_t)snprintf(what_en + le, le < sizeof what_en ? sizeof what_en - le : 0, "%s%s", i ? ", " : "", label_of(x, p, true));
        if (lz >= sizeof what_zh || le >= sizeof what_en) break;
    }
    json_decref(missing);
    if (i == 0) return;
    snprintf(zh, sizeof zh, "尚缺事实，无法判断：%s", what_zh);
    snprintf(en, sizeof en, "Cannot tell without: %s", what_en);
    add(x, zh, en);
}

/* The words of a comparison that came out r: the relation as the values stand. */
static const char *relation(uint8_t op, bool r, bool en) {
    bool below = (op == OP_LT && r) || (op == OP_GE && !r), above = (op == OP_GT && r) || (op == OP_LE && !r);
    bool not_above = (op == OP_LE && r) || (op == OP_GT && !r), not_below = (op == OP_GE && r) || (op == OP_LT && !r);
    bool equal = ((op == OP_EQ || op == OP_SEQ) && r) || ((op == OP_NE || op == OP_SNE) && !r);
    if (below) return en ? "below" : "低于";
    if (above) return en ? "above" : "高于";
    if (not_above) return en ? "not above" : "不高于";
    if (not_below) return en ? "not below" : "不低于";
    if (equal) return en ? "equal to" : "等于";
    return en ? "not equal to" : "不等于";
}

/* One operand in a sentence: its name (not for a literal) and its value with the unit of path. In Chinese
** the second operand's name runs into the relation word before it and its value follows the name directly
** ("低于城市低保标准（月）1000 元"). */
static void operand_text(const ex *x, const jl_node *n, const jl_val *v, const char *path, bool en, bool second,
                         char *buf, size_t size) {
    char val[TEXT_MAX], name[TEXT_MAX];
    value_text(x, path, v, en, val, sizeof val);
    if (n->op == OP_LIT) { snprintf(buf, size, "%s", val); return; }
    describe(x, n, en, name, sizeof name);
    snprintf(buf, size, en || !second || n->op != OP_VAR ? "%s %s" : "%s%s", name, val);
}

static void explain_compare(const ex *x, const jl_node *n, const jl_scope *sc, const jl_val *res) {
    if (n->n != 2) { /* a chain: say it and how it came out */
        char d[TEXT_MAX], zh[TEXT_MAX], en[TEXT_MAX];
        describe(x, n, false, d, sizeof d);
        snprintf(zh, sizeof zh, "%s：%s", d, jl_truthy(res) ? "是" : "否");
        describe(x, n, true, d, sizeof d);
        snprintf(en, sizeof en, "%s: %s", d, jl_truthy(res) ? "yes" : "no");
        add(x, zh, en);
        return;
    }
    jl_val a = value_of(x, n->a[0], sc), b = value_of(x, n->a[1], sc);
    const char *pa = fact_path(value_var(n->a[0])), *pb = fact_path(value_var(n->a[1]));
    const char *unit_path_a = pa ? pa : pb, *unit_path_b = pb ? pb : pa;
    bool r = jl_truthy(res);
    char zh[TEXT_MAX * 2], en[TEXT_MAX * 2], la[TEXT_MAX], lb[TEXT_MAX];
    bool is_eq = n->op == OP_EQ || n->op == OP_SEQ || n->op == OP_NE || n->op == OP_SNE;
    if (is_eq && a.t == JL_STR && b.t == JL_STR && n->a[1]->op == OP_LIT && pa) {
        /* a category against a code: "类别为低保对象" / "类别为特困人员，不是低保对象" */
        char va[TEXT_MAX], vb[TEXT_MAX];
        bool same = strcmp(json_string_value(a.j), json_string_value(b.j)) == 0;
        value_text(x, pa, &a, false, va, sizeof va);
        value_text(x, pa, &b, false, vb, sizeof vb);
        if (same) snprintf(zh, sizeof zh, "%s为%s", label_of(x, pa, false), va);
        else snprintf(zh, sizeof zh, "%s为%s，不是%s", label_of(x, pa, false), va, vb);
        value_text(x, pa, &a, true, va, sizeof va);
        value_text(x, pa, &b, true, vb, sizeof vb);
        if (same) snprintf(en, sizeof en, "%s is %s", label_of(x, pa, true), va);
        else snprintf(en, sizeof en, "%s is %s, not %s", label_of(x, pa, true), va, vb);
    } else if (is_eq && n->a[1]->op == OP_LIT && b.t == JL_BOOL && a.t == JL_BOOL && pa) {
        /* a yes/no fact: "城镇家庭：是" */
        value_text(x, pa, &a, false, la, sizeof la);
        snprintf(zh, sizeof zh, "%s：%s", label_of(x, pa, false), la);
        value_text(x, pa, &a, true, la, sizeof la);
        snprintf(en, sizeof en, "%s: %s", label_of(x, pa, true), la);
    } else {
        operand_text(x, n->a[0], &a, unit_path_a, false, false, la, sizeof la);
        operand_text(x, n->a[1], &b, unit_path_b, false, true, lb, sizeof lb);
        snprintf(zh, sizeof zh, "%s，%s%s", la, relation(n->op, r, false), lb);
        operand_text(x, n->a[0], &a, unit_path_a, true, false, la, sizeof la);
        operand_text(x, n->a[1], &b, unit_path_b, true, true, lb, sizeof lb);
        snprintf(en, sizeof en, "%s, %s %s", la, relation(n->op, r, true), lb);
    }
    jl_release(&a);
    jl_release(&b);
    add(x, zh, en);
}

static void explain_node(const ex *x, const jl_node *n, const jl_scope *sc);

/* Reasons of a part gathered into one sentence after a lead-in ("家庭成员中有符合的：..."). */
static void explain_nested(const ex *x, const jl_node *body, const jl_scope *sc, const char *lead_zh,
                           const char *lead_en) {
    ex inner = *x;
    inner.reasons = json_array();
    explain_node(&inner, body, sc);
    char zh[TEXT_MAX * 2], en[TEXT_MAX * 2];
    size_t lz = (size_t)snprintf(zh, sizeof zh, "%s", lead_zh), le = (size_t)snprintf(en, sizeof en, "%s", lead_en);
    size_t i;
    json_t *r;
    json_array_foreach(inner.reasons, i, r) {
        if (lz < sizeof zh)
            lz += (size_t)snprintf(zh + lz, sizeof zh - lz, "%s%s", i ? "；" : "", json_string_value(json_object_get(r, "zh")));
        if (le < sizeof en)
            le += (size_t)snprintf(en + le, sizeof en - le, "%s%s", i ? "; " : "", json_string_value(json_object_get(r, "en")));
    }
    json_decref(inner.reasons);
    add(x, zh, en);
}

static void explain_iter(const ex *x, const jl_node *n, const jl_scope *sc, const jl_val *res) {
    jl_val arr = value_of(x, n->a[0], sc);
    const char *src_zh = n->iter_src ? label_of(x, n->iter_src, false) : "元素";
    char src_en[TEXT_MAX];
    snprintf(src_en, sizeof src_en, "%s", n->iter_src ? label_of(x, n->iter_src, true) : "elements");
    char lead_zh[TEXT_MAX], lead_en[TEXT_MAX];
    /* the element that decided: some/none find a match, all finds a failure */
    bool want = n->op != OP_ALL, found = false;
    if (arr.t == JL_ARR) {
        for (size_t i = 0; i < json_array_size(arr.j) && !found; i++) {
            jl_scope el = {.parent = sc, .kind = SC_ELEM, .data = json_array_get(arr.j, i), .over = n, .idx = i};
            jl_val v = value_of(x, n->a[1], &el);
            if (v.t != JL_U && jl_truthy(&v) == want) {
                found = true;
                snprintf(lead_zh, sizeof lead_zh, want ? "%s中第 %zu 项符合：" : "%s中第 %zu 项不符合：", src_zh, i + 1);
                snprintf(lead_en, sizeof lead_en, want ? "%s item %zu matches: " : "%s item %zu fails: ", src_en, i + 1);
                explain_nested(x, n->a[1], &el, lead_zh, lead_en);
            }
            jl_release(&v);
        }
    }
    if (!found) {
        char zh[TEXT_MAX * 2], en[TEXT_MAX * 2], d[TEXT_MAX];
        describe(x, n, false, d, sizeof d);
        snprintf(zh, sizeof zh, "%s：%s", d, jl_truthy(res) ? "是" : "否");
        describe(x, n, true, d, sizeof d);
        snprintf(en, sizeof en, "%s: %s", d, jl_truthy(res) ? "yes" : "no");
        add(x, zh, en);
    }
    jl_release(&arr);
}

static void explain_in(const ex *x, const jl_node *n, const jl_scope *sc, const jl_val *res) {
    jl_val a = value_of(x, n->a[0], sc), b = value_of(x, n->a[1], sc);
    const char *pa = fact_path(value_var(n->a[0])), *pb = fact_path(value_var(n->a[1]));
    const char *p = pa ? pa : pb;
    bool r = jl_truthy(res);
    char va[TEXT_MAX], vb[TEXT_MAX], zh[TEXT_MAX * 3], en[TEXT_MAX * 3];
    value_text(x, p, &a, false, va, sizeof va);
    value_text(x, p, &b, false, vb, sizeof vb);
    if (n->a[1]->op == OP_VAR) /* "已享受的政策包括 P-DIBAO" */
        snprintf(zh, sizeof zh, "%s%s%s", label_of(x, pb, false), r ? "包括" : "不包括", va);
    else
        snprintf(zh, sizeof zh, "%s为%s，%s%s", pa ? label_of(x, pa, false) : "", va, r ? "属于" : "不属于", vb);
    value_text(x, p, &a, true, va, sizeof va);
    value_text(x, p, &b, true, vb, sizeof vb);
    if (n->a[1]->op == OP_VAR)
        snprintf(en, sizeof en, "%s %s %s", label_of(x, pb, true), r ? "include" : "do not include", va);
    else
        snprintf(en, sizeof en, "%s is %s, %s %s", pa ? label_of(x, pa, true) : "", va, r ? "one of" : "not one of", vb);
    jl_release(&a);
    jl_release(&b);
    add(x, zh, en);
}

static void explain_node(const ex *x, const jl_node *n, const jl_scope *sc) {
    jl_val v = value_of(x, n, sc);
    if (v.t == JL_U && n->op != OP_AND && n->op != OP_OR) {
        explain_missing(x, n, sc);
        return;
    }
    switch (n->op) {
    case OP_AND: case OP_OR: {
        /* true and: every conjunct; false and: the failing one; unknown: the unknown ones (or mirrored) */
        bool is_and = n->op == OP_AND, known = v.t != JL_U, holds = known && jl_truthy(&v);
        for (size_t i = 0; i < n->n; i++) {
            jl_val p = value_of(x, n->a[i], sc);
            bool pu = p.t == JL_U, pt = !pu && jl_truthy(&p);
            jl_release(&p);
            bool decisive = !known ? pu : (holds == is_and) ? true : (pt != is_and);
            if (decisive) explain_node(x, n->a[i], sc);
            if (known && holds != is_and && pt != is_and && !pu) break;
        }
        break;
    }
    case OP_NOT: case OP_NOTNOT:
        if (n->n) explain_node(x, n->a[0], sc);
        break;
    case OP_IF: {
        size_t i = 0;
        for (; i + 1 < n->n; i += 2) {
            jl_val cond = value_of(x, n->a[i], sc);
            bool t = jl_truthy(&cond);
            jl_release(&cond);
            explain_node(x, n->a[i], sc);
            if (t) { explain_node(x, n->a[i + 1], sc); break; }
        }
        if (i + 1 >= n->n && i < n->n) explain_node(x, n->a[i], sc);
        break;
    }
    case OP_EQ: case OP_SEQ: case OP_NE: case OP_SNE: case OP_GT: case OP_GE: case OP_LT: case OP_LE:
        explain_compare(x, n, sc, &v);
        break;
    case OP_SOME: case OP_ALL: case OP_NONE:
        explain_iter(x, n, sc, &v);
        break;
    case OP_IN:
        explain_in(x, n, sc, &v);
        break;
    case OP_LIT:
        break; /* a constant decides nothing about the household */
    default: {
        char d[TEXT_MAX], val[TEXT_MAX], zh[TEXT_MAX * 2], en[TEXT_MAX * 2];
        const char *p = fact_path(first_var(n));
        describe(x, n, false, d, sizeof d);
        value_text(x, p, &v, false, val, sizeof val);
        snprintf(zh, sizeof zh, "%s：%s", d, val);
        describe(x, n, true, d, sizeof d);
        value_text(x, p, &v, true, val, sizeof val);
        snprintf(en, sizeof en, "%s: %s", d, val);
        add(x, zh, en);
    }
    }
    jl_release(&v);
}

void jl_explain(jl_ctx *c, const jl_node *n, const jl_scope *sc, const core_jl_labels *labels, json_t *reasons) {
    ex x = {.c = c, .labels = labels, .reasons = reasons};
    explain_node(&x, n, sc);
}
