using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Text;
using Bot.Testing;

namespace Bot.Host.Tests;

/// <summary>
/// Every fact of the shared fact sheet is mapped to the knowledge sections that state it, in both languages.
/// <c>tests/eval/fact-coverage.tsv</c> has one line per fact: <c>ID</c>, the sections as <c>path#anchor</c> (comma
/// separated; the anchor is the heading's slug), and a marker: a wording of the fact that the section and its language
/// twin (the section at the same position of the other-language file) must both contain, written <c>en|vi</c> when
/// the two languages word it differently.
/// </summary>
public class KnowledgeCoverageTests
{
    private static readonly Dictionary<string, int> FactCounts = new() { ["S"] = 17, ["V"] = 19, ["L"] = 49, ["G"] = 36 };

    [Fact]
    public async Task Every_fact_maps_to_sections_that_state_it_in_English_and_Vietnamese()
    {
        var snapshot = await KnowledgeLoader.LoadAsync(RepositoryPaths.Knowledge);
        var byPath = snapshot.Documents.ToDictionary(d => d.Path, StringComparer.Ordinal);
        var table = File.ReadAllLines(Path.Combine(RepositoryPaths.Eval, "fact-coverage.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => p);
        var problems = new List<string>();

        foreach (var (prefix, count) in FactCounts)
        {
            for (var i = 1; i <= count; i++)
            {
                var fact = $"{prefix}-{i:00}";
                if (!table.TryGetValue(fact, out var row) || row.Length < 3 || row[1].Length == 0 || row[2].Length == 0)
                {
                    problems.Add($"{fact}: no line with sections and a marker");
                    continue;
                }

                var markers = row[2].Split('|');
                foreach (var reference in row[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    problems.AddRange(Check(fact, reference, markers, snapshot.Documents, byPath));
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    private static IEnumerable<string> Check(
        string fact, string reference, string[] markers, IReadOnlyList<KnowledgeDocument> documents, Dictionary<string, KnowledgeDocument> byPath)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? reference : reference[..hash];
        var anchor = hash < 0 ? "" : reference[(hash + 1)..];
        if (!byPath.TryGetValue(path, out var document))
        {
            yield return $"{fact}: {reference}: no knowledge file {path}";
            yield break;
        }

        var position = document.Sections.ToList().FindIndex(s => s.Anchor == anchor);
        if (position < 0)
        {
            yield return $"{fact}: {reference}: no section with this anchor (was its heading changed?)";
            yield break;
        }

        var twinDocument = documents.FirstOrDefault(d => d.Id == document.Id && d.Lang != document.Lang);
        if (twinDocument is null || position >= twinDocument.Sections.Count)
        {
            yield return $"{fact}: {reference}: no twin section in the other language";
            yield break;
        }

        foreach (var section in new[] { document.Sections[position], twinDocument.Sections[position] })
        {
            var marker = section.Lang == "vi" && markers.Length > 1 ? markers[1] : markers[0];
            var text = KnowledgeText.Fold(section.Heading + "\n" + section.Text);
            if (!text.Contains(KnowledgeText.Fold(marker), StringComparison.Ordinal))
            {
                yield return $"{fact}: {section.Path}#{section.Anchor} does not contain '{marker}'";
            }
        }
    }
}
