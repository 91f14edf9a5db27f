using Bot.Knowledge.Model;

namespace Bot.Knowledge.Loading;

/// <summary>
/// The naming rules of the folder (knowledge/README.md), checked by <c>validate</c>: a file is named
/// <c>&lt;id&gt;.&lt;lang&gt;.md</c> and sits in the folder named by its <c>topic</c> (errors); each file has its
/// other-language twin, the same id in the other language (a warning). The running bot serves misnamed files as they are.
/// </summary>
public static class KnowledgeNaming
{
    private static readonly Dictionary<string, (string Other, string Name)> Twins = new(StringComparer.Ordinal)
    {
        ["en"] = ("vi", "Vietnamese"),
        ["vi"] = ("en", "English"),
    };

    /// <summary>Problems of the snapshot's valid files, each at the line of the front-matter key to fix.</summary>
    public static IReadOnlyList<KnowledgeDiagnostic> Check(KnowledgeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var present = snapshot.Documents.Select(d => (d.Id, d.Lang)).ToHashSet();
        var problems = new List<KnowledgeDiagnostic>();
        foreach (var document in snapshot.Documents)
        {
            var lines = new FrontMatterLines(Path.Combine(snapshot.Root, document.Path));
            var parts = document.Path.Split('/');
            var folder = parts.Length > 1 ? parts[0] : null;
            var expected = $"{document.Topic}/{document.Id}.{document.Lang}.md";
            var name = parts[^1];
            if (!name.StartsWith(document.Id + ".", StringComparison.Ordinal))
            {
                problems.Add(new(document.Path, lines.Of("id"), $"id '{document.Id}' does not match the file name '{name}' (files are named <id>.<lang>.md: rename the file to {expected} or fix the id)"));
            }

            if (!name.EndsWith($".{document.Lang}.md", StringComparison.Ordinal))
            {
                problems.Add(new(document.Path, lines.Of("lang"), $"lang '{document.Lang}' does not match the file name '{name}' (files are named <id>.<lang>.md: rename the file to {expected} or fix the lang)"));
            }

            if (!string.Equals(folder, document.Topic, StringComparison.Ordinal))
            {
                problems.Add(new(document.Path, lines.Of("topic"), $"topic '{document.Topic}' does not match the folder '{folder ?? "(none)"}' (the topic is the folder's name: move the file to {expected} or fix the topic)"));
            }

            if (Twins.TryGetValue(document.Lang, out var twin) && !present.Contains((document.Id, twin.Other)))
            {
                problems.Add(new(
                    document.Path,
                    lines.Of("lang"),
                    $"no {twin.Name} twin: add {document.Topic}/{document.Id}.{twin.Other}.md with the same id, source keys and sections",
                    KnowledgeSeverity.Warning));
            }
        }

        return problems;
    }

    /// <summary>Lines of the top-level front-matter keys of one file (1 when a key cannot be found).</summary>
    private sealed class FrontMatterLines(string file)
    {
        private readonly string[] _lines = File.Exists(file) ? File.ReadAllLines(file) : [];

        public int Of(string key)
        {
            // Line 1 is the opening '---'; the front matter ends at the next one.
            for (var i = 1; i < _lines.Length && _lines[i].TrimEnd() != "---"; i++)
            {
                if (_lines[i].StartsWith(key, StringComparison.Ordinal) && _lines[i].AsSpan(key.Length).TrimStart().StartsWith(":"))
                {
                    return i + 1;
                }
            }

            return 1;
        }
    }
}
