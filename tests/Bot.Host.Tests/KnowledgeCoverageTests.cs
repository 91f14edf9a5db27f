using Bot.Knowledge.Loading;
using Bot.Testing;

namespace Bot.Host.Tests;

/// <summary>Every fact of the shared fact sheet is mapped to knowledge files that exist in both languages.</summary>
public class KnowledgeCoverageTests
{
    private static readonly Dictionary<string, int> FactCounts = new() { ["S"] = 17, ["V"] = 19, ["L"] = 49, ["G"] = 36 };

    [Fact]
    public async Task Every_fact_maps_to_files_that_exist_in_English_and_Vietnamese()
    {
        var snapshot = await KnowledgeLoader.LoadAsync(RepositoryPaths.Knowledge);
        var byId = snapshot.Documents.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Select(d => d.Lang).ToHashSet());
        var table = File.ReadAllLines(Path.Combine(RepositoryPaths.Eval, "fact-coverage.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => p[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

        foreach (var (prefix, count) in FactCounts)
        {
            for (var i = 1; i <= count; i++)
            {
                var fact = $"{prefix}-{i:00}";
                table.ShouldContainKey(fact);
                table[fact].ShouldNotBeEmpty();
                foreach (var id in table[fact])
                {
                    byId.ShouldContainKey(id, $"{fact} maps to '{id}', which no knowledge file has");
                    byId[id].ShouldBe(["en", "vi"], ignoreOrder: true, $"{fact} maps to '{id}', which is not in both languages");
                }
            }
        }
    }
}
