#!/usr/bin/env python3
"""Validate SBOMs with the official tools: CycloneDX JSON with cyclonedx-python-lib's
strict schema validator, SPDX JSON with spdx-tools' parser and validator.
Usage: validate-sbom.py FILE...   (the format is read from each file). Exit 0 when all are valid."""
import json
import sys

failed = 0
validators = {}  # one schema validator per CycloneDX version: loading a schema is the slow part
for path in sys.argv[1:]:
    text = open(path).read()
    doc = json.loads(text)
    if doc.get("bomFormat") == "CycloneDX":
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
        version = {"1.6": SchemaVersion.V1_6, "1.5": SchemaVersion.V1_5}[doc["specVersion"]]
        if version not in validators:
            validators[version] = JsonStrictValidator(version)
        errors = validators[version].validate_str(text)
        problems = [str(errors)] if errors else []
    elif doc.get("spdxVersion"):
        from spdx_tools.spdx.parser.parse_anything import parse_file
        from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
        problems = [m.validation_message for m in validate_full_spdx_document(parse_file(path))]
    else:
        problems = ["neither CycloneDX nor SPDX"]
    if problems:
        failed += 1
        print(f"{path}: INVALID")
        for p in problems[:20]:
            print(f"  {p}")
    else:
        print(f"{path}: valid")
sys.exit(1 if failed else 0)
