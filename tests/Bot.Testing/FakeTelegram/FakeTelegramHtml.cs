using System.Globalization;
using System.Text;

namespace Bot.Testing.FakeTelegram;

/// <summary>Checks text the way Telegram's HTML parse mode does (allowed tags, nesting, entities) and returns the plain text.</summary>
internal static class FakeTelegramHtml
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
    };

    /// <summary>Null error: valid; <paramref name="plain"/> is what the user sees.</summary>
    public static string? Parse(string html, out string plain)
    {
        var sb = new StringBuilder(html.Length);
        var open = new Stack<string>();
        plain = string.Empty;
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    return $"Can't find end of the entity starting at byte offset {i}";
                }

                var tag = html[(i + 1)..end];
                if (tag.StartsWith('/'))
                {
                    var name = tag[1..].Trim();
                    if (open.Count == 0 || open.Peek() != name)
                    {
                        return $"Unmatched end tag at byte offset {i}, expected \"</{(open.Count > 0 ? open.Peek() : string.Empty)}>\", found \"</{name}>\"";
                    }

                    open.Pop();
                }
                else
                {
                    var name = tag.Split(' ', 2)[0];
                    if (!Allowed.Contains(name))
                    {
                        return $"Unsupported start tag \"{name}\" at byte offset {i}";
                    }

                    if (name == "a" && !tag.Contains("href=\"", StringComparison.Ordinal))
                    {
                        return $"Can't find href of the link at byte offset {i}";
                    }

                    open.Push(name);
                }

                i = end;
            }
            else if (c == '>')
            {
                return $"Unexpected \">\" at byte offset {i}";
            }
            else if (c == '&')
            {
                var end = html.IndexOf(';', i);
                if (end < 0 || end - i > 10)
                {
                    return $"Character entity expected at byte offset {i}";
                }

                var entity = html[(i + 1)..end];
                var decoded = entity switch
                {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ when entity.StartsWith("#x", StringComparison.Ordinal) && int.TryParse(entity[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) => char.ConvertFromUtf32(hex),
                    _ when entity.StartsWith('#') && int.TryParse(entity[1..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var dec) => char.ConvertFromUtf32(dec),
                    _ => null,
                };
                if (decoded is null)
                {
                    return $"Unsupported entity \"&{entity};\" at byte offset {i}";
                }

                sb.Append(decoded);
                i = end;
            }
            else
            {
                sb.Append(c);
            }
        }

        if (open.Count > 0)
        {
            return $"Can't find end tag corresponding to start tag \"{open.Peek()}\"";
        }

        plain = sb.ToString();
        return null;
    }
}
