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
    )
    .prefixed()
    .revoke("https://platform.openai.com/api-keys"),
    SecretRule::new(
        "anthropic-api-key",
        "Anthropic API key",
        Category::Ai,
        Severity::High,
        &["sk-ant-"],
        r#"\b(?P<s>sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{93}AA)(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://console.anthropic.com/settings/keys"),
    SecretRule::new(
        "huggingface-token",
        "Hugging Face access token",
        Category::Ai,
        Severity::High,
        &["hf_"],
        r#"\b(?P<s>hf_[A-Za-z]{34})\b"#,
    )
    .entropy(3.5)
    .prefixed()
    .revoke("https://huggingface.co/settings/tokens"),
    SecretRule::new(
        "huggingface-org-token",
        "Hugging Face organisation API token",
        Category::Ai,
        Severity::High,
        &["api_org_"],
        r#"\b(?P<s>api_org_[A-Za-z]{34})\b"#,
    )
    .entropy(3.5)
    .prefixed()
    .revoke("https://huggingface.co/settings/tokens"),
    SecretRule::new(
        "groq-api-key",
        "Groq API key",
        Category::Ai,
        Severity::Medium,
        &["gsk_"],
        r#"\b(?P<s>gsk_[A-Za-z0-9]{52})\b"#,
    )
    .prefixed()
    .revoke("https://console.groq.com/keys"),
    SecretRule::new(
        "replicate-api-token",
        "Replicate API token",
        Category::Ai,
        Severity::Medium,
        &["r8_"],
        r#"\b(?P<s>r8_[A-Za-z0-9]{37})\b"#,
    )
    .prefixed()
    .revoke("https://replicate.com/account/api-tokens"),
    SecretRule::new(
        "perplexity-api-key",
        "Perplexity API key",
        Category::Ai,
        Severity::Medium,
        &["pplx-"],
        r#"\b(?P<s>pplx-[A-Za-z0-9]{48})\b"#,
    )
    .prefixed()
    .revoke("https://www.perplexity.ai/settings/api"),
    SecretRule::new(
        "xai-api-key",
        "xAI API key",
        Category::Ai,
        Severity::Medium,
        &["xai-"],
        r#"\b(?P<s>xai-[A-Za-z0-9]{80})\b"#,
    )
    .prefixed()
    .revoke("https://console.x.ai/"),
    SecretRule::new(
        "langsmith-api-key",
        "LangSmith API key",
        Category::Ai,
        Severity::Medium,
        &["lsv2_"],
        r#"\b(?P<s>lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b"#,
    )
    .prefixed()
    .revoke("https://smith.langchain.com/settings"),
    SecretRule::new(
        "pinecone-api-key",
        "Pinecone API key",
        Category::Ai,
        Severity::Medium,
        &["pcsk_"],
        r#"\b(?P<s>pcsk_[A-Za-z0-9]{5,8}_[A-Za-z0-9]{60,70})\b"#,
    )
    .prefixed()
    .revoke("https://app.pinecone.io/"),
    SecretRule::new(
        "wandb-api-key",
        "Weights & Biases API key",
        Category::Ai,
        Severity::Medium,
        &["wandb"],
        r#"(?i)wandb[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://wandb.ai/authorize"),
    SecretRule::new(
        "cohere-api-key",
        "Cohere API key",
        Category::Ai,
        Severity::Medium,
        &["cohere"],
        r#"(?i)(?:cohere|co)[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://dashboard.cohere.com/api-keys"),
    SecretRule::new(
        "mistral-api-key",
        "Mistral AI API key",
        Category::Ai,
        Severity::Medium,
        &["mistral"],
        r#"(?i)mistral[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://console.mistral.ai/api-keys"),
    SecretRule::new(
        "azure-openai-api-key",
        "Azure OpenAI / Azure AI services key",
        Category::Ai,
        Severity::High,
        &["azure_openai", "azure-openai", "azureopenai", "azure_oai", "azure_ai_", "azure_cognitive"],
        r#"(?i)azure[_.\-]?(?:openai|oai|ai[_.\-]|cognitive)[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}|[A-Za-z0-9]{84}))(?:[^\w\-]|$)"#,
    )
    .about("An Azure OpenAI or Azure AI services resource key. It calls every model deployment of the resource, billed to the firm's subscription.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://portal.azure.com/"),
    SecretRule::new(
        "deepseek-api-key",
        "DeepSeek API key",
        Category::Ai,
        Severity::High,
        &["deepseek"],
        r#"(?i)deepseek[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:sk-[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://platform.deepseek.com/api_keys"),
    SecretRule::new(
        "together-api-key",
        "Together AI API key",
        Category::Ai,
        Severity::High,
        &["together"],
        r#"(?i)together(?:[_.\-]?ai)?[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:tgp_v1_[A-Za-z0-9_\-]{40,50}|[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://api.together.ai/settings/api-keys"),
    SecretRule::new(
        "fireworks-api-key",
        "Fireworks AI API key",
        Category::Ai,
        Severity::High,
        &["fireworks"],
        r#"(?i)fireworks(?:[_.\-]?ai)?[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:fw_[A-Za-z0-9]{20,40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://fireworks.ai/account/api-keys"),
    SecretRule::new(
        "openrouter-api-key",
        "OpenRouter API key",
        Category::Ai,
        Severity::High,
        &["sk-or-v1-"],
        r#"\b(?P<s>sk-or-v1-[a-f0-9]{64})\b"#,
    )
    .about("An OpenRouter API key (`sk-or-v1-`). It calls every model routed through OpenRouter on the account's credit.")
    .entropy(3.0)
    .prefixed()
    .revoke("https://openrouter.ai/settings/keys"),
    SecretRule::new(
        "elevenlabs-api-key",
        "ElevenLabs API key",
        Category::Ai,
        Severity::High,
        &["elevenlabs", "eleven_labs", "xi-api-key", "xi_api_key"],
        r#"(?i)(?:eleven[_.\-]?labs|\bxi)[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:sk_[a-f0-9]{48}|[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .about("An ElevenLabs API key. It generates speech and clones voices on the account's quota; cloned voices of staff are a fraud risk in phone-based approval processes.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://elevenlabs.io/app/settings/api-keys"),
    SecretRule::new(
        "assemblyai-api-key",
        "AssemblyAI API key",
        Category::Ai,
        Severity::High,
        &["assemblyai", "assembly_ai", "assembly-ai"],
        r#"(?i)assembly[_.\-]?ai[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.assemblyai.com/app/api-keys"),
    SecretRule::new(
        "deepgram-api-key",
        "Deepgram API key",
        Category::Ai,
        Severity::High,
        &["deepgram"],
        r#"(?i)deepgram[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://console.deepgram.com/"),
    SecretRule::new(
        "stability-api-key",
        "Stability AI API key",
        Category::Ai,
        Severity::Medium,
        &["stability"],
        r#"(?i)stability(?:[_.\-]?ai)?[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:sk-[A-Za-z0-9]{48}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://platform.stability.ai/account/keys"),
    SecretRule::new(
        "voyage-api-key",
        "Voyage AI API key",
        Category::Ai,
        Severity::Medium,
        &["voyage"],
        r#"(?i)voyage(?:[_.\-]?ai)?[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:pa-[A-Za-z0-9_\-]{40,50}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://dashboard.voyageai.com/"),
    SecretRule::new(
        "jina-api-key",
        "Jina AI API key",
        Category::Ai,
        Severity::Medium,
        &["jina_"],
        r#"\b(?P<s>jina_[A-Za-z0-9_\-]{50,70})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .entropy(4.0)
    .prefixed()
    .revoke("https://jina.ai/api-dashboard/"),
    SecretRule::new(
        "nvidia-api-key",
        "NVIDIA API (NGC / build.nvidia.com) key",
        Category::Ai,
        Severity::High,
        &["nvapi-"],
        r#"\b(?P<s>nvapi-[A-Za-z0-9_\-]{64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An NVIDIA API key (`nvapi-`). It calls hosted NIM models and, with NGC scopes, pulls private containers and models of the organisation.")
    .entropy(4.0)
    .prefixed()
    .revoke("https://org.ngc.nvidia.com/setup/api-keys"),
    SecretRule::new(
        "cerebras-api-key",
        "Cerebras API key",
        Category::Ai,
        Severity::Medium,
        &["csk-"],
        r#"\b(?P<s>csk-[a-z0-9]{48})\b"#,
    )
    .entropy(3.5)
    .prefixed()
    .revoke("https://cloud.cerebras.ai/"),
    SecretRule::new(
        "tavily-api-key",
        "Tavily API key",
        Category::Ai,
        Severity::Medium,
        &["tvly-"],
        r#"\b(?P<s>tvly-(?:dev-|prod-)?[A-Za-z0-9]{32})\b"#,
    )
    .entropy(3.8)
    .prefixed()
    .revoke("https://app.tavily.com/home"),
    SecretRule::new(
        "firecrawl-api-key",
        "Firecrawl API key",
        Category::Ai,
        Severity::Medium,
        &["firecrawl"],
        r#"(?i)firecrawl[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:fc-[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.firecrawl.dev/app/api-keys"),
    SecretRule::new(
        "serpapi-api-key",
        "SerpApi API key",
        Category::Ai,
        Severity::Medium,
        &["serpapi", "serp_api", "serp-api"],
        r#"(?i)serp[_.\-]?api[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://serpapi.com/manage-api-key"),
    SecretRule::new(
        "clarifai-pat",
        "Clarifai personal access token or API key",
        Category::Ai,
        Severity::High,
        &["clarifai"],
        r#"(?i)clarifai[\w.\-]{0,30}?(?:pat|(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://clarifai.com/settings/security"),
    SecretRule::new(
        "roboflow-api-key",
        "Roboflow API key",
        Category::Ai,
        Severity::Medium,
        &["roboflow"],
        r#"(?i)roboflow[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://app.roboflow.com/settings/api"),
    SecretRule::new(
        "langfuse-secret-key",
        "Langfuse secret key",
        Category::Ai,
        Severity::High,
        &["sk-lf-"],
        r#"\b(?P<s>sk-lf-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b"#,
    )
    .about("A Langfuse secret key (`sk-lf-`). With the public key it reads every trace of the project, which holds the prompts and completions of the firm's LLM applications.")
    .prefixed()
    .revoke("https://cloud.langfuse.com/"),
    SecretRule::new(
        "llamacloud-api-key",
        "LlamaCloud (LlamaIndex) API key",
        Category::Ai,
        Severity::Medium,
        &["llx-"],
        r#"\b(?P<s>llx-[A-Za-z0-9]{48})\b"#,
    )
    .entropy(3.8)
    .prefixed()
    .revoke("https://cloud.llamaindex.ai/"),
    SecretRule::new(
        "ai21-api-key",
        "AI21 Labs API key",
        Category::Ai,
        Severity::Medium,
        &["ai21"],
        r#"(?i)ai21[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://studio.ai21.com/account/api-key"),
    SecretRule::new(
        "modal-token-secret",
        "Modal token secret",
        Category::Ai,
        Severity::High,
        &["modal_token", "modal-token"],
        r#"(?i)modal[\w.\-]{0,30}?[_.\-]?token[_.\-]?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:as-[A-Za-z0-9]{22}))(?:[^\w\-]|$)"#,
    )
    .about("A Modal token secret (`as-`). With its token id (`ak-`) it deploys and runs code on the workspace's GPUs and reads its secrets and volumes.")
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://modal.com/settings/tokens"),
    SecretRule::new(
        "exa-api-key",
        "Exa search API key",
        Category::Ai,
        Severity::Medium,
        &["exa_api", "exa-api", "exaapi"],
        r#"(?i)\bexa[_.\-]?api[_.\-]?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://dashboard.exa.ai/api-keys"),
    SecretRule::new(
        "pinecone-legacy-api-key",
        "Pinecone legacy API key",
        Category::Ai,
        Severity::Medium,
        &["pinecone"],
        r#"(?i)pinecone[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://app.pinecone.io/"),
    SecretRule::new(
        "weaviate-api-key",
        "Weaviate Cloud API key",
        Category::Ai,
        Severity::High,
        &["weaviate"],
        r#"(?i)weaviate[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32,64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://console.weaviate.cloud/"),
    SecretRule::new(
        "qdrant-api-key",
        "Qdrant API key",
        Category::Ai,
        Severity::High,
        &["qdrant"],
        r#"(?i)qdrant[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{32,64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.8)
    .revoke("https://cloud.qdrant.io/"),
    SecretRule::new(
        "kaggle-api-key",
        "Kaggle API key",
        Category::Ai,
        Severity::Medium,
        &["kaggle"],
        r#"(?i)kaggle[\w.\-]{0,30}?(?:api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.kaggle.com/settings/account"),
    SecretRule::new(
        "deepinfra-api-key",
        "DeepInfra API token",
        Category::Ai,
        Severity::Medium,
        &["deepinfra"],
        r#"(?i)deepinfra[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://deepinfra.com/dash/api_keys"),
    SecretRule::new(
        "brave-search-api-key",
        "Brave Search API key",
        Category::Ai,
        Severity::Low,
        &["brave_search", "brave-search", "brave_api"],
        r#"(?i)brave[\w.\-]{0,30}?[_.\-]?(?:search[_.\-]?)?api[_.\-]?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:BSA[A-Za-z0-9_\-]{20,40}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://api-dashboard.search.brave.com/app/keys"),
    SecretRule::new(
        "runpod-api-key",
        "RunPod API key",
        Category::Ai,
        Severity::High,
        &["runpod"],
        r#"(?i)runpod[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:rpa_[A-Za-z0-9]{30,60}|[A-Z0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://www.runpod.io/console/user/settings"),
    SecretRule::new(
        "aws-bedrock-api-key",
        "Amazon Bedrock long-term API key",
        Category::Ai,
        Severity::High,
        &["abskqmvkcm9ja0fqsutles"],
        r#"\b(?P<s>ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{40,400}={0,2})(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("A long-term Amazon Bedrock API key (`ABSK` and base64 of `BedrockAPIKey-...`), an IAM service-specific credential. It invokes Bedrock models billed to the AWS account, with the permissions of its IAM user.")
    .prefixed()
    .revoke("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_bedrock.html"),
    SecretRule::new(
        "aws-bedrock-short-term-api-key",
        "Amazon Bedrock short-term API key",
        Category::Ai,
        Severity::Medium,
        &["bedrock-api-key-"],
        r#"\b(?P<s>bedrock-api-key-YmVkcm9jay[A-Za-z0-9+/]{100,3000}={0,2})(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("A short-term Amazon Bedrock API key: `bedrock-api-key-` and a base64 pre-signed SigV4 URL. It is valid for up to 12 hours with the permissions of the identity that generated it; a committed one shows that keys are being pasted into code.")
    .prefixed()
    .revoke("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_bedrock.html"),
    SecretRule::new(
        "fal-api-key",
        "fal.ai API key",
        Category::Ai,
        Severity::High,
        &["fal_key", "fal-key", "fal_api", "fal.ai", "falai"],
        r#"(?i)\bfal(?:[_.\-]?ai)?[_.\-]?(?:api[_.\-]?)?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}:[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://fal.ai/dashboard/keys"),
];
