using Bot.Knowledge.Model;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Loading;

/// <summary>
/// Reads a knowledge folder into a <see cref="KnowledgeSnapshot"/>. One instance remembers what it parsed, so a reload
/// re-parses only files whose length or last write time changed and keeps the last good version of a file that now
/// fails validation (its problems are still reported).
/// </summary>
/// <remarks>
/// Files: every <c>*.md</c> under the folder except files named <c>README.md</c> (any case) and anything under a
/// folder, or in a file, whose name starts with <c>.</c> (editor and version-control files).
/// Paths are relative to the folder, with forward slashes. Not thread-safe: one reload at a time.
/// </remarks>
public sealed class KnowledgeLoader
{
    private readonly Dictionary<string, CachedFile> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParsedFile> _lastGood = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public KnowledgeLoader(string root, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Root { get; }

    /// <summary>Loads a folder once, without watching it (for command-line verbs such as <c>validate</c> and <c>ask</c>).</summary>
    public static Task<KnowledgeSnapshot> LoadAsync(string root, CancellationToken cancellationToken = default) =>
        new KnowledgeLoader(root).LoadAsync(cancellationToken);

    /// <summary>Reads the folder (re-parsing only changed files) and builds a new snapshot with its index.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public async Task<KnowledgeSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"Knowledge folder '{Root}' does not exist.");
        }

        var files = EnumerateFiles(Root);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<ParsedFile>(files.Count);
        foreach (var (relative, info) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            seen.Add(relative);
            parsed.Add(await ParseAsync(relative, info, cancellationToken));
        }

        foreach (var gone in _cache.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _cache.Remove(gone);
            _lastGood.Remove(gone);
        }

        var diagnostics = new List<KnowledgeDiagnostic>();
        var warnings = new List<KnowledgeDiagnostic>();
        var documents = new List<KnowledgeDocument>();
        var owners = new Dictionary<(string Id, string Lang), string>();
        foreach (var file in parsed)
        {
            diagnostics.AddRange(file.Diagnostics);
            warnings.AddRange(file.Warnings);
            if (file.Document is not null)
            {
                _lastGood[file.Path] = file;
            }

            var serving = file.Document is not null ? file : _lastGood.GetValueOrDefault(file.Path);
            if (serving?.Document is not { } document)
            {
                continue;
            }

            if (owners.TryGetValue((document.Id, document.Lang), out var first))
            {
                diagnostics.Add(new KnowledgeDiagnostic(
                    file.Path,
                    serving.IdLine,
                    $"duplicate id '{document.Id}' for lang '{document.Lang}' (already used by {first}; give this file another id or lang)"));
                continue;
            }

            owners[(document.Id, document.Lang)] = file.Path;
            documents.Add(document);
        }

        diagnostics.Sort(ByPlace);
        warnings.Sort(ByPlace);
        return new KnowledgeSnapshot(Root, documents, KnowledgeIndex.Build(documents), diagnostics, _time.GetUtcNow()) { Warnings = warnings };

        static int ByPlace(KnowledgeDiagnostic a, KnowledgeDiagnostic b)
        {
            var byPath = string.CompareOrdinal(a.Path, b.Path);
            return byPath != 0 ? byPath : a.Line.CompareTo(b.Line);
        }
    }

    /// <summary>A cheap summary of the folder (paths, lengths and write times of the knowledge files) to notice changes.</summary>
    /// <remarks>Comparable within one process only (the hash is seeded per process).</remarks>
    public static int Fingerprint(string root)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var hash = default(HashCode);
        foreach (var (relative, info) in EnumerateFiles(Path.GetFullPath(root)))
        {
            hash.Add(relative, StringComparer.Ordinal);
            hash.Add(info.Length);
            hash.Add(info.LastWriteTimeUtc.Ticks);
        }

        return hash.ToHashCode();
    }

    /// <summary>Whether a path relative to the folder names a knowledge file (forward or back slashes).</summary>
    public static bool IsKnowledgePath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var parts = relativePath.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p.StartsWith('.')))
        {
            return false;
        }

        var name = parts[^1];
        return name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            && !name.Equals("README.md", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<ParsedFile> ParseAsync(string relative, FileInfo info, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(relative, out var cached) && cached.Length == info.Length && cached.LastWriteUtc == info.LastWriteTimeUtc)
        {
            return cached.File;
        }

        ParsedFile file;
        try
        {
            if (info.Length > KnowledgeFileParser.MaxFileBytes)
            {
                file = KnowledgeFileParser.TooLarge(relative, info.Length);
            }
            else
            {
                var bytes = await File.ReadAllBytesAsync(info.FullName, cancellationToken);
                file = KnowledgeFileParser.Parse(relative, bytes);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Often a save in progress; the next change event reads it again. Not cached.
            return new ParsedFile(relative, null, 0, [new KnowledgeDiagnostic(relative, 1, $"could not read the file ({ex.GetType().Name}: {ex.Message})")]);
        }

        _cache[relative] = new CachedFile(info.Length, info.LastWriteTimeUtc, file);
        return file;
    }

    private static List<(string Relative, FileInfo Info)> EnumerateFiles(string root)
    {
        var result = new List<(string, FileInfo)>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        var options = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            try
            {
                foreach (var entry in directory.EnumerateFileSystemInfos("*", options))
                {
                    if (entry.Name.StartsWith('.'))
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo sub)
                    {
                        pending.Push(sub);
                    }
                    else if (entry is FileInfo file && IsKnowledgePath(file.Name))
                    {
                        result.Add((Path.GetRelativePath(root, file.FullName).Replace('\\', '/'), file));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder removed while we walk it: the next reload sees the final state.
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    private sealed record CachedFile(long Length, DateTime LastWriteUtc, ParsedFile File);
}
