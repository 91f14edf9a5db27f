using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Telegram.Tests;

public class OptionsTests
{
    private static TelegramOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddTelegram(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TelegramOptions>>().Value;
    }

    [Fact]
    public void Telegram_is_off_without_a_token_and_defaults_are_sensible()
    {
        var options = Resolve([]);

        options.Enabled.ShouldBeFalse();
        options.BaseUrl.ShouldBe("https://api.telegram.org");
        options.Mode.ShouldBe(TelegramMode.Polling);
        options.PollTimeoutSeconds.ShouldBe(30);
    }

    [Theory]
    [InlineData("not-a-token", "Telegram:Token")]
    [InlineData("123:abc def", "Telegram:Token")]
    public void A_malformed_token_is_rejected_naming_the_key_without_echoing_it(string token, string key)
    {
        var error = Should.Throw<OptionsValidationException>(() => Resolve(new() { ["Telegram:Token"] = token }));

        error.Message.ShouldContain(key);
        error.Message.ShouldNotContain(token);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8081/bot")]
    [InlineData("ftp://example.org")]
    [InlineData("not a url")]
    [InlineData("https://api.telegram.org/?x=1")]
    public void A_base_url_with_a_path_or_a_wrong_scheme_is_rejected(string baseUrl)
    {
        var error = Should.Throw<OptionsValidationException>(() => Resolve(new() { ["Telegram:Token"] = "123:abc", ["Telegram:BaseUrl"] = baseUrl }));

        error.Message.ShouldContain("Telegram:BaseUrl");
    }

    [Fact]
    public void A_base_url_with_a_port_and_a_trailing_slash_is_accepted()
    {
        Resolve(new() { ["Telegram:Token"] = "123:abc", ["Telegram:BaseUrl"] = "http://127.0.0.1:8081/" }).BaseUrl.ShouldBe("http://127.0.0.1:8081/");
    }

    [Fact]
    public void Webhook_mode_needs_an_address_and_a_valid_secret()
    {
        var error = Should.Throw<OptionsValidationException>(() => Resolve(new()
        {
            ["Telegram:Token"] = "123:abc",
            ["Telegram:Mode"] = "webhook",
            ["Telegram:WebhookSecret"] = "has spaces",
        }));

        error.Message.ShouldContain("Telegram:WebhookUrl");
        error.Message.ShouldContain("Telegram:WebhookSecret");
        error.Message.ShouldContain("Http:Urls");
    }

    [Fact]
    public void Out_of_range_numbers_name_their_key()
    {
        var error = Should.Throw<OptionsValidationException>(() => Resolve(new() { ["Telegram:Token"] = "123:abc", ["Telegram:PollTimeoutSeconds"] = "900" }));

        error.Message.ShouldContain("Telegram:PollTimeoutSeconds");
    }

    [Fact]
    public void Secrets_are_compared_whole()
    {
        TelegramWebhookEndpoint.SecretMatches("s3cret", "s3cret").ShouldBeTrue();
        TelegramWebhookEndpoint.SecretMatches("s3cre", "s3cret").ShouldBeFalse();
        TelegramWebhookEndpoint.SecretMatches(string.Empty, string.Empty).ShouldBeFalse();
    }
}
