/*
** screen.h: what a screening of one household against the catalog makes of the rules' results: the three
** groups, the facts to ask for across all policies, and the flags of duplicate assistance (避免重复救助).
**
** Pure: jansson values in and out, no storage. The rules themselves are evaluated by jsonlogic.h; the
** policies (with their "code", "name_zh" and "excludes") come as the store shows them (store/policies.h).
*/
#ifndef WS_CORE_SCREEN_H
#define WS_CORE_SCREEN_H
#include <jansson.h>
#include <stdbool.h>

typedef enum core_screen_result {
    CORE_SCREEN_NOT_ELIGIBLE = 0,
    CORE_SCREEN_ELIGIBLE,
    CORE_SCREEN_UNKNOWN /* the rule needs facts that are missing */
} core_screen_result;

/* "not_eligible", "eligible", "unknown". Static. */
const char *core_screen_result_code(core_screen_result r);

/* True when the array of strings holds s. */
bool core_screen_has(const json_t *strings, const char *s);

/*
** The flags of one policy for a household that receives the policies in receiving (an array of codes):
** "excluded_by_benefit" when the policy is (or may be) due but the household receives one it excludes,
** "duplicate" when it receives the policy and one it excludes. policy has "code" and "excludes" (codes);
** names gives each code's Chinese name (an object code → name) for the messages. Returns a new array of
** {"code", "policies": [codes], "zh", "en"}, empty when nothing is flagged.
*/
json_t *core_screen_flags(const json_t *policy, core_screen_result r, const json_t *receiving, const json_t *names);

/*
** Adds a policy's missing facts (an array of {"fact", ...} objects) to the household's tally missing (an
** object fact → the object with a "policies" count), counting each fact once per policy.
*/
void core_screen_tally_missing(json_t *tally, const json_t *missing);

/* The tally as an array: declared facts first (what a station can ask for), then by how many policies
** each would settle, most first, then by name. New reference. */
json_t *core_screen_missing_list(const json_t *tally);

#endif
