using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Operations;

/// <summary>
/// Keeps everything any logger is given, at every level: the formatted message, every structured value, scopes, and
/// the whole exception (type, message, inner exceptions, stack, data). A secret in any of them is found.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static void AppendException(StringBuilder text, Exception exception)
    {
        text.Append(" | ").Append(exception);
        foreach (System.Collections.DictionaryEntry entry in exception.Data)
        {
            text.Append(" | data ").Append(entry.Key).Append('=').Append(entry.Value);
        }

        if (exception is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions)
            {
                AppendException(text, inner);
            }
        }
        else if (exception.InnerException is { } inner)
        {
            AppendException(text, inner);
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            owner._scopes.ForEachScope((scope, sb) => sb.Append(" | scope ").Append(scope), text);
            if (exception is not null)
            {
                AppendException(text, exception);
            }

            owner._entries.Enqueue(text.ToString());
        }
    }
}
