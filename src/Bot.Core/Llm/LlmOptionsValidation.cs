using Microsoft.Extensions.Options;

namespace Bot.Core.Llm;

/// <summary>Checks the <c>Llm</c> section; every message names the configuration key to fix.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var errors = new List<string>();
        if (options.Enabled)
        {
            EndpointRules.Check("Llm:Endpoint", options.Endpoint!, errors);
            if (string.IsNullOrWhiteSpace(options.Model))
            {
                errors.Add("Llm:Model is required when Llm:Endpoint is set (the model or deployment name, e.g. gpt-4o-mini).");
            }
        }

        Range("Llm:TimeoutSeconds", options.TimeoutSeconds, 1, 600, errors);
        Range("Llm:MaxAnswerTokens", options.MaxAnswerTokens, 16, 16_000, errors);
        Range("Llm:MaxContextSections", options.MaxContextSections, 1, 20, errors);
        Range("Llm:MaxContextChars", options.MaxContextChars, 500, 200_000, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(string key, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be between {min} and {max} (was {value}).");
        }
    }
}

/// <summary>Checks the <c>Embeddings</c> section; every message names the configuration key to fix.</summary>
internal sealed class EmbeddingsOptionsValidator : IValidateOptions<EmbeddingsOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingsOptions options)
    {
        var errors = new List<string>();
        if (options.Enabled)
        {
            EndpointRules.Check("Embeddings:Endpoint", options.Endpoint!, errors);
            if (string.IsNullOrWhiteSpace(options.Model))
            {
                errors.Add("Embeddings:Model is required when Embeddings:Endpoint is set (e.g. text-embedding-3-small).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal static class EndpointRules
{
    public static void Check(string key, string value, List<string> errors)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{key} must be an absolute http(s) URL such as https://api.openai.com/v1.");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
        {
            // A key pasted into the URL would end up in request logs.
            errors.Add($"{key} must not carry credentials or a query string; put the key in the ApiKey setting.");
        }
    }

    /// <summary>The endpoint as a base URI the OpenAI client appends paths to.</summary>
    public static Uri ToBase(string value) => new(value.Trim().TrimEnd('/'), UriKind.Absolute);
}
