using System.Data.Common;
using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>Answers as sent, by chat message and by answer id; bounded to the newest <see cref="StorageLimits.AnswersKept"/>.</summary>
internal sealed class SqlAnswerStore(StorageDatabase database, StorageLimits limits) : IAnswerStore
{
    private const string Columns = "platform, chat_id, bot_message_id, answer_id, question, answer_text, language, source_files, at_ticks";
    private long _saved;

    public ValueTask SaveAsync(StoredAnswer answer, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => SaveOnceAsync(answer, token), cancellationToken);

    private async ValueTask SaveOnceAsync(StoredAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.Command($"""
            INSERT INTO answers ({Columns})
            VALUES (@platform, @chat, @message, @answer, @question, @text, @language, @sources, @at)
            ON CONFLICT (platform, chat_id, bot_message_id) DO UPDATE SET
                answer_id = excluded.answer_id, question = excluded.question, answer_text = excluded.answer_text,
                language = excluded.language, source_files = excluded.source_files, at_ticks = excluded.at_ticks
            """)
            .With("@platform", answer.Platform).With("@chat", answer.ChatId).With("@message", answer.BotMessageId)
            .With("@answer", answer.AnswerId).With("@question", answer.Question).With("@text", answer.AnswerText)
            .With("@language", answer.Language).With("@sources", Sql.ToJson(answer.SourceFiles)).With("@at", answer.At);
        await upsert.ExecuteNonQueryAsync(cancellationToken);

        if (Interlocked.Increment(ref _saved) % limits.TrimEvery == 0)
        {
            await using var trim = connection.Command("DELETE FROM answers WHERE id <= (SELECT MAX(id) FROM answers) - @keep")
                .With("@keep", (long)limits.AnswersKept);
            await trim.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public ValueTask<StoredAnswer?> FindByMessageAsync(string platform, string chatId, string botMessageId, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => FindByMessageOnceAsync(platform, chatId, botMessageId, token), cancellationToken);

    private async ValueTask<StoredAnswer?> FindByMessageOnceAsync(string platform, string chatId, string botMessageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"""
            SELECT {Columns} FROM answers WHERE platform = @platform AND chat_id = @chat AND bot_message_id = @message
            """).With("@platform", platform).With("@chat", chatId).With("@message", botMessageId);
        return await ReadOneAsync(select, cancellationToken);
    }

    public ValueTask<StoredAnswer?> FindByAnswerIdAsync(string answerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => FindByAnswerIdOnceAsync(answerId, token), cancellationToken);

    private async ValueTask<StoredAnswer?> FindByAnswerIdOnceAsync(string answerId, CancellationToken cancellationToken)
    {
        // One reply may be sent as several messages with one answer id: the latest saved wins, as in memory.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"""
            SELECT {Columns} FROM answers WHERE answer_id = @answer ORDER BY id DESC LIMIT 1
            """).With("@answer", answerId);
        return await ReadOneAsync(select, cancellationToken);
    }

    public ValueTask MoveChatAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => MoveChatOnceAsync(platform, oldChatId, newChatId, token), cancellationToken);

    private async ValueTask MoveChatOnceAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken)
    {
        if (oldChatId == newChatId)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A message id already stored under the new chat is replaced by the moved one, as in memory.
        await using (var clear = connection.Command("""
            DELETE FROM answers WHERE platform = @platform AND chat_id = @new AND bot_message_id IN
                (SELECT bot_message_id FROM answers WHERE platform = @platform AND chat_id = @old)
            """, transaction).With("@platform", platform).With("@old", oldChatId).With("@new", newChatId))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var move = connection.Command(
            "UPDATE answers SET chat_id = @new WHERE platform = @platform AND chat_id = @old", transaction)
            .With("@platform", platform).With("@old", oldChatId).With("@new", newChatId))
        {
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<StoredAnswer?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredAnswer(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.GetString(5), reader.GetString(6), Sql.FromJson(reader.GetString(7)), Sql.ToTime(reader.GetInt64(8)));
    }
}
