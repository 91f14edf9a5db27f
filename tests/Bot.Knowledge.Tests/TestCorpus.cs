using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Testing;

namespace Bot.Knowledge.Tests;

/// <summary>A small bilingual knowledge folder written for the ranking tests (not the real content).</summary>
internal static class TestCorpus
{
    public static IReadOnlyDictionary<string, string> Files { get; } = new Dictionary<string, string>
    {
        ["sora/sora-launch.en.md"] = File("sora-launch", "en", "Sora launch", "sora", "aliases: [OpenAI Sora]\n", """
            ## Announcement

            OpenAI unveiled Sora, a text-to-video model, on 15 February 2024. It makes videos up to 60 seconds long.

            ## Access

            At first only red teamers and a few visual artists and filmmakers could use it.
            """),
        ["sora/sora-launch.vi.md"] = File("sora-launch", "vi", "Sora ra mắt", "sora", "", """
            ## Công bố

            OpenAI giới thiệu Sora, mô hình tạo video từ văn bản, ngày 15/2/2024. Video dài tới 60 giây.

            ## Quyền truy cập

            Ban đầu chỉ nhóm kiểm thử và một số nghệ sĩ, nhà làm phim được dùng thử.
            """),
        ["video/chinese-video.en.md"] = File("chinese-video", "en", "Chinese video models", "video", "tags: [kling, vidu]\n", """
            ## Kling

            Kuaishou released Kling in June 2024, a video generation model seen as a rival to Sora.

            ## Vidu

            Shengshu Technology and Tsinghua University showed Vidu in April 2024.
            """),
        ["video/chinese-video.vi.md"] = File("chinese-video", "vi", "Mô hình video Trung Quốc", "video", "", """
            ## Kling

            Kuaishou phát hành Kling vào tháng 6/2024, được xem là đối thủ của Sora.

            ## Vidu

            Shengshu và Đại học Thanh Hoa giới thiệu Vidu vào tháng 4/2024.
            """),
        ["gpu/export-controls.en.md"] = File("gpu-export-controls", "en", "US GPU export controls", "gpu", "", """
            ## October 2022 rules

            The US Commerce Department restricted exports of advanced chips such as the Nvidia A100 and H100 to China.

            ## Export versions

            Nvidia then made the A800 and H800 for the Chinese market, with slower interconnects.
            """),
        ["gpu/export-controls.vi.md"] = File("gpu-export-controls", "vi", "Kiểm soát xuất khẩu GPU của Mỹ", "gpu", "", """
            ## Quy định tháng 10/2022

            Bộ Thương mại Mỹ hạn chế xuất khẩu chip tiên tiến như Nvidia A100 và H100 sang Trung Quốc.

            ## Phiên bản xuất khẩu

            Sau đó Nvidia làm ra A800 và H800 cho thị trường Trung Quốc, với kết nối chậm hơn.
            """),
        ["llm/deepseek.en.md"] = File("deepseek", "en", "DeepSeek", "llm", "", """
            ## DeepSeek-V3

            DeepSeek trained its V3 model on a cluster of H800 GPUs and published the weights in December 2024.
            """),
        ["misc/huawei.en.md"] = File("huawei", "en", "Chip makers", "gpu", "", """
            ## Huawei

            Its Ascend accelerators are designed in Shenzhen for training large models.

            ## Accelerators

            Several firms, Huawei among them, design accelerators for training large models.
            """),
    };

    public static IReadOnlyList<KnowledgeDocument> Documents { get; } = Files
        .OrderBy(f => f.Key, StringComparer.Ordinal)
        .Select(f => KnowledgeFiles.Parse(f.Key, f.Value).Document ?? throw new InvalidOperationException("bad test file " + f.Key))
        .ToArray();

    public static KnowledgeIndex Index { get; } = KnowledgeIndex.Build(Documents);

    public static TempKnowledgeFolder WriteToTempFolder()
    {
        var folder = new TempKnowledgeFolder();
        foreach (var (path, content) in Files)
        {
            folder.Write(path, content);
        }

        return folder;
    }

    private static string File(string id, string lang, string title, string topic, string extra, string body) =>
        KnowledgeFiles.Valid(id: id, lang: lang, title: title, topic: topic, body: body, extraFrontMatter: extra);
}
