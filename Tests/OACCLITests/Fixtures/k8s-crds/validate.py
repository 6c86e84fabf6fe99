#!/usr/bin/env python3
"""Validates Kubernetes manifests (files or folders of *.yaml) against the CRDs beside this script, with unknown
fields refused, and checks metadata names and label syntax. Prints one line per problem; exit 1 when any."""
import os, re, sys
import yaml, jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
DNS_SUBDOMAIN = re.compile(r'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')
LABEL_NAME = re.compile(r'^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$')
LABEL_VALUE = re.compile(r'^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$')
CONFIGMAP_KEY = re.compile(r'^[-._a-zA-Z0-9]+$')
CONFIGMAP_LIMIT = 1024 * 1024  # 1 MiB: the API server refuses a larger ConfigMap
# YAML 1.1 reads a bare `=` (an enum value in the AlertmanagerConfig CRD) as the "value" tag: keep it a string.
yaml.SafeLoader.add_constructor('tag:yaml.org,2002:value', yaml.SafeLoader.construct_yaml_str)

def strict(schema):
    """Objects with `properties` and no `additionalProperties`/preserve-unknown refuse unknown fields."""
    if isinstance(schema, dict):
        if schema.pop('x-kubernetes-int-or-string', False):
            schema.pop('type', None)
            schema['anyOf'] = [{'type': 'integer'}, {'type': 'string'}]
        if schema.pop('nullable', False) and 'type' in schema:
            schema['type'] = [schema['type'], 'null']
        if schema.get('type') == 'object' and 'properties' in schema and 'additionalProperties' not in schema \
                and not schema.get('x-kubernetes-preserve-unknown-fields'):
            schema['additionalProperties'] = False
        for v in schema.values(): strict(v)
    elif isinstance(schema, list):
        for v in schema: strict(v)
    return schema

def load_crds():
    crds = {}
    for f in os.listdir(HERE):
        if not f.endswith('.yaml'): continue
        crd = yaml.safe_load(open(os.path.join(HERE, f)))
        group, kind = crd['spec']['group'], crd['spec']['names']['kind']
        for v in crd['spec']['versions']:
            schema = strict(v['schema']['openAPIV3Schema'])
            crds[(f"{group}/{v['name']}", kind)] = schema
    return crds

def label_key_ok(k):
    prefix, _, name = k.rpartition('/')
    if prefix and (len(prefix) > 253 or not DNS_SUBDOMAIN.match(prefix)): return False
    return 0 < len(name) <= 63 and bool(LABEL_NAME.match(name))

def configmap(f, doc):
    """A core ConfigMap: known top-level fields, key names, string values, at most 1 MiB of data."""
    out = [f"{f}: ConfigMap: unknown field {k!r}" for k in doc if k not in ('apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable')]
    meta = doc.get('metadata') or {}
    if not DNS_SUBDOMAIN.match(meta.get('name', '')): out.append(f"{f}: metadata.name {meta.get('name')!r} is not a DNS subdomain")
    for k, v in (meta.get('labels') or {}).items():
        if not label_key_ok(k): out.append(f"{f}: label key {k!r}")
        if not isinstance(v, str) or len(v) > 63 or not LABEL_VALUE.match(v): out.append(f"{f}: label value {v!r}")
    size = 0
    for k, v in (doc.get('data') or {}).items():
        if not (len(k) <= 253 and CONFIGMAP_KEY.match(k)): out.append(f"{f}: data key {k!r}")
        if not isinstance(v, str): out.append(f"{f}: data/{k}: not a string")
        else: size += len(k.encode()) + len(v.encode())
    if size > CONFIGMAP_LIMIT: out.append(f"{f}: ConfigMap data is {size} bytes, over the 1 MiB limit")
    return out

def main(paths):
    crds, problems, count = load_crds(), [], 0
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if n.endswith('.yaml') and n != 'kustomization.yaml']
        else:
            files.append(p)
    for f in sorted(files):
        for doc in yaml.safe_load_all(open(f)):
            if doc is None: continue
            count += 1
            key = (doc.get('apiVersion'), doc.get('kind'))
            if key == ('v1', 'ConfigMap'):
                problems += configmap(f, doc); continue
            schema = crds.get(key)
            if schema is None:
                problems.append(f"{f}: no CRD for {key}"); continue
            meta = doc.get('metadata') or {}
            name = meta.get('name', '')
            if not (0 < len(name) <= 253 and DNS_SUBDOMAIN.match(name)):
                problems.append(f"{f}: metadata.name {name!r} is not a DNS subdomain")
            for k, v in (meta.get('labels') or {}).items():
                if not label_key_ok(k): problems.append(f"{f}: label key {k!r}")
                if not isinstance(v, str) or len(v) > 63 or not LABEL_VALUE.match(v): problems.append(f"{f}: label value {v!r}")
            body = {k: v for k, v in doc.items() if k not in ('apiVersion', 'kind', 'metadata')}
            sub = dict(schema); sub['properties'] = {k: v for k, v in schema.get('properties', {}).items()
                                                     if k not in ('apiVersion', 'kind', 'metadata')}
            for e in jsonschema.Draft7Validator(sub).iter_errors(body):
                problems.append(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    for p in problems: print(p)
    print(f"{count} objects checked, {len(problems)} problems")
    return 1 if problems or count == 0 else 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
