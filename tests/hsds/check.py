#!/usr/bin/env python3
"""check.py: checks of an HSDS export against the Open Referral HSDS 3.0 standard, one per command.

  validate EXPORT SCHEMA_DIR   every object of EXPORT/services.json and EXPORT/organizations.json validates
                               against the standard's JSON Schema (draft 2020-12, $refs between its files
                               resolved within SCHEMA_DIR, formats asserted where the validator can)
  datapackage EXPORT STANDARD  EXPORT/csv/datapackage.json lists the standard's resources, and each
                               resource's fields, with the same names, order, types, formats, constraints,
                               primary and foreign keys as STANDARD (the standard's datapackage.json); each
                               CSV file's header is its resource's field list
  contains INPUT OUTPUT        every row of every CSV file of INPUT is in OUTPUT with every column equal;
                               rows OUTPUT adds only belong to taxonomies INPUT lacks (the directory's own
                               taxonomies, their terms, and attributes that link to those terms)
  same A B                     two exports are equal: the same files, CSV rows equal in any order, JSON equal

Prints one line per problem and exits 1 when there is any. Runs with Debian 12's python3-jsonschema (4.10,
RefResolver) and with newer versions (the referencing registry).
"""
import csv
import json
import os
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0] if rows else []
    return header, [dict(zip(header, r)) for r in rows[1:]]


def validator_for(schema_dir, name):
    """A draft 2020-12 validator of schema_dir/name, with every schema file of the folder resolvable."""
    import jsonschema
    base = "file://" + os.path.abspath(schema_dir) + "/"
    schemas = {f: load(os.path.join(schema_dir, f)) for f in os.listdir(schema_dir) if f.endswith(".json")}
    cls = jsonschema.Draft202012Validator
    checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.draft202012_format_checker
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
        registry = Registry().with_resources(
            (base + f, Resource.from_contents(s, default_specification=DRAFT202012)) for f, s in schemas.items())
        root = dict(schemas[name], **{"$id": base + name})
        return cls(root, registry=registry, format_checker=checker)
    except ImportError:
        resolver = jsonschema.RefResolver(base + name, schemas[name], store={base + f: s for f, s in schemas.items()})
        return cls(schemas[name], resolver=resolver, format_checker=checker)


def validate(export, schema_dir):
    problems = []
    for file, schema in (("services.json", "service.json"), ("organizations.json", "organization.json")):
        items = load(os.path.join(export, file))
        if not isinstance(items, list) or not items:
            problems.append(f"{file}: not a non-empty array")
            continue
        v = validator_for(schema_dir, schema)
        for i, item in enumerate(items):
            for err in v.iter_errors(item):
                where = "/".join(str(p) for p in err.absolute_path)
                problems.append(f"{file}[{i}] {where}: {err.message}")
    return problems


def datapackage(export, standard):
    problems = []
    ours, theirs = load(os.path.join(export, "csv", "datapackage.json")), load(standard)
    keys = ("name", "type", "format", "constraints")
    if ours.get("profile") != theirs["profile"] or ours.get("version") != theirs["version"]:
        problems.append("profile or version differs from the standard's")
    mine = {r["name"]: r for r in ours["resources"]}
    for res in theirs["resources"]:
        r = mine.get(res["name"])
        if r is None:
            problems.append(f"resource {res['name']} is missing")
            continue
        if r["path"] != res["path"]:
            problems.append(f"{res['name']}: path {r['path']} is not {res['path']}")
        want = [{k: f[k] for k in keys if k in f} for f in res["schema"]["fields"]]
        got = [{k: f[k] for k in keys if k in f} for f in r["schema"]["fields"][:len(want)]]
        if got != want:
            problems.append(f"{res['name']}: fields differ from the standard's")
        for k in ("primaryKey", "foreignKeys"):
            if r["schema"].get(k) != res["schema"].get(k):
                problems.append(f"{res['name']}: {k} differs from the standard's")
        header, _ = read_csv(os.path.join(export, "csv", r["path"]))
        if header != [f["name"] for f in r["schema"]["fields"]]:
            problems.append(f"{r['path']}: the header is not the resource's field list")
    if [r["name"] for r in ours["resources"][:len(theirs["resources"])]] != [r["name"] for r in theirs["resources"]]:
        problems.append("resources are not in the standard's order")
    return problems


def csv_files(folder):
    return sorted(f for f in os.listdir(folder) if f.endswith(".csv"))


def contains(inp, out):
    problems, added = [], {}
    for f in csv_files(inp):
        if not os.path.exists(os.path.join(out, f)):
            problems.append(f"{f}: missing from the export")
            continue
        _, a = read_csv(os.path.join(inp, f))
        _, b = read_csv(os.path.join(out, f))
        by_id = {r.get("id"): r for r in b}
        for r in a:
            got = by_id.get(r.get("id"))
            if got is None:
                problems.append(f"{f}: row {r.get('id')} is missing")
                continue
            for k, v in r.items():
                if got.get(k) != v:
                    problems.append(f"{f}: row {r.get('id')} column {k}: {v!r} became {got.get(k)!r}")
        ids = {r.get("id") for r in a}
        added[f] = [r for r in b if r.get("id") not in ids]
    taxonomies = {r["id"] for r in added.get("taxonomies.csv", [])}
    terms = {r["id"] for r in added.get("taxonomy_terms.csv", []) if r["taxonomy_id"] in taxonomies}
    for f, rows in added.items():
        for r in rows:
            ours = (f == "taxonomies.csv" or (f == "taxonomy_terms.csv" and r["id"] in terms) or
                    (f == "attributes.csv" and r["taxonomy_term_id"] in terms))
            if not ours:
                problems.append(f"{f}: the export added row {r.get('id')}, which is not of its own taxonomies")
    if not taxonomies:
        problems.append("the export has no taxonomy of its own")
    return problems


def same(a, b):
    problems = []
    for sub in ("", "csv"):
        fa, fb = sorted(os.listdir(os.path.join(a, sub))), sorted(os.listdir(os.path.join(b, sub)))
        fa = [f for f in fa if f != "csv"]
        fb = [f for f in fb if f != "csv"]
        if fa != fb:
            problems.append(f"{sub or '.'}: the files differ: {fa} and {fb}")
            continue
        for f in fa:
            pa, pb = os.path.join(a, sub, f), os.path.join(b, sub, f)
            if f.endswith(".json"):
                if load(pa) != load(pb):
                    problems.append(f"{os.path.join(sub, f)} differs")
                continue
            ha, ra = read_csv(pa)
            hb, rb = read_csv(pb)
            key = lambda r: json.dumps(r, sort_keys=True)
            if ha != hb or sorted(map(key, ra)) != sorted(map(key, rb)):
                problems.append(f"{os.path.join(sub, f)} differs ({len(ra)} and {len(rb)} rows)")
    return problems


COMMANDS = {"validate": validate, "datapackage": datapackage, "contains": contains, "same": same}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    found = COMMANDS[sys.argv[1]](sys.argv[2], sys.argv[3])
    for p in found[:50]:
        print(p)
    if len(found) > 50:
        print(f"... {len(found)} problems in all")
    sys.exit(1 if found else 0)
