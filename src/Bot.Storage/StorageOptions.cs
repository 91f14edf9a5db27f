using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Storage;

/// <summary>Which database keeps the bot's state.</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file at <c>Storage:Path</c>: the default, for one host.</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>Storage:ConnectionString</c>: state shared by several hosts.</summary>
    Postgres,

    /// <summary>In memory, for this process only: nothing is kept after it ends. Only when configured, never a fallback.</summary>
    Memory,
}

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (default), <c>Postgres</c> or <c>Memory</c>, case-insensitive. A string, so a typo is a validation error naming the key.</summary>
    public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>The SQLite file; relative paths are resolved against the content root. Created with its folder on first use.</summary>
    public string Path { get; set; } = "data/bot.db";

    /// <summary>The PostgreSQL connection string (required for <c>Postgres</c>). Never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long the question log keeps a question, in days.</summary>
    public int QuestionLogDays { get; set; } = 90;

    /// <summary>How long feedback votes (with the question and answer they rate) are kept, in days.</summary>
    public int FeedbackDays { get; set; } = 365;

    /// <summary>The provider as an enum; only meaningful once the options have been validated.</summary>
    public StorageProvider ParsedProvider =>
        Enum.TryParse<StorageProvider>(Provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : StorageProvider.Sqlite;
}

/// <summary>Checks the storage options at start; every message names the key to fix and never echoes a connection string.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public const int MaxQuestionLogDays = 36_500;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var providerKnown = Enum.TryParse<StorageProvider>(options.Provider, ignoreCase: true, out var provider) &&
                            Enum.IsDefined(provider) && !int.TryParse(options.Provider, out _);
        if (!providerKnown)
        {
            failures.Add($"Storage:Provider must be Sqlite, Postgres or Memory (was '{options.Provider}').");
        }
        else if (provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add("Storage:ConnectionString is required when Storage:Provider is Postgres.");
            }
            else if (!IsValidPostgresConnectionString(options.ConnectionString))
            {
                failures.Add("Storage:ConnectionString is not a valid PostgreSQL connection string (expected Host=...;Database=...;Username=...;Password=...).");
            }
        }
        else if (provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add("Storage:Path must not be empty when Storage:Provider is Sqlite (default: data/bot.db).");
        }

        if (options.QuestionLogDays is < 1 or > MaxQuestionLogDays)
        {
            failures.Add($"Storage:QuestionLogDays must be between 1 and {MaxQuestionLogDays} (was {options.QuestionLogDays}).");
        }

        if (options.FeedbackDays is < 1 or > MaxQuestionLogDays)
        {
            failures.Add($"Storage:FeedbackDays must be between 1 and {MaxQuestionLogDays} (was {options.FeedbackDays}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidPostgresConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return !string.IsNullOrWhiteSpace(builder.Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
