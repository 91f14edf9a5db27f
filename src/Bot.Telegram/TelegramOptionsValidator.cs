using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Telegram;

/// <summary>Rules that span fields or need parsing. Every message names the configuration key.</summary>
internal sealed partial class TelegramOptionsValidator(IConfiguration configuration) : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!TokenPattern().IsMatch(options.Token!.Trim()))
        {
            // Never echo the token itself.
            failures.Add("Telegram:Token is malformed: expected the BotFather form <digits>:<letters, digits, '_' or '-'>.");
        }

        if (!TryParseBaseUrl(options.BaseUrl, out _))
        {
            failures.Add($"Telegram:BaseUrl must be an absolute http(s) URL with scheme and host only (no path, query or fragment), e.g. {TelegramOptions.DefaultBaseUrl}; got '{options.BaseUrl}'.");
        }

        if (options.Mode == TelegramMode.Webhook)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var hook) || (hook.Scheme != Uri.UriSchemeHttps && hook.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add("Telegram:WebhookUrl must be an absolute https URL when Telegram:Mode is Webhook.");
            }

            if (string.IsNullOrEmpty(options.WebhookSecret) || !SecretPattern().IsMatch(options.WebhookSecret))
            {
                failures.Add("Telegram:WebhookSecret must be 1-256 characters of A-Z, a-z, 0-9, '_' or '-' when Telegram:Mode is Webhook.");
            }

            if (string.IsNullOrWhiteSpace(configuration["Http:Urls"]))
            {
                failures.Add("Telegram:Mode is Webhook but Http:Urls is empty: set Http:Urls so the host serves POST /telegram/webhook.");
            }
        }

        if (options.RetryMaxDelayMilliseconds < options.RetryBaseDelayMilliseconds)
        {
            failures.Add("Telegram:RetryMaxDelayMilliseconds must not be below Telegram:RetryBaseDelayMilliseconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Scheme and authority only: the library keeps nothing else, so a path would silently be lost.</summary>
    internal static bool TryParseBaseUrl(string? value, out Uri baseUrl)
    {
        baseUrl = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/"
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        baseUrl = new Uri(uri.GetLeftPart(UriPartial.Authority));
        return true;
    }

    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]{1,200}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();
}
