using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Discord;

/// <summary>
/// Stops the host when Discord refuses the bot for good (bad token, fatal close code): logs a clear message,
/// sets a non-zero exit code and asks the host to stop.
/// </summary>
internal sealed class DiscordFatalError(IHostApplicationLifetime lifetime, ILogger<DiscordFatalError> logger)
{
    private int _failed;

    public string? Message { get; private set; }

    public void Fail(string message, Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0)
        {
            return;
        }

        Message = message;
        logger.LogCritical(exception, "Discord adapter stopped: {Reason} The host is stopping.", message);
        Environment.ExitCode = 1;
        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            lifetime.StopApplication();
        }
        else
        {
            // Still starting: stopping now would cancel the other services' start; stop as soon as it has finished.
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
        }
    }
}
