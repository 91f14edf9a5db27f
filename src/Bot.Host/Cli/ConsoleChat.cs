using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Engine;
using Bot.Core.Messages;

namespace Bot.Host.Cli;

/// <summary>
/// The interactive console chat: type a question, get an answer. A line starting with '>' replies to the previous
/// answer (a follow-up), as do lines that plainly continue it ("what about Huawei?", "còn Huawei thì sao?").
/// </summary>
internal static partial class ConsoleChat
{
    public static async Task<int> RunAsync(IBotEngine engine, IConfiguration configuration, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("AI race bot: console chat. Ask in English or Vietnamese; start a line with '>' to follow up on the last answer; /help, /quit.");
        if (!BotCli.PlatformsConfigured(configuration))
        {
            await output.WriteLineAsync("To run on Telegram or Discord instead, set Telegram:Token or Discord:Token (e.g. the Telegram__Token environment variable); see README.md.");
        }

        string? lastBotMessageId = null;
        var counter = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("> ");
            await output.FlushAsync(cancellationToken);
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() is "/quit" or "/exit" or "/q")
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var text = line.Trim();
            var followUp = lastBotMessageId is not null && (text.StartsWith('>') || FollowUpCue().IsMatch(text));
            text = text.TrimStart('>').Trim();
            string? command = null;
            if (text.StartsWith('/'))
            {
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                command = (space < 0 ? text[1..] : text[1..space]).ToLowerInvariant();
                text = space < 0 ? string.Empty : text[(space + 1)..];
            }

            counter++;
            var id = counter.ToString(CultureInfo.InvariantCulture);
            var message = new IncomingMessage(
                "console", "console", "console", "q" + id, text,
                ReplyToMessageId: followUp ? lastBotMessageId : null,
                Flags: MessageFlags.Private | (followUp ? MessageFlags.ReplyToBot : MessageFlags.None),
                Command: command);
            var reply = await engine.HandleAsync(message, cancellationToken);
            if (reply is null)
            {
                await output.WriteLineAsync("(unknown command: try /help)");
                continue;
            }

            await output.WriteLineAsync();
            await output.WriteLineAsync(PlainTextReply.Render(reply));
            await output.WriteLineAsync();
            if (reply.Kind == ReplyKind.Answer)
            {
                lastBotMessageId = "a" + id;
                await engine.RecordSentAsync(message, reply, lastBotMessageId, cancellationToken);
            }
        }

        return 0;
    }

    [GeneratedRegex(@"^(and |but )?(what|how) about\b|^(còn|thế còn|vậy còn|con|the con|vay con)\b.*\b(thì sao|thi sao|sao)\??$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FollowUpCue();
}
