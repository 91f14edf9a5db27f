using System.Data.Common;
using System.Threading.Channels;
using Bot.Core;
using Bot.Core.Stores;
using Bot.Storage.Database;
using Bot.Storage.Stores;
using Bot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Storage.Tests;

/// <summary>What only a database can do: survive restarts, be shared by hosts, upgrade in place, stay bounded, expire.</summary>
public abstract class PersistentStorageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private StorageTarget? _target;

    protected abstract StorageProvider Provider { get; }

    private StorageTarget Target => _target ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _target = await StorageTarget.CreateAsync(Provider);

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    [StorageFact]
    public async Task Channel_settings_survive_a_restart()
    {
        var settings = new ChannelSettings("telegram", "-100", false, ChannelMode.All, "vi", 15, "telegram:7", T0);
        await using (var host = await StartHostAsync())
        {
            await host.Services.GetRequiredService<IChannelSettingsStore>().SaveAsync(settings);
        }

        await using var restarted = await StartHostAsync();
        (await restarted.Services.GetRequiredService<IChannelSettingsStore>().GetAsync("telegram", "-100")).ShouldBe(settings);
    }

    [StorageFact]
    public async Task Two_hosts_sharing_one_database_see_each_others_channel_settings_changes()
    {
        await using var first = await StartHostAsync();
        await using var second = await StartHostAsync();
        var storeA = first.Services.GetRequiredService<IChannelSettingsStore>();
        var storeB = second.Services.GetRequiredService<IChannelSettingsStore>();

        await storeA.SaveAsync(new ChannelSettings("discord", "55", true, ChannelMode.Mentions, null, 0, "discord:1", T0));
        (await storeB.GetAsync("discord", "55"))!.Mode.ShouldBe(ChannelMode.Mentions);

        await storeB.SaveAsync(new ChannelSettings("discord", "55", false, ChannelMode.Commands, "en", 20, "discord:2", T0.AddMinutes(1)));
        (await storeA.GetAsync("discord", "55")).ShouldBe(new ChannelSettings("discord", "55", false, ChannelMode.Commands, "en", 20, "discord:2", T0.AddMinutes(1)));
    }

    [StorageFact]
    public async Task Two_hosts_sharing_one_database_answer_a_redelivered_update_once()
    {
        await using var first = await StartHostAsync();
        await using var second = await StartHostAsync();

        var marks = await Task.WhenAll(
            first.Services.GetRequiredService<IProcessedUpdateStore>().TryMarkAsync("telegram", "9001").AsTask(),
            second.Services.GetRequiredService<IProcessedUpdateStore>().TryMarkAsync("telegram", "9001").AsTask());

        marks.Count(m => m).ShouldBe(1);
    }

    [StorageFact]
    public async Task Hosts_starting_together_on_an_empty_database_apply_each_schema_step_once()
    {
        await using var first = await StartHostAsync();
        await using var second = await StartHostAsync();

        // Both open (and migrate) on first use, at the same time.
        await Task.WhenAll(
            first.Services.GetRequiredService<IModeratorStore>().ListAsync().AsTask(),
            second.Services.GetRequiredService<IModeratorStore>().ListAsync().AsTask());

        (await AppliedVersionsAsync()).ShouldBe(Schema.Migrations.Select(m => (long)m.Version));
    }

    [StorageFact]
    public async Task A_version_1_database_is_upgraded_in_place_and_keeps_its_rows()
    {
        await using (var connection = await Target.OpenRawAsync())
        {
            (await Schema.MigrateAsync(connection, Provider, TimeProvider.System, targetVersion: 1)).ShouldBe(0);
            await WriteAsVersion1ProgramAsync(connection);
        }

        (await AppliedVersionsAsync()).ShouldBe([1L]);

        await using var host = await StartHostAsync();
        var services = host.Services;
        (await services.GetRequiredService<IChannelSettingsStore>().GetAsync("telegram", "-100"))
            .ShouldBe(new ChannelSettings("telegram", "-100", false, ChannelMode.Commands, "vi", 30, "telegram:1", T0));
        (await services.GetRequiredService<IProcessedUpdateStore>().TryMarkAsync("telegram", "77")).ShouldBeFalse();
        (await services.GetRequiredService<IProcessedUpdateStore>().GetCursorAsync("telegram")).ShouldBe("78");
        var answer = await services.GetRequiredService<IAnswerStore>().FindByMessageAsync("telegram", "-100", "500");
        answer.ShouldNotBeNull();
        answer.Question.ShouldBe("Sora ra mắt khi nào?");
        answer.SourceFiles.ShouldBe(["models/sora.vi.md"]);
        answer.At.ShouldBe(T0);
        var vote = (await services.GetRequiredService<IFeedbackStore>().ListAsync(T0.AddDays(-1))).ShouldHaveSingleItem();
        (vote.AnswerId, vote.UserId, vote.Vote).ShouldBe(("a-1", "u-1", FeedbackVote.Down));
        var question = (await services.GetRequiredService<IQuestionLog>().ListAsync(T0.AddDays(-1))).ShouldHaveSingleItem();
        (question.Question, question.Answered, question.At).ShouldBe(("Sora ra mắt khi nào?", true, T0));
        question.TopSources.ShouldBe(["models/sora.vi.md", "labs/openai.vi.md"]);

        // And the tables of version 2 are there.
        (await services.GetRequiredService<IModeratorStore>().AddAsync(new ModeratorEntry("telegram:5", "telegram:1", T0))).ShouldBeTrue();
        (await AppliedVersionsAsync()).ShouldBe(Schema.Migrations.Select(m => (long)m.Version));
    }

    [StorageFact]
    public async Task A_database_from_a_newer_program_is_used_with_a_warning()
    {
        await using (var connection = await Target.OpenRawAsync())
        {
            await Schema.MigrateAsync(connection, Provider, TimeProvider.System);
            await using var future = connection.Command("INSERT INTO schema_version (version, name, applied_ticks) VALUES (99, 'from the future', 0)");
            await future.ExecuteNonQueryAsync();
        }

        var logs = new CapturingLoggerProvider();
        await using var services = StorageServices.Build(Target.Settings, logs);
        await services.GetRequiredService<IChannelSettingsStore>().SaveAsync(new ChannelSettings("discord", "1", true, ChannelMode.All, null, 0, null, null));

        (await services.GetRequiredService<IChannelSettingsStore>().GetAsync("discord", "1")).ShouldNotBeNull();
        services.GetRequiredService<StorageDatabase>().IsAvailable.ShouldBeTrue();
        logs.Lines.ShouldContain(l => l.Text.Contains("schema version 99 is newer", StringComparison.Ordinal));
    }

    [StorageFact]
    public async Task Processed_update_ids_are_bounded_forgetting_the_oldest()
    {
        await using var services = StorageServices.Build(Target.Settings, configure: s => s.AddSingleton(new StorageLimits(ProcessedUpdatesKept: 5, TrimEvery: 1)));
        var store = services.GetRequiredService<IProcessedUpdateStore>();
        for (var i = 0; i < 20; i++)
        {
            (await store.TryMarkAsync("telegram", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBeTrue();
        }

        (await CountAsync("processed_updates")).ShouldBeLessThanOrEqualTo(6);
        (await store.TryMarkAsync("telegram", "19")).ShouldBeFalse();
        (await store.TryMarkAsync("telegram", "0")).ShouldBeTrue();
    }

    [StorageFact]
    public async Task Recent_answers_are_bounded_forgetting_the_oldest()
    {
        await using var services = StorageServices.Build(Target.Settings, configure: s => s.AddSingleton(new StorageLimits(AnswersKept: 5, TrimEvery: 1)));
        var store = services.GetRequiredService<IAnswerStore>();
        for (var i = 0; i < 20; i++)
        {
            await store.SaveAsync(new StoredAnswer("discord", "c", $"m{i}", $"a{i}", "q", "a", "en", [], T0));
        }

        (await CountAsync("answers")).ShouldBeLessThanOrEqualTo(6);
        (await store.FindByMessageAsync("discord", "c", "m0")).ShouldBeNull();
        (await store.FindByAnswerIdAsync("a19")).ShouldNotBeNull();
    }

    [StorageFact]
    public async Task The_retention_service_deletes_questions_and_votes_older_than_the_configured_days_as_time_passes()
    {
        var time = new FakeTimeProvider(T0);
        var passes = Channel.CreateUnbounded<int>();
        var settings = new Dictionary<string, string?>(Target.Settings) { ["Storage:QuestionLogDays"] = "30", ["Storage:FeedbackDays"] = "40" };
        await using var services = StorageServices.Build(settings, configure: s => s.AddSingleton<TimeProvider>(time));
        var log = services.GetRequiredService<IQuestionLog>();
        await log.AppendAsync(new QuestionLogEntry("telegram", "c", "u", "45 days old", "en", true, [], T0.AddDays(-45)));
        await log.AppendAsync(new QuestionLogEntry("telegram", "c", "u", "29 days old", "en", false, [], T0.AddDays(-29)));
        await log.AppendAsync(new QuestionLogEntry("telegram", "c", "u", "today", "en", true, [], T0));
        var feedback = services.GetRequiredService<IFeedbackStore>();
        await feedback.RecordAsync(new FeedbackEntry("a-old", "telegram", "c", "u", FeedbackVote.Up, "q", "a", [], T0.AddDays(-41)));
        await feedback.RecordAsync(new FeedbackEntry("a-new", "telegram", "c", "u", FeedbackVote.Down, "q", "a", [], T0.AddDays(-1)));
        var counting = new CountingLog(log, passes.Writer);
        var service = new StorageRetentionService(counting, feedback, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>(), time,
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<StorageRetentionService>>());
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await service.StartAsync(CancellationToken.None);
        time.Advance(StorageRetentionService.FirstPassDelay);
        (await passes.Reader.ReadAsync(safety.Token)).ShouldBe(1);
        (await log.ListAsync(DateTimeOffset.MinValue)).Select(q => q.Question).ShouldBe(["29 days old", "today"]);

        // 30 hourly passes (at least 30 hours): the 29-day-old question passes 30 days and goes; today's stays.
        var deleted = 0;
        for (var hour = 0; hour < 30; hour++)
        {
            var started = counting.Started;
            var pass = passes.Reader.ReadAsync(safety.Token).AsTask();
            while (!pass.IsCompleted)
            {
                // The next delay is armed just after a pass: an advance made before that is lost, so advance until the
                // pass starts (never during it, so time moves about an hour per pass however slow the machine).
                if (counting.Started == started)
                {
                    time.Advance(StorageRetentionService.Interval);
                }

                await Task.WhenAny(pass, Task.Delay(5, safety.Token));
            }

            deleted += await pass;
        }

        await service.StopAsync(CancellationToken.None);
        deleted.ShouldBe(1);
        (await log.ListAsync(DateTimeOffset.MinValue)).Select(q => q.Question).ShouldBe(["today"]);
        (await feedback.ListAsync(DateTimeOffset.MinValue)).Select(v => v.AnswerId).ShouldBe(["a-new"]);
    }

    private async Task<RunningHost> StartHostAsync()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Path.GetTempPath() });
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        // Configuration arrives after registration, as in the host tests: the provider is read when first used.
        builder.Configuration.AddInMemoryCollection(Target.Settings);
        var host = builder.Build();
        await host.StartAsync();
        return new RunningHost(host);
    }

    private async Task<List<long>> AppliedVersionsAsync()
    {
        await using var connection = await Target.OpenRawAsync();
        await using var select = connection.Command("SELECT version FROM schema_version ORDER BY version");
        await using var reader = await select.ExecuteReaderAsync();
        var versions = new List<long>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await Target.OpenRawAsync();
        await using var count = connection.Command($"SELECT COUNT(*) FROM {table}");
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows as the first released program wrote them, straight into the version 1 tables.</summary>
    private static async Task WriteAsVersion1ProgramAsync(DbConnection connection)
    {
        string[] statements =
        [
            "INSERT INTO processed_updates (platform, update_id, at_ticks) VALUES ('telegram', '77', @at)",
            "INSERT INTO cursors (platform, cursor, updated_ticks) VALUES ('telegram', '78', @at)",
            """
            INSERT INTO answers (platform, chat_id, bot_message_id, answer_id, question, answer_text, language, source_files, at_ticks)
            VALUES ('telegram', '-100', '500', 'a-1', 'Sora ra mắt khi nào?', 'Tháng 2 năm 2024.', 'vi', '["models/sora.vi.md"]', @at)
            """,
            """
            INSERT INTO feedback (answer_id, platform, user_id, chat_id, vote, question, answer_text, source_files, at_ticks)
            VALUES ('a-1', 'telegram', 'u-1', '-100', -1, 'Sora ra mắt khi nào?', 'Tháng 2 năm 2024.', '["models/sora.vi.md"]', @at)
            """,
            """
            INSERT INTO question_log (platform, chat_id, user_id, question, language, answered, top_sources, at_ticks)
            VALUES ('telegram', '-100', 'u-1', 'Sora ra mắt khi nào?', 'vi', 1, '["models/sora.vi.md","labs/openai.vi.md"]', @at)
            """,
            """
            INSERT INTO channel_settings (platform, chat_id, enabled, mode, language, cooldown_seconds, updated_by, updated_ticks)
            VALUES ('telegram', '-100', 0, 'Commands', 'vi', 30, 'telegram:1', @at)
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = connection.Command(sql).With("@at", T0);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A started host; disposing stops it and releases the database.</summary>
    private sealed class RunningHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }

    /// <summary>Passes each prune through and reports how many rows it deleted.</summary>
    private sealed class CountingLog(IQuestionLog inner, ChannelWriter<int> passes) : IQuestionLog
    {
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public ValueTask AppendAsync(QuestionLogEntry entry, CancellationToken cancellationToken = default) => inner.AppendAsync(entry, cancellationToken);

        public ValueTask<IReadOnlyList<QuestionLogEntry>> ListAsync(DateTimeOffset since, string? platform = null, string? chatId = null, CancellationToken cancellationToken = default) =>
            inner.ListAsync(since, platform, chatId, cancellationToken);

        public async ValueTask<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _started);
            var deleted = await inner.PruneAsync(before, cancellationToken);
            await passes.WriteAsync(deleted, cancellationToken);
            return deleted;
        }
    }
}

public sealed class SqlitePersistentStorageTests : PersistentStorageTests
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

[RequiresPostgres]
public sealed class PostgresPersistentStorageTests : PersistentStorageTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;

    [StorageFact]
    public async Task A_wrong_password_is_logged_as_a_failure_to_open_without_the_password_and_nothing_falls_back_to_memory()
    {
        const string WrongPassword = "wrong-Passw0rd-never-logged";
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.RequireConnectionString()) { Password = WrongPassword }.ToString();
        var logs = new CapturingLoggerProvider();
        await using var services = StorageServices.Build(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
        }, logs);

        await Should.ThrowAsync<StorageUnavailableException>(
            () => services.GetRequiredService<IModeratorStore>().AddAsync(new ModeratorEntry("discord:1", "discord:2", DateTimeOffset.UnixEpoch)).AsTask());

        services.GetRequiredService<StorageDatabase>().IsAvailable.ShouldBeFalse();
        logs.Lines.ShouldContain(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Text.Contains("password authentication failed", StringComparison.Ordinal));
        logs.Lines.ShouldNotContain(l => l.Text.Contains(WrongPassword, StringComparison.Ordinal));
    }
}
