/*
** cmd_jsonlogic.c: `waystation jsonlogic RULE [DATA]`: evaluates a JsonLogic rule (core/jsonlogic) against
** data and prints the result as JSON, for administrators testing eligibility rules and for scripts. With
** --three-valued it prints the screening's view: true, false or null (unknown), the missing facts and the
** reasons. Reads its arguments or files only: no database.
*/
#include "cli.h"

#include "../core/facts.h"
#include "../core/jsonlogic.h"
#include "../io/csv_reader.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char HELP[] =
    "Usage: waystation jsonlogic [--three-valued] [--facts] RULE [DATA]\n\n"
    "Evaluates the JsonLogic rule RULE against DATA (default {}) and prints the result as JSON.\n"
    "RULE and DATA are JSON text, or @FILE to read the JSON from FILE (up to 16 MiB).\n"
    "  --three-valued  evaluate as the eligibility screening does: a fact missing from DATA (absent or\n"
    "                  null) makes the rule unknown rather than false; prints\n"
    "                  {\"result\": true|false|null, \"value\": ..., \"missing\": [paths], \"reasons\":\n"
    "                  [{\"zh\", \"en\"}]}, null meaning unknown\n"
    "  --facts         RULE must name only facts of the household vocabulary (as a policy's rule must), and\n"
    "                  reasons name facts in words (家庭人均月收入) instead of by path\n"
    "Operators: var val missing missing_some if ?: and or ! !! == === != !== > >= < <= + - * / % max min\n"
    "map filter reduce all some none merge in cat substr log throw. Nothing else is run.\n"
    "Exit codes: 0 done, 2 usage error (a missing RULE, JSON that does not parse, a file that cannot be\n"
    "read), 3 the rule was refused (not JsonLogic, an unknown fact, or it failed on DATA: the message says\n"
    "why and where, in Chinese and English).\n";

enum { JL_FILE_MAX = 16 * 1024 * 1024 };

/* Parses text, or the file named after '@'; prints why and returns NULL when it cannot. New reference. */
static json_t *load_arg(const char *what, const char *text) {
    char *data = NULL;
    size_t len = 0;
    if (text[0] == '@') {
        ws_err e = io_read_file(text + 1, JL_FILE_MAX, &data, &len);
        if (e) {
            fprintf(stderr, "waystation jsonlogic: 无法读取 %s / cannot read %s: %s\n", text + 1, text + 1,
                    e == WS_ERR_LIMIT ? "too large" : strerror(errno));
            return NULL;
        }
        text = data;
    } else len = strlen(text);
    json_error_t jerr;
    json_t *j = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
    if (!j)
        fprintf(stderr, "waystation jsonlogic: %s 不是 JSON / %s is not JSON: %s (line %d, column %d)\n", what, what,
                jerr.text, jerr.line, jerr.column);
    free(data);
    return j;
}

static int refused(const core_jl_error *err) {
    fprintf(stderr, "waystation jsonlogic: %s / %s [%s]%s%s\n", err->zh, err->en, err->type,
            err->where[0] ? " at " : "", err->where);
    return CLI_INVALID;
}

static const char *path_label(const char *path, bool en, void *ctx) { return path; }

static void print_json(json_t *j) {
    char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15) | JSON_INDENT(2));
    puts(s ? s : "null");
    free(s);
}

int cli_jsonlogic(int argc, char **argv) {
    cli_opt opts[] = {{"--three-valued", false, NULL}, {"--facts", false, NULL}};
    enum { NOPTS = sizeof opts / sizeof opts[0] };
    char *pos[2];
    int npos;
    int rc = cli_start(argc, argv, HELP, opts, NOPTS, pos, &npos, 2);
    if (rc != CLI_CONTINUE) return rc;
    if (npos < 1) {
        fputs("waystation jsonlogic: 缺少规则 / RULE is missing (see --help)\n", stderr);
        return CLI_USAGE;
    }
    bool three = cli_opt_value(opts, NOPTS, "--three-valued") != NULL;
    bool with_facts = cli_opt_value(opts, NOPTS, "--facts") != NULL;
    json_t *rule = load_arg("RULE", pos[0]);
    json_t *data = rule ? (npos > 1 ? load_arg("DATA", pos[1]) : json_object()) : NULL;
    if (!rule || !data) {
        json_decref(rule);
        return CLI_USAGE;
    }
    core_jl_error err;
    rc = CLI_OK;
    if (with_facts && core_jl_check(rule, core_fact_known, NULL, &err) != WS_OK) rc = refused(&err);
    else if (!three) {
        json_t *result;
        if (core_jl_apply(rule, data, &result, &err) != WS_OK) rc = refused(&err);
        else {
            print_json(result);
            json_decref(result);
        }
    } else {
        core_jl_labels labels = {path_label, NULL, NULL, NULL};
        if (with_facts) labels = (core_jl_labels){core_fact_label, core_fact_unit, core_fact_value_label, NULL};
        core_jl_outcome o;
        if (core_jl_eval3(rule, data, &labels, &o, &err) != WS_OK) rc = refused(&err);
        else {
            json_t *out = json_pack("{s:o, s:O, s:O, s:O}", "result",
                                    o.truth == CORE_JL_UNKNOWN ? json_null() : json_boolean(o.truth == CORE_JL_TRUE),
                                    "value", o.value, "missing", o.missing, "reasons", o.reasons);
            print_json(out);
            json_decref(out);
            core_jl_outcome_free(&o);
        }
    }
    json_decref(rule);
    json_decref(data);
    return rc;
}
