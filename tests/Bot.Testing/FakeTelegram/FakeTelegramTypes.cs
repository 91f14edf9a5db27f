using System.Text.Json.Nodes;

namespace Bot.Testing.FakeTelegram;

/// <summary>One call the fake received: the method as sent, its parameters as JSON, and what it answered.</summary>
public sealed record FakeTelegramRequest(string Method, string Token, JsonObject Body, int Status, DateTimeOffset At, JsonNode? Result = null)
{
    /// <summary>The id of the message a successful sendMessage created.</summary>
    public int? SentMessageId => Result?["message_id"]?.GetValue<int>();

    public bool Is(string method) => Method.Equals(method, StringComparison.OrdinalIgnoreCase);

    public long? ChatId => Body["chat_id"] is JsonValue v && long.TryParse(v.ToString(), out var id) ? id : null;

    public string? Text => Body["text"]?.ToString();

    public string? ParseMode => Body["parse_mode"]?.ToString();

    public bool Succeeded => Status == 200;
}

/// <summary>An error the fake is scripted to answer with.</summary>
public sealed record FakeTelegramFailure(int ErrorCode, string Description, int? RetryAfter = null, long? MigrateToChatId = null)
{
    public static FakeTelegramFailure TooManyRequests(int retryAfterSeconds) =>
        new(429, $"Too Many Requests: retry after {retryAfterSeconds}", RetryAfter: retryAfterSeconds);

    public static FakeTelegramFailure ServerError() => new(500, "Internal Server Error");

    public static FakeTelegramFailure BadGateway() => new(502, "Bad Gateway");

    public static FakeTelegramFailure Unauthorized() => new(401, "Unauthorized");

    public static FakeTelegramFailure Forbidden() => new(403, "Forbidden: bot was blocked by the user");

    public static FakeTelegramFailure BadFormatting() =>
        new(400, "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0");

    public static FakeTelegramFailure Conflict() =>
        new(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
}

public enum FakeChatType
{
    Private,
    Group,
    Supergroup,
}

/// <summary>A chat the fake knows. Private chats have the user's id.</summary>
public sealed class FakeChat(long id, FakeChatType type, string? title = null, bool isForum = false)
{
    public long Id { get; } = id;

    public FakeChatType Type { get; } = type;

    public string? Title { get; } = title;

    public bool IsForum { get; } = isForum;

    /// <summary>An admin bot sees every group message, privacy mode or not.</summary>
    public bool BotIsAdmin { get; set; }

    /// <summary>User ids that are administrators (the first one is the creator).</summary>
    public List<long> Admins { get; } = [];

    internal JsonObject ToJson()
    {
        var chat = new JsonObject
        {
            ["id"] = Id,
            ["type"] = Type switch { FakeChatType.Private => "private", FakeChatType.Group => "group", _ => "supergroup" },
        };
        if (Type == FakeChatType.Private)
        {
            chat["first_name"] = "User" + Id;
        }
        else
        {
            chat["title"] = Title ?? "Group " + Id;
        }

        if (IsForum)
        {
            chat["is_forum"] = true;
        }

        return chat;
    }
}

/// <summary>A person writing to the bot.</summary>
public sealed record FakeUser(long Id, string FirstName = "Lan", string? LanguageCode = "en", string? Username = null, bool IsBot = false)
{
    internal JsonObject ToJson()
    {
        var user = new JsonObject { ["id"] = Id, ["is_bot"] = IsBot, ["first_name"] = FirstName };
        if (Username is not null)
        {
            user["username"] = Username;
        }

        if (LanguageCode is not null)
        {
            user["language_code"] = LanguageCode;
        }

        return user;
    }
}
