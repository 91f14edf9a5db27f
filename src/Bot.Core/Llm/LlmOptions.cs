namespace Bot.Core.Llm;

/// <summary>The chat model, bound from the <c>Llm</c> section. The model is on when <see cref="Endpoint"/> is set.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>
    /// Base address of an OpenAI-compatible API, e.g. <c>https://api.openai.com/v1</c>, an Azure OpenAI
    /// <c>https://NAME.openai.azure.com/openai/v1/</c>, <c>http://localhost:11434/v1</c> (Ollama). Empty: no model.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The model (or Azure deployment) name. Required when the endpoint is set.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as a bearer token; optional for local servers. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The whole model call, retries included, ends within this many seconds; then the extractive answer serves.</summary>
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>The most tokens the model may write per answer.</summary>
    public int MaxAnswerTokens { get; set; } = 600;

    /// <summary>How many retrieved sections the model sees at most.</summary>
    public int MaxContextSections { get; set; } = 3;

    /// <summary>How many characters of section text the model sees at most, all sections together.</summary>
    public int MaxContextChars { get; set; } = 8_000;

    /// <summary>When true the model may also call the knowledge plugin's <c>search</c> function by itself.</summary>
    public bool UseTools { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}

/// <summary>The embedding model, bound from the <c>Embeddings</c> section. On when <see cref="Endpoint"/> is set.</summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>Base address of an OpenAI-compatible API serving <c>/embeddings</c>. Empty: lexical retrieval only.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The embedding model name (e.g. <c>text-embedding-3-small</c>, <c>nomic-embed-text</c>). Required when the endpoint is set.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as a bearer token; optional for local servers. Never logged.</summary>
    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}
