using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Bot.Knowledge.Loading;

/// <summary>
/// Turns the Markdown blocks of a section into clean plain text: paragraphs separated by blank lines, list items as
/// lines starting with <c>- </c>, <c>###</c> headings as their own line, emphasis and link markup removed (link text kept).
/// </summary>
internal static class MarkdownPlainText
{
    public static string Render(IEnumerable<Block> blocks)
    {
        var paragraphs = new List<string>();
        foreach (var block in blocks)
        {
            RenderBlock(block, paragraphs);
        }

        return string.Join("\n\n", paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    public static string Inline(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        AppendInlines(inline, builder);
        return Collapse(builder.ToString());
    }

    private static void RenderBlock(Block block, List<string> output)
    {
        switch (block)
        {
            case HeadingBlock heading:
                output.Add(Inline(heading.Inline));
                break;
            case ParagraphBlock paragraph:
                output.Add(Inline(paragraph.Inline));
                break;
            case ListBlock list:
                var lines = new List<string>();
                AppendList(list, lines);
                output.Add(string.Join('\n', lines));
                break;
            case CodeBlock code:
                output.Add(code.Lines.ToString().TrimEnd());
                break;
            case QuoteBlock quote:
                foreach (var child in quote)
                {
                    RenderBlock(child, output);
                }

                break;
            case ContainerBlock container and not LinkReferenceDefinitionGroup:
                foreach (var child in container)
                {
                    RenderBlock(child, output);
                }

                break;
            default:
                // Thematic breaks, HTML blocks and link definitions carry no text for readers.
                break;
        }
    }

    private static void AppendList(ListBlock list, List<string> lines)
    {
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var parts = new List<string>();
            var nested = new List<ListBlock>();
            foreach (var child in item)
            {
                if (child is ListBlock inner)
                {
                    nested.Add(inner);
                }
                else
                {
                    var rendered = new List<string>();
                    RenderBlock(child, rendered);
                    parts.AddRange(rendered.Select(r => r.Replace('\n', ' ')));
                }
            }

            var text = string.Join(' ', parts.Where(p => p.Length > 0));
            if (text.Length > 0)
            {
                lines.Add("- " + text);
            }

            foreach (var inner in nested)
            {
                AppendList(inner, lines);
            }
        }
    }

    private static void AppendInlines(ContainerInline container, StringBuilder builder)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case LineBreakInline:
                    builder.Append(' ');
                    break;
                case AutolinkInline autolink:
                    builder.Append(autolink.Url);
                    break;
                case HtmlInline:
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.AsSpan());
                    break;
                case ContainerInline inner:
                    AppendInlines(inner, builder);
                    break;
                default:
                    break;
            }
        }
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
