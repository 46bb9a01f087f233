//! AI model and vector-store APIs.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "openai-api-key",
        "OpenAI API key",
        Category::Ai,
        Severity::High,
        &["t3blbkfj"],
        r#"\b(?P<s>sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_\-]{20,74}T3BlbkFJ[A-Za-z0-9_\-]{20,74})(?:[^A-Za-z0-9_\-]|$)"#,
    ),
    SecretRule::new(
        "anthropic-api-key",
        "Anthropic API key",
        Category::Ai,
        Severity::High,
        &["sk-ant-"],
        r#"\b(?P<s>sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{93}AA)(?:[^A-Za-z0-9_\-]|$)"#,
    ),
    SecretRule::new(
        "huggingface-token",
        "Hugging Face access token",
        Category::Ai,
        Severity::High,
        &["hf_"],
        r#"\b(?P<s>hf_[A-Za-z]{34})\b"#,
    )
    .entropy(3.5),
    SecretRule::new(
        "huggingface-org-token",
        "Hugging Face organisation API token",
        Category::Ai,
        Severity::High,
        &["api_org_"],
        r#"\b(?P<s>api_org_[A-Za-z]{34})\b"#,
    )
    .entropy(3.5),
    SecretRule::new(
        "groq-api-key",
        "Groq API key",
        Category::Ai,
        Severity::Medium,
        &["gsk_"],
        r#"\b(?P<s>gsk_[A-Za-z0-9]{52})\b"#,
    ),
    SecretRule::new(
        "replicate-api-token",
        "Replicate API token",
        Category::Ai,
        Severity::Medium,
        &["r8_"],
        r#"\b(?P<s>r8_[A-Za-z0-9]{37})\b"#,
    ),
    SecretRule::new(
        "perplexity-api-key",
        "Perplexity API key",
        Category::Ai,
        Severity::Medium,
        &["pplx-"],
        r#"\b(?P<s>pplx-[A-Za-z0-9]{48})\b"#,
    ),
    SecretRule::new(
        "xai-api-key",
        "xAI API key",
        Category::Ai,
        Severity::Medium,
        &["xai-"],
        r#"\b(?P<s>xai-[A-Za-z0-9]{80})\b"#,
    ),
    SecretRule::new(
        "langsmith-api-key",
        "LangSmith API key",
        Category::Ai,
        Severity::Medium,
        &["lsv2_"],
        r#"\b(?P<s>lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b"#,
    ),
    SecretRule::new(
        "pinecone-api-key",
        "Pinecone API key",
        Category::Ai,
        Severity::Medium,
        &["pcsk_"],
        r#"\b(?P<s>pcsk_[A-Za-z0-9]{5,8}_[A-Za-z0-9]{60,70})\b"#,
    ),
    SecretRule::new(
        "wandb-api-key",
        "Weights & Biases API key",
        Category::Ai,
        Severity::Medium,
        &["wandb"],
        r#"(?i)wandb[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "cohere-api-key",
        "Cohere API key",
        Category::Ai,
        Severity::Medium,
        &["cohere"],
        r#"(?i)(?:cohere|co)[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8),
    SecretRule::new(
        "mistral-api-key",
        "Mistral AI API key",
        Category::Ai,
        Severity::Medium,
        &["mistral"],
        r#"(?i)mistral[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8),
];
