using System.Collections.Concurrent;
using Bot.Core.Answering;
using Bot.Core.Llm;
using Bot.Knowledge.Embeddings;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Llm;

/// <summary>Sections, requests and a container wired with AddLlm against the fake model server.</summary>
internal static class LlmTestKit
{
    public const string ApiKey = "sk-test-7f3c9a1e5b2d4c6e8f0a";

    public static readonly KnowledgeSection SoraLaunchEn = Section(
        "sora/sora-launch.en.md", "en", "Sora launch", "Public release",
        "OpenAI released Sora to the public on 9 December 2024. It was offered to ChatGPT Plus and Pro subscribers in most countries. Videos could be up to 20 seconds long.");

    public static readonly KnowledgeSection SoraLaunchVi = Section(
        "sora/sora-launch.vi.md", "vi", "Sora ra mắt", "Phát hành công khai",
        "OpenAI phát hành Sora cho công chúng vào ngày 9 tháng 12 năm 2024. Sora dành cho người dùng ChatGPT Plus và Pro ở hầu hết các quốc gia. Video dài tối đa 20 giây.");

    public static readonly KnowledgeSection KlingEn = Section(
        "video/kling.en.md", "en", "Kling", "Kling by Kuaishou",
        "Kuaishou launched the Kling video model in June 2024. It generates clips of up to two minutes at 1080p.");

    public static readonly KnowledgeSection H20En = Section(
        "gpu/h20.en.md", "en", "Nvidia H20 export rules", "April 2025 licence requirement",
        "In April 2025 the US government told Nvidia that exporting the H20 chip to China requires a licence. Nvidia said it expected a charge of about 5.5 billion dollars.");

    public static readonly KnowledgeSection HuaweiEn = Section(
        "gpu/huawei-ascend.en.md", "en", "Huawei Ascend", "Ascend 910C",
        "Huawei's Ascend 910C accelerator began mass shipments to Chinese customers in 2025, offered as a domestic substitute for Nvidia chips.");

    public static KnowledgeSection Section(string path, string lang, string title, string heading, string text)
    {
        var anchor = heading.ToLowerInvariant().Replace(' ', '-');
        return new KnowledgeSection(
            path + "#" + anchor, path, path.Split('/')[^1].Split('.')[0], title, lang, path.Split('/')[0], heading, anchor,
            text, 5, new DateOnly(2025, 6, 1), [new KnowledgeSource("Source", "2025-06", null)], [], [],
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(heading + "\n" + text))));
    }

    public static AnswerRequest Request(string question, string language, params KnowledgeSection[] sections) =>
        new(question, language, [.. sections.Select((s, i) => new SearchHit(s, 10 - i, 0.9 - (i * 0.1)))], null);

    public static Dictionary<string, string?> ModelConfig(FakeOpenAiServer server, params (string Key, string? Value)[] extra)
    {
        var config = new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = server.Endpoint.ToString(),
            ["Llm:Model"] = "fake-chat",
            ["Llm:ApiKey"] = ApiKey,
        };
        foreach (var (key, value) in extra)
        {
            config[key] = value;
        }

        return config;
    }

    /// <summary>A container as the host builds it: AddLlm, then the core's TryAdd defaults, then the configuration.</summary>
    public static ServiceProvider Build(
        IDictionary<string, string?> settings,
        FakeTimeProvider? time = null,
        CapturingLoggerProvider? logs = null,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddSingleton<TimeProvider>(time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        services.AddLlm(configuration);
        services.Configure<LlmResilienceTuning>(t => t.RetryDelay = TimeSpan.Zero);

        // What AddBotCore does after AddLlm: defaults with TryAdd, which must not win over the model layer.
        services.AddOptions();
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddSingleton<KeyTermQueryRewriter>();
        services.AddSingleton<IEmbeddingCache, MemoryEmbeddingCache>();
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<IAnswerer>(services, sp => sp.GetRequiredService<ExtractiveAnswerer>());
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<IQueryRewriter>(services, sp => sp.GetRequiredService<KeyTermQueryRewriter>());
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Waits (bounded, not timed) until <paramref name="condition"/> holds.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        for (var i = 0; i < 2_000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().ShouldBeTrue($"gave up waiting: {what}");
    }
}

/// <summary>Collects every log line at every level.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public IEnumerable<string> AllText => Entries.Select(e => e.Message + " " + e.Exception);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}

/// <summary>An embedding cache that counts what it serves.</summary>
internal sealed class MemoryEmbeddingCache : IEmbeddingCache
{
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<float>> _vectors = new(StringComparer.Ordinal);

    public int Count => _vectors.Count;

    public ValueTask<ReadOnlyMemory<float>?> GetAsync(string model, string contentHash, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_vectors.TryGetValue(model + "|" + contentHash, out var v) ? v : (ReadOnlyMemory<float>?)null);

    public ValueTask SetAsync(string model, string contentHash, ReadOnlyMemory<float> vector, CancellationToken cancellationToken = default)
    {
        _vectors[model + "|" + contentHash] = vector.ToArray();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A knowledge base over a fixed list of sections that can be "reloaded" by the test.</summary>
internal sealed class FakeKnowledgeBase(IReadOnlyList<KnowledgeSection> sections) : IKnowledgeBase
{
    public KnowledgeSnapshot Current { get; private set; } = Snapshot(sections);

    public event EventHandler<KnowledgeSnapshot>? Reloaded;

    public void Replace(IReadOnlyList<KnowledgeSection> next)
    {
        Current = Snapshot(next);
        Reloaded?.Invoke(this, Current);
    }

    public Task<KnowledgeSnapshot> ReloadAsync(CancellationToken cancellationToken = default) => Task.FromResult(Current);

    private static KnowledgeSnapshot Snapshot(IReadOnlyList<KnowledgeSection> sections) => new(
        "/knowledge",
        [.. sections.GroupBy(s => s.Path).Select(g => new KnowledgeDocument(
            g.Key, g.First().DocumentId, g.First().DocumentTitle, g.First().Lang, g.First().Topic, g.First().Updated, [], [], [], [.. g]))],
        new WordIndex(sections),
        [],
        DateTimeOffset.UnixEpoch);

    /// <summary>Finds the sections that contain any word of four letters or more of the query.</summary>
    private sealed class WordIndex(IReadOnlyList<KnowledgeSection> sections) : ILexicalIndex
    {
        public int SectionCount => sections.Count;

        public IReadOnlyList<SearchHit> Search(SearchQuery query)
        {
            var words = query.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4).ToList();
            return [.. sections
                .Where(s => words.Any(w => (s.Heading + " " + s.Text).Contains(w, StringComparison.OrdinalIgnoreCase)))
                .Select(s => new SearchHit(s, 1, 0.5))];
        }
    }
}
