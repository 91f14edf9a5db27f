using Bot.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Storage.Tests.Infrastructure;

/// <summary>A service provider with the storage layer, as a host composes it, over given settings.</summary>
public static class StorageServices
{
    public static ServiceProvider Build(
        IReadOnlyDictionary<string, string?> settings,
        CapturingLoggerProvider? logs = null,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        configure?.Invoke(services);
        services.AddStorage(configuration);
        services.AddBotCore(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
