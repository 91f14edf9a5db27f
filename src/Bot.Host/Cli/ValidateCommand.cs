using System.Globalization;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;

namespace Bot.Host.Cli;

/// <summary>
/// <c>validate [--stale]</c>: prints every error and warning as <c>PATH:LINE: ...</c>, including the naming rules of
/// <see cref="KnowledgeNaming"/>; exits 1 only for errors, so files in the old format (compatibility warnings) pass. <c>--stale</c> adds a warning per section whose review date has passed.
/// </summary>
internal static class ValidateCommand
{
    public static async Task<int> RunAsync(IKnowledgeBase knowledge, TimeProvider time, bool stale, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var snapshot = await knowledge.ReloadAsync(cancellationToken);
        var overdue = stale ? OverdueWarnings(snapshot, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) : [];
        var naming = KnowledgeNaming.Check(snapshot);
        var errors = snapshot.Diagnostics.Count + naming.Count(d => d.Severity == KnowledgeSeverity.Error);
        var warnings = snapshot.Warnings.Concat(naming.Where(d => d.Severity != KnowledgeSeverity.Error)).ToList();
        foreach (var diagnostic in snapshot.Diagnostics.Concat(naming).Concat(snapshot.Warnings).Concat(overdue)
                     .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line))
        {
            await output.WriteLineAsync(diagnostic.ToString());
        }

        if (snapshot.Documents.Count == 0 && snapshot.Diagnostics.Count == 0)
        {
            await error.WriteLineAsync($"{snapshot.Root}: no knowledge files found (expected topic folders of *.md files)");
            return 1;
        }

        var byLang = string.Join(", ", snapshot.Documents.GroupBy(d => d.Lang).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()} files, {g.Sum(d => d.Sections.Count)} sections"));
        var summary = $"{snapshot.Documents.Count} files, {snapshot.SectionCount} sections ({byLang}) in {snapshot.Root}";
        if (errors > 0)
        {
            await error.WriteLineAsync($"{errors} problem(s); serving {summary}");
            return 1;
        }

        var old = warnings.Count(w => w.Severity == KnowledgeSeverity.Compatibility);
        var notes = new List<string>();
        if (warnings.Count > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{warnings.Count} warning(s), {old} of them old-format"));
        }

        if (stale)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{overdue.Count} section(s) past their review date"));
        }

        await output.WriteLineAsync($"OK: {summary}{(notes.Count > 0 ? "; " + string.Join("; ", notes) : string.Empty)}");
        return 0;
    }

    private static List<KnowledgeDiagnostic> OverdueWarnings(KnowledgeSnapshot snapshot, DateOnly today) =>
        [.. snapshot.Overdue(today).Select(s => new KnowledgeDiagnostic(
            s.Path,
            s.Line,
            $"section '{s.Heading}' was due for review on {s.Review!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (its facts were due to change then: check them, update the text and the review date)",
            KnowledgeSeverity.Warning))];
}
