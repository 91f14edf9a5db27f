namespace Bot.Host;

/// <summary>The verbs and the few options the program understands; everything else is configuration.</summary>
internal static class CommandLine
{
    public static readonly string[] Verbs = ["ask", "answer", "validate", "search", "eval", "chat", "healthcheck", "help"];

    /// <summary>
    /// Turns <c>--knowledge DIR</c> into <c>--Knowledge:Path=DIR</c>, drops the verb and its own arguments, and keeps
    /// configuration overrides (<c>--Key:Sub=value</c> or <c>--Key:Sub value</c>).
    /// </summary>
    public static string[] ToConfigurationArgs(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--knowledge" or "-k" && i + 1 < args.Length)
            {
                result.Add("--Knowledge:Path=" + Path.GetFullPath(args[++i]));
            }
            else if (arg.StartsWith("--knowledge=", StringComparison.Ordinal))
            {
                result.Add("--Knowledge:Path=" + Path.GetFullPath(arg["--knowledge=".Length..]));
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal))
            {
                result.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    result.Add(args[++i]);
                }
            }
        }

        return [.. result];
    }

    /// <summary>The verb and its positional arguments and flags (without configuration overrides).</summary>
    public static (string? Verb, List<string> Positional, HashSet<string> Flags) Parse(string[] args)
    {
        string? verb = null;
        var positional = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--knowledge" or "-k")
            {
                i++;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal))
            {
                if (!arg.Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }
            }
            else if (arg.StartsWith("--knowledge=", StringComparison.Ordinal))
            {
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                flags.Add(arg.TrimStart('-'));
            }
            else if (verb is null)
            {
                verb = arg;
            }
            else
            {
                positional.Add(arg);
            }
        }

        return (verb, positional, flags);
    }

    public const string Usage = """
        Usage: Bot.Host [verb] [options] [--Section:Key=value ...]

        With no verb: runs the bot on the configured platforms (Telegram:Token, Discord:Token) and the HTTP
        server (Http:Urls); with neither configured, starts an interactive console chat.

        Verbs:
          ask "QUESTION"        print one answer with its sources
          answer --jsonl        read {"id","question"} JSON lines on stdin, write one answer line each on stdout
          validate [--stale]    check the knowledge folder; prints PATH:LINE: message per problem or warning,
                                exit 1 if any problem (warnings pass); --stale also warns about sections whose
                                review date has passed
          search "QUERY"        show what retrieval finds, with scores and coverage (for moderators)
          eval FILE.jsonl|DIR   run question sets (expect_any, expect_sources, style, split) and print accuracy per
                                split, style and language, and the tune split's failures; --json for JSON,
                                --record to write DIR/recorded.json (the numbers CI compares the test split with)
          chat                  the interactive console chat, even when platforms are configured
          healthcheck [URL]     ask a running bot's /readyz (at Http:Urls, or URL); exit 0 when ready, 1 if not
          help                  this text

        Options:
          --knowledge DIR       the knowledge folder (else Knowledge:Path, ./knowledge, or knowledge/ beside the program)
        """;
}
