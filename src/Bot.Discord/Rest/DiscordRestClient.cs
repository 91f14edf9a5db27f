using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Diagnostics;
using Bot.Core.Limits;
using Bot.Discord.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Bot.Discord.Rest;

/// <summary>
/// The typed HTTP client for Discord's REST API: authentication, User-Agent, JSON bodies, rate limits, retries,
/// stop-after-401 and the per-channel back-off after a missing permission.
/// </summary>
/// <remarks>https://discord.com/developers/docs/reference#http-api</remarks>
internal sealed class DiscordRestClient
{
    public const string Version = "1.0";

    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromMinutes(2);

    private readonly IHttpClientFactory _httpFactory;
    private readonly DiscordRateLimiter _limiter;
    private readonly DiscordAuthState _auth;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly DiscordOptions _options;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly BotMetrics? _metrics;
    private readonly BoundedCache<string, bool> _blockedChannels;
    private readonly ResiliencePipeline<RestAttempt> _serverRetry;

    public DiscordRestClient(
        IHttpClientFactory httpFactory,
        DiscordRateLimiter limiter,
        DiscordAuthState auth,
        TimeProvider time,
        DiscordRandom random,
        IOptions<DiscordOptions> options,
        ILogger<DiscordRestClient> logger,
        BotMetrics? metrics = null)
    {
        _metrics = metrics;
        _httpFactory = httpFactory;
        _limiter = limiter;
        _auth = auth;
        _time = time;
        _random = random.Random;
        _options = options.Value;
        _logger = logger;
        _serverRetry = ServerRetry();
        _blockedChannels = new BoundedCache<string, bool>(
            MaxBlockedChannels, TimeSpan.FromMinutes(Math.Max(_options.PermissionBackoffMinutes, 0.001)), time, StringComparer.Ordinal);
    }

    /// <summary>The most channels left alone after a 403 at once; each for <c>Discord:PermissionBackoffMinutes</c>.</summary>
    public const int MaxBlockedChannels = 10_000;

    /// <summary>Sets the base address and the headers every request carries.</summary>
    internal static void Configure(HttpClient http, DiscordOptions options)
    {
        http.BaseAddress = options.ApiBase;
        http.DefaultRequestHeaders.Remove("Authorization");
        http.DefaultRequestHeaders.Remove("User-Agent");
        if (options.Enabled)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bot " + options.Token!.Trim());
        }

        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"DiscordBot ({options.ProjectUrl}, {Version})");
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    // ----- Routes the bot uses -----

    /// <summary>https://discord.com/developers/docs/events/gateway#get-gateway-bot</summary>
    public Task<DiscordResponse> GetGatewayBotAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Get, "/gateway/bot", "gateway/bot", ""), null, cancellationToken);

    /// <summary>https://discord.com/developers/docs/resources/message#create-message</summary>
    public Task<DiscordResponse> CreateMessageAsync(Snowflake channelId, OutgoingMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(
            new DiscordRoute(HttpMethod.Post, "/channels/{channel_id}/messages", $"channels/{channelId}/messages", channelId.ToString(), RouteKind.Message,
                Permission: message.ReplyToMessageId is null ? "SEND_MESSAGES" : "SEND_MESSAGES and READ_MESSAGE_HISTORY", ChannelId: channelId.ToString()),
            message.ToJson(),
            cancellationToken);

    /// <summary>https://discord.com/developers/docs/resources/channel#trigger-typing-indicator</summary>
    public Task<DiscordResponse> TriggerTypingAsync(Snowflake channelId, CancellationToken cancellationToken = default) =>
        SendAsync(
            new DiscordRoute(HttpMethod.Post, "/channels/{channel_id}/typing", $"channels/{channelId}/typing", channelId.ToString(),
                Permission: "SEND_MESSAGES", ChannelId: channelId.ToString()),
            null,
            cancellationToken);

    /// <summary>https://discord.com/developers/docs/resources/channel#get-channel</summary>
    public Task<DiscordResponse> GetChannelAsync(Snowflake channelId, CancellationToken cancellationToken = default) =>
        SendAsync(new DiscordRoute(HttpMethod.Get, "/channels/{channel_id}", $"channels/{channelId}", channelId.ToString(), Permission: "VIEW_CHANNEL"), null, cancellationToken);

    /// <summary>https://discord.com/developers/docs/interactions/receiving-and-responding#create-interaction-response</summary>
    public Task<DiscordResponse> CreateInteractionResponseAsync(Snowflake interactionId, string token, int type, OutgoingMessage? data, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["type"] = type };
        if (data is not null)
        {
            body["data"] = data.ToJson();
        }

        return SendAsync(
            new DiscordRoute(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback", $"interactions/{interactionId}/{Uri.EscapeDataString(token)}/callback",
                interactionId.ToString(), RouteKind.InteractionCallback, Interaction: true),
            body,
            cancellationToken);
    }

    /// <summary>https://discord.com/developers/docs/interactions/receiving-and-responding#edit-original-interaction-response</summary>
    public Task<DiscordResponse> EditOriginalResponseAsync(Snowflake applicationId, string token, OutgoingMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(WebhookRoute(HttpMethod.Patch, "/webhooks/{application_id}/{token}/messages/@original", applicationId, token, "/messages/@original", RouteKind.Message), message.ToJson(), cancellationToken);

    /// <summary>https://discord.com/developers/docs/interactions/receiving-and-responding#delete-original-interaction-response</summary>
    public Task<DiscordResponse> DeleteOriginalResponseAsync(Snowflake applicationId, string token, CancellationToken cancellationToken = default) =>
        SendAsync(WebhookRoute(HttpMethod.Delete, "/webhooks/{application_id}/{token}/messages/@original", applicationId, token, "/messages/@original", RouteKind.Other), null, cancellationToken);

    /// <summary>https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message</summary>
    public Task<DiscordResponse> CreateFollowupAsync(Snowflake applicationId, string token, OutgoingMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(WebhookRoute(HttpMethod.Post, "/webhooks/{application_id}/{token}", applicationId, token, "", RouteKind.Message), message.ToJson(), cancellationToken);

    /// <summary>https://discord.com/developers/docs/interactions/application-commands#get-global-application-commands</summary>
    public Task<DiscordResponse> GetCommandsAsync(Snowflake applicationId, Snowflake? guildId, CancellationToken cancellationToken = default) =>
        SendAsync(CommandsRoute(HttpMethod.Get, applicationId, guildId), null, cancellationToken);

    /// <summary>https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands</summary>
    public Task<DiscordResponse> PutCommandsAsync(Snowflake applicationId, Snowflake? guildId, JsonArray commands, CancellationToken cancellationToken = default) =>
        SendAsync(CommandsRoute(HttpMethod.Put, applicationId, guildId), commands, cancellationToken);

    /// <summary>True while the channel is left alone after a missing-permission answer.</summary>
    public bool IsChannelBlocked(string channelId) => _blockedChannels.ContainsKey(channelId);

    // ----- The one path every request takes -----

    public async Task<DiscordResponse> SendAsync(DiscordRoute route, JsonNode? body, CancellationToken cancellationToken = default)
    {
        _auth.ThrowIfRejected();
        if (route.ChannelId is { } channel && IsChannelBlocked(channel))
        {
            return DiscordResponse.SkippedResponse;
        }

        AllowedMentions.Enforce(route.Kind, body as JsonObject);

        // The last leg of a question's trace (receive -> retrieve -> answer -> send), one span per REST call.
        using var activity = BotTelemetry.StartSend("discord");
        activity?.SetTag(BotTelemetry.Tags.Route, route.Template);
        var json = body?.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            // 5xx answers and network failures are retried with backoff by the pipeline; 429s are ours (below).
            RestAttempt result;
            try
            {
                result = await _serverRetry.ExecuteAsync(
                    static (state, ct) => state.Self.SendOnceAsync(state.Route, state.Json, ct), (Self: this, Route: route, Json: json), cancellationToken);
            }
            catch (Exception ex) when (IsNetworkFailure(ex, cancellationToken))
            {
                _logger.LogWarning(ex, "Discord {Route} failed after {Attempts} attempts", route, ServerRetries + 1);
                return new DiscordResponse(HttpStatusCode.ServiceUnavailable, null, null);
            }

            var element = result.Body;
            var code = element is { } e ? e.Int("code") : null;
            var status = (int)result.Status;
            if (status == 429)
            {
                var retryAfter = RetryAfter(result.RetryAfterHeader, element);
                var global = (element?.Bool("global") ?? false)
                    || string.Equals(result.GlobalHeader, "true", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(result.ScopeHeader, "global", StringComparison.OrdinalIgnoreCase);
                _limiter.RateLimited(route, retryAfter, global);
                _logger.LogInformation("Discord rate limit on {Route} ({Scope}): waiting {RetryAfterMs} ms", route, global ? "global" : result.ScopeHeader ?? "route", (int)retryAfter.TotalMilliseconds);
                if (attempt >= _options.MaxRetries)
                {
                    _logger.LogWarning("Discord {Route} still rate limited after {Attempts} attempts; giving up", route, attempt + 1);
                    return new DiscordResponse(result.Status, element, code);
                }

                continue;
            }

            if (status == 401)
            {
                _auth.Reject();
                _logger.LogCritical("Discord answered 401 Unauthorized on {Route}: the token (Discord:Token) is not valid; no further requests are sent", route);
                throw new DiscordUnauthorizedException();
            }

            if (status >= 500)
            {
                _logger.LogWarning("Discord {Route} answered {Status} {Attempts} times; giving up", route, status, ServerRetries + 1);
            }
            else if (status == 403)
            {
                OnForbidden(route, code);
            }
            else if (status >= 400)
            {
                _logger.LogWarning("Discord {Route} answered {Status} (code {Code}): {Message}", route, status, code, element?.Str("message"));
            }

            return new DiscordResponse(result.Status, element, code);
        }
    }

    /// <summary>Retries after a 5xx or a network failure: at most 3, and never more than <c>Discord:MaxRetries</c>.</summary>
    private int ServerRetries => Math.Min(3, _options.MaxRetries);

    /// <summary>One request: a place in the route's bucket, the call, and what the limiter learns from the answer.</summary>
    private async ValueTask<RestAttempt> SendOnceAsync(DiscordRoute route, string? json, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(route, cancellationToken);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(route.Method, route.Path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            response = await _httpFactory.CreateClient(DiscordServiceCollectionExtensions.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception ex) when (IsNetworkFailure(ex, cancellationToken) && CountError(route, 0))
        {
            // Not reached: the filter only counts the failure for the metrics.
            throw;
        }

        using (response)
        {
            _limiter.Update(route, response.Headers);
            var element = await ReadBodyAsync(response, cancellationToken);
            if ((int)response.StatusCode >= 400)
            {
                // By route template (never the path with ids); a 429 is also counted as rate limited.
                CountError(route, (int)response.StatusCode);
            }

            return new RestAttempt(response.StatusCode, element, Header(response, "Retry-After"), Header(response, "X-RateLimit-Global"), Header(response, "X-RateLimit-Scope"));
        }
    }

    private bool CountError(DiscordRoute route, int status)
    {
        _metrics?.PlatformApiError("discord", route.ToString(), status);
        return false;
    }

    private static bool IsNetworkFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested;

    private ResiliencePipeline<RestAttempt> ServerRetry()
    {
        if (ServerRetries == 0)
        {
            return ResiliencePipeline<RestAttempt>.Empty;
        }

        return new ResiliencePipelineBuilder<RestAttempt> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<RestAttempt>
            {
                MaxRetryAttempts = ServerRetries,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(8),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Randomizer = _random.NextDouble,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: { } ex } => IsNetworkFailure(ex, args.Context.CancellationToken),
                    { Result: { } r } => (int)r.Status >= 500,
                    _ => false,
                }),
            })
            .Build();
    }

    private void OnForbidden(DiscordRoute route, int? code)
    {
        if (route.ChannelId is { } channel && code is 50013 or 50001)
        {
            var backoff = TimeSpan.FromMinutes(_options.PermissionBackoffMinutes);
            if (backoff > TimeSpan.Zero)
            {
                _blockedChannels.Set(channel, true, backoff);
            }
            _logger.LogWarning(
                "Discord {Route}: missing permission {Permission} in channel {ChannelId} (code {Code}); not trying this channel for {Minutes} min",
                route, route.Permission ?? "(unknown)", channel, code, backoff.TotalMinutes);
        }
        else
        {
            _logger.LogWarning("Discord {Route} answered 403 (code {Code}): missing {Permission}", route, code, route.Permission ?? "access");
        }
    }

    private static TimeSpan RetryAfter(string? retryAfterHeader, JsonElement? body)
    {
        var seconds = body?.Double("retry_after")
            ?? (double.TryParse(retryAfterHeader, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : 1);
        var wait = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return wait > MaxRetryWait ? MaxRetryWait : wait;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<JsonElement?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DiscordRoute WebhookRoute(HttpMethod method, string template, Snowflake applicationId, string token, string suffix, RouteKind kind) =>
        new(method, template, $"webhooks/{applicationId}/{Uri.EscapeDataString(token)}{suffix}", $"{applicationId}/{token}", kind, Interaction: true);

    private static DiscordRoute CommandsRoute(HttpMethod method, Snowflake applicationId, Snowflake? guildId) =>
        guildId is { } g
            ? new(method, "/applications/{application_id}/guilds/{guild_id}/commands", $"applications/{applicationId}/guilds/{g}/commands", g.ToString())
            : new(method, "/applications/{application_id}/commands", $"applications/{applicationId}/commands", applicationId.ToString());
}

/// <summary>Remembers that Discord rejected the token, so nothing more is sent with it.</summary>
internal sealed class DiscordAuthState
{
    private volatile bool _rejected;

    public bool Rejected => _rejected;

    public void Reject() => _rejected = true;

    public void ThrowIfRejected()
    {
        if (_rejected)
        {
            throw new DiscordUnauthorizedException();
        }
    }
}

/// <summary>The injected source of randomness (heartbeat jitter, retry back-off).</summary>
internal sealed class DiscordRandom(Random random)
{
    public Random Random { get; } = random;
}

/// <summary>What one REST attempt brought back: the status, the JSON body and the headers a 429 is read from.</summary>
internal sealed record RestAttempt(HttpStatusCode Status, JsonElement? Body, string? RetryAfterHeader, string? GlobalHeader, string? ScopeHeader);
