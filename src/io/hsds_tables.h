/*
** hsds_tables.h: the tables of Open Referral's Human Services Data Specification (HSDS) 3.0 as its tabular
** data package defines them: each table's CSV file, its fields in the standard's order with their types,
** formats and constraints, and the foreign keys between tables. The import checks cells against these
** rules, and the export writes its CSV files and its datapackage.json in this order.
**
** A package may bring columns and tables the standard lacks (a local profile's extensions): they are kept
** as text and written after the standard's, so io_hsds_datapackage takes them as extensions.
*/
#ifndef WS_IO_HSDS_TABLES_H
#define WS_IO_HSDS_TABLES_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum io_hsds_type {
    IO_HSDS_STRING,
    IO_HSDS_NUMBER,   /* a JSON number in the JSON files */
    IO_HSDS_DATE,     /* yyyy-mm-dd */
    IO_HSDS_DATETIME, /* yyyy-mm-ddThh:mm:ss with optional fraction and zone */
    IO_HSDS_TIME      /* hh:mm:ss (hh:mm accepted) */
} io_hsds_type;

typedef enum io_hsds_format { IO_HSDS_PLAIN, IO_HSDS_UUID, IO_HSDS_EMAIL, IO_HSDS_URI } io_hsds_format;

typedef struct io_hsds_field {
    const char *name;
    io_hsds_type type;
    io_hsds_format format;
    bool required;                    /* the cell may not be empty */
    bool unique;                      /* as the standard says; the import enforces it for id only */
    const char *const *enumeration;   /* NULL-terminated allowed values, or NULL */
    const char *references;           /* the table a foreign key points at (its id), or NULL */
} io_hsds_field;

typedef struct io_hsds_table {
    const char *name; /* "organization" */
    const char *path; /* "organizations.csv" */
    const io_hsds_field *fields;
    size_t nfields;
    const char *const *foreign_keys; /* NULL-terminated field names, in the order the standard lists them */
} io_hsds_table;

/* The 21 tables in the order of the standard's datapackage.json. Every table's first field is its id. */
extern const io_hsds_table io_hsds_tables[];
extern const size_t io_hsds_ntables;

const io_hsds_table *io_hsds_table_named(const char *name); /* NULL when the standard has none */
const io_hsds_table *io_hsds_table_at(const char *path);    /* by file name; NULL when none */
int io_hsds_field_index(const io_hsds_table *t, const char *name); /* -1 when absent */

/*
** Checks a non-empty cell against its field's type, format and allowed values. Returns true when it fits;
** otherwise sets *code (static, e.g. "not_uuid") and writes a message of one line into zh and en.
*/
bool io_hsds_cell_ok(const io_hsds_field *f, const char *value, const char **code, char zh[256], char en[256]);

/*
** The datapackage.json of an export: the standard's package with its resources in its order and their fields
** as the standard lists them (name, type, format, constraints, primary and foreign keys). extensions is an
** array of {"table", "path", "columns": [names]}: extra columns of a standard table are appended to its
** fields, and a table the standard lacks becomes a resource of text fields after the standard's. New
** reference.
*/
json_t *io_hsds_datapackage(json_t *extensions);

/*
** text with every run of white space (line breaks included) made one space and the ends trimmed: the form
** the directory keeps of a free-text cell, and what two texts are compared in. Caller frees.
*/
char *io_hsds_squash(const char *text);

/* The text at key of object o; "" when o is NULL or has no text there. Borrowed from o. */
const char *io_hsds_text(json_t *o, const char *key);

/* The key of an index over rows: "a\x1fb", or "a\x1fb\x1fc" when c is not NULL. Caller frees. */
char *io_hsds_key(const char *a, const char *b, const char *c);

/* ---- a package in memory: its files by name ---------------------------------------------------------- */

typedef struct io_hsds_file {
    char *name; /* "organizations.csv"; owned */
    char *data; /* owned, NUL-terminated after len bytes */
    size_t len;
} io_hsds_file;

typedef struct io_hsds_files {
    io_hsds_file *items; /* owned */
    size_t count, cap;
} io_hsds_files;

/* Appends a file: copies name, takes data (malloc'd, with a NUL after len bytes). */
void io_hsds_files_add(io_hsds_files *f, const char *name, char *data, size_t len);
const io_hsds_file *io_hsds_files_find(const io_hsds_files *f, const char *name); /* NULL when absent */
void io_hsds_files_free(io_hsds_files *f); /* frees every file; f is empty and usable after */

#endif
