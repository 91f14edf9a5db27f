using Bot.Knowledge.Model;
using Bot.Knowledge.Text;

namespace Bot.Bench.Search;

/// <summary>
/// A deterministic mixed Vietnamese/English corpus: documents in both languages sharing ids (so language twins exist),
/// words drawn with a skewed (Zipf-like) distribution from real Vietnamese syllables with diacritics and English words,
/// with named entities and dates sprinkled in, as in the real knowledge.
/// </summary>
internal static class SyntheticCorpus
{
    private static readonly string[] Vietnamese =
    [
        "của", "và", "là", "có", "được", "trong", "cho", "với", "các", "những", "một", "người", "năm", "tháng", "ngày",
        "công", "ty", "mô", "hình", "trí", "tuệ", "nhân", "tạo", "video", "xuất", "khẩu", "chip", "kiểm", "soát",
        "quy", "định", "hạn", "chế", "phát", "hành", "ra", "mắt", "giới", "thiệu", "thị", "trường", "Trung", "Quốc",
        "Mỹ", "Bộ", "Thương", "mại", "đối", "thủ", "cạnh", "tranh", "nghiên", "cứu", "huấn", "luyện", "tham", "số",
        "dữ", "liệu", "ngôn", "ngữ", "lớn", "mã", "nguồn", "mở", "giá", "rẻ", "đắt", "nhanh", "chậm", "kết", "nối",
        "máy", "chủ", "đám", "mây", "điện", "toán", "sản", "phẩm", "người", "dùng", "ứng", "dụng", "tải", "xuống",
        "phiên", "bản", "mới", "cũ", "đầu", "tiên", "cuối", "cùng", "tăng", "giảm", "đầu", "tư", "tỷ", "đô", "la",
        "chính", "phủ", "luật", "lệ", "phê", "duyệt", "đăng", "ký", "nhãn", "nội", "dung", "tạo", "sinh", "hình",
        "ảnh", "âm", "thanh", "giây", "phút", "độ", "phân", "giải", "chất", "lượng", "cao", "thấp", "hãng", "tập",
        "đoàn", "đại", "học", "viện", "khoa", "kỹ", "thuật", "công", "nghệ", "thế", "giới", "cuộc", "đua", "vượt",
        "qua", "bắt", "kịp", "dẫn", "đầu", "theo", "sau", "khiến", "gây", "ảnh", "hưởng", "lệnh", "cấm", "trừng", "phạt",
    ];

    private static readonly string[] English =
    [
        "the", "of", "and", "to", "in", "a", "model", "models", "video", "videos", "export", "exports", "controls",
        "chip", "chips", "China", "Chinese", "US", "American", "company", "companies", "released", "launched",
        "announced", "training", "trained", "parameters", "open", "weights", "source", "price", "prices", "cheaper",
        "faster", "slower", "interconnect", "bandwidth", "cloud", "access", "rules", "rule", "Commerce", "Department",
        "restricted", "restrictions", "license", "licenses", "market", "markets", "rival", "rivals", "generation",
        "text", "image", "images", "seconds", "minutes", "resolution", "quality", "users", "app", "downloads",
        "government", "approval", "approved", "registration", "labeling", "content", "generative", "research",
        "university", "lab", "labs", "investment", "billion", "dollars", "fund", "startup", "startups", "benchmark",
        "benchmarks", "reasoning", "language", "large", "small", "version", "versions", "update", "updated",
        "first", "last", "new", "older", "race", "lead", "leading", "behind", "ahead", "catching", "up", "sanctions",
        "ban", "banned", "smuggling", "datacenter", "datacenters", "supply", "demand", "shortage", "stockpile",
        "domestic", "foreign", "policy", "policies", "officials", "said", "report", "reports", "according",
    ];

    private static readonly string[] Entities =
    [
        "Sora", "OpenAI", "Kling", "Kuaishou", "Vidu", "Shengshu", "Hailuo", "MiniMax", "Seedance", "ByteDance",
        "DeepSeek", "Qwen", "Alibaba", "Baidu", "Ernie", "Zhipu", "Moonshot", "Kimi", "Tencent", "Hunyuan",
        "Nvidia", "H100", "H800", "A100", "A800", "H20", "H200", "Huawei", "Ascend", "910B", "SMIC", "TSMC",
    ];

    public static IReadOnlyList<KnowledgeSection> Generate(int sectionCount, int seed = 42)
    {
#pragma warning disable CA5394 // A seeded Random is the point: the corpus must be the same on every run.
        var random = new Random(seed);
        var sections = new List<KnowledgeSection>(sectionCount);
        const int sectionsPerDocument = 5;
        for (var d = 0; sections.Count < sectionCount; d++)
        {
            var lang = d % 2 == 0 ? "en" : "vi";
            var id = $"doc-{d / 2}";
            var path = $"synthetic/{id}.{lang}.md";
            var words = lang == "en" ? English : Vietnamese;
            var title = Sentence(random, words, random.Next(3, 7));
            var tags = new[] { Entities[random.Next(Entities.Length)].ToLowerInvariant() };
            for (var s = 0; s < sectionsPerDocument && sections.Count < sectionCount; s++)
            {
                var heading = Sentence(random, words, random.Next(3, 7));
                var text = Sentence(random, words, random.Next(40, 101));
                sections.Add(new KnowledgeSection(
                    Key: $"{path}#s{s}",
                    Path: path,
                    DocumentId: id,
                    DocumentTitle: title,
                    Lang: lang,
                    Topic: "synthetic",
                    Heading: heading,
                    Anchor: $"s{s}",
                    Text: text,
                    Line: 10 + (s * 5),
                    Updated: new DateOnly(2025, 1, 1),
                    Sources: [],
                    Tags: tags,
                    Aliases: [],
                    ContentHash: string.Empty));
            }
        }

        return sections;
    }

    /// <summary>
    /// Queries as people type them: a few consecutive words of a random section (Vietnamese ones half the time without
    /// diacritics), sometimes with an extra word, asked in that section's language.
    /// </summary>
    public static IReadOnlyList<(string Text, string Lang)> Queries(IReadOnlyList<KnowledgeSection> sections, int count, int seed = 7)
    {
        var random = new Random(seed);
        var queries = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var section = sections[random.Next(sections.Count)];
            var words = section.Text.Split(' ');
            var length = random.Next(3, 7);
            var start = random.Next(0, Math.Max(1, words.Length - length));
            var text = string.Join(' ', words.Skip(start).Take(length));
            if (random.Next(4) == 0)
            {
                text += " " + Entities[random.Next(Entities.Length)];
            }

            if (section.Lang == "vi" && random.Next(2) == 0)
            {
                text = KnowledgeText.Fold(text);
            }

            queries.Add((text, section.Lang));
        }

        return queries;
    }

    private static string Sentence(Random random, string[] words, int length)
    {
        var parts = new string[length];
        for (var i = 0; i < length; i++)
        {
            var roll = random.Next(100);
            parts[i] = roll switch
            {
                < 8 => Entities[(int)(Math.Pow(random.NextDouble(), 1.5) * Entities.Length)],
                < 10 => random.Next(2) == 0 ? $"{random.Next(1, 29)}/{random.Next(1, 13)}/{random.Next(2022, 2027)}" : $"{random.Next(2022, 2027)}-{random.Next(1, 13):D2}-{random.Next(1, 29):D2}",
                _ => words[(int)(Math.Pow(random.NextDouble(), 2.2) * words.Length)],
            };
        }

        return string.Join(' ', parts) + ".";
#pragma warning restore CA5394
    }
}
