namespace Bot.Testing;

/// <summary>Finds folders of this repository from a test's output directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Knowledge => Path.Combine(Root, "knowledge");

    public static string Eval => Path.Combine(Root, "tests", "eval");

    /// <summary>The non-empty lines of the evaluation question files (<c>tests/eval/*.jsonl</c>), in file-name order.</summary>
    public static IEnumerable<string> EvalQuestionLines() =>
        Directory.Exists(Eval)
            ? Directory.EnumerateFiles(Eval, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadLines).Where(l => !string.IsNullOrWhiteSpace(l))
            : [];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bot.sln not found above " + AppContext.BaseDirectory);
    }
}
