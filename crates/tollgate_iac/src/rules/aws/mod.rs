//! AWS rules. Types are the Terraform AWS provider's names; the CloudFormation adapter
//! maps its types onto them.

mod apigw;
mod cloudfront;
mod cloudtrail;
mod common;
mod ec2;
mod iam;
mod kms;
mod lb;
mod logs;
mod rds;
mod s3;

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
    v
}
