package tollgate.iac.data_classification_test

import rego.v1

import data.tollgate.iac.data_classification

bucket(attributes, unknown) := {
	"type": "aws_s3_bucket",
	"address": "aws_s3_bucket.ledger",
	"attributes": attributes,
	"unknown": unknown,
}

test_untagged_bucket_is_denied if {
	denied := data_classification.deny with input as {"resources": [bucket({}, [])]}
	denied == {{"msg": "S3 bucket has no data-classification tag", "address": "aws_s3_bucket.ledger"}}
}

test_unlisted_class_is_denied if {
	b := bucket({"tags": {"data-classification": "secret-ish"}}, [])
	count(data_classification.deny) == 1 with input as {"resources": [b]}
}

test_restricted_bucket_passes if {
	b := bucket({"tags": {"data-classification": "restricted"}}, [])
	count(data_classification.deny) == 0 with input as {"resources": [b]}
}

test_unknown_tags_are_not_judged if {
	b := bucket({"tags": null}, ["tags"])
	count(data_classification.deny) == 0 with input as {"resources": [b]}
}

test_other_resource_types_are_ignored if {
	r := {"type": "aws_sqs_queue", "address": "aws_sqs_queue.q", "attributes": {}, "unknown": []}
	count(data_classification.deny) == 0 with input as {"resources": [r]}
}
