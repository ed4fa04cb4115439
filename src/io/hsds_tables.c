/*
** hsds_tables.c: the HSDS 3.0 tables, fields and cell rules, and the datapackage.json of an export.
**
** The field lists are those of the standard's datapackage.json (version 3.0.0), in its order; names, types
** and constraints are the standard's facts, written out here as data.
*/
#include "hsds_tables.h"

#include "../core/date.h"
#include "../core/mem.h"
#include "../core/text.h"
#include "../core/uuid.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ENUM_SERVICE_STATUS[] = {"active", "inactive", "defunct", "temporarily closed", NULL};
static const char *const ENUM_LOCATION_LOCATION_TYPE[] = {"physical", "postal", "virtual", NULL};
static const char *const ENUM_ADDRESS_ADDRESS_TYPE[] = {"physical", "postal", "virtual", NULL};
static const char *const ENUM_SCHEDULE_WKST[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU", NULL};
static const char *const ENUM_SCHEDULE_FREQ[] = {"WEEKLY", "MONTHLY", NULL};

static const io_hsds_field ORGANIZATION_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"alternate_name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"email", IO_HSDS_STRING, IO_HSDS_EMAIL, false, false, NULL, NULL},
    {"website", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
    {"tax_status", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"tax_id", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"year_incorporated", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"legal_status", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"logo", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"uri", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
    {"parent_organization_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, NULL},
};

static const io_hsds_field PROGRAM_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"organization_id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, "organization"},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"alternate_name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
};

static const io_hsds_field SERVICE_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"organization_id", IO_HSDS_STRING, IO_HSDS_UUID, true, false, NULL, "organization"},
    {"program_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "program"},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"alternate_name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"url", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
    {"email", IO_HSDS_STRING, IO_HSDS_EMAIL, false, false, NULL, NULL},
    {"status", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, ENUM_SERVICE_STATUS, NULL},
    {"interpretation_services", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"application_process", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"fees_description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"wait_time", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"fees", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"accreditations", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"eligibility_description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"minimum_age", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"maximum_age", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"assured_date", IO_HSDS_DATE, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"assurer_email", IO_HSDS_STRING, IO_HSDS_EMAIL, false, false, NULL, NULL},
    {"licenses", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"alert", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"last_modified", IO_HSDS_DATETIME, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field ATTRIBUTE_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"link_id", IO_HSDS_STRING, IO_HSDS_UUID, true, false, NULL, NULL},
    {"taxonomy_term_id", IO_HSDS_STRING, IO_HSDS_UUID, true, false, NULL, "taxonomy_term"},
    {"link_type", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"link_entity", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"value", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field SERVICE_AT_LOCATION_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, true, false, NULL, "service"},
    {"location_id", IO_HSDS_STRING, IO_HSDS_UUID, true, false, NULL, "location"},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field LOCATION_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"location_type", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, ENUM_LOCATION_LOCATION_TYPE, NULL},
    {"url", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
    {"organization_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "organization"},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"alternate_name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"transportation", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"latitude", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"longitude", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"external_identifier", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"external_identifier_type", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field PHONE_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "location"},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service"},
    {"organization_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "organization"},
    {"contact_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "contact"},
    {"service_at_location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service_at_location"},
    {"number", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"extension", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"type", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field CONTACT_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"organization_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "organization"},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service"},
    {"service_at_location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service_at_location"},
    {"location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "location"},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"title", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"department", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"email", IO_HSDS_STRING, IO_HSDS_EMAIL, false, false, NULL, NULL},
};

static const io_hsds_field ADDRESS_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "location"},
    {"attention", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"address_1", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"address_2", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"city", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"region", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"state_province", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"postal_code", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"country", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"address_type", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, ENUM_ADDRESS_ADDRESS_TYPE, NULL},
};

static const io_hsds_field SCHEDULE_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service"},
    {"location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "location"},
    {"service_at_location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service_at_location"},
    {"valid_from", IO_HSDS_DATE, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"valid_to", IO_HSDS_DATE, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"dtstart", IO_HSDS_DATE, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"timezone", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"until", IO_HSDS_DATE, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"count", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"wkst", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, ENUM_SCHEDULE_WKST, NULL},
    {"freq", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, ENUM_SCHEDULE_FREQ, NULL},
    {"interval", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"byday", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"byweekno", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"bymonthday", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"byyearday", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"opens_at", IO_HSDS_TIME, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"closes_at", IO_HSDS_TIME, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"schedule_link", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
    {"attending_type", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"notes", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field FUNDING_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"organization_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "organization"},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service"},
    {"source", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field SERVICE_AREA_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service"},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"extent", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"extent_type", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"uri", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field REQUIRED_DOCUMENT_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service"},
    {"document", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"uri", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
};

static const io_hsds_field LANGUAGE_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "service"},
    {"location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "location"},
    {"phone_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "phone"},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"code", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"note", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field ACCESSIBILITY_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"location_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "location"},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"details", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"url", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
};

static const io_hsds_field TAXONOMY_TERM_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"code", IO_HSDS_STRING, IO_HSDS_PLAIN, false, true, NULL, NULL},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"parent_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, NULL},
    {"taxonomy", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"language", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"taxonomy_id", IO_HSDS_STRING, IO_HSDS_UUID, false, false, NULL, "taxonomy"},
    {"term_uri", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
};

static const io_hsds_field METADATA_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"resource_id", IO_HSDS_STRING, IO_HSDS_UUID, true, false, NULL, NULL},
    {"resource_type", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"last_action_date", IO_HSDS_DATE, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"last_action_type", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"field_name", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"previous_value", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"replacement_value", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"updated_by", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
};

static const io_hsds_field META_TABLE_DESCRIPTION_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"language", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"character_set", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field COST_OPTION_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"service_id", IO_HSDS_STRING, IO_HSDS_UUID, true, false, NULL, "service"},
    {"valid_from", IO_HSDS_DATE, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"valid_to", IO_HSDS_DATE, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"option", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"currency", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"amount", IO_HSDS_NUMBER, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"amount_description", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

static const io_hsds_field ORGANIZATION_IDENTIFIER_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"organization_id", IO_HSDS_STRING, IO_HSDS_UUID, true, false, NULL, "organization"},
    {"identifier_scheme", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
    {"identifier_type", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"identifier", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
};

static const io_hsds_field TAXONOMY_FIELDS[] = {
    {"id", IO_HSDS_STRING, IO_HSDS_UUID, true, true, NULL, NULL},
    {"name", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"description", IO_HSDS_STRING, IO_HSDS_PLAIN, true, false, NULL, NULL},
    {"uri", IO_HSDS_STRING, IO_HSDS_URI, false, false, NULL, NULL},
    {"version", IO_HSDS_STRING, IO_HSDS_PLAIN, false, false, NULL, NULL},
};

/* Each table's foreign keys in the order the standard lists them. */
static const char *const ORGANIZATION_KEYS[] = {NULL};
static const char *const PROGRAM_KEYS[] = {"organization_id", NULL};
static const char *const SERVICE_KEYS[] = {"organization_id", "program_id", NULL};
static const char *const ATTRIBUTE_KEYS[] = {"taxonomy_term_id", NULL};
static const char *const SERVICE_AT_LOCATION_KEYS[] = {"service_id", "location_id", NULL};
static const char *const LOCATION_KEYS[] = {"organization_id", NULL};
static const char *const PHONE_KEYS[] = {"contact_id", "location_id", "organization_id", "service_id",
    "service_at_location_id", NULL};
static const char *const CONTACT_KEYS[] = {"location_id", "organization_id", "service_id", "service_at_location_id",
    NULL};
static const char *const ADDRESS_KEYS[] = {"location_id", NULL};
static const char *const SCHEDULE_KEYS[] = {"location_id", "service_id", "service_at_location_id", NULL};
static const char *const FUNDING_KEYS[] = {"organization_id", "service_id", NULL};
static const char *const SERVICE_AREA_KEYS[] = {"service_id", NULL};
static const char *const REQUIRED_DOCUMENT_KEYS[] = {"service_id", NULL};
static const char *const LANGUAGE_KEYS[] = {"location_id", "phone_id", "service_id", NULL};
static const char *const ACCESSIBILITY_KEYS[] = {"location_id", NULL};
static const char *const TAXONOMY_TERM_KEYS[] = {"taxonomy_id", NULL};
static const char *const METADATA_KEYS[] = {NULL};
static const char *const META_TABLE_DESCRIPTION_KEYS[] = {NULL};
static const char *const COST_OPTION_KEYS[] = {"service_id", NULL};
static const char *const ORGANIZATION_IDENTIFIER_KEYS[] = {"organization_id", NULL};
static const char *const TAXONOMY_KEYS[] = {NULL};

/* A table of the standard: its name, its file, its fields and its foreign keys. */
#define TABLE(name, path, NAME) {name, path, NAME##_FIELDS, sizeof NAME##_FIELDS / sizeof NAME##_FIELDS[0], NAME##_KEYS}

const io_hsds_table io_hsds_tables[] = {
    TABLE("organization", "organizations.csv", ORGANIZATION),
    TABLE("program", "programs.csv", PROGRAM),
    TABLE("service", "services.csv", SERVICE),
    TABLE("attribute", "attributes.csv", ATTRIBUTE),
    TABLE("service_at_location", "service_at_location.csv", SERVICE_AT_LOCATION),
    TABLE("location", "locations.csv", LOCATION),
    TABLE("phone", "phones.csv", PHONE),
    TABLE("contact", "contacts.csv", CONTACT),
    TABLE("address", "addresses.csv", ADDRESS),
    TABLE("schedule", "schedules.csv", SCHEDULE),
    TABLE("funding", "funding.csv", FUNDING),
    TABLE("service_area", "service_areas.csv", SERVICE_AREA),
    TABLE("required_document", "required_documents.csv", REQUIRED_DOCUMENT),
    TABLE("language", "languages.csv", LANGUAGE),
    TABLE("accessibility", "accessibility.csv", ACCESSIBILITY),
    TABLE("taxonomy_term", "taxonomy_terms.csv", TAXONOMY_TERM),
    TABLE("metadata", "metadata.csv", METADATA),
    TABLE("meta_table_description", "meta_table_descriptions.csv", META_TABLE_DESCRIPTION),
    TABLE("cost_option", "cost_options.csv", COST_OPTION),
    TABLE("organization_identifier", "organization_identifiers.csv", ORGANIZATION_IDENTIFIER),
    TABLE("taxonomy", "taxonomies.csv", TAXONOMY),
};

const size_t io_hsds_ntables = sizeof io_hsds_tables / sizeof io_hsds_tables[0];

const io_hsds_table *io_hsds_table_named(const char *name) {
    for (size_t i = 0; i < io_hsds_ntables; i++)
        if (strcmp(io_hsds_tables[i].name, name) == 0) return &io_hsds_tables[i];
    return NULL;
}

const io_hsds_table *io_hsds_table_at(const char *path) {
    for (size_t i = 0; i < io_hsds_ntables; i++)
        if (strcmp(io_hsds_tables[i].path, path) == 0) return &io_hsds_tables[i];
    return NULL;
}

int io_hsds_field_index(const io_hsds_table *t, const char *name) {
    for (size_t i = 0; i < t->nfields; i++)
        if (strcmp(t->fields[i].name, name) == 0) return (int)i;
    return -1;
}

/* ---- cell rules --------------------------------------------------------------------------------------- */

static bool all_digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return true;
}

/* A number as JSON writes it (a leading plus sign and leading zeros also accepted), and finite. */
static bool number_ok(const char *s) {
    const char *p = s;
    if (*p == '-' || *p == '+') p++;
    size_t digits = strspn(p, "0123456789");
    p += digits;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        if (frac == 0) return false;
        p += 1 + frac;
    }
    if (digits == 0) return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+') p++;
        size_t exp = strspn(p, "0123456789");
        if (exp == 0) return false;
        p += exp;
    }
    return *p == '\0' && isfinite(strtod(s, NULL));
}

static bool date_ok(const char *s) {
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
        !all_digits(s + 8, 2))
        return false;
    return core_date_valid(atoi(s), atoi(s + 5), atoi(s + 8));
}

/* hh:mm or hh:mm:ss; returns the length read, 0 when it is neither. */
static size_t time_len(const char *s) {
    if (!all_digits(s, 2) || s[2] != ':' || !all_digits(s + 3, 2)) return 0;
    if ((s[0] - '0') * 10 + (s[1] - '0') > 23 || s[3] > '5') return 0;
    if (s[5] != ':') return 5;
    if (!all_digits(s + 6, 2) || s[6] > '5') return 0;
    return 8;
}

/* yyyy-mm-ddThh:mm:ss, an optional fraction, then Z, +hh:mm, -hh:mm or nothing. */
static bool datetime_ok(const char *s) {
    char date[11];
    if (strlen(s) < 19 || (s[10] != 'T' && s[10] != 't')) return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!date_ok(date) || time_len(s + 11) != 8) return false;
    const char *p = s + 19;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        if (frac == 0) return false;
        p += 1 + frac;
    }
    if (*p == 'Z' || *p == 'z') return p[1] == '\0';
    if (*p == '+' || *p == '-') return time_len(p + 1) == 5 && p[6] == '\0';
    return *p == '\0';
}

static bool has_space_or_control(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == 0x7f) return true;
    return false;
}

static bool email_ok(const char *s) {
    const char *at = strchr(s, '@');
    return at && at != s && at[1] && !strchr(at + 1, '@') && !has_space_or_control(s);
}

/* An absolute URI: a scheme (a letter, then letters, digits, '+', '-' or '.'), a colon, then no spaces. */
static bool uri_ok(const char *s) {
    if (!isalpha((unsigned char)s[0])) return false;
    size_t n = 1;
    while (isalnum((unsigned char)s[n]) || s[n] == '+' || s[n] == '-' || s[n] == '.') n++;
    return s[n] == ':' && s[n + 1] && !has_space_or_control(s);
}

static bool in_enumeration(const char *const *values, const char *s) {
    for (; *values; values++)
        if (strcmp(*values, s) == 0) return true;
    return false;
}

static bool fail(const char **code, const char *c, char zh[256], char en[256], const char *z, const char *e) {
    *code = c;
    snprintf(zh, 256, "%s", z);
    snprintf(en, 256, "%s", e);
    return false;
}

bool io_hsds_cell_ok(const io_hsds_field *f, const char *value, const char **code, char zh[256], char en[256]) {
    if (!core_utf8_valid(value, strlen(value)))
        return fail(code, "bad_text", zh, en, "含有无效的 UTF-8 字符", "Holds bytes that are not UTF-8");
    switch (f->type) {
    case IO_HSDS_NUMBER:
        if (!number_ok(value)) return fail(code, "not_number", zh, en, "应为数字", "Must be a number");
        break;
    case IO_HSDS_DATE:
        if (!date_ok(value))
            return fail(code, "not_date", zh, en, "应为日期 yyyy-mm-dd", "Must be a date as yyyy-mm-dd");
        break;
    case IO_HSDS_DATETIME:
        if (!datetime_ok(value))
            return fail(code, "not_datetime", zh, en, "应为日期时间，如 2024-03-15T10:30:00Z",
                        "Must be a date and time such as 2024-03-15T10:30:00Z");
        break;
    case IO_HSDS_TIME:
        if (!time_len(value) || value[time_len(value)] != '\0')
            return fail(code, "not_time", zh, en, "应为时间 hh:mm:ss", "Must be a time as hh:mm:ss");
        break;
    case IO_HSDS_STRING: break;
    }
    switch (f->format) {
    case IO_HSDS_UUID:
        if (!core_uuid_valid(value))
            return fail(code, "not_uuid", zh, en, "应为 UUID（8-4-4-4-12 位十六进制）",
                        "Must be a UUID (8-4-4-4-12 hexadecimal digits)");
        break;
    case IO_HSDS_EMAIL:
        if (!email_ok(value)) return fail(code, "not_email", zh, en, "不是有效的电子邮箱", "Not an e-mail address");
        break;
    case IO_HSDS_URI:
        if (!uri_ok(value))
            return fail(code, "not_uri", zh, en, "应为完整网址，如 https://example.org",
                        "Must be an absolute URI such as https://example.org");
        break;
    case IO_HSDS_PLAIN: break;
    }
    if (f->enumeration && !in_enumeration(f->enumeration, value)) {
        char list[160] = "";
        for (const char *const *v = f->enumeration; *v; v++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", v == f->enumeration ? "" : ", ", *v);
        *code = "not_allowed";
        snprintf(zh, 256, "取值应为以下之一：%s", list);
        snprintf(en, 256, "Must be one of: %s", list);
        return false;
    }
    return true;
}

char *io_hsds_squash(const char *text) {
    char *out = xmalloc(strlen(text) + 1), *o = out;
    bool space = false;
    for (const char *p = text; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            space = o != out;
            continue;
        }
        if (space) *o++ = ' ';
        space = false;
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

const char *io_hsds_text(json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

char *io_hsds_key(const char *a, const char *b, const char *c) {
    char *k = xmalloc(strlen(a) + strlen(b) + (c ? strlen(c) : 0) + 3);
    sprintf(k, c ? "%s\x1f%s\x1f%s" : "%s\x1f%s", a, b, c);
    return k;
}

/* ---- datapackage.json --------------------------------------------------------------------------------- */

static const char *type_name(io_hsds_type t) {
    switch (t) {
    case IO_HSDS_NUMBER: return "number";
    case IO_HSDS_DATE: return "date";
    case IO_HSDS_DATETIME: return "datetime";
    case IO_HSDS_TIME: return "time";
    case IO_HSDS_STRING: break;
    }
    return "string";
}

static const char *format_name(io_hsds_format f) {
    switch (f) {
    case IO_HSDS_UUID: return "uuid";
    case IO_HSDS_EMAIL: return "email";
    case IO_HSDS_URI: return "uri";
    case IO_HSDS_PLAIN: break;
    }
    return NULL;
}

static json_t *field_json(const io_hsds_field *f) {
    json_t *c = json_pack("{s:b, s:b}", "required", f->required, "unique", f->unique);
    if (f->enumeration) {
        json_t *values = json_array();
        for (const char *const *v = f->enumeration; *v; v++) json_array_append_new(values, json_string(*v));
        json_object_set_new(c, "enum", values);
    }
    json_t *o = json_pack("{s:s, s:s}", "name", f->name, "type", type_name(f->type));
    if (format_name(f->format)) json_object_set_new(o, "format", json_string(format_name(f->format)));
    json_object_set_new(o, "constraints", c);
    return o;
}

static json_t *extra_field_json(const char *name) {
    return json_pack("{s:s, s:s, s:{s:b, s:b}}", "name", name, "type", "string", "constraints", "required", 0,
                     "unique", 0);
}

static json_t *resource_json(const char *name, const char *path, json_t *fields, json_t *foreign_keys,
                             bool keyed) {
    json_t *schema = json_object();
    if (keyed) json_object_set_new(schema, "primaryKey", json_string("id"));
    json_object_set_new(schema, "fields", fields);
    if (json_array_size(foreign_keys)) json_object_set(schema, "foreignKeys", foreign_keys);
    json_decref(foreign_keys);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "name", name, "path", path, "format", "csv", "mediatype",
                     "text/csv", "profile", "tabular-data-resource", "schema", schema);
}

static json_t *foreign_keys_json(const io_hsds_table *t) {
    json_t *fks = json_array();
    for (const char *const *k = t->foreign_keys; *k; k++)
        json_array_append_new(fks, json_pack("{s:s, s:{s:s, s:s}}", "fields", *k, "reference", "resource",
                                             t->fields[io_hsds_field_index(t, *k)].references, "fields", "id"));
    return fks;
}

/* The extension entry of table name, or NULL. */
static json_t *extension_of(json_t *extensions, const char *name) {
    size_t i;
    json_t *e;
    json_array_foreach(extensions, i, e) {
        if (strcmp(json_string_value(json_object_get(e, "table")), name) == 0) return e;
    }
    return NULL;
}

json_t *io_hsds_datapackage(json_t *extensions) {
    json_t *resources = json_array();
    for (size_t i = 0; i < io_hsds_ntables; i++) {
        const io_hsds_table *t = &io_hsds_tables[i];
        json_t *fields = json_array();
        for (size_t k = 0; k < t->nfields; k++) json_array_append_new(fields, field_json(&t->fields[k]));
        json_t *ext = extension_of(extensions, t->name);
        size_t j;
        json_t *col;
        json_array_foreach(json_object_get(ext, "columns"), j, col) {
            json_array_append_new(fields, extra_field_json(json_string_value(col)));
        }
        json_array_append_new(resources, resource_json(t->name, t->path, fields, foreign_keys_json(t), true));
    }
    size_t i;
    json_t *e;
    json_array_foreach(extensions, i, e) {
        const char *name = json_string_value(json_object_get(e, "table"));
        if (io_hsds_table_named(name)) continue;
        json_t *fields = json_array();
        bool keyed = false;
        size_t j;
        json_t *col;
        json_array_foreach(json_object_get(e, "columns"), j, col) {
            keyed |= strcmp(json_string_value(col), "id") == 0;
            json_array_append_new(fields, extra_field_json(json_string_value(col)));
        }
        json_array_append_new(resources, resource_json(name, json_string_value(json_object_get(e, "path")), fields,
                                                       json_array(), keyed));
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "name", "human_services_data", "title",
                     "Human Services Data Specification", "description",
                     "An export of the Waystation resource directory as an HSDS 3.0 tabular data package.",
                     "profile", "tabular-data-package", "version", "3.0.0", "homepage", "http://docs.openreferral.org",
                     "resources", resources);
}

/* ---- a package in memory ------------------------------------------------------------------------------ */

void io_hsds_files_add(io_hsds_files *f, const char *name, char *data, size_t len) {
    if (f->count == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 32;
        f->items = xrealloc(f->items, f->cap * sizeof *f->items);
    }
    f->items[f->count++] = (io_hsds_file){xstrdup(name), data, len};
}

const io_hsds_file *io_hsds_files_find(const io_hsds_files *f, const char *name) {
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->items[i].name, name) == 0) return &f->items[i];
    return NULL;
}

void io_hsds_files_free(io_hsds_files *f) {
    for (size_t i = 0; i < f->count; i++) {
        free(f->items[i].name);
        free(f->items[i].data);
    }
    free(f->items);
    *f = (io_hsds_files){0};
}
