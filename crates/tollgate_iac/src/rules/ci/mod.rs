use crate::rule::Rule;
pub fn rules() -> Vec<Rule> {
    Vec::new()
}
