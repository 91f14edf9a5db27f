using Bot.Knowledge.Loading;

namespace Bot.Core.Language;

/// <summary>
/// Judges the language of a question with a <see cref="LanguageModel"/> trained on the knowledge folder's own English
/// and Vietnamese text. The model is trained once per knowledge snapshot, on first use after a reload.
/// </summary>
public sealed class LanguageJudge(IKnowledgeBase knowledge)
{
    // A knowledge folder this small (a test's two files) teaches too little; the function-word detector decides then.
    private const int MinTrainingWords = 2_000;

    private volatile Trained? _trained;

    /// <summary><c>vi</c> or <c>en</c>; <paramref name="fallback"/> (the platform locale, else English) when undecided.</summary>
    public string Detect(string? text, string fallback = LanguageDetector.English)
    {
        var model = Model();
        return model is null ? LanguageDetector.Detect(text, fallback) : model.Detect(text, fallback);
    }

    /// <summary>The model for the current snapshot, or null when the knowledge is too small to learn from.</summary>
    public LanguageModel? Model()
    {
        var snapshot = knowledge.Current;
        var trained = _trained;
        if (trained is null || !ReferenceEquals(trained.Snapshot, snapshot))
        {
            var model = LanguageModel.Train(snapshot.Documents.SelectMany(d =>
                d.Sections.Select(s => (d.Lang, s.Heading + "\n" + s.Text)).Prepend((d.Lang, d.Title))));
            var (vi, en) = model.TrainingWords;
            trained = new Trained(snapshot, vi >= MinTrainingWords && en >= MinTrainingWords ? model : null);
            _trained = trained;
        }

        return trained.Model;
    }

    private sealed record Trained(KnowledgeSnapshot Snapshot, LanguageModel? Model);
}
