using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Bot.Testing.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    private async Task HandleRestAsync(HttpContext context)
    {
        var path = context.Request.RouteValues["path"]?.ToString() ?? "";
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var method = context.Request.Method;
        var auth = context.Request.Headers.Authorization.ToString();
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var contentType = context.Request.ContentType;
        Reply reply;
        try
        {
            reply = Process(method, path, auth, userAgent, contentType, body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            reply = Error(400, 50035, "Invalid Form Body: " + ex.Message);
        }

        var recorded = new RecordedRequest(method, path, context.Request.QueryString.Value ?? "", NullIfEmpty(auth), NullIfEmpty(userAgent), contentType, body, reply.Status, DateTimeOffset.UtcNow);
        List<TaskCompletionSource<RecordedRequest>> matched = [];
        lock (_gate)
        {
            _requests.Add(recorded);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(recorded))
                {
                    matched.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var m in matched)
        {
            m.TrySetResult(recorded);
        }

        if (reply.Dispatch is { } dispatch)
        {
            await dispatch();
        }

        SignalChange();
        context.Response.StatusCode = reply.Status;
        foreach (var (k, v) in reply.Headers)
        {
            context.Response.Headers[k] = v;
        }

        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body.ToJsonString());
        }
    }

    private Reply Process(string method, string path, string auth, string userAgent, string? contentType, string body)
    {
        if (!UserAgentPattern().IsMatch(userAgent))
        {
            return Error(400, 0, "A User-Agent of the form 'DiscordBot ($url, $versionNumber)' is required.");
        }

        var tokenRoute = path.StartsWith("webhooks/", StringComparison.Ordinal) || path.StartsWith("interactions/", StringComparison.Ordinal);
        if ((!tokenRoute || auth.Length > 0) && auth != "Bot " + Options.Token)
        {
            return Error(401, 0, "401: Unauthorized");
        }

        JsonNode? json = null;
        if (body.Length > 0)
        {
            if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, 50035, "Invalid Form Body: the body must be JSON with Content-Type application/json.");
            }

            try
            {
                json = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return Error(400, 50109, "The request body contains invalid JSON.");
            }
        }

        var now = DateTimeOffset.UtcNow;
        var bucketKey = BucketKey(method, path);
        lock (_gate)
        {
            var script = _scripts.FirstOrDefault(s => s.Remaining > 0 && path.Contains(s.PathContains, StringComparison.Ordinal));
            if (script is not null)
            {
                script.Remaining--;
                return new Reply(script.Status, script.Body.DeepClone(), new Dictionary<string, string>(script.Headers));
            }
        }

        Dictionary<string, string> rateHeaders = [];
        if (!tokenRoute)
        {
            lock (_gate)
            {
                if (!_buckets.TryGetValue(bucketKey, out var bucket) || now >= bucket.ResetAt)
                {
                    bucket = new Bucket { Remaining = Options.BucketLimit, ResetAt = now + Options.BucketWindow };
                    _buckets[bucketKey] = bucket;
                }

                var resetAfter = Math.Ceiling(Math.Max(0, (bucket.ResetAt - now).TotalSeconds) * 1000) / 1000;
                if (bucket.Remaining <= 0)
                {
                    RateLimitViolations++;
                    var limited = Error(429, 0, "You are being rate limited.");
                    ((JsonObject)limited.Body!)["retry_after"] = Math.Round(resetAfter, 3);
                    ((JsonObject)limited.Body!)["global"] = false;
                    limited.Headers["Retry-After"] = Math.Ceiling(resetAfter).ToString(CultureInfo.InvariantCulture);
                    limited.Headers["X-RateLimit-Scope"] = "user";
                    AddRateHeaders(limited.Headers, bucketKey, bucket, resetAfter);
                    return limited;
                }

                bucket.Remaining--;
                AddRateHeaders(rateHeaders, bucketKey, bucket, resetAfter);
            }
        }

        var reply = Route(method, path, json, now);
        foreach (var (k, v) in rateHeaders)
        {
            reply.Headers[k] = v;
        }

        return reply;
    }

    private Reply Route(string method, string path, JsonNode? json, DateTimeOffset now)
    {
        Match m;
        switch (method)
        {
            case "GET" when path == "gateway":
                return Ok(new JsonObject { ["url"] = $"ws://{BaseUrl.Authority}/gateway" });
            case "GET" when path == "gateway/bot":
                return Ok(new JsonObject
                {
                    ["url"] = $"ws://{BaseUrl.Authority}/gateway",
                    ["shards"] = Options.RecommendedShards,
                    ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 86_400_000, ["max_concurrency"] = Options.MaxConcurrency },
                });
            case "GET" when (m = Regex.Match(path, @"^channels/(\d+)$")).Success:
                return _channels.TryGetValue(m.Groups[1].Value, out var channel) ? Ok(channel.ToJson()) : Error(404, 10003, "Unknown Channel");
            case "POST" when (m = Regex.Match(path, @"^channels/(\d+)/typing$")).Success:
                return !_channels.ContainsKey(m.Groups[1].Value) ? Error(404, 10003, "Unknown Channel") : Denied(m.Groups[1].Value) ?? new Reply(204, null, []);
            case "POST" when (m = Regex.Match(path, @"^channels/(\d+)/messages$")).Success:
                return CreateChannelMessage(m.Groups[1].Value, json as JsonObject);
            case "POST" when (m = Regex.Match(path, @"^channels/(\d+)/messages/(\d+)/threads$")).Success:
                return CreateThread(m.Groups[1].Value, m.Groups[2].Value, json as JsonObject);
            case "PUT" when (m = Regex.Match(path, @"^channels/(\d+)/messages/(\d+)/reactions/[^/]+/@me$")).Success:
                return new Reply(204, null, []);
            case "POST" when (m = Regex.Match(path, @"^interactions/(\d+)/([^/]+)/callback$")).Success:
                return InteractionCallback(m.Groups[1].Value, Uri.UnescapeDataString(m.Groups[2].Value), json as JsonObject);
            case "POST" when (m = Regex.Match(path, @"^webhooks/(\d+)/([^/]+)$")).Success:
                return Webhook(m.Groups[1].Value, Uri.UnescapeDataString(m.Groups[2].Value), null, method, json as JsonObject);
            case "PATCH" or "DELETE" or "GET" when (m = Regex.Match(path, @"^webhooks/(\d+)/([^/]+)/messages/(@original|\d+)$")).Success:
                return Webhook(m.Groups[1].Value, Uri.UnescapeDataString(m.Groups[2].Value), m.Groups[3].Value, method, json as JsonObject);
            case "GET" or "PUT" when (m = Regex.Match(path, @"^applications/(\d+)/commands$")).Success:
                return CommandsRoute(m.Groups[1].Value, null, method, json);
            case "GET" or "PUT" when (m = Regex.Match(path, @"^applications/(\d+)/guilds/(\d+)/commands$")).Success:
                return CommandsRoute(m.Groups[1].Value, m.Groups[2].Value, method, json);
            default:
                return Error(404, 0, "404: Not Found");
        }
    }

    private Reply CreateChannelMessage(string channelId, JsonObject? body)
    {
        if (!_channels.TryGetValue(channelId, out var channel))
        {
            return Error(404, 10003, "Unknown Channel");
        }

        if (Denied(channelId) is { } denied)
        {
            return denied;
        }

        if (body is null)
        {
            return Error(400, 50006, "Cannot send an empty message");
        }

        if (ValidateMessage(body, requireNonEmpty: true) is { } invalid)
        {
            return invalid;
        }

        string? reference = null;
        if (body["message_reference"] is JsonObject r)
        {
            reference = r["message_id"]?.GetValue<string>();
            var failIfMissing = r["fail_if_not_exists"]?.GetValue<bool>() ?? true;
            bool known;
            lock (_gate)
            {
                known = reference is not null && _messages.ContainsKey(reference);
            }

            if (!known)
            {
                if (failIfMissing)
                {
                    return Error(400, 10008, "Unknown Message");
                }

                reference = null;
            }
        }

        var message = new FakeMessage(NextId(), channelId, channel.GuildId, Options.BotUserId, true, body["content"]?.GetValue<string>() ?? "",
            body["embeds"] as JsonArray ?? [], body["components"] as JsonArray ?? [], reference, null, DateTimeOffset.UtcNow);
        JsonObject json;
        lock (_gate)
        {
            _messages[message.Id] = message;
            json = message.ToJson(Options.BotUserId, Options.BotUsername, _messages);
        }

        return new Reply(200, json, [], () => DispatchAsync("MESSAGE_CREATE", (JsonObject)json.DeepClone(), channel.GuildId,
            intents => channel.GuildId is null ? (intents & (1 << 12)) != 0 : (intents & (1 << 9)) != 0, null));
    }

    private Reply CreateThread(string channelId, string messageId, JsonObject? body)
    {
        if (!_channels.TryGetValue(channelId, out var parent))
        {
            return Error(404, 10003, "Unknown Channel");
        }

        var name = body?["name"]?.GetValue<string>();
        if (name is null || name.Length is < 1 or > 100)
        {
            return Error(400, 50035, "name: Must be between 1 and 100 in length.");
        }

        if (_channels.ContainsKey(messageId))
        {
            return Error(400, 160004, "A thread has already been created for this message");
        }

        var thread = new FakeChannel(messageId, 11, parent.GuildId, channelId);
        AddChannel(thread);
        return Ok(thread.ToJson());
    }

    private Reply InteractionCallback(string interactionId, string token, JsonObject? body)
    {
        if (!_interactions.TryGetValue(interactionId, out var interaction) || interaction.Token != token)
        {
            return Error(404, 10062, "Unknown interaction");
        }

        lock (_gate)
        {
            if (interaction.ResponseType is not null)
            {
                return Error(400, 40060, "Interaction has already been acknowledged.");
            }

            if (Options.InteractionClock.GetUtcNow() - interaction.CreatedAt > Options.InteractionResponseWindow)
            {
                return Error(404, 10062, "Unknown interaction");
            }

            var type = body?["type"] is JsonValue tv && tv.TryGetValue<int>(out var t) ? t : -1;
            if (type is not (1 or 4 or 5 or 6 or 7 or 8 or 9))
            {
                return Error(400, 50035, "type: invalid interaction response type");
            }

            var data = body!["data"] as JsonObject;
            if (type is 4 or 7)
            {
                if (data is null)
                {
                    return Error(400, 50006, "Cannot send an empty message");
                }

                if (ValidateMessage(data, requireNonEmpty: true) is { } invalidData)
                {
                    return invalidData;
                }

                interaction.Original = new FakeMessage(NextId(), interaction.ChannelId, null, Options.BotUserId, true, data["content"]?.GetValue<string>() ?? "",
                    data["embeds"] as JsonArray ?? [], data["components"] as JsonArray ?? [], null, token, DateTimeOffset.UtcNow);
            }
            else if (data is not null && ValidateMessage(data, requireNonEmpty: false) is { } invalid)
            {
                return invalid;
            }

            interaction.ResponseType = type;
            interaction.RespondedAt = Options.InteractionClock.GetUtcNow();
        }

        return new Reply(204, null, []);
    }

    private Reply Webhook(string applicationId, string token, string? messageId, string method, JsonObject? body)
    {
        var interaction = _interactions.Values.FirstOrDefault(i => i.Token == token);
        if (applicationId != Options.ApplicationId || interaction is null)
        {
            return Error(404, 10015, "Unknown Webhook");
        }

        lock (_gate)
        {
            if (Options.InteractionClock.GetUtcNow() - interaction.CreatedAt > Options.InteractionTokenLifetime)
            {
                return Error(401, 50027, "Invalid Webhook Token");
            }

            if (interaction.ResponseType is null)
            {
                return Error(404, 10015, "Unknown Webhook");
            }

            if (method == "DELETE")
            {
                if (messageId == "@original")
                {
                    interaction.Original = null;
                }

                return new Reply(204, null, []);
            }

            if (method == "GET")
            {
                return interaction.Original is { } o ? Ok(o.ToJson(Options.BotUserId, Options.BotUsername)) : Error(404, 10008, "Unknown Message");
            }

            if (body is null)
            {
                return Error(400, 50006, "Cannot send an empty message");
            }

            if (ValidateMessage(body, requireNonEmpty: messageId is null) is { } invalid)
            {
                return invalid;
            }

            var content = body["content"]?.GetValue<string>();
            var embeds = body["embeds"] as JsonArray;
            var components = body["components"] as JsonArray;
            if (messageId is null)
            {
                var followup = new FakeMessage(NextId(), interaction.ChannelId, null, Options.BotUserId, true, content ?? "", embeds ?? [], components ?? [], null, token, DateTimeOffset.UtcNow);
                interaction.Followups.Add(followup);
                return Ok(followup.ToJson(Options.BotUserId, Options.BotUsername));
            }

            if (messageId == "@original")
            {
                var before = interaction.Original;
                var edited = new FakeMessage(before?.Id ?? NextId(), interaction.ChannelId, null, Options.BotUserId, true, content ?? before?.Content ?? "",
                    embeds ?? before?.Embeds ?? [], components ?? before?.Components ?? [], null, token, DateTimeOffset.UtcNow);
                if (edited.Content.Length == 0 && edited.Embeds.Count == 0 && edited.Components.Count == 0)
                {
                    return Error(400, 50006, "Cannot send an empty message");
                }

                interaction.Original = edited;
                return Ok(edited.ToJson(Options.BotUserId, Options.BotUsername));
            }

            var index = interaction.Followups.FindIndex(f => f.Id == messageId);
            if (index < 0)
            {
                return Error(404, 10008, "Unknown Message");
            }

            var old = interaction.Followups[index];
            interaction.Followups[index] = old with { Content = content ?? old.Content, Embeds = embeds ?? old.Embeds, Components = components ?? old.Components };
            return Ok(interaction.Followups[index].ToJson(Options.BotUserId, Options.BotUsername));
        }
    }

    private Reply CommandsRoute(string applicationId, string? guildId, string method, JsonNode? json)
    {
        if (applicationId != Options.ApplicationId)
        {
            return Error(403, 50001, "Missing Access");
        }

        var key = guildId ?? "global";
        if (method == "GET")
        {
            lock (_gate)
            {
                return new Reply(200, _commands.TryGetValue(key, out var existing) ? existing.DeepClone() : new JsonArray(), []);
            }
        }

        if (json is not JsonArray commands || commands.Count > 100)
        {
            return Error(400, 50035, "Invalid Form Body: expected an array of at most 100 commands");
        }

        var stored = new JsonArray();
        foreach (var c in commands.OfType<JsonObject>())
        {
            var name = c["name"]?.GetValue<string>() ?? "";
            var description = c["description"]?.GetValue<string>() ?? "";
            if (!CommandNamePattern().IsMatch(name) || name != name.ToLowerInvariant() || description.Length is < 1 or > 100)
            {
                return Error(400, 50035, $"Invalid Form Body: command '{name}'");
            }

            var options = c["options"] as JsonArray ?? [];
            var seenOptional = false;
            if (options.Count > 25)
            {
                return Error(400, 50035, "options: at most 25");
            }

            foreach (var o in options.OfType<JsonObject>())
            {
                var optionName = o["name"]?.GetValue<string>() ?? "";
                var optionDescription = o["description"]?.GetValue<string>() ?? "";
                var type = o["type"]?.GetValue<int>() ?? 0;
                var required = o["required"]?.GetValue<bool>() ?? false;
                if (!CommandNamePattern().IsMatch(optionName) || optionDescription.Length is < 1 or > 100 || type is < 1 or > 11 || (required && seenOptional))
                {
                    return Error(400, 50035, $"Invalid Form Body: option '{optionName}'");
                }

                seenOptional |= !required;
            }

            var copy = (JsonObject)c.DeepClone();
            copy["id"] = NextId();
            copy["application_id"] = Options.ApplicationId;
            copy["version"] = NextId();
            copy["type"] ??= 1;
            if (guildId is not null)
            {
                copy["guild_id"] = guildId;
            }

            stored.Add(copy);
        }

        lock (_gate)
        {
            _commands[key] = stored;
            CommandWrites++;
        }

        return new Reply(200, stored.DeepClone(), []);
    }

    /// <summary>Discord's message rules: <c>allowed_mentions</c> present and empty, content and embed limits.</summary>
    private Reply? ValidateMessage(JsonObject body, bool requireNonEmpty)
    {
        if (body["allowed_mentions"] is not JsonObject am || am["parse"] is not JsonArray { Count: 0 }
            || am["users"] is JsonArray { Count: > 0 } || am["roles"] is JsonArray { Count: > 0 } || am["replied_user"]?.GetValue<bool>() == true)
        {
            AllowedMentionsViolations++;
            return Error(400, 50035, "allowed_mentions must be {\"parse\": []} (this fake refuses messages that could ping)");
        }

        var content = body["content"]?.GetValue<string>();
        if (content is { Length: > 2000 })
        {
            return Error(400, 50035, "content: Must be 2000 or fewer in length.");
        }

        var embeds = body["embeds"] as JsonArray ?? [];
        if (embeds.Count > 10)
        {
            return Error(400, 50035, "embeds: Must be 10 or fewer in length.");
        }

        var total = 0;
        foreach (var e in embeds.OfType<JsonObject>())
        {
            var title = e["title"]?.GetValue<string>() ?? "";
            var description = e["description"]?.GetValue<string>() ?? "";
            var fields = e["fields"] as JsonArray ?? [];
            var footer = e["footer"]?["text"]?.GetValue<string>() ?? "";
            var author = e["author"]?["name"]?.GetValue<string>() ?? "";
            if (title.Length > 256 || description.Length > 4096 || fields.Count > 25 || footer.Length > 2048 || author.Length > 256)
            {
                return Error(400, 50035, "embeds: a limit was exceeded");
            }

            if (e["url"]?.GetValue<string>() is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            {
                return Error(400, 50035, "embeds.url: Not a well formed URL.");
            }

            total += title.Length + description.Length + footer.Length + author.Length;
            foreach (var f in fields.OfType<JsonObject>())
            {
                var name = f["name"]?.GetValue<string>() ?? "";
                var value = f["value"]?.GetValue<string>() ?? "";
                if (name.Length > 256 || value.Length > 1024)
                {
                    return Error(400, 50035, "embeds.fields: a limit was exceeded");
                }

                total += name.Length + value.Length;
            }
        }

        if (total > 6000)
        {
            return Error(400, 50035, "embeds: the combined text is over 6000 characters.");
        }

        if (body["components"] is JsonArray rows)
        {
            if (rows.Count > 5)
            {
                return Error(400, 50035, "components: Must be 5 or fewer in length.");
            }

            foreach (var button in rows.OfType<JsonObject>().SelectMany(r => r["components"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (button["custom_id"]?.GetValue<string>() is { Length: > 100 })
                {
                    return Error(400, 50035, "custom_id: Must be 100 or fewer in length.");
                }
            }
        }

        if (requireNonEmpty && string.IsNullOrEmpty(content) && embeds.Count == 0 && body["components"] is not JsonArray { Count: > 0 })
        {
            return Error(400, 50006, "Cannot send an empty message");
        }

        return null;
    }

    private Reply? Denied(string channelId)
    {
        lock (_gate)
        {
            return _deniedChannels.Contains(channelId) ? Error(403, 50013, "Missing Permissions") : null;
        }
    }

    private static string BucketKey(string method, string path)
    {
        var m = Regex.Match(path, @"^(channels|guilds|webhooks)/(\d+)");
        var major = m.Success ? m.Groups[2].Value : "";
        var template = Regex.Replace(path, @"\d{5,}", "{id}");
        return $"{method} {template} {major}";
    }

    private static void AddRateHeaders(Dictionary<string, string> headers, string bucketKey, Bucket bucket, double resetAfter)
    {
        headers["X-RateLimit-Limit"] = "5";
        headers["X-RateLimit-Remaining"] = bucket.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (bucket.ResetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(bucketKey[..bucketKey.LastIndexOf(' ')])))[..16];
    }

    private static Reply Ok(JsonNode body) => new(200, body, []);

    private static Reply Error(int status, int code, string message) => new(status, new JsonObject { ["code"] = code, ["message"] = message }, []);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    [GeneratedRegex(@"^DiscordBot \(\S+, \S+\)$")]
    private static partial Regex UserAgentPattern();

    [GeneratedRegex(@"^[-_'\p{L}\p{N}]{1,32}$")]
    private static partial Regex CommandNamePattern();

    private sealed record Reply(int Status, JsonNode? Body, Dictionary<string, string> Headers, Func<Task>? Dispatch = null);

    private sealed class Script(string pathContains, int count, int status, JsonNode body, Dictionary<string, string> headers)
    {
        public string PathContains { get; } = pathContains;

        public int Remaining { get; set; } = count;

        public int Status { get; } = status;

        public JsonNode Body { get; } = body;

        public Dictionary<string, string> Headers { get; } = headers;
    }

    private sealed class Bucket
    {
        public int Remaining { get; set; }

        public DateTimeOffset ResetAt { get; set; }
    }
}
