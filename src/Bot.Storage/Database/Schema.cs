using System.Data.Common;

namespace Bot.Storage.Database;

/// <summary>
/// One numbered schema step. <see cref="Sql"/> is a template: <c>{id}</c> and <c>{bytes}</c> become each provider's types;
/// <c>{gap_text}</c> adds the question text and decline reason to an index on SQLite only (so the gap list reads the
/// index alone), because a PostgreSQL b-tree entry is limited to about 2.7 kB and a logged question may be longer.
/// </summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The schema as a list of numbered, idempotent steps (<c>CREATE ... IF NOT EXISTS</c>), applied in order inside one
/// transaction and recorded in <c>schema_version</c>. A newer program upgrades an older database in place; steps only
/// add, so rows survive. Never edit a released step: append a new one.
/// </summary>
internal static class Schema
{
    /// <summary>The steps, oldest first. Times are UTC ticks, booleans 0/1, lists JSON arrays.</summary>
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "core stores: processed updates, cursors, answers, feedback, question log, channel settings", """
            CREATE TABLE IF NOT EXISTS processed_updates (
                id {id},
                platform text NOT NULL,
                update_id text NOT NULL,
                at_ticks bigint NOT NULL,
                UNIQUE (platform, update_id));
            CREATE TABLE IF NOT EXISTS cursors (
                platform text NOT NULL PRIMARY KEY,
                cursor text NOT NULL,
                updated_ticks bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS answers (
                id {id},
                platform text NOT NULL,
                chat_id text NOT NULL,
                bot_message_id text NOT NULL,
                answer_id text NOT NULL,
                question text NOT NULL,
                answer_text text NOT NULL,
                language text NOT NULL,
                source_files text NOT NULL,
                at_ticks bigint NOT NULL,
                UNIQUE (platform, chat_id, bot_message_id));
            CREATE INDEX IF NOT EXISTS ix_answers_answer_id ON answers (answer_id);
            CREATE TABLE IF NOT EXISTS feedback (
                answer_id text NOT NULL,
                platform text NOT NULL,
                user_id text NOT NULL,
                chat_id text NOT NULL,
                vote bigint NOT NULL,
                question text NOT NULL,
                answer_text text NOT NULL,
                source_files text NOT NULL,
                at_ticks bigint NOT NULL,
                PRIMARY KEY (answer_id, platform, user_id));
            CREATE INDEX IF NOT EXISTS ix_feedback_at ON feedback (at_ticks);
            CREATE TABLE IF NOT EXISTS question_log (
                id {id},
                platform text NOT NULL,
                chat_id text NOT NULL,
                user_id text NOT NULL,
                question text NOT NULL,
                language text NOT NULL,
                answered bigint NOT NULL,
                top_sources text NOT NULL,
                at_ticks bigint NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_question_log_at ON question_log (at_ticks);
            CREATE INDEX IF NOT EXISTS ix_question_log_chat ON question_log (platform, chat_id, at_ticks);
            CREATE TABLE IF NOT EXISTS channel_settings (
                platform text NOT NULL,
                chat_id text NOT NULL,
                enabled bigint NOT NULL,
                mode text NOT NULL,
                language text NULL,
                cooldown_seconds bigint NOT NULL,
                updated_by text NULL,
                updated_ticks bigint NULL,
                PRIMARY KEY (platform, chat_id));
            """),
        new(2, "moderators added in chat; embedding cache", """
            CREATE TABLE IF NOT EXISTS moderators (
                tag text NOT NULL PRIMARY KEY,
                added_by text NOT NULL,
                added_ticks bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS embeddings (
                model text NOT NULL,
                content_hash text NOT NULL,
                dimensions bigint NOT NULL,
                vector {bytes} NOT NULL,
                updated_ticks bigint NOT NULL,
                PRIMARY KEY (model, content_hash));
            """),
        new(3, "inbox: received updates and messages until answered, with leases", """
            CREATE TABLE IF NOT EXISTS inbox (
                seq {id},
                platform text NOT NULL,
                item_id text NOT NULL,
                chat_key text NOT NULL,
                payload text NOT NULL,
                received_ticks bigint NOT NULL,
                lease_owner text NULL,
                lease_until_ticks bigint NULL,
                done_ticks bigint NULL,
                UNIQUE (platform, item_id));
            CREATE INDEX IF NOT EXISTS ix_inbox_open ON inbox (platform, done_ticks, seq);
            CREATE INDEX IF NOT EXISTS ix_inbox_chat ON inbox (platform, chat_key, seq);
            """),
        new(4, "dashboard: question scope and decline reason; sign-in links, cookie keys, handled gap groups", """
            ALTER TABLE question_log ADD COLUMN community_id text NULL;
            ALTER TABLE question_log ADD COLUMN is_private bigint NOT NULL DEFAULT 0;
            ALTER TABLE question_log ADD COLUMN decline_reason text NULL;
            UPDATE question_log SET community_id = chat_id WHERE community_id IS NULL;
            CREATE INDEX IF NOT EXISTS ix_question_log_community ON question_log (community_id, at_ticks);
            CREATE INDEX IF NOT EXISTS ix_feedback_chat ON feedback (chat_id, at_ticks);
            CREATE TABLE IF NOT EXISTS dashboard_links (
                token_hash text NOT NULL PRIMARY KEY,
                user_tag text NOT NULL,
                role_tag text NULL,
                guild_id text NULL,
                language text NOT NULL,
                created_ticks bigint NOT NULL,
                expires_ticks bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS dashboard_keys (
                name text NOT NULL PRIMARY KEY,
                xml text NOT NULL,
                created_ticks bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS gap_marks (
                group_key text NOT NULL PRIMARY KEY,
                handled_by text NOT NULL,
                handled_ticks bigint NOT NULL);
            """),
        new(5, "dashboard speed: question-log indexes for counts per day, declined questions and chats per community", """
            CREATE INDEX IF NOT EXISTS ix_question_log_day
                ON question_log ((at_ticks / 864000000000), platform, answered, language, at_ticks);
            CREATE INDEX IF NOT EXISTS ix_question_log_community_day
                ON question_log (community_id, (at_ticks / 864000000000), platform, answered, language, at_ticks);
            CREATE INDEX IF NOT EXISTS ix_question_log_declined ON question_log (at_ticks{gap_text}) WHERE answered = 0;
            CREATE INDEX IF NOT EXISTS ix_question_log_community_declined ON question_log (community_id, at_ticks{gap_text}) WHERE answered = 0;
            CREATE INDEX IF NOT EXISTS ix_question_log_community_chat ON question_log (community_id, chat_id);
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>The step's SQL for one provider.</summary>
    public static string Render(Migration migration, StorageProvider provider) => provider switch
    {
        StorageProvider.Postgres => migration.Sql
            .Replace("{id}", "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", StringComparison.Ordinal)
            .Replace("{bytes}", "bytea", StringComparison.Ordinal)
            .Replace("{gap_text}", "", StringComparison.Ordinal),
        _ => migration.Sql
            .Replace("{id}", "INTEGER PRIMARY KEY", StringComparison.Ordinal)
            .Replace("{bytes}", "blob", StringComparison.Ordinal)
            .Replace("{gap_text}", ", question, decline_reason", StringComparison.Ordinal),
    };

    /// <summary>
    /// Brings the database to <paramref name="targetVersion"/> (default: the latest) and returns the version it was at
    /// before. One transaction: SQLite takes the write lock up front (<c>BEGIN IMMEDIATE</c>), PostgreSQL an advisory
    /// lock, so hosts starting together migrate one after the other and the second finds nothing to do.
    /// </summary>
    public static async Task<int> MigrateAsync(DbConnection connection, StorageProvider provider, TimeProvider time, int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var target = targetVersion ?? LatestVersion;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (provider == StorageProvider.Postgres)
        {
            // Any constant shared by every bot host; held until the transaction ends.
            await using var lockCommand = connection.Command("SELECT pg_advisory_xact_lock(727007001)", transaction);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = connection.Command(
            "CREATE TABLE IF NOT EXISTS schema_version (version bigint NOT NULL PRIMARY KEY, name text NOT NULL, applied_ticks bigint NOT NULL)", transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var before = await CurrentVersionAsync(connection, transaction, cancellationToken);
        foreach (var migration in Migrations.Where(m => m.Version > before && m.Version <= target))
        {
            await using (var step = connection.Command(Render(migration, provider), transaction))
            {
                await step.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var record = connection.Command(
                "INSERT INTO schema_version (version, name, applied_ticks) VALUES (@version, @name, @at)", transaction)
                .With("@version", migration.Version).With("@name", migration.Name).With("@at", time.GetUtcNow());
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return before;
    }

    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
