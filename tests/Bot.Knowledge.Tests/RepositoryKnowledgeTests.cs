using Bot.Knowledge.Loading;
using Bot.Testing;

namespace Bot.Knowledge.Tests;

public class RepositoryKnowledgeTests
{
    [Fact]
    public async Task The_repository_knowledge_folder_loads_without_problems()
    {
        var folder = RepositoryPaths.Knowledge;
        if (!Directory.Exists(folder))
        {
            // Git keeps no empty folders: before the content lands, the checkout has no knowledge/ at all.
            Directory.EnumerateFiles(RepositoryPaths.Root, "*.md", SearchOption.TopDirectoryOnly)
                .ShouldNotContain(f => f.Contains("knowledge", StringComparison.OrdinalIgnoreCase));
            return;
        }

        var knowledgeFiles = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f))
            .Where(KnowledgeLoader.IsKnowledgePath)
            .ToList();

        var snapshot = await KnowledgeLoader.LoadAsync(folder);

        snapshot.Diagnostics.Select(d => d.ToString()).ShouldBeEmpty();
        if (knowledgeFiles.Count == 0)
        {
            // No content on this branch yet: say so explicitly instead of passing on an empty folder by accident.
            snapshot.Documents.ShouldBeEmpty();
            snapshot.SectionCount.ShouldBe(0);
            return;
        }

        snapshot.Documents.Count.ShouldBe(knowledgeFiles.Count);
        snapshot.SectionCount.ShouldBeGreaterThan(0);
        snapshot.Documents.Select(d => d.Lang).Distinct().Order().ShouldBe(["en", "vi"]);
    }
}
