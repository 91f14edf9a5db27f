namespace Bot.Telegram;

/// <summary>Escaping for Telegram's HTML parse mode: the only characters it requires escaped are &lt;, &gt;, &amp; (and &quot; in attributes).</summary>
internal static class TelegramHtml
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("<>&\"") < 0)
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
