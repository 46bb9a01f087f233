//! AWS rules. Types are the Terraform AWS provider's names; the CloudFormation adapter
//! maps its types onto them (and CloudFormation types outside the shared table, such as
//! `AWS::ApiGateway::Method`, are named as they are).

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
