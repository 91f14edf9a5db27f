using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Bot.Knowledge.Loading;

/// <summary>Configuration section <c>Knowledge</c>.</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>The knowledge folder. Empty: <c>./knowledge</c>, else <c>knowledge/</c> beside the program.</summary>
    public string? Path { get; set; }

    /// <summary>Quiet time after the last change before a reload.</summary>
    [Range(50, 10_000, ErrorMessage = "Knowledge:DebounceMilliseconds must be between 50 and 10000.")]
    public int DebounceMilliseconds { get; set; } = 400;

    /// <summary>How often the folder is compared with the last load, in case the file watcher missed an event.</summary>
    [Range(1, 3_600, ErrorMessage = "Knowledge:PollSeconds must be between 1 and 3600.")]
    public int PollSeconds { get; set; } = 30;
}

/// <summary>Rules that need the file system: a configured folder must exist.</summary>
internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Path is null)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Fail("Knowledge:Path is empty; remove it to use ./knowledge, or set it to the knowledge folder.");
        }

        var full = System.IO.Path.GetFullPath(options.Path);
        return Directory.Exists(full)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Knowledge:Path '{options.Path}' does not exist (looked for {full}).");
    }
}
