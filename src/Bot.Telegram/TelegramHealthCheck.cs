using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Telegram;

/// <summary>Ready when Telegram is off or running; not ready while starting, after a 401, or once stopped.</summary>
internal sealed class TelegramHealthCheck(TelegramStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.State switch
        {
            TelegramState.Off => HealthCheckResult.Healthy("Telegram is off."),
            TelegramState.Running => HealthCheckResult.Healthy("Telegram is running."),
            TelegramState.Unauthorized => HealthCheckResult.Unhealthy("Telegram rejected the bot token (401): set a valid Telegram:Token."),
            TelegramState.Starting => HealthCheckResult.Unhealthy("Telegram is starting."),
            _ => HealthCheckResult.Unhealthy("Telegram is stopped."),
        });
}
