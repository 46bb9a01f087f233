//! AWS rules. Types are the Terraform AWS provider's names; the CloudFormation adapter
//! maps its types onto them (and CloudFormation types outside the shared table, such as
//! `AWS::ApiGateway::Method`, are named as they are).
//!
//! Conventions every rule here follows:
//! - a deciding value that is unknown makes the verdict "not checked"
//!   ([`crate::rule::Verdict::from_lookup`]); an unknown part of a policy document reads
//!   as `null`, which no check takes for a wildcard, an Allow or a missing condition;
//! - a missing attribute is judged by the provider's default, and the message says so
//!   (`… is not set; the default is false`); where the default changed between provider
//!   versions (Redshift `publicly_accessible`, ELB `ssl_policy`) only an explicit value
//!   is reported;
//! - split configuration (`aws_s3_bucket_versioning`, `aws_flow_log`,
//!   `aws_secretsmanager_secret_rotation`, CloudFormation `BucketPolicy`, …) is found
//!   through [`crate::model::Resource::references`]; a resource of `count`/`for_each`
//!   also matches references to its block;
//! - CloudFormation shapes are read where they differ (`r.source` checks) per the
//!   contract in the CloudFormation adapter's brief.
//!
//! Not covered, on purpose: provider `default_tags` (not visible to rules; the
//! required-tags rule says so), public EBS snapshots (the provider's
//! `aws_snapshot_create_volume_permission` cannot name "all"), Security Hub (declaring
//! it is enabling it), S3 buckets made public by a policy in another configuration.

mod apigw;
mod checks;
mod cloudfront;
mod cloudtrail;
mod common;
mod dynamodb;
mod ec2;
mod ecr;
mod ecs;
mod eks;
mod elasticache;
mod governance;
mod iam;
mod kms;
mod lambda;
mod lb;
mod logs;
mod messaging;
mod opensearch;
mod rds;
mod s3;
mod storage;

use crate::rule::Rule;

pub fn rules() -> Vec<Rule> {
    let mut v = Vec::new();
    v.extend(s3::rules());
    v.extend(rds::rules());
    v.extend(ec2::rules());
    v.extend(iam::rules());
    v.extend(cloudtrail::rules());
    v.extend(kms::rules());
    v.extend(logs::rules());
    v.extend(lb::rules());
    v.extend(cloudfront::rules());
    v.extend(apigw::rules());
    v.extend(lambda::rules());
    v.extend(dynamodb::rules());
    v.extend(messaging::rules());
    v.extend(elasticache::rules());
    v.extend(opensearch::rules());
    v.extend(eks::rules());
    v.extend(ecr::rules());
    v.extend(ecs::rules());
    v.extend(storage::rules());
    v.extend(governance::rules());
    v
}
