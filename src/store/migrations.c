/*
** migrations.c: the schema, as numbered migrations applied in order at open.
**
** A released migration is never edited: change the schema by appending a new one. SQL here stays
** portable where a portable form exists (a PostgreSQL store comes later): TEXT dates in ISO form,
** INTEGER keys, partial unique indexes, CHECK constraints.
*/
#include "alerts.h"
#include "store_int.h"

#include "seed.h"

#include <stdio.h>
#include <string.h>

static const char *const MIGRATIONS[] = {
    /* 1: divisions, stations, users and sessions, households and members, category history, audit log */
    "CREATE TABLE divisions ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  level TEXT NOT NULL CHECK (level IN ('city','county','town','village')),"
    "  kind TEXT NOT NULL DEFAULT '',"
    "  parent_code TEXT REFERENCES divisions(code));"
    "CREATE INDEX divisions_parent ON divisions(parent_code);"
    "CREATE TABLE stations ("
    "  id INTEGER PRIMARY KEY,"
    "  town_code TEXT NOT NULL UNIQUE REFERENCES divisions(code),"
    "  name TEXT NOT NULL);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE,"
    "  display_name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('city_admin','county_officer','station_worker','provider_staff','auditor')),"
    "  division_code TEXT NOT NULL REFERENCES divisions(code),"
    "  provider_id INTEGER,"
    "  password_hash TEXT NOT NULL,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE sessions ("
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  csrf_token TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL);"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE households ("
    "  id INTEGER PRIMARY KEY,"
    "  household_no TEXT NOT NULL DEFAULT '',"
    "  town_code TEXT NOT NULL REFERENCES divisions(code),"
    "  village TEXT NOT NULL DEFAULT '',"
    "  address TEXT NOT NULL DEFAULT '',"
    "  category TEXT NOT NULL,"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  registered_on TEXT NOT NULL,"
    "  synthetic INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  closed_at TEXT);"
    "CREATE INDEX households_town ON households(town_code, id);"
    /* a station's own household numbers identify its open households */
    "CREATE UNIQUE INDEX households_number ON households(town_code, household_no) "
    "  WHERE household_no <> '' AND closed_at IS NULL;"
    "CREATE TABLE members ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  name TEXT NOT NULL,"
    "  id_sealed BLOB,"
    "  id_hash BLOB,"
    "  id_masked TEXT NOT NULL DEFAULT '',"
    "  sex TEXT CHECK (sex IN ('M','F')),"
    "  birth_date TEXT,"
    "  relation TEXT NOT NULL,"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  disability_grade INTEGER NOT NULL DEFAULT 0 CHECK (disability_grade BETWEEN 0 AND 4),"
    "  serious_illness INTEGER NOT NULL DEFAULT 0,"
    "  active INTEGER NOT NULL DEFAULT 1,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    /* one living person, one record: among active members an ID number appears once in the city */
    "CREATE UNIQUE INDEX members_id_hash ON members(id_hash) WHERE id_hash IS NOT NULL AND active = 1;"
    "CREATE UNIQUE INDEX members_one_head ON members(household_id) WHERE relation = 'head' AND active = 1;"
    "CREATE INDEX members_household ON members(household_id, id);"
    "CREATE TABLE category_history ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  from_category TEXT,"
    "  to_category TEXT NOT NULL,"
    "  changed_on TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  recorded_at TEXT NOT NULL);"
    "CREATE INDEX category_history_household ON category_history(household_id, id);"
    "CREATE TABLE audit_log ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at TEXT NOT NULL,"
    "  user_id INTEGER,"
    "  username TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object_type TEXT NOT NULL,"
    "  object_id TEXT NOT NULL,"
    "  detail TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",

    /* 2: difficulty areas and the service catalog; questionnaire versions with their dimensions and
    **    indicators; assessments with their answers and needs; each household's current index (the
    **    ranking reads it), every scoring ever made, and manual rank overrides. */
    "CREATE TABLE difficulty_areas ("
    "  code TEXT PRIMARY KEY,"
    "  name_zh TEXT NOT NULL,"
    "  name_en TEXT NOT NULL);"
    "CREATE TABLE service_categories ("
    "  code TEXT PRIMARY KEY,"
    "  name_zh TEXT NOT NULL,"
    "  name_en TEXT NOT NULL);"
    "CREATE TABLE service_items ("
    "  code TEXT PRIMARY KEY,"
    "  category_code TEXT NOT NULL REFERENCES service_categories(code),"
    "  name_zh TEXT NOT NULL,"
    "  name_en TEXT NOT NULL,"
    "  respond_days INTEGER NOT NULL,"
    "  complete_days INTEGER NOT NULL);"
    "CREATE TABLE service_item_areas ("
    "  item_code TEXT NOT NULL REFERENCES service_items(code),"
    "  area_code TEXT NOT NULL REFERENCES difficulty_areas(code),"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (item_code, area_code));"
    /* a version: its number once published (NULL while a draft), its cut-offs as fractions p/q of D */
    "CREATE TABLE questionnaires ("
    "  id INTEGER PRIMARY KEY,"
    "  version INTEGER UNIQUE,"
    "  status TEXT NOT NULL CHECK (status IN ('draft','published')),"
    "  denominator INTEGER NOT NULL CHECK (denominator > 0),"
    "  severe_p INTEGER NOT NULL, severe_q INTEGER NOT NULL,"
    "  poor_p INTEGER NOT NULL, poor_q INTEGER NOT NULL,"
    "  vulnerable_p INTEGER NOT NULL, vulnerable_q INTEGER NOT NULL,"
    "  k_p INTEGER NOT NULL, k_q INTEGER NOT NULL,"
    "  max_unanswered_p INTEGER NOT NULL, max_unanswered_q INTEGER NOT NULL,"
    "  reassess_months INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  created_by INTEGER REFERENCES users(id),"
    "  published_at TEXT,"
    "  published_by INTEGER REFERENCES users(id),"
    "  published_by_name TEXT,"
    "  CHECK ((status = 'published') = (version IS NOT NULL)));"
    "CREATE TABLE questionnaire_dimensions ("
    "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),"
    "  position INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  name_zh TEXT NOT NULL,"
    "  name_en TEXT NOT NULL,"
    "  PRIMARY KEY (questionnaire_id, position),"
    "  UNIQUE (questionnaire_id, code));"
    "CREATE TABLE questionnaire_indicators ("
    "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),"
    "  position INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  dimension_position INTEGER NOT NULL,"
    "  name_zh TEXT NOT NULL,"
    "  name_en TEXT NOT NULL,"
    "  deprived_when TEXT NOT NULL,"
    "  severe_when TEXT NOT NULL,"
    "  has_severe INTEGER NOT NULL,"
    "  weight INTEGER NOT NULL CHECK (weight > 0),"
    "  area_code TEXT NOT NULL REFERENCES difficulty_areas(code),"
    "  red_rule TEXT NOT NULL CHECK (red_rule IN ('never','deprived','severe')),"
    "  derive TEXT,"
    "  PRIMARY KEY (questionnaire_id, position),"
    "  UNIQUE (questionnaire_id, code),"
    "  FOREIGN KEY (questionnaire_id, dimension_position) REFERENCES questionnaire_dimensions(questionnaire_id, position));"
    /* a published version is never edited: neither it nor its dimensions and indicators */
    "CREATE TRIGGER questionnaires_published_update BEFORE UPDATE ON questionnaires WHEN OLD.status = 'published'"
    "  BEGIN SELECT RAISE(ABORT, 'a published questionnaire is never edited'); END;"
    "CREATE TRIGGER questionnaires_published_delete BEFORE DELETE ON questionnaires WHEN OLD.status = 'published'"
    "  BEGIN SELECT RAISE(ABORT, 'a published questionnaire is never edited'); END;"
    "CREATE TRIGGER questionnaire_dimensions_insert BEFORE INSERT ON questionnaire_dimensions"
    "  WHEN (SELECT status FROM questionnaires WHERE id = NEW.questionnaire_id) = 'published'"
    "  BEGIN SELECT RAISE(ABORT, 'a published questionnaire is never edited'); END;"
    "CREATE TRIGGER questionnaire_dimensions_update BEFORE UPDATE ON questionnaire_dimensions"
    "  WHEN (SELECT status FROM questionnaires WHERE id = OLD.questionnaire_id) = 'published'"
    "  BEGIN SELECT RAISE(ABORT, 'a published questionnaire is never edited'); END;"
    "CREATE TRIGGER questionnaire_dimensions_delete BEFORE DELETE ON questionnaire_dimensions"
    "  WHEN (SELECT status FROM questionnaires WHERE id = OLD.questionnaire_id) = 'published'"
    "  BEGIN SELECT RAISE(ABORT, 'a published questionnaire is never edited'); END;"
    "CREATE TRIGGER questionnaire_indicators_insert BEFORE INSERT ON questionnaire_indicators"
    "  WHEN (SELECT status FROM questionnaires WHERE id = NEW.questionnaire_id) = 'published'"
    "  BEGIN SELECT RAISE(ABORT, 'a published questionnaire is never edited'); END;"
    "CREATE TRIGGER questionnaire_indicators_update BEFORE UPDATE ON questionnaire_indicators"
    "  WHEN (SELECT status FROM questionnaires WHERE id = OLD.questionnaire_id) = 'published'"
    "  BEGIN SELECT RAISE(ABORT, 'a published questionnaire is never edited'); END;"
    "CREATE TRIGGER questionnaire_indicators_delete BEFORE DELETE ON questionnaire_indicators"
    "  WHEN (SELECT status FROM questionnaires WHERE id = OLD.questionnaire_id) = 'published'"
    "  BEGIN SELECT RAISE(ABORT, 'a published questionnaire is never edited'); END;"
    /* an assessment: answers are kept raw under the version they were given in; tier and c are its
    ** own scoring when submitted */
    "CREATE TABLE assessments ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),"
    "  status TEXT NOT NULL CHECK (status IN ('draft','submitted')),"
    "  assessed_on TEXT NOT NULL,"
    "  visit_type TEXT NOT NULL CHECK (visit_type IN ('station','home','phone')),"
    "  assessor_id INTEGER REFERENCES users(id),"
    "  assessor_name TEXT NOT NULL,"
    "  synthetic INTEGER NOT NULL DEFAULT 0,"
    "  tier TEXT,"
    "  c INTEGER,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  submitted_at TEXT);"
    "CREATE INDEX assessments_household ON assessments(household_id, id);"
    "CREATE UNIQUE INDEX assessments_one_draft ON assessments(household_id) WHERE status = 'draft';"
    "CREATE TABLE assessment_answers ("
    "  assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
    "  indicator_code TEXT NOT NULL,"
    "  level INTEGER CHECK (level BETWEEN 0 AND 2),"
    "  derived_level INTEGER CHECK (derived_level BETWEEN 0 AND 2),"
    "  override_reason TEXT,"
    "  PRIMARY KEY (assessment_id, indicator_code));"
    "CREATE TABLE assessment_needs ("
    "  id INTEGER PRIMARY KEY,"
    "  assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
    "  position INTEGER NOT NULL,"
    "  service_code TEXT NOT NULL REFERENCES service_items(code),"
    "  area_code TEXT NOT NULL REFERENCES difficulty_areas(code),"
    "  urgency TEXT NOT NULL CHECK (urgency IN ('immediate','priority','routine')),"
    "  note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX assessment_needs_assessment ON assessment_needs(assessment_id, position);"
    "CREATE INDEX assessment_needs_service ON assessment_needs(service_code, assessment_id);"
    /* a submitted assessment is a record: its answers and needs stay as they were given */
    "CREATE TRIGGER assessments_submitted_update BEFORE UPDATE ON assessments WHEN OLD.status = 'submitted'"
    "  BEGIN SELECT RAISE(ABORT, 'a submitted assessment is never edited'); END;"
    "CREATE TRIGGER assessments_submitted_delete BEFORE DELETE ON assessments WHEN OLD.status = 'submitted'"
    "  BEGIN SELECT RAISE(ABORT, 'a submitted assessment is never edited'); END;"
    "CREATE TRIGGER assessment_answers_update BEFORE UPDATE ON assessment_answers"
    "  WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'submitted'"
    "  BEGIN SELECT RAISE(ABORT, 'a submitted assessment is never edited'); END;"
    "CREATE TRIGGER assessment_answers_delete BEFORE DELETE ON assessment_answers"
    "  WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'submitted'"
    "  BEGIN SELECT RAISE(ABORT, 'a submitted assessment is never edited'); END;"
    "CREATE TRIGGER assessment_needs_update BEFORE UPDATE ON assessment_needs"
    "  WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'submitted'"
    "  BEGIN SELECT RAISE(ABORT, 'a submitted assessment is never edited'); END;"
    "CREATE TRIGGER assessment_needs_delete BEFORE DELETE ON assessment_needs"
    "  WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) = 'submitted'"
    "  BEGIN SELECT RAISE(ABORT, 'a submitted assessment is never edited'); END;"
    /* the current figures of each open household with a submitted assessment. The registry facts the
    ** ranking and the fairness view need (category, registration, town and county, the head's sex and
    ** birth date) are copied here and kept in step by the registry's writes (households.c), so that a
    ** town's ranking reads only that town's rows, in rank_key order, from one index. rank_tier is the
    ** tier the household ranks in (an override's, or tier); rank_key is core_rank_key_encode of it. */
    "CREATE TABLE household_index ("
    "  household_id INTEGER PRIMARY KEY REFERENCES households(id),"
    "  assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
    "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),"
    "  questionnaire_version INTEGER NOT NULL,"
    "  assessed_on TEXT NOT NULL,"
    "  reassess_due TEXT NOT NULL,"
    "  tier TEXT NOT NULL CHECK (tier IN ('red','severe','poor','vulnerable','none')),"
    "  rank_tier TEXT NOT NULL CHECK (rank_tier IN ('red','severe','poor','vulnerable','none')),"
    "  urgency INTEGER NOT NULL,"
    "  n_immediate INTEGER NOT NULL,"
    "  n_priority INTEGER NOT NULL,"
    "  n_routine INTEGER NOT NULL,"
    "  c INTEGER NOT NULL,"
    "  c_sev INTEGER NOT NULL,"
    "  g INTEGER NOT NULL,"
    "  breadth INTEGER NOT NULL,"
    "  denominator INTEGER NOT NULL,"
    "  red_flags TEXT NOT NULL DEFAULT '',"
    "  top_dimensions TEXT NOT NULL DEFAULT '',"
    "  c_dims TEXT NOT NULL DEFAULT '',"
    "  category TEXT NOT NULL,"
    "  registered_on TEXT NOT NULL,"
    "  town_code TEXT NOT NULL REFERENCES divisions(code),"
    "  county_code TEXT NOT NULL REFERENCES divisions(code),"
    "  head_sex TEXT,"
    "  head_birth_date TEXT,"
    "  rank_key TEXT NOT NULL,"
    "  scored_at TEXT NOT NULL);"
    "CREATE INDEX household_index_town ON household_index(town_code, rank_key);"
    "CREATE INDEX household_index_county ON household_index(county_code, rank_key);"
    "CREATE INDEX household_index_rank ON household_index(rank_key);"
    /* the difficulty areas a household's current figures name: deprived indicators' and needs' areas */
    "CREATE TABLE household_index_areas ("
    "  household_id INTEGER NOT NULL REFERENCES household_index(household_id),"
    "  area_code TEXT NOT NULL REFERENCES difficulty_areas(code),"
    "  PRIMARY KEY (household_id, area_code));"
    /* every scoring ever made (a submission, a re-scoring under a new version), never changed */
    "CREATE TABLE index_history ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  assessment_id INTEGER NOT NULL REFERENCES assessments(id),"
    "  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),"
    "  questionnaire_version INTEGER NOT NULL,"
    "  assessed_on TEXT NOT NULL,"
    "  reason TEXT NOT NULL CHECK (reason IN ('submit','rescore')),"
    "  tier TEXT NOT NULL,"
    "  urgency INTEGER NOT NULL,"
    "  c INTEGER NOT NULL,"
    "  c_sev INTEGER NOT NULL,"
    "  g INTEGER NOT NULL,"
    "  breadth INTEGER NOT NULL,"
    "  red_flags TEXT NOT NULL DEFAULT '',"
    "  c_dims TEXT NOT NULL DEFAULT '',"
    "  rank_key TEXT NOT NULL,"
    "  scored_at TEXT NOT NULL);"
    "CREATE INDEX index_history_household ON index_history(household_id, id);"
    "CREATE TRIGGER index_history_no_update BEFORE UPDATE ON index_history"
    "  BEGIN SELECT RAISE(ABORT, 'the index history is append-only'); END;"
    "CREATE TRIGGER index_history_no_delete BEFORE DELETE ON index_history"
    "  BEGIN SELECT RAISE(ABORT, 'the index history is append-only'); END;"
    /* manual overrides of the tier a household ranks in; one active at a time, every one kept */
    "CREATE TABLE rank_overrides ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  tier TEXT NOT NULL CHECK (tier IN ('red','severe','poor','vulnerable','none')),"
    "  reason TEXT NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  by_name TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  active INTEGER NOT NULL DEFAULT 1,"
    "  ended_at TEXT,"
    "  ended_by INTEGER REFERENCES users(id));"
    "CREATE UNIQUE INDEX rank_overrides_active ON rank_overrides(household_id) WHERE active = 1;"
    "CREATE INDEX rank_overrides_household ON rank_overrides(household_id, id);",

    /* 3: the resource directory (providers with the catalog items they offer, where and when) and
    **    referrals with the household's consent, every transition, the service records and the outcome.
    **    hsds_id columns keep the identifiers an HSDS import brought, so an export gives them back. */
    "CREATE TABLE providers ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('government','mass_org','social_org','charity','company','unit',"
    "                                     'volunteer_team','volunteer')),"
    "  division_code TEXT NOT NULL REFERENCES divisions(code)," /* where it belongs: its level follows */
    "  description TEXT NOT NULL DEFAULT '',"
    "  contact_name TEXT NOT NULL DEFAULT '',"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  website TEXT NOT NULL DEFAULT '',"
    "  address TEXT NOT NULL DEFAULT '',"
    "  capacity_per_week INTEGER NOT NULL DEFAULT 0 CHECK (capacity_per_week >= 0),"
    "  open_load INTEGER NOT NULL DEFAULT 0 CHECK (open_load >= 0)," /* referrals sent, accepted or in service */
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','closed')),"
    "  rating_sum INTEGER NOT NULL DEFAULT 0," /* satisfaction of confirmed outcomes only */
    "  rating_count INTEGER NOT NULL DEFAULT 0,"
    "  synthetic INTEGER NOT NULL DEFAULT 0,"
    "  hsds_id TEXT UNIQUE,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX providers_division ON providers(division_code);"
    /* a catalog item a provider offers: an HSDS service */
    "CREATE TABLE provider_services ("
    "  id INTEGER PRIMARY KEY,"
    "  provider_id INTEGER NOT NULL REFERENCES providers(id),"
    "  item_code TEXT NOT NULL REFERENCES service_items(code),"
    "  description TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),"
    "  hsds_id TEXT UNIQUE,"
    "  UNIQUE (provider_id, item_code));"
    "CREATE INDEX provider_services_item ON provider_services(item_code, provider_id);"
    /* the divisions a provider serves (a county covers its towns) */
    "CREATE TABLE provider_areas ("
    "  provider_id INTEGER NOT NULL REFERENCES providers(id),"
    "  division_code TEXT NOT NULL REFERENCES divisions(code),"
    "  PRIMARY KEY (provider_id, division_code));"
    "CREATE INDEX provider_areas_division ON provider_areas(division_code, provider_id);"
    /* weekly opening hours; weekday 1 = Monday */
    "CREATE TABLE provider_schedules ("
    "  id INTEGER PRIMARY KEY,"
    "  provider_id INTEGER NOT NULL REFERENCES providers(id),"
    "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
    "  opens_at TEXT NOT NULL,"
    "  closes_at TEXT NOT NULL,"
    "  note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX provider_schedules_provider ON provider_schedules(provider_id, weekday);"
    /* the household's consent to share with one provider for one purpose; nothing is sent without it */
    "CREATE TABLE consents ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  provider_id INTEGER NOT NULL REFERENCES providers(id),"
    "  purpose TEXT NOT NULL,"
    "  given_by TEXT NOT NULL," /* the member who consented */
    "  method TEXT NOT NULL CHECK (method IN ('signed','verbal','phone')),"
    "  recorded_by INTEGER REFERENCES users(id),"
    "  recorded_at TEXT NOT NULL,"
    "  withdrawn_at TEXT);"
    "CREATE INDEX consents_household ON consents(household_id, provider_id);"
    "CREATE TABLE referrals ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  town_code TEXT NOT NULL REFERENCES divisions(code)," /* the household's town when referred */
    "  need_id INTEGER REFERENCES assessment_needs(id),"   /* NULL for a direct referral */
    "  item_code TEXT NOT NULL REFERENCES service_items(code),"
    "  provider_id INTEGER NOT NULL REFERENCES providers(id),"
    "  consent_id INTEGER REFERENCES consents(id),"
    "  state TEXT NOT NULL CHECK (state IN ('draft','sent','accepted','declined','in_service','delivered',"
    "                                       'confirmed','closed','withdrawn','expired')),"
    "  urgency TEXT NOT NULL CHECK (urgency IN ('immediate','priority','routine')),"
    "  note TEXT NOT NULL DEFAULT '',"
    "  respond_by TEXT," /* deadlines (Asia/Shanghai dates) from the catalog, set when sent */
    "  complete_by TEXT,"
    "  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  synthetic INTEGER NOT NULL DEFAULT 0,"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX referrals_town ON referrals(town_code, state, id);"
    "CREATE INDEX referrals_provider ON referrals(provider_id, state, id);"
    "CREATE INDEX referrals_household ON referrals(household_id, id);"
    "CREATE INDEX referrals_need ON referrals(need_id, state);"
    /* the late ones: the deadline of the state a referral is in (store/referrals.c reads it by this expression) */
    "CREATE INDEX referrals_due ON referrals((CASE state WHEN 'sent' THEN respond_by WHEN 'accepted' THEN complete_by "
    "  WHEN 'in_service' THEN complete_by END), town_code) WHERE state IN ('sent','accepted','in_service');"
    /* one open referral per need and provider */
    "CREATE UNIQUE INDEX referrals_open_need ON referrals(need_id, provider_id)"
    "  WHERE need_id IS NOT NULL AND state IN ('draft','sent','accepted','in_service','delivered');"
    /* every transition with who, when and why: the timeline */
    "CREATE TABLE referral_events ("
    "  id INTEGER PRIMARY KEY,"
    "  referral_id INTEGER NOT NULL REFERENCES referrals(id),"
    "  action TEXT NOT NULL," /* create, consent, consent_withdrawn, or a transition (core/referral.h) */
    "  from_state TEXT,"
    "  to_state TEXT NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  by_name TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  reason TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX referral_events_referral ON referral_events(referral_id, id);"
    "CREATE TRIGGER referral_events_no_update BEFORE UPDATE ON referral_events"
    "  BEGIN SELECT RAISE(ABORT, 'referral events are append-only'); END;"
    "CREATE TRIGGER referral_events_no_delete BEFORE DELETE ON referral_events"
    "  BEGIN SELECT RAISE(ABORT, 'referral events are append-only'); END;"
    /* what a provider did: date, minutes spent, what was done */
    "CREATE TABLE service_records ("
    "  id INTEGER PRIMARY KEY,"
    "  referral_id INTEGER NOT NULL REFERENCES referrals(id),"
    "  served_on TEXT NOT NULL,"
    "  minutes INTEGER NOT NULL CHECK (minutes > 0),"
    "  what TEXT NOT NULL,"
    "  recorded_by INTEGER REFERENCES users(id),"
    "  recorded_at TEXT NOT NULL);"
    "CREATE INDEX service_records_referral ON service_records(referral_id, id);",

    /* 4: what Open Referral HSDS imports brought. Every imported row is kept as it came (fields: its columns
    **    as a JSON object of texts), so that an export gives back what the directory has no place for. A row
    **    the directory took in (an organization that became a provider, the attribute that names a service's
    **    catalog item, ...) carries its owner (the HSDS id of that organization or service) and its role for
    **    it ('organization', 'item', 'area/371002', ...): an export then writes the directory's row under the
    **    same id, with the kept row's other columns, and drops it once the directory no longer has it.
    **    hsds_columns lists columns and tables a package brought beyond the standard, in their order. */
    "CREATE TABLE hsds_records ("
    "  table_name TEXT NOT NULL,"
    "  id TEXT NOT NULL,"
    "  fields TEXT NOT NULL,"
    "  owner TEXT,"
    "  role TEXT,"
    "  imported_at TEXT NOT NULL,"
    "  PRIMARY KEY (table_name, id),"
    "  CHECK ((owner IS NULL) = (role IS NULL)));"
    "CREATE UNIQUE INDEX hsds_records_role ON hsds_records(owner, role) WHERE role IS NOT NULL;"
    "CREATE TABLE hsds_columns ("
    "  table_name TEXT NOT NULL,"
    "  path TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (table_name, name));",
    /* 5: the policy catalog ("policies find people"): departments, policies with their JsonLogic eligibility
    **    rules and exclusions, city parameters by effective date, the benefits households receive, and
    **    facts a station records that the registry does not hold (income, housing, schooling). */
    "CREATE TABLE departments ("
    "  code TEXT PRIMARY KEY,"
    "  name_zh TEXT NOT NULL,"
    "  kind TEXT NOT NULL);"
    "CREATE TABLE policies ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  name_zh TEXT NOT NULL,"
    "  name_en TEXT NOT NULL DEFAULT '',"
    "  department_code TEXT NOT NULL REFERENCES departments(code),"
    "  assistance_type TEXT NOT NULL,"   /* one of the documented type codes */
    "  target_groups TEXT NOT NULL DEFAULT '[]',"  /* JSON array of target group codes */
    "  benefit_kind TEXT NOT NULL CHECK (benefit_kind IN ('amount','rate','service')),"
    "  benefit_amount_fen INTEGER,"       /* a fixed amount, or NULL */
    "  benefit_parameter TEXT,"           /* or the city parameter that gives the amount */
    "  benefit_text TEXT NOT NULL DEFAULT '',"  /* the benefit in words (a rate, a service) */
    "  how_to_apply TEXT NOT NULL DEFAULT '',"
    "  documents TEXT NOT NULL DEFAULT '',"
    "  legal_basis TEXT NOT NULL DEFAULT '',"
    "  valid_from TEXT,"
    "  valid_to TEXT,"
    "  rule TEXT NOT NULL,"               /* JsonLogic over the documented household facts */
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE INDEX policies_department ON policies(department_code);"
    /* "not both in the same period" (避免重复救助); stored once per pair, lower code first */
    "CREATE TABLE policy_exclusions ("
    "  policy_code TEXT NOT NULL REFERENCES policies(code),"
    "  excluded_code TEXT NOT NULL REFERENCES policies(code),"
    "  PRIMARY KEY (policy_code, excluded_code),"
    "  CHECK (policy_code < excluded_code));"
    "CREATE TABLE city_parameters ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"              /* a number as text: amounts in fen, multiples as decimals */
    "  unit TEXT NOT NULL,"
    "  effective_from TEXT NOT NULL,"
    "  note TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  UNIQUE (name, effective_from));"
    "CREATE TABLE household_benefits ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  policy_code TEXT NOT NULL REFERENCES policies(code),"
    "  from_date TEXT NOT NULL,"
    "  to_date TEXT,"                     /* NULL: still received */
    "  amount_fen INTEGER,"
    "  source TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX household_benefits_household ON household_benefits(household_id, policy_code);"
    "CREATE INDEX household_benefits_policy ON household_benefits(policy_code, household_id);"
    "CREATE TABLE household_facts ("
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  fact TEXT NOT NULL,"
    "  value TEXT NOT NULL,"              /* JSON */
    "  recorded_on TEXT NOT NULL,"
    "  recorded_by INTEGER REFERENCES users(id),"
    "  PRIMARY KEY (household_id, fact));",
    /* 6: active discovery (主动发现): monitoring records from departments' feeds, kept whether or not the
    **    person is registered yet (matched by the keyed hash of the ID number, linked when found); alert
    **    rules (JsonLogic) and the alerts they raise, one open alert per household and cause into which
    **    repeated signals merge; visit tasks for the stations and the visits made. */
    "CREATE TABLE feed_records ("
    "  id INTEGER PRIMARY KEY,"
    "  source TEXT NOT NULL,"             /* the sending department's code */
    "  record_id TEXT NOT NULL,"          /* the department's own id: importing twice changes nothing */
    /* the kinds as a chain of comparisons: a CHECK with IN (...) of more than two values builds a small
    ** table each time the insert statement runs */
    "  kind TEXT NOT NULL CHECK (kind = 'medical_cost' OR kind = 'hospital_admission' OR "
    "    kind = 'disability_certificate' OR kind = 'death' OR kind = 'job_loss' OR kind = 'income_drop' OR "
    "    kind = 'utility_arrears' OR kind = 'school_dropout' OR kind = 'disaster_damage'),"
    "  id_hash BLOB,"                     /* keyed hash of the person's ID number, as members.id_hash */
    "  id_sealed BLOB,"                   /* the number itself, sealed as members' are */
    "  id_masked TEXT NOT NULL DEFAULT '',"
    "  person_name TEXT NOT NULL DEFAULT '',"
    "  occurred_on TEXT NOT NULL,"        /* the local (Asia/Shanghai) date of the event */
    "  amount_fen INTEGER,"
    "  town_code TEXT REFERENCES divisions(code)," /* from the record's address, for leads */
    "  address TEXT NOT NULL DEFAULT '',"
    "  detail TEXT NOT NULL DEFAULT '{}',"        /* JSON: what else the record carried */
    "  household_id INTEGER REFERENCES households(id)," /* NULL until the person is found in the registry */
    "  member_id INTEGER REFERENCES members(id),"
    "  imported_at TEXT NOT NULL,"
    "  UNIQUE (source, record_id));"
    "CREATE INDEX feed_records_person ON feed_records(id_hash) WHERE id_hash IS NOT NULL;"
    "CREATE INDEX feed_records_household ON feed_records(household_id, occurred_on);"
    "CREATE INDEX feed_records_leads ON feed_records(town_code, occurred_on) WHERE household_id IS NULL;"
    "CREATE TABLE alert_rules ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  name_zh TEXT NOT NULL,"
    "  name_en TEXT NOT NULL DEFAULT '',"
    "  kind TEXT NOT NULL,"               /* the feed kind it looks at */
    "  rule TEXT NOT NULL,"               /* JsonLogic over the household's facts and its recent records */
    "  severity TEXT NOT NULL CHECK (severity IN ('high','medium','low')),"
    "  team TEXT NOT NULL,"               /* who must act, e.g. the station, the county office */
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE TABLE alerts ("
    "  id INTEGER PRIMARY KEY,"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  town_code TEXT NOT NULL REFERENCES divisions(code),"
    "  rule_code TEXT NOT NULL REFERENCES alert_rules(code),"
    "  cause TEXT NOT NULL,"              /* the kind of signal: repeated ones merge into the open alert */
    "  severity TEXT NOT NULL CHECK (severity IN ('high','medium','low')),"
    "  state TEXT NOT NULL CHECK (state IN ('open','closed')),"
    "  outcome TEXT CHECK (outcome IN ('reassessed','referred','policy_applied','no_need','moved_away')),"
    "  outcome_note TEXT NOT NULL DEFAULT '',"
    "  signals INTEGER NOT NULL DEFAULT 1,"
    "  first_signal_on TEXT NOT NULL,"
    "  last_signal_on TEXT NOT NULL,"
    "  synthetic INTEGER NOT NULL DEFAULT 0,"
    "  opened_at TEXT NOT NULL,"
    "  closed_at TEXT,"
    "  closed_by INTEGER REFERENCES users(id));"
    "CREATE UNIQUE INDEX alerts_open_cause ON alerts(household_id, cause) WHERE state = 'open';"
    "CREATE INDEX alerts_town ON alerts(town_code, state, severity);"
    "CREATE TABLE alert_signals ("
    "  alert_id INTEGER NOT NULL REFERENCES alerts(id),"
    "  feed_record_id INTEGER NOT NULL REFERENCES feed_records(id),"
    "  PRIMARY KEY (alert_id, feed_record_id));"
    /* whether a record is a signal already, asked of every record an import evaluates */
    "CREATE INDEX alert_signals_record ON alert_signals(feed_record_id);"
    "CREATE TABLE visit_tasks ("
    "  id INTEGER PRIMARY KEY,"
    "  alert_id INTEGER REFERENCES alerts(id),"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  town_code TEXT NOT NULL REFERENCES divisions(code),"
    "  severity TEXT NOT NULL CHECK (severity IN ('high','medium','low')),"
    "  due_on TEXT NOT NULL,"             /* Asia/Shanghai date, from the severity */
    "  state TEXT NOT NULL CHECK (state IN ('open','done','cancelled')),"
    "  created_at TEXT NOT NULL,"
    "  done_at TEXT);"
    "CREATE INDEX visit_tasks_town ON visit_tasks(town_code, state, due_on);"
    "CREATE TABLE visits ("
    "  id INTEGER PRIMARY KEY,"
    "  task_id INTEGER REFERENCES visit_tasks(id),"
    "  household_id INTEGER NOT NULL REFERENCES households(id),"
    "  visited_on TEXT NOT NULL,"
    "  visit_type TEXT NOT NULL CHECK (visit_type IN ('home','phone','station')),"
    "  visitor_id INTEGER REFERENCES users(id),"
    "  visitor_name TEXT NOT NULL,"
    "  findings TEXT NOT NULL,"
    "  next_step TEXT NOT NULL CHECK (next_step IN ('reassess','refer','apply_policy','none','moved_away')),"
    "  next_ref_id INTEGER,"              /* the assessment, referral or benefit it led to, when recorded */
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX visits_household ON visits(household_id, id);",

    /* 7: sources are compared lower-cased since the import folds them (YBJ, ybj and ｙｂｊ are one
    ** department); records stored before keep their idempotence when resent. A pair that differs only in
    ** case is two records already: both stay as they are. Then indexes of visit tasks by alert and by
    ** household, and where a record's town came from. */
    "UPDATE feed_records SET source = lower(source) "
    "WHERE source <> lower(source) AND NOT EXISTS (SELECT 1 FROM feed_records o "
    "  WHERE o.source = lower(feed_records.source) AND o.record_id = feed_records.record_id);"
    /* An alert's tasks: its open one when a signal merges, its latest in every list of alerts; a
    ** household's, cancelled when it closes. */
    "CREATE INDEX visit_tasks_alert ON visit_tasks(alert_id, state);"
    "CREATE INDEX visit_tasks_household ON visit_tasks(household_id, state);"
    /* 1 when town_code is not the record's own but the town of the household it was matched to before an
    ** ID number was corrected (it named none): the next such correction moves it on. */
    "ALTER TABLE feed_records ADD COLUMN town_from_household INTEGER NOT NULL DEFAULT 0;",

    /* 8: the division of whoever imported a record ("" the whole city; NULL for records stored before):
    ** a record outside the importer's division now is "already imported" when sent again only to those
    ** who sent it, so that nobody else can test guesses about it. */
    "ALTER TABLE feed_records ADD COLUMN imported_in TEXT;",
};

enum { NMIGRATIONS = sizeof MIGRATIONS / sizeof MIGRATIONS[0] };

ws_err store_migrate(store_conn *w, char *why, size_t whysz) {
    sqlite3 *s = store_sqlite(w);
    if (sqlite3_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_stmt *st = store_stmt(w, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!st || sqlite3_step(st) != SQLITE_ROW) goto fail;
    int have = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (have > NMIGRATIONS) {
        snprintf(why, whysz, "the database has schema version %d, newer than this program's %d", have,
                 NMIGRATIONS);
        return WS_ERR_DB;
    }
    for (int v = have + 1; v <= NMIGRATIONS; v++) {
        if (sqlite3_exec(s, MIGRATIONS[v - 1], NULL, NULL, NULL) != SQLITE_OK) goto fail;
        char now[21];
        store_now_iso(now);
        st = store_stmt(w, "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)");
        sqlite3_bind_int(st, 1, v);
        sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
        if (!st || sqlite3_step(st) != SQLITE_DONE) goto fail;
        if (v == 1 && store_seed(w) != WS_OK) goto fail;
        if (v == 2 && store_seed_assessment(w) != WS_OK) goto fail;
        if (v == 5 && store_seed_policies(w) != WS_OK) goto fail;
        if (v == 6 && store_seed_alert_rules(w) != WS_OK) goto fail;
    }
    return WS_OK;
fail:
    snprintf(why, whysz, "schema migration failed: %s", sqlite3_errmsg(s));
    return WS_ERR_DB;
}

ws_err store_seed(store_conn *w) {
    for (size_t i = 0; i < store_seed_weihai_count; i++) {
        const store_seed_division *d = &store_seed_weihai[i];
        sqlite3_stmt *st = store_stmt(
            w, "INSERT INTO divisions (code, name, level, kind, parent_code) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, d->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, d->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, d->level, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, d->kind, -1, SQLITE_STATIC);
        store_bind_text(st, 5, d->parent_code[0] ? d->parent_code : NULL);
        if (sqlite3_step(st) != SQLITE_DONE) return WS_ERR_DB;
        if (strcmp(d->level, "town") != 0) continue;
        char name[256];
        snprintf(name, sizeof name, "%s社会救助服务转介驿站", d->name);
        st = store_stmt(w, "INSERT INTO stations (town_code, name) VALUES (?1, ?2)");
        if (!st) return WS_ERR_DB;
        sqlite3_bind_text(st, 1, d->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) return WS_ERR_DB;
    }
    return WS_OK;
}
