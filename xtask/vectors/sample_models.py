"""Writes the trimmed AWS sample models (run by `cargo xtask sample-models`).

For each `[[sample]]` of tests/fixtures/aws-samples.toml: botocore's service-2.json of that
service and version, with the same metadata and documentation, only the listed operations, and
exactly the shapes they reach (input, output, errors, then members, list members, map keys and
values, transitively). Operations and shapes keep the model's order, and every shape and member
keeps all its keys, so the trimmed model describes those operations exactly as the full one.

Usage: python sample_models.py --data BOTOCORE_DATA_DIR --table TOML --out MODELS_DIR
"""

import argparse
import json
import shutil
import os
import sys
import tomllib

sys.dont_write_bytecode = True


def reachable(model, operations):
    shapes = model["shapes"]
    todo = []
    for name in operations:
        op = model["operations"][name]
        todo += [op[k]["shape"] for k in ("input", "output") if k in op]
        todo += [e["shape"] for e in op.get("errors", [])]
    seen = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        refs = list(shape.get("members", {}).values())
        refs += [shape[k] for k in ("member", "key", "value") if k in shape]
        todo += [ref["shape"] for ref in refs]
    return seen


def trim(model, operations):
    missing = [op for op in operations if op not in model["operations"]]
    if missing:
        raise SystemExit("no operations %s in the model" % ", ".join(missing))
    keep = reachable(model, operations)
    out = {k: v for k, v in model.items() if k not in ("operations", "shapes")}
    out["operations"] = {k: v for k, v in model["operations"].items() if k in operations}
    out["shapes"] = {k: v for k, v in model["shapes"].items() if k in keep}
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--table", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.table, "rb") as f:
        samples = tomllib.load(f)["sample"]
    for sample in samples:
        source = os.path.join(args.data, sample["service"], sample["version"], "service-2.json")
        with open(source, encoding="utf-8") as f:
            model = json.load(f)
        trimmed = trim(model, sample["operations"])
        dest = os.path.join(args.out, "aws-" + sample["service"], "service-2.json")
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest + ".tmp", "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(trimmed, indent=2, ensure_ascii=False) + "\n")
        os.replace(dest + ".tmp", dest)
        # The endpoint rules where the client needs them: S3 places the bucket through them.
        if sample.get("endpoint_rules", False):
            shutil.copyfile(
                os.path.join(os.path.dirname(source), "endpoint-rule-set-1.json"),
                os.path.join(os.path.dirname(dest), "endpoint-rule-set-1.json"))
        print("%s: %d operations, %d shapes" % (sample["service"], len(trimmed["operations"]),
                                               len(trimmed["shapes"])))


if __name__ == "__main__":
    main()
