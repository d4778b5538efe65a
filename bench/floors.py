"""What the work of `lawkb validate` costs at the least: parse every file with libyaml, then validate it.

    python bench/floors.py parse KB            libyaml (PyYAML's CSafeLoader) only
    python bench/floors.py jsonschema KB       libyaml + one cached jsonschema Draft202012Validator per kind
    python bench/floors.py compiled KB         libyaml + one compiled (jsonschema-rs) validator per kind
    python bench/floors.py stat KB             one stat per record file: the least that proves no file changed

Each prints how many files it read (or stat-ed) and how many were valid; the benchmark times the whole process.
"""

from __future__ import annotations

import os
import sys


def files(root: str) -> list[str]:
    out = []
    for sub in ("statutes", "guidelines"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, sub)):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            out += [os.path.join(dirpath, f) for f in filenames if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
    return out


def main() -> int:
    mode, root = sys.argv[1], sys.argv[2]
    if mode == "stat":
        found = files(root)
        sizes = sum(os.stat(path).st_size for path in found)
        print(f"{len(found)} files, {sizes} bytes")
        return 0
    import yaml

    validators = {}
    if mode == "jsonschema":
        from lawkb import schemas

        validators = {k: schemas.validator(k) for k in schemas.KINDS}
    elif mode == "compiled":
        import jsonschema_rs

        from lawkb import schemas

        validators = {k: jsonschema_rs.validator_for(schemas.bundled(k), validate_formats=True) for k in schemas.KINDS}
    read = valid = 0
    for path in files(root):
        with open(path, "rb") as handle:
            raw = handle.read()
        read += 1
        try:
            doc = yaml.load(raw, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue
        if mode == "parse":
            valid += 1
            continue
        validator = validators.get(doc.get("kind")) if isinstance(doc, dict) else None
        if validator is not None and validator.is_valid(doc):
            valid += 1
    print(f"{read} files, {valid} valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
