using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Testing.FakeTelegram;

/// <summary>
/// A fake Telegram Bot API on 127.0.0.1 (port 0) for the real Telegram.Bot client: <c>/bot{token}/{method}</c> with
/// JSON, form, query or empty bodies (with a length or chunked). It keeps chats, messages and a queue of updates,
/// long-polls <c>getUpdates</c>, validates what the bot sends (HTML, length, replies, threads), simulates privacy
/// mode, records every request, and can be scripted to answer 429, 5xx, 401, 403, 409 or a formatting error.
/// </summary>
public sealed partial class FakeTelegramServer : IAsyncDisposable
{
    public const string DefaultToken = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl";

    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly List<FakeTelegramRequest> _requests = [];
    private readonly List<JsonObject> _updates = [];
    private readonly Dictionary<long, FakeChat> _chats = [];
    private readonly Dictionary<(long Chat, int Id), JsonObject> _messages = [];
    private readonly Dictionary<string, Queue<(FakeTelegramFailure Failure, long? ChatId)>> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<long> _blocked = [];
    private readonly Dictionary<long, long> _migrated = [];
    private readonly HashSet<string> _openCallbacks = [];
    private readonly Dictionary<string, JsonArray> _commands = [];
    private TaskCompletionSource _recorded = NewSignal();
    private TaskCompletionSource _updateArrived = NewSignal();
    private CancellationTokenSource? _activePoll;
    private long _nextUpdateId = 1000;
    private int _nextMessageId = 1;
    private int _nextCallbackId = 1;
    private string _validToken;

    private FakeTelegramServer(WebApplication app, string token, long botId, string botUsername)
    {
        _app = app;
        _validToken = token;
        Token = token;
        BotId = botId;
        BotUsername = botUsername;
        Bot = new FakeUser(botId, "AI Race Bot", null, botUsername, IsBot: true);
    }

    /// <summary>Scheme, host and port: what <c>Telegram:BaseUrl</c> is set to.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public string Token { get; }

    public long BotId { get; }

    public string BotUsername { get; }

    public FakeUser Bot { get; }

    /// <summary>Privacy mode off (BotFather /setprivacy Disable): the bot sees every group message.</summary>
    public bool CanReadAllGroupMessages { get; set; }

    public string? WebhookUrl { get; private set; }

    public string? WebhookSecret { get; private set; }

    public static async Task<FakeTelegramServer> StartAsync(string token = DefaultToken, long botId = 777000, string botUsername = "AiRaceBot")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeTelegramServer(app, token, botId, botUsername);
        app.Map("/bot{token}/{method}", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    public IReadOnlyList<FakeTelegramRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Forgets the requests and messages recorded so far (chats stay): long runs measure the bot, not the fake.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _requests.Clear();
            _messages.Clear();
        }
    }

    public IReadOnlyList<FakeTelegramRequest> RequestsFor(string method) => [.. Requests.Where(r => r.Is(method))];

    /// <summary>Messages the bot sent successfully to a chat, in order.</summary>
    public IReadOnlyList<FakeTelegramRequest> SentTo(long chatId) =>
        [.. Requests.Where(r => r.Is("sendMessage") && r.Succeeded && r.ChatId == chatId)];

    public IReadOnlyDictionary<string, JsonArray> Commands
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, JsonArray>(_commands);
            }
        }
    }

    // ---------------------------------------------------------------- chats and updates

    public FakeChat AddChat(long id, FakeChatType type, string? title = null, bool isForum = false)
    {
        lock (_gate)
        {
            if (!_chats.TryGetValue(id, out var chat))
            {
                chat = new FakeChat(id, type, title, isForum);
                _chats[id] = chat;
            }

            return chat;
        }
    }

    /// <summary>A user writes to the bot in a private chat. Returns the update id.</summary>
    public long SendPrivate(FakeUser user, string text, int? replyToMessageId = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var chat = AddChat(user.Id, FakeChatType.Private);
        return UserSays(chat, user, text, replyToMessageId)!.Value;
    }

    /// <summary>
    /// A user writes in a chat. Returns the update id, or null when privacy mode keeps the message from the bot
    /// (as Telegram does: in groups only commands, replies to the bot and everything for admin bots or privacy off).
    /// </summary>
    public long? UserSays(FakeChat chat, FakeUser user, string text, int? replyToMessageId = null, int? threadId = null) =>
        Post(chat, user, text, replyToMessageId, threadId)?.UpdateId;

    /// <summary>As <see cref="UserSays"/>, also returning the new message's id (null when privacy mode withholds it).</summary>
    public (long UpdateId, int MessageId)? Post(FakeChat chat, FakeUser user, string text, int? replyToMessageId = null, int? threadId = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            var message = NewMessageLocked(chat, user.ToJson(), text);
            var entities = Entities(text);
            if (entities.Count > 0)
            {
                message["entities"] = entities;
            }

            JsonObject? repliedTo = null;
            if (replyToMessageId is { } replyId && _messages.TryGetValue((chat.Id, replyId), out var original))
            {
                repliedTo = (JsonObject)original.DeepClone();
                repliedTo.Remove("reply_to_message");
                message["reply_to_message"] = repliedTo;
            }

            if (threadId is { } thread && chat.IsForum)
            {
                message["message_thread_id"] = thread;
                message["is_topic_message"] = true;
            }

            if (chat.Type != FakeChatType.Private && !CanReadAllGroupMessages && !chat.BotIsAdmin)
            {
                var toBot = repliedTo?["from"]?["id"]?.GetValue<long>() == BotId;
                var command = text.StartsWith('/') && (!text.Split(' ', 2)[0].Contains('@', StringComparison.Ordinal)
                    || text.Split(' ', 2)[0].EndsWith("@" + BotUsername, StringComparison.OrdinalIgnoreCase));
                if (!toBot && !command)
                {
                    return null;
                }
            }

            return (EnqueueLocked(new JsonObject { ["message"] = message }), message["message_id"]!.GetValue<int>());
        }
    }

    /// <summary>A user presses an inline button under a bot message. Returns the callback query id.</summary>
    public string PressButton(FakeChat chat, FakeUser user, int botMessageId, string data)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(user);
        lock (_gate)
        {
            var id = (_nextCallbackId++).ToString(CultureInfo.InvariantCulture);
            _openCallbacks.Add(id);
            var message = _messages.TryGetValue((chat.Id, botMessageId), out var m) ? (JsonObject)m.DeepClone() : throw new InvalidOperationException("no such message");
            EnqueueLocked(new JsonObject
            {
                ["callback_query"] = new JsonObject
                {
                    ["id"] = id,
                    ["from"] = user.ToJson(),
                    ["message"] = message,
                    ["chat_instance"] = "ci" + chat.Id,
                    ["data"] = data,
                },
            });
            return id;
        }
    }

    /// <summary>A group becomes a supergroup: a service message in the old chat, and sends to the old id get a 400 naming the new one.</summary>
    public FakeChat MigrateToSupergroup(FakeChat group, long newChatId)
    {
        ArgumentNullException.ThrowIfNull(group);
        var supergroup = AddChat(newChatId, FakeChatType.Supergroup, group.Title);
        lock (_gate)
        {
            _migrated[group.Id] = newChatId;
            var message = NewMessageLocked(group, Bot.ToJson(), null);
            message["from"] = new FakeUser(1, "Telegram").ToJson();
            message["migrate_to_chat_id"] = newChatId;
            EnqueueLocked(new JsonObject { ["message"] = message });
        }

        return supergroup;
    }

    /// <summary>Adds a raw update (an update_id is assigned). Returns the id.</summary>
    public long Inject(JsonObject update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            return EnqueueLocked(update);
        }
    }

    /// <summary>Updates not yet confirmed by a getUpdates offset.</summary>
    public int PendingUpdateCount
    {
        get
        {
            lock (_gate)
            {
                return _updates.Count;
            }
        }
    }

    // ---------------------------------------------------------------- scripting

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> (to <paramref name="chatId"/> if given) fail.</summary>
    public void FailNext(string method, FakeTelegramFailure failure, int times = 1, long? chatId = null)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(method, out var queue))
            {
                queue = new Queue<(FakeTelegramFailure, long?)>();
                _failures[method] = queue;
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue((failure, chatId));
            }
        }
    }

    /// <summary>The user blocked the bot (or removed it from the group): every send to the chat answers 403.</summary>
    public void BlockChat(long chatId)
    {
        lock (_gate)
        {
            _blocked.Add(chatId);
        }
    }

    /// <summary>The token was revoked in BotFather: every call answers 401 from now on.</summary>
    public void RevokeToken()
    {
        lock (_gate)
        {
            _validToken = "revoked";
        }
    }

    // ---------------------------------------------------------------- waiting

    /// <summary>Waits until at least <paramref name="count"/> recorded requests match; throws with a summary on timeout.</summary>
    public async Task<IReadOnlyList<FakeTelegramRequest>> WaitForAsync(Func<FakeTelegramRequest, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = DateTime.UtcNow + (timeout ?? TestBounds.Wait);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                var hits = _requests.Where(match).ToList();
                if (hits.Count >= count)
                {
                    return hits;
                }

                signal = _recorded.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {count} matching requests; recorded: {Summary()}");
            }

            try
            {
                await signal.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Loop once more to report what was recorded.
            }
        }
    }

    /// <summary>Waits for <paramref name="count"/> successful sendMessage calls to a chat.</summary>
    public Task<IReadOnlyList<FakeTelegramRequest>> WaitForMessagesAsync(long chatId, int count = 1, TimeSpan? timeout = null) =>
        WaitForAsync(r => r.Is("sendMessage") && r.Succeeded && r.ChatId == chatId, count, timeout);

    public string Summary()
    {
        lock (_gate)
        {
            return string.Join(", ", _requests.GroupBy(r => (r.Method, r.Status)).Select(g => $"{g.Key.Method}:{g.Key.Status}x{g.Count()}"));
        }
    }

    // ---------------------------------------------------------------- webhook

    /// <summary>Posts the pending updates to the registered webhook with the secret header, as Telegram does; returns each status.</summary>
    public async Task<IReadOnlyList<HttpStatusCode>> DeliverToWebhookAsync(string? secretOverride = null)
    {
        string url;
        string? secret;
        List<JsonObject> pending;
        lock (_gate)
        {
            url = WebhookUrl ?? throw new InvalidOperationException("No webhook is set.");
            secret = secretOverride ?? WebhookSecret;
            pending = [.. _updates];
        }

        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var update in pending)
        {
            using var content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            if (secret is not null)
            {
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            }

            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                lock (_gate)
                {
                    _updates.Remove(update);
                }
            }
        }

        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _activePoll?.Cancel();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ---------------------------------------------------------------- the API

    private async Task HandleAsync(HttpContext context)
    {
        var token = (string)context.Request.RouteValues["token"]!;
        var method = (string)context.Request.RouteValues["method"]!;
        var body = await ReadParametersAsync(context.Request);
        int status;
        JsonNode? result;
        FakeTelegramFailure? failure;
        lock (_gate)
        {
            failure = token != _validToken ? FakeTelegramFailure.Unauthorized() : TakeFailureLocked(method, body);
        }

        if (failure is not null)
        {
            (status, result) = (failure.ErrorCode, null);
        }
        else
        {
            try
            {
                (status, result, failure) = method.ToLowerInvariant() switch
                {
                    "getupdates" => await GetUpdatesAsync(body, context.RequestAborted),
                    _ => Dispatch(method.ToLowerInvariant(), body),
                };
            }
            catch (OperationCanceledException)
            {
                status = 499;
                result = null;
                failure = new FakeTelegramFailure(499, "client went away");
            }

            status = failure?.ErrorCode ?? status;
        }

        lock (_gate)
        {
            _requests.Add(new FakeTelegramRequest(method, token, body, status, DateTimeOffset.UtcNow, result?.DeepClone()));
            var recorded = _recorded;
            _recorded = NewSignal();
            recorded.TrySetResult();
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var envelope = failure is null
            ? new JsonObject { ["ok"] = true, ["result"] = result }
            : ErrorEnvelope(failure);
        await context.Response.WriteAsync(envelope.ToJsonString());
    }

    private (int, JsonNode?, FakeTelegramFailure?) Dispatch(string method, JsonObject body)
    {
        lock (_gate)
        {
            return method switch
            {
                "getme" => Ok(Me()),
                "sendmessage" => SendMessageLocked(body),
                "editmessagetext" => EditMessageLocked(body),
                "sendchataction" => ChatLocked(body, out _) is { } err ? Fail(err) : Ok(true),
                "answercallbackquery" => AnswerCallbackLocked(body),
                "setmycommands" => SetCommandsLocked(body),
                "deletemycommands" => Ok(true),
                "deletewebhook" => DeleteWebhookLocked(body),
                "setwebhook" => SetWebhookLocked(body),
                "getwebhookinfo" => Ok(new JsonObject { ["url"] = WebhookUrl ?? string.Empty, ["has_custom_certificate"] = false, ["pending_update_count"] = _updates.Count }),
                "getchatmember" => GetChatMemberLocked(body),
                "getchatadministrators" => GetAdministratorsLocked(body),
                "setmessagereaction" => Ok(true),
                "deletemessage" => DeleteMessageLocked(body),
                _ => Fail(new FakeTelegramFailure(404, "Not Found")),
            };
        }
    }

    private async Task<(int, JsonNode?, FakeTelegramFailure?)> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = Long(body, "offset") ?? 0;
        var limit = (int)Math.Clamp(Long(body, "limit") ?? 100, 1, 100);
        var timeout = TimeSpan.FromSeconds(Math.Clamp(Long(body, "timeout") ?? 0, 0, 60));
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        lock (_gate)
        {
            if (WebhookUrl is not null)
            {
                return Fail(new FakeTelegramFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
            }

            // A newer poller terminates the older one, as Telegram does.
            _activePoll?.Cancel();
            _activePoll = poll;
            Confirm(offset);
        }

        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (true)
            {
                Task arrived;
                lock (_gate)
                {
                    var ready = _updates.Where(u => u["update_id"]!.GetValue<long>() >= offset).Take(limit).Select(u => u.DeepClone()).ToArray();
                    if (ready.Length > 0 || DateTime.UtcNow >= deadline)
                    {
                        return Ok(new JsonArray(ready));
                    }

                    arrived = _updateArrived.Task;
                }

                var left = deadline - DateTime.UtcNow;
                try
                {
                    await arrived.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, poll.Token);
                }
                catch (TimeoutException)
                {
                    // Loop: returns [] when nothing came.
                }
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return Fail(FakeTelegramFailure.Conflict());
        }
        finally
        {
            lock (_gate)
            {
                if (_activePoll == poll)
                {
                    _activePoll = null;
                }
            }
        }
    }

    private void Confirm(long offset)
    {
        if (offset > 0)
        {
            _updates.RemoveAll(u => u["update_id"]!.GetValue<long>() < offset);
        }
        else if (offset < 0)
        {
            var keep = (int)Math.Min(-offset, _updates.Count);
            _updates.RemoveRange(0, _updates.Count - keep);
        }
    }

    private (int, JsonNode?, FakeTelegramFailure?) SendMessageLocked(JsonObject body)
    {
        if (ChatLocked(body, out var chat) is { } chatError)
        {
            return Fail(chatError);
        }

        var text = body["text"]?.ToString() ?? string.Empty;
        var plain = text;
        if (string.Equals(body["parse_mode"]?.ToString(), "HTML", StringComparison.OrdinalIgnoreCase)
            && FakeTelegramHtml.Parse(text, out plain) is { } htmlError)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: can't parse entities: " + htmlError));
        }

        if (plain.Trim().Length == 0)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: message text is empty"));
        }

        if (plain.Length > 4096)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: message is too long"));
        }

        if (body["reply_parameters"] is JsonObject reply
            && Long(reply, "message_id") is { } replyId
            && !_messages.ContainsKey((chat!.Id, (int)replyId))
            && reply["allow_sending_without_reply"]?.GetValue<bool>() != true)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: message to be replied not found"));
        }

        var thread = Long(body, "message_thread_id");
        if (thread is not null && !chat!.IsForum)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: message thread not found"));
        }

        var message = NewMessageLocked(chat!, Bot.ToJson(), plain);
        if (thread is { } t)
        {
            message["message_thread_id"] = t;
            message["is_topic_message"] = true;
        }

        if (body["reply_markup"] is JsonObject markup)
        {
            message["reply_markup"] = markup.DeepClone();
        }

        return Ok(message.DeepClone());
    }

    private (int, JsonNode?, FakeTelegramFailure?) EditMessageLocked(JsonObject body)
    {
        if (ChatLocked(body, out var chat) is { } chatError)
        {
            return Fail(chatError);
        }

        var id = (int)(Long(body, "message_id") ?? 0);
        if (!_messages.TryGetValue((chat!.Id, id), out var message))
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: message to edit not found"));
        }

        var text = body["text"]?.ToString() ?? string.Empty;
        var plain = text;
        if (string.Equals(body["parse_mode"]?.ToString(), "HTML", StringComparison.OrdinalIgnoreCase)
            && FakeTelegramHtml.Parse(text, out plain) is { } htmlError)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: can't parse entities: " + htmlError));
        }

        if (message["text"]?.ToString() == plain)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: message is not modified"));
        }

        message["text"] = plain;
        return Ok(message.DeepClone());
    }

    private (int, JsonNode?, FakeTelegramFailure?) AnswerCallbackLocked(JsonObject body)
    {
        var id = body["callback_query_id"]?.ToString() ?? string.Empty;
        if (!_openCallbacks.Remove(id))
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"));
        }

        if ((body["text"]?.ToString()?.Length ?? 0) > 200)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: text is too long"));
        }

        return Ok(true);
    }

    private (int, JsonNode?, FakeTelegramFailure?) SetCommandsLocked(JsonObject body)
    {
        if (body["commands"] is not JsonArray commands || commands.Count is 0 or > 100)
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: commands must be a non-empty list of at most 100"));
        }

        foreach (var command in commands)
        {
            var name = command?["command"]?.ToString() ?? string.Empty;
            var description = command?["description"]?.ToString() ?? string.Empty;
            if (!CommandName().IsMatch(name) || description.Length is 0 or > 256)
            {
                return Fail(new FakeTelegramFailure(400, "Bad Request: BOT_COMMAND_INVALID"));
            }
        }

        var scope = body["scope"]?["type"]?.ToString() ?? "default";
        var language = body["language_code"]?.ToString() ?? string.Empty;
        _commands[scope + "/" + language] = (JsonArray)commands.DeepClone();
        return Ok(true);
    }

    private (int, JsonNode?, FakeTelegramFailure?) SetWebhookLocked(JsonObject body)
    {
        var url = body["url"]?.ToString() ?? string.Empty;
        var secret = body["secret_token"]?.ToString();
        if (secret is not null && !SecretToken().IsMatch(secret))
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: secret token contains unallowed characters"));
        }

        if (url.Length == 0)
        {
            WebhookUrl = null;
            WebhookSecret = null;
            return Ok(true);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return Fail(new FakeTelegramFailure(400, "Bad Request: bad webhook: invalid URL"));
        }

        WebhookUrl = url;
        WebhookSecret = secret;
        _activePoll?.Cancel();
        return Ok(true);
    }

    private (int, JsonNode?, FakeTelegramFailure?) DeleteWebhookLocked(JsonObject body)
    {
        WebhookUrl = null;
        WebhookSecret = null;
        if (body["drop_pending_updates"]?.GetValue<bool>() == true)
        {
            _updates.Clear();
        }

        return Ok(true);
    }

    private (int, JsonNode?, FakeTelegramFailure?) DeleteMessageLocked(JsonObject body)
    {
        if (ChatLocked(body, out var chat) is { } chatError)
        {
            return Fail(chatError);
        }

        var messageId = (int)(Long(body, "message_id") ?? 0);
        return _messages.Remove((chat!.Id, messageId))
            ? Ok(true)
            : Fail(new FakeTelegramFailure(400, "Bad Request: message to delete not found"));
    }

    private (int, JsonNode?, FakeTelegramFailure?) GetChatMemberLocked(JsonObject body)
    {
        if (ChatLocked(body, out var chat) is { } chatError)
        {
            return Fail(chatError);
        }

        var userId = Long(body, "user_id") ?? 0;
        return Ok(Member(chat!, userId));
    }

    private (int, JsonNode?, FakeTelegramFailure?) GetAdministratorsLocked(JsonObject body)
    {
        if (ChatLocked(body, out var chat) is { } chatError)
        {
            return Fail(chatError);
        }

        return Ok(new JsonArray([.. chat!.Admins.Select(id => (JsonNode)Member(chat, id))]));
    }

    private static JsonObject Member(FakeChat chat, long userId)
    {
        var status = userId == (chat.Type == FakeChatType.Private ? chat.Id : chat.Admins.FirstOrDefault()) ? "creator"
            : chat.Admins.Contains(userId) ? "administrator"
            : "member";
        var member = new JsonObject { ["status"] = status, ["user"] = new FakeUser(userId, "User" + userId).ToJson() };
        if (status == "administrator")
        {
            member["can_be_edited"] = false;
            member["is_anonymous"] = false;
            member["can_manage_chat"] = true;
            member["can_delete_messages"] = true;
            member["can_manage_video_chats"] = true;
            member["can_restrict_members"] = true;
            member["can_promote_members"] = false;
            member["can_change_info"] = true;
            member["can_invite_users"] = true;
            member["can_post_stories"] = false;
            member["can_edit_stories"] = false;
            member["can_delete_stories"] = false;
        }
        else if (status == "creator")
        {
            member["is_anonymous"] = false;
        }

        return member;
    }

    /// <summary>Finds the chat of a call, or the error Telegram gives (not found, migrated, blocked).</summary>
    private FakeTelegramFailure? ChatLocked(JsonObject body, out FakeChat? chat)
    {
        chat = null;
        var id = Long(body, "chat_id");
        if (id is null)
        {
            return new FakeTelegramFailure(400, "Bad Request: chat_id is empty");
        }

        if (_migrated.TryGetValue(id.Value, out var newId))
        {
            return new FakeTelegramFailure(400, "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatId: newId);
        }

        if (_blocked.Contains(id.Value))
        {
            return FakeTelegramFailure.Forbidden();
        }

        if (!_chats.TryGetValue(id.Value, out chat))
        {
            return new FakeTelegramFailure(400, "Bad Request: chat not found");
        }

        return null;
    }

    private FakeTelegramFailure? TakeFailureLocked(string method, JsonObject body)
    {
        if (!_failures.TryGetValue(method, out var queue) || queue.Count == 0)
        {
            return null;
        }

        var (failure, chatId) = queue.Peek();
        if (chatId is not null && Long(body, "chat_id") != chatId)
        {
            return null;
        }

        queue.Dequeue();
        return failure;
    }

    private JsonObject Me() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = Bot.FirstName,
        ["username"] = BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = CanReadAllGroupMessages,
        ["supports_inline_queries"] = false,
    };

    private JsonObject NewMessageLocked(FakeChat chat, JsonObject from, string? text)
    {
        var id = _nextMessageId++;
        var message = new JsonObject
        {
            ["message_id"] = id,
            ["from"] = from,
            ["chat"] = chat.ToJson(),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        if (text is not null)
        {
            message["text"] = text;
        }

        _messages[(chat.Id, id)] = message;
        return message;
    }

    private long EnqueueLocked(JsonObject update)
    {
        var id = _nextUpdateId++;
        update["update_id"] = id;
        _updates.Add(update);
        var arrived = _updateArrived;
        _updateArrived = NewSignal();
        arrived.TrySetResult();
        return id;
    }

    /// <summary>bot_command at the start and @mentions, with offsets in UTF-16 units as Telegram counts.</summary>
    private static JsonArray Entities(string text)
    {
        var entities = new JsonArray();
        if (text.StartsWith('/'))
        {
            var end = text.IndexOfAny([' ', '\n']);
            entities.Add(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = end < 0 ? text.Length : end });
        }

        foreach (Match mention in MentionPattern().Matches(text))
        {
            if (mention.Index > 0 && text[mention.Index - 1] is not (' ' or '\n' or ',' or '(') || IsInsideCommand(text, mention.Index))
            {
                continue;
            }

            entities.Add(new JsonObject { ["type"] = "mention", ["offset"] = mention.Index, ["length"] = mention.Length });
        }

        return entities;
    }

    private static bool IsInsideCommand(string text, int index) =>
        text.StartsWith('/') && index < (text.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? space : text.Length);

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        var result = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            result[key] = ParseValue(value.ToString());
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
            {
                result[key] = ParseValue(value.ToString());
            }

            return result;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        if (!string.IsNullOrWhiteSpace(text) && JsonNode.Parse(text) is JsonObject json)
        {
            foreach (var (key, value) in json.ToList())
            {
                json.Remove(key);
                result[key] = value;
            }
        }

        return result;
    }

    private static JsonNode? ParseValue(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return JsonValue.Create(value);
        }
    }

    private static long? Long(JsonObject body, string name) =>
        body[name] is JsonValue v && long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static JsonObject ErrorEnvelope(FakeTelegramFailure failure)
    {
        var envelope = new JsonObject { ["ok"] = false, ["error_code"] = failure.ErrorCode, ["description"] = failure.Description };
        if (failure.RetryAfter is not null || failure.MigrateToChatId is not null)
        {
            var parameters = new JsonObject();
            if (failure.RetryAfter is { } retry)
            {
                parameters["retry_after"] = retry;
            }

            if (failure.MigrateToChatId is { } migrate)
            {
                parameters["migrate_to_chat_id"] = migrate;
            }

            envelope["parameters"] = parameters;
        }

        return envelope;
    }

    private static (int, JsonNode?, FakeTelegramFailure?) Ok(JsonNode result) => (200, result, null);

    private static (int, JsonNode?, FakeTelegramFailure?) Fail(FakeTelegramFailure failure) => (failure.ErrorCode, null, failure);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GeneratedRegex("@[A-Za-z0-9_]{3,32}")]
    private static partial Regex MentionPattern();

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretToken();
}
