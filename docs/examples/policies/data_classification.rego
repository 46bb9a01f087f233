package tollgate.iac.data_classification

import rego.v1

__rego_metadata__ := {
	"id": "bank-001",
	"title": "S3 bucket without a valid data-classification tag",
	"severity": "high",
	"tags": ["tagging", "inventory"],
	"fix": "Tag the bucket with data-classification = public, internal, confidential or restricted.",
}

classes := {"public", "internal", "confidential", "restricted"}

# Unknown values (a variable, a function call) are null: never judge them.
tags_unknown(r) if {
	some u in r.unknown
	u == "tags"
}

tags_unknown(r) if {
	some u in r.unknown
	startswith(u, "tags.")
}

deny contains {"msg": "S3 bucket has no data-classification tag", "address": r.address} if {
	some r in input.resources
	r.type == "aws_s3_bucket"
	not tags_unknown(r)
	not r.attributes.tags["data-classification"]
}

deny contains {"msg": msg, "address": r.address} if {
	some r in input.resources
	r.type == "aws_s3_bucket"
	not tags_unknown(r)
	class := r.attributes.tags["data-classification"]
	not class in classes
	msg := sprintf("S3 bucket's data-classification %q is not one of %v", [class, sort(classes)])
}
