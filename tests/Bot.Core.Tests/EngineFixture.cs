using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Knowledge;
using Bot.Knowledge.Loading;
using Bot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests;

/// <summary>The real engine over a small bilingual knowledge folder written to a temp directory.</summary>
public sealed class EngineFixture : IAsyncDisposable
{
    private readonly TempKnowledgeFolder _folder = new();
    private readonly ServiceProvider _services;

    public EngineFixture(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string>? files = null)
    {
        foreach (var (path, content) in files ?? new Dictionary<string, string>())
        {
            _folder.Write(path, content);
        }

        _folder.Write("sora/sora-launch.en.md", """
            ---
            id: sora-launch
            title: "Sora's reveal"
            lang: en
            topic: sora
            updated: 2026-11-28
            sources:
              - title: "OpenAI"
                date: 2024-02-15
                url: https://openai.com/sora
            aliases: [Sora AI]
            ---

            ## When was Sora unveiled?

            OpenAI unveiled Sora, its text-to-video model, on 15 February 2024 (2024-02-15). In Vietnam and China the date was already 16 February 2024.

            ## How long can Sora videos be?

            At the reveal OpenAI said Sora could generate clips of up to 60 seconds with detailed scenes and complex camera motion.
            """);
        _folder.Write("sora/sora-launch.vi.md", """
            ---
            id: sora-launch
            title: "Sora ra mắt"
            lang: vi
            topic: sora
            updated: 2026-11-28
            sources:
              - title: "OpenAI"
                date: 2024-02-15
                url: https://openai.com/sora
            ---

            ## Sora ra mắt khi nào?

            OpenAI giới thiệu Sora, mô hình tạo video từ văn bản, ngày 15/2/2024 theo giờ Mỹ (2024-02-15), tức ngày 16/2/2024 theo giờ Việt Nam.

            ## Video của Sora dài bao lâu?

            Khi ra mắt, OpenAI cho biết Sora có thể tạo đoạn video dài tới 60 giây với cảnh chi tiết và chuyển động máy quay phức tạp.
            """);
        _folder.Write("gpu/h20.en.md", """
            ---
            id: h20
            title: "Nvidia H20 export rules"
            lang: en
            topic: gpu-export-controls
            updated: 2026-11-28
            sources:
              - title: "Reuters"
                date: 2025-04-15
            ---

            ## When did the US restrict Nvidia H20 exports to China?

            In April 2025 the US government told Nvidia that exports of its H20 chip to China needed a licence, and Nvidia took a charge of about 5.5 billion dollars.

            ## What did Huawei offer instead of Nvidia chips? {review=2026-11-27}

            Huawei offered its Ascend 910C accelerator to Chinese customers as a domestic alternative to Nvidia's H20.
            """);
        _folder.Write("gpu/h20.vi.md", """
            ---
            id: h20
            title: "Quy định xuất khẩu chip Nvidia H20"
            lang: vi
            topic: gpu-export-controls
            updated: 2026-11-28
            sources:
              - title: "Reuters"
                date: 2025-04-15
            ---

            ## Mỹ hạn chế xuất khẩu chip Nvidia H20 sang Trung Quốc khi nào?

            Tháng 4/2025, chính phủ Mỹ yêu cầu Nvidia phải xin giấy phép khi xuất khẩu chip H20 sang Trung Quốc, và Nvidia ghi nhận khoản chi phí khoảng 5,5 tỷ USD.

            ## Huawei đưa ra gì thay cho chip Nvidia?

            Huawei chào bán bộ tăng tốc Ascend 910C cho khách hàng Trung Quốc như một lựa chọn nội địa thay cho chip H20 của Nvidia.
            """);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Knowledge:Path"] = _folder.Root })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        configure?.Invoke(services);
        services.AddKnowledge(configuration);
        services.AddBotCore(configuration);
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<IKnowledgeBase>().ReloadAsync().GetAwaiter().GetResult();
        Engine = _services.GetRequiredService<IBotEngine>();
    }

    public IBotEngine Engine { get; }

    public IServiceProvider Services => _services;

    public Task<BotReply?> AskAsync(string text, MessageFlags flags = MessageFlags.Private, string? command = null, string? replyTo = null, string chat = "chat-1") =>
        Engine.HandleAsync(new IncomingMessage("test", chat, "user-1", Guid.NewGuid().ToString("N"), text, ReplyToMessageId: replyTo, Flags: flags, Command: command));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }
}
