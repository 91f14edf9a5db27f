using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// <c>POST /telegram/webhook</c>: checks Telegram's secret header in constant time, parses the update and records it
/// in the inbox. It never waits for an answer: 200 once recorded, 503 when the queue is full or the database fails (Telegram delivers again), 401 for a
/// wrong secret, 400 for a body that is not an update, 404 when the bot does not run in webhook mode.
/// </summary>
internal static class TelegramWebhookEndpoint
{
    public const string Route = "/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (!options.Enabled || options.Mode != TelegramMode.Webhook)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!SecretMatches(context.Request.Headers[SecretHeader].ToString(), options.WebhookSecret ?? string.Empty))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            services.GetRequiredService<ILogger<TelegramUpdateDispatcher>>().LogWarning("A webhook body was not a Telegram update: {Error}", e.Message);
            update = null;
        }

        if (update is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // 200 only once the update is in the inbox: a full queue or a failing database answers 503, and Telegram delivers again.
        bool? accepted;
        try
        {
            accepted = await services.GetRequiredService<TelegramUpdateDispatcher>().TryAcceptAsync(update, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            services.GetRequiredService<ILogger<TelegramUpdateDispatcher>>().LogWarning("A webhook update could not be recorded in the inbox ({Error}); answered 503", e.Message);
            accepted = null;
        }

        context.Response.StatusCode = accepted is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
    }

    /// <summary>Compares hashes of both values so neither the content nor the length leaks through timing.</summary>
    internal static bool SecretMatches(string presented, string expected)
    {
        if (expected.Length == 0)
        {
            return false;
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
