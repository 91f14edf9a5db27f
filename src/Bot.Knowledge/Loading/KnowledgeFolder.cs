namespace Bot.Knowledge.Loading;

/// <summary>How the knowledge folder was found.</summary>
public enum KnowledgeFolderSource
{
    /// <summary>From configuration (<c>Knowledge:Path</c>, which the CLI's <c>--knowledge DIR</c> sets).</summary>
    Configured,

    /// <summary><c>./knowledge</c> in the current directory.</summary>
    CurrentDirectory,

    /// <summary><c>knowledge/</c> beside the program.</summary>
    BesideProgram,
}

/// <summary>The knowledge folder found, as a full path, and how.</summary>
/// <param name="Exists">Whether the folder exists (a configured path that does not is a startup error).</param>
public sealed record KnowledgeFolderResolution(string Path, KnowledgeFolderSource Source, bool Exists);

/// <summary>Finds the knowledge folder the same way everywhere (host, CLI verbs, tests).</summary>
public static class KnowledgeFolder
{
    /// <summary>
    /// The folder to use: <paramref name="configured"/> when set (relative paths are taken from
    /// <paramref name="currentDirectory"/>), else <c>knowledge</c> in <paramref name="currentDirectory"/> when it exists,
    /// else <c>knowledge</c> in <paramref name="baseDirectory"/> (usually <see cref="AppContext.BaseDirectory"/>).
    /// </summary>
    public static KnowledgeFolderResolution Resolve(string? configured, string currentDirectory, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(currentDirectory);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);

        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.GetFullPath(configured, currentDirectory);
            return new KnowledgeFolderResolution(path, KnowledgeFolderSource.Configured, Directory.Exists(path));
        }

        var local = Path.GetFullPath(Path.Combine(currentDirectory, "knowledge"));
        if (Directory.Exists(local))
        {
            return new KnowledgeFolderResolution(local, KnowledgeFolderSource.CurrentDirectory, true);
        }

        var beside = Path.GetFullPath(Path.Combine(baseDirectory, "knowledge"));
        return new KnowledgeFolderResolution(beside, KnowledgeFolderSource.BesideProgram, Directory.Exists(beside));
    }

    /// <summary>Resolves from the process's current directory and <see cref="AppContext.BaseDirectory"/>.</summary>
    public static KnowledgeFolderResolution Resolve(string? configured) =>
        Resolve(configured, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
}
