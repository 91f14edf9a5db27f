using System.Text;
using System.Text.Json;
using Bot.Discord.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Bot.Discord.Interactions;

/// <summary>
/// <c>POST /discord/interactions</c>: Discord's HTTP delivery of interactions. The Ed25519 signature over
/// timestamp + raw body is checked with <c>Discord:PublicKey</c>; a bad or missing one gets 401, and so does a signed
/// timestamp more than <see cref="MaxClockSkew"/> from now (a captured request replayed later). PING gets PONG;
/// commands and buttons are acknowledged through the callback route (then 202) and answered like gateway ones.
/// </summary>
/// <remarks>https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint</remarks>
internal sealed class HttpInteractionsEndpoint(
    IOptions<DiscordOptions> options,
    DiscordEventRouter router,
    TimeProvider time,
    ILogger<HttpInteractionsEndpoint> logger)
{
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>How far the signed timestamp may be from now, either way.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var publicKey = options.Value.PublicKey;
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            return Results.NotFound();
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var signature = context.Request.Headers["X-Signature-Ed25519"].ToString();
        var timestamp = context.Request.Headers["X-Signature-Timestamp"].ToString();
        if (body is null || !Verify(publicKey.Trim(), signature, timestamp, body))
        {
            logger.LogWarning("Discord interaction with a bad or missing signature refused (401)");
            return Results.Text("invalid request signature", "text/plain", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!IsRecent(timestamp, time.GetUtcNow()))
        {
            logger.LogWarning("Discord interaction signed at {Timestamp}, more than {Minutes} minutes from now, refused (401)", timestamp, MaxClockSkew.TotalMinutes);
            return Results.Text("stale request timestamp", "text/plain", statusCode: StatusCodes.Status401Unauthorized);
        }

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (root.Int("type") == 1)
        {
            return Results.Json(new { type = 1 });
        }

        if (DiscordInteraction.From(root) is not { } interaction)
        {
            return Results.BadRequest();
        }

        var receivedAt = time.GetUtcNow();
        var result = await router.AcceptInteractionAsync(interaction, context.RequestAborted);
        if (result != DiscordInteractionHandler.Acknowledgement.DeferralRefused)
        {
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }

        // The callback route refused the deferral: defer in the HTTP response itself (Discord's inline form), and
        // start answering once that response has gone out, so the edit never arrives before the deferral.
        context.Response.OnCompleted(() => router.QueueAnswerAsync(interaction, receivedAt, CancellationToken.None).AsTask());
        var flags = DiscordInteractionHandler.IsAdminCommand(interaction.CommandName) ? Rest.OutgoingMessage.Ephemeral : 0;
        return Results.Json(new { type = DiscordInteractionHandler.DeferredChannelMessage, data = new { flags, allowed_mentions = new { parse = Array.Empty<string>() } } });
    }

    /// <summary>True when the signed Unix-seconds <paramref name="timestamp"/> is within <see cref="MaxClockSkew"/> of <paramref name="now"/>.</summary>
    internal static bool IsRecent(string timestamp, DateTimeOffset now) =>
        long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && seconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds()
        && (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= MaxClockSkew;

    /// <summary>True when <paramref name="publicKeyHex"/> is 64 hex digits encoding a valid Ed25519 point.</summary>
    internal static bool IsValidPublicKey(string publicKeyHex)
    {
        if (publicKeyHex.Length != 64 || !publicKeyHex.All(Uri.IsHexDigit))
        {
            return false;
        }

        try
        {
            _ = new Ed25519PublicKeyParameters(Convert.FromHexString(publicKeyHex), 0);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Checks <paramref name="signatureHex"/> over UTF-8(timestamp) + body with the hex public key.</summary>
    internal static bool Verify(string publicKeyHex, string signatureHex, string timestamp, byte[] body)
    {
        if (string.IsNullOrEmpty(timestamp) || signatureHex.Length != 128 || publicKeyHex.Length != 64)
        {
            return false;
        }

        byte[] key, signature;
        try
        {
            key = Convert.FromHexString(publicKeyHex);
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }

        var message = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
        var n = Encoding.UTF8.GetBytes(timestamp, message);
        body.CopyTo(message, n);
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(key, 0));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
