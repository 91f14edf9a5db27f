using Bot.Testing;

namespace Bot.Host.Tests.Telegram;

/// <summary>One copy of the repository's knowledge folder for a test class.</summary>
public sealed class KnowledgeCopy : IDisposable
{
    public TempKnowledgeFolder Folder { get; } = TempKnowledgeFolder.CopyOf(RepositoryPaths.Knowledge);

    public string Path => Folder.Root;

    public void Dispose() => Folder.Dispose();
}
