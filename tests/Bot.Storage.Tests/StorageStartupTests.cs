using Bot.Core;
using Bot.Core.Stores;
using Bot.Knowledge;
using Bot.Knowledge.Embeddings;
using Bot.Storage.Database;
using Bot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Storage.Tests;

/// <summary>Options, registration, lazy opening and the fall-back to memory: the same for both providers.</summary>
public sealed class StorageStartupTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bot-storage-root-" + Guid.NewGuid().ToString("N"));

    public StorageStartupTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [Fact]
    public void Defaults_are_sqlite_at_data_bot_db_keeping_questions_90_days()
    {
        using var services = new ServiceCollection().AddStorage(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;

        options.ParsedProvider.ShouldBe(StorageProvider.Sqlite);
        options.Path.ShouldBe("data/bot.db");
        options.ConnectionString.ShouldBeNull();
        options.QuestionLogDays.ShouldBe(90);
    }

    [Theory]
    [InlineData("Postgres", null, "90", "Storage:ConnectionString is required when Storage:Provider is Postgres")]
    [InlineData("postgres", "   ", "90", "Storage:ConnectionString is required")]
    [InlineData("Mongo", null, "90", "Storage:Provider must be Sqlite, Postgres or Memory (was 'Mongo')")]
    [InlineData("1", null, "90", "Storage:Provider must be Sqlite, Postgres or Memory")]
    [InlineData("Sqlite", null, "0", "Storage:QuestionLogDays must be between 1 and")]
    public async Task Invalid_options_stop_the_host_at_start_with_a_message_naming_the_key(string provider, string? connectionString, string days, string expected)
    {
        using var host = BuildHost(new()
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:QuestionLogDays"] = days,
        });

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task An_unreadable_postgres_connection_string_is_refused_without_echoing_it()
    {
        using var host = BuildHost(new()
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = "Host=db;Password=hunter2;NoSuchKeyword=1",
        });

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());
        error.Message.ShouldContain("Storage:ConnectionString is not a valid PostgreSQL connection string");
        error.Message.ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task Starting_the_host_opens_nothing_and_the_first_store_use_creates_the_default_file_and_folder()
    {
        using var host = BuildHost([]);
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IChannelSettingsStore>();
        var file = Path.Combine(_root, "data", "bot.db");
        Directory.Exists(Path.Combine(_root, "data")).ShouldBeFalse();

        await store.SaveAsync(new ChannelSettings("telegram", "1", true, ChannelMode.Mentions, null, 0, null, null));

        File.Exists(file).ShouldBeTrue();
        var database = host.Services.GetRequiredService<StorageDatabase>();
        database.SqlitePath.ShouldBe(file);
        database.IsAvailable.ShouldBeTrue();
        await host.StopAsync();
    }

    [Fact]
    public async Task A_database_that_cannot_be_created_fails_each_use_is_logged_once_and_nothing_falls_back_to_memory()
    {
        // A folder cannot be created under a regular file (running as root, permissions would not stop us).
        var blocker = Path.Combine(_root, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(new() { ["Storage:Path"] = Path.Combine(blocker, "data", "bot.db") }, logs);
        await host.StartAsync();

        var questions = host.Services.GetRequiredService<IQuestionLog>();
        var entry = new QuestionLogEntry("cli", "cli", "cli", "Sora?", "en", true, ["a.md"], DateTimeOffset.UnixEpoch);
        await Should.ThrowAsync<StorageUnavailableException>(() => questions.AppendAsync(entry).AsTask());
        await Should.ThrowAsync<StorageUnavailableException>(() => questions.ListAsync(DateTimeOffset.MinValue).AsTask());

        host.Services.GetRequiredService<StorageDatabase>().IsAvailable.ShouldBeFalse();
        var errors = logs.Lines.Where(l => l.Level == LogLevel.Error).ToList();
        errors.ShouldHaveSingleItem().Text.ShouldContain($"could not be opened at {Path.Combine(blocker, "data", "bot.db")}");
        errors[0].Text.ShouldNotContain("memory");

        // The folder becomes creatable: the next use opens the database, with no restart.
        File.Delete(blocker);
        await questions.AppendAsync(entry);
        (await questions.ListAsync(DateTimeOffset.MinValue)).Count.ShouldBe(1);
        host.Services.GetRequiredService<StorageDatabase>().IsAvailable.ShouldBeTrue();
        logs.Lines.ShouldContain(l => l.Level == LogLevel.Information && l.Text.Contains("is available again", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_postgres_server_fails_the_write_and_its_password_is_never_logged()
    {
        const string Password = "S3cret-Passw0rd-never-logged";
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(new()
        {
            ["Storage:Provider"] = "Postgres",
            // Port 1 on loopback refuses at once.
            ["Storage:ConnectionString"] = $"Host=127.0.0.1;Port=1;Database=bot;Username=bot;Password={Password};Timeout=5",
        }, logs);
        await host.StartAsync();

        var settings = host.Services.GetRequiredService<IChannelSettingsStore>();
        var error = await Should.ThrowAsync<StorageUnavailableException>(
            () => settings.SaveAsync(new ChannelSettings("discord", "9", false, ChannelMode.All, null, 0, null, null)).AsTask());

        error.Message.ShouldNotContain(Password);
        logs.Lines.ShouldContain(l => l.Level == LogLevel.Error && l.Text.Contains("PostgreSQL 127.0.0.1:1/bot", StringComparison.Ordinal));
        logs.Lines.ShouldNotContain(l => l.Text.Contains(Password, StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task State_lives_in_memory_only_when_the_provider_says_memory()
    {
        using var host = BuildHost(new() { ["Storage:Provider"] = "Memory" });
        await host.StartAsync();

        var settings = host.Services.GetRequiredService<IChannelSettingsStore>();
        await settings.SaveAsync(new ChannelSettings("discord", "9", false, ChannelMode.All, null, 0, null, null));

        (await settings.GetAsync("discord", "9"))!.Enabled.ShouldBeFalse();
        host.Services.GetRequiredService<StorageDatabase>().IsInMemory.ShouldBeTrue();
        Directory.Exists(Path.Combine(_root, "data")).ShouldBeFalse();
        await host.StopAsync();
    }

    [Fact]
    public void The_persistent_stores_win_over_the_in_memory_ones_whichever_is_registered_first()
    {
        var configuration = new ConfigurationBuilder().Build();
        var before = new ServiceCollection().AddLogging().AddKnowledge(configuration).AddBotCore(configuration).AddStorage(configuration);
        var after = new ServiceCollection().AddLogging().AddKnowledge(configuration).AddStorage(configuration).AddBotCore(configuration);

        foreach (var services in new[] { before, after })
        {
            using var provider = services.BuildServiceProvider();
            provider.GetRequiredService<IProcessedUpdateStore>().GetType().Name.ShouldBe("SqlProcessedUpdateStore");
            provider.GetRequiredService<IAnswerStore>().GetType().Name.ShouldBe("SqlAnswerStore");
            provider.GetRequiredService<IFeedbackStore>().GetType().Name.ShouldBe("SqlFeedbackStore");
            provider.GetRequiredService<IQuestionLog>().GetType().Name.ShouldBe("SqlQuestionLog");
            provider.GetRequiredService<IChannelSettingsStore>().GetType().Name.ShouldBe("SqlChannelSettingsStore");
            provider.GetRequiredService<IModeratorStore>().GetType().Name.ShouldBe("SqlModeratorStore");
            provider.GetRequiredService<IEmbeddingCache>().GetType().Name.ShouldBe("SqlEmbeddingCache");
            services.Count(d => d.ServiceType == typeof(IChannelSettingsStore)).ShouldBe(1);
        }
    }

    [Fact]
    public void Without_storage_the_core_registers_an_in_memory_moderator_store()
    {
        using var provider = new ServiceCollection().AddLogging().AddBotCore(new ConfigurationBuilder().Build()).BuildServiceProvider();

        provider.GetRequiredService<IModeratorStore>().GetType().Name.ShouldBe("InMemoryModeratorStore");
    }

    [Theory]
    [InlineData("telegram:123", true)]
    [InlineData("discord:456", true)]
    [InlineData("discord-role:789", true)]
    [InlineData("telegram:-100", false)]
    [InlineData("discord:", false)]
    [InlineData(":1", false)]
    [InlineData("whatsapp:1", false)]
    [InlineData("DISCORD:1", false)]
    [InlineData(null, false)]
    public void Moderator_tags_name_a_known_platform_and_a_numeric_id(string? tag, bool valid) => ModeratorTag.IsValid(tag).ShouldBe(valid);

    private IHost BuildHost(Dictionary<string, string?> settings, CapturingLoggerProvider? logs = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _root });
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        return builder.Build();
    }
}
