/*
** registry_json.h: reading households and members from API JSON into the core's raw-text inputs.
**
** The core validates text fields; JSON may carry numbers and booleans too (disability_grade: 2,
** serious_illness: true), which are turned into their text form here. For updates, the stored record is
** first written as text and the request's fields are laid over it, so that one validation serves create
** and update alike.
*/
#ifndef WS_WEB_REGISTRY_JSON_H
#define WS_WEB_REGISTRY_JSON_H
#include "../core/household.h"
#include "http.h"

/* The text of obj[key] (string, integer or boolean) as an arena string; NULL when absent or null. */
const char *web_json_text(web_req *rq, json_t *obj, const char *key);

/* Replaces *field by the text of obj[key] (web_json_text) only when obj has key, so that an update changes
** what it names and nothing else. */
void web_json_overlay(web_req *rq, json_t *obj, const char *key, const char **field);

/* The keys of obj in order, as a new array of strings: the fields a write's audit entry names. */
json_t *web_json_keys(json_t *obj);

/* Lays the member fields present in obj over in (all NULL for a new member). */
void web_member_in_from_json(web_req *rq, json_t *obj, core_member_in *in);

/* A stored member as raw text (arena strings), the starting point of an update. */
void web_member_in_from_member(web_req *rq, const core_member *m, core_member_in *in);

/* Household fields from obj laid over in. */
void web_household_in_from_json(web_req *rq, json_t *obj, core_household_in *in);
void web_household_in_from_household(web_req *rq, const core_household *h, core_household_in *in);

/*
** A free text (a reason, a note): absent, null or a string of at most CORE_NOTE_MAX code points without
** control characters (line breaks allowed) or invisible ones. Trimmed into the arena; "" becomes NULL.
** False when bad.
*/
bool web_json_note(web_req *rq, json_t *v, const char **out);

/*
** The field error (at prefix + field) for a value web_json_note refused, saying what is wrong with it: a
** control character (invalid_text) or an invisible one such as a pasted zero-width space (invisible_text),
** which no length message would explain; otherwise (too long, not text) code with zh and en.
*/
void web_json_note_error(json_t *v, const char *prefix, const char *field, const char *code, const char *zh,
                         const char *en, core_fielderrs *errs);

/*
** Adds an "unknown_field" error (at prefix + key) for each key of obj that is not among allowed (NULL-
** terminated): a misspelt field must not be silently ignored.
*/
void web_check_known_fields(json_t *obj, const char *const *allowed, const char *prefix, core_fielderrs *errs);

/* The fields a member may carry, in a new household's members or on the member routes. */
extern const char *const WEB_MEMBER_FIELDS[];

#endif
