using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bot.Core.Diagnostics;

/// <summary>
/// The one readiness mechanism: ASP.NET Core health checks tagged <see cref="Tag"/>. The host's <c>/readyz</c> and the
/// <c>healthcheck</c> verb ask every such check. A part that is switched off reports healthy ("off"): readiness is
/// about what is enabled. A check's description is shown to whoever can reach <c>/readyz</c>: never a secret.
/// </summary>
public static class Readiness
{
    /// <summary>The tag that makes a health check part of readiness.</summary>
    public const string Tag = "ready";

    /// <summary>How long one check may take before it counts as not ready.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers <typeparamref name="T"/> as the readiness check <paramref name="name"/> (short, lower case, stable),
    /// once however often it is called.
    /// </summary>
    public static IServiceCollection AddReadinessCheck<T>(this IServiceCollection services, string name)
        where T : class, IHealthCheck
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHealthChecks();
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(new ConfigureNamedOptions<HealthCheckServiceOptions>(Options.DefaultName, o =>
        {
            if (o.Registrations.All(r => r.Name != name))
            {
                o.Registrations.Add(new HealthCheckRegistration(
                    name, sp => ActivatorUtilities.GetServiceOrCreateInstance<T>(sp), HealthStatus.Unhealthy, [Tag], CheckTimeout));
            }
        }));
        return services;
    }
}
