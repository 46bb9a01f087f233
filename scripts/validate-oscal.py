#!/usr/bin/env python3
"""Validate OSCAL JSON documents with compliance-trestle's models, which are generated
from NIST's OSCAL JSON schemas. Usage: validate-oscal.py FILE...  Exit 0 when all are valid."""
import json
import sys

from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.component import ComponentDefinition

MODELS = {"assessment-results": AssessmentResults, "component-definition": ComponentDefinition}

failed = 0
for path in sys.argv[1:]:
    with open(path) as f:
        doc = json.load(f)
    (kind, body), = doc.items()
    model = MODELS.get(kind)
    if model is None:
        print(f"{path}: unsupported OSCAL model '{kind}'")
        failed += 1
        continue
    try:
        model.parse_obj(body)
        print(f"{path}: valid OSCAL {kind}")
    except Exception as e:  # pydantic's ValidationError lists every problem
        print(f"{path}: INVALID {kind}\n{e}")
        failed += 1
sys.exit(1 if failed else 0)
