using System.Buffers;
using System.Net.WebSockets;

namespace Bot.Discord.Gateway;

/// <summary>One received gateway message: a whole payload (possibly read across frames), or the end of the connection.</summary>
/// <param name="Payload">The UTF-8 JSON payload; null when the connection ended.</param>
/// <param name="CloseCode">The close code the server sent; null with a null payload means the connection dropped.</param>
public readonly record struct GatewayFrame(byte[]? Payload, int? CloseCode = null, string? CloseReason = null)
{
    public bool IsClosed => Payload is null;

    public static GatewayFrame Dropped => new(null);

    public static GatewayFrame Closed(int code, string? reason = null) => new(null, code, reason);
}

/// <summary>
/// The socket under the gateway protocol: connect, send, receive whole messages, close. The protocol logic
/// (<see cref="GatewayShard"/>) talks only to this, so it can be tested with a scripted transport.
/// </summary>
public interface IGatewayTransport : IAsyncDisposable
{
    Task ConnectAsync(Uri uri, CancellationToken cancellationToken = default);

    Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>The next whole message, or the end of the connection. Never throws for a dropped connection.</summary>
    Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes with a code (never 1000/1001 when the session should stay resumable).</summary>
    Task CloseAsync(int closeCode, CancellationToken cancellationToken = default);
}

public interface IGatewayTransportFactory
{
    IGatewayTransport Create();
}

internal sealed class WebSocketTransportFactory : IGatewayTransportFactory
{
    public IGatewayTransport Create() => new WebSocketGatewayTransport();
}

/// <summary>The gateway transport over <see cref="ClientWebSocket"/>.</summary>
internal sealed class WebSocketGatewayTransport : IGatewayTransport
{
    /// <summary>Large enough for a GUILD_CREATE of a big guild; anything larger is treated as a broken connection.</summary>
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly ClientWebSocket _socket = new();

    public async Task ConnectAsync(Uri uri, CancellationToken cancellationToken = default)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(uri, cancellationToken);
    }

    public Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).AsTask();

    public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                }
                catch (WebSocketException)
                {
                    return GatewayFrame.Dropped;
                }
                catch (IOException)
                {
                    return GatewayFrame.Dropped;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var status = _socket.CloseStatus;
                    return status is { } s ? GatewayFrame.Closed((int)s, _socket.CloseStatusDescription) : GatewayFrame.Dropped;
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageBytes)
                {
                    return GatewayFrame.Dropped;
                }

                if (result.EndOfMessage)
                {
                    return new GatewayFrame(message.ToArray());
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task CloseAsync(int closeCode, CancellationToken cancellationToken = default)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, null, cancellationToken);
            }
            catch (WebSocketException)
            {
                // Already broken: nothing to close.
            }
        }

        _socket.Abort();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
