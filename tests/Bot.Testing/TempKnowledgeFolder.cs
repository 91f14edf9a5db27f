namespace Bot.Testing;

/// <summary>A knowledge folder in a fresh temp directory, deleted on dispose.</summary>
public sealed class TempKnowledgeFolder : IDisposable
{
    public TempKnowledgeFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "bot-knowledge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file (UTF-8, no BOM) at a path relative to the root, creating folders; returns the full path.</summary>
    public string Write(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new System.Text.UTF8Encoding(false));
        return full;
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>Copies a whole folder (e.g. the repository's knowledge/) into this one.</summary>
    public static TempKnowledgeFolder CopyOf(string source)
    {
        var folder = new TempKnowledgeFolder();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder.Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the temp directory is cleaned by the OS.
        }
    }
}
