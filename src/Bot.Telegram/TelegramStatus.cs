using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>Where the Telegram adapter stands, for readiness checks and for the parts that must stop on a 401.</summary>
public enum TelegramState
{
    Off,
    Starting,
    Running,
    Unauthorized,
    Stopped,
}

/// <summary>Shared state of the adapter: the bot's own identity (from <c>getMe</c>) and whether it may keep running.</summary>
internal sealed class TelegramStatus : IDisposable
{
    private readonly CancellationTokenSource _unauthorized = new();
    private volatile TelegramState _state = TelegramState.Off;
    private volatile User? _me;

    public TelegramState State => _state;

    /// <summary>The bot itself; null until <c>getMe</c> succeeded.</summary>
    public User? Me => _me;

    /// <summary>Cancelled when Telegram rejected the token while running: every loop and send stops.</summary>
    public CancellationToken UnauthorizedToken => _unauthorized.Token;

    public bool IsReady => _state == TelegramState.Running;

    public void MarkStarting() => _state = TelegramState.Starting;

    public void MarkRunning(User me)
    {
        _me = me;
        if (_state != TelegramState.Unauthorized)
        {
            _state = TelegramState.Running;
        }
    }

    public void MarkUnauthorized()
    {
        _state = TelegramState.Unauthorized;
        try
        {
            _unauthorized.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Host is shutting down.
        }
    }

    public void MarkStopped()
    {
        if (_state != TelegramState.Unauthorized)
        {
            _state = TelegramState.Stopped;
        }
    }

    public void Dispose() => _unauthorized.Dispose();
}
