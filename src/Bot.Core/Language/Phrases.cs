namespace Bot.Core.Language;

/// <summary>The bot's fixed sentences, in both languages. One place, so wording stays consistent everywhere.</summary>
public static class Phrases
{
    public static string DontKnow(string lang) => Pick(lang,
        "Mình chưa có thông tin đáng tin cậy về câu này trong kho kiến thức, nên mình không muốn đoán. Bạn thử hỏi cách khác, hoặc hỏi về Sora và các đối thủ video của Trung Quốc, mô hình ngôn ngữ lớn của Trung Quốc, hay lệnh hạn chế xuất khẩu GPU của Mỹ nhé.",
        "I don't know that yet: nothing in my knowledge base answers it reliably, and I won't guess. Try rephrasing, or ask about Sora and its Chinese video rivals, Chinese large language models, or US export limits on AI chips.");

    public static string OutOfScope(string lang) => Pick(lang,
        "Câu này nằm ngoài phạm vi của mình. Mình chỉ trả lời về cuộc đua AI toàn cầu: Sora và các đối thủ video của Trung Quốc, mô hình ngôn ngữ lớn của Trung Quốc cùng các quy định liên quan, và lệnh hạn chế xuất khẩu chip AI của Mỹ.",
        "That's outside what I cover. I only answer questions about the global AI race: Sora and its Chinese video rivals, Chinese large language models and the rules around them, and US export limits on AI chips.");

    public static string EmptyQuestion(string lang) => Pick(lang,
        "Bạn muốn hỏi gì? Ví dụ: \"Sora ra mắt khi nào?\" hoặc \"Mỹ hạn chế xuất khẩu chip H20 ra sao?\"",
        "What would you like to know? For example: \"When was Sora released?\" or \"What are the US limits on H20 exports?\"");

    public static string QuestionCut(string lang, int max) => Pick(lang,
        $"(Câu hỏi quá dài nên mình chỉ đọc {max:N0} ký tự đầu.)",
        $"(Your message was long, so I read only its first {max:N0} characters.)");

    public static string OtherLanguageNote(string lang) => Pick(lang,
        "(Phần này hiện chỉ có bằng tiếng Anh.)",
        "(This part is only available in Vietnamese for now.)");

    public static string SourcesHeading(string lang) => Pick(lang, "Nguồn:", "Sources:");

    public static string AsOf(string lang, DateOnly date) => Pick(lang,
        $"cập nhật {date:yyyy-MM-dd}",
        $"as of {date:yyyy-MM-dd}");

    public static string Failure(string lang) => Pick(lang,
        "Xin lỗi, mình đang gặp trục trặc khi trả lời. Bạn thử lại sau ít phút nhé.",
        "Sorry, something went wrong while answering. Please try again in a few minutes.");

    public static IReadOnlyList<string> Help(string lang) => lang == LanguageDetector.Vietnamese
        ?
        [
            "Chào bạn! Mình là bot hỏi đáp về cuộc đua AI toàn cầu: Sora của OpenAI và các đối thủ làm video của Trung Quốc, các mô hình ngôn ngữ lớn của Trung Quốc cùng công ty và quy định đứng sau, và lệnh hạn chế xuất khẩu GPU của Mỹ sang Trung Quốc.",
            "Cứ hỏi bằng tiếng Việt (có dấu hay không dấu đều được) hoặc tiếng Anh, mình sẽ trả lời bằng ngôn ngữ của bạn. Mỗi câu trả lời đều ghi nguồn và ngày cập nhật; điều gì mình không biết, mình sẽ nói thẳng là không biết.",
            "Lệnh: /ask <câu hỏi> để hỏi; /sources để xem các chủ đề và độ mới của kiến thức; /help để xem hướng dẫn này. Trả lời (reply) vào câu trả lời của mình để hỏi tiếp.",
        ]
        :
        [
            "Hi! I answer questions about the global AI race: OpenAI's Sora and its Chinese video rivals, Chinese large language models with the companies and rules behind them, and US export restrictions on advanced GPUs to China.",
            "Ask in English or Vietnamese (with or without diacritics) and I'll answer in your language. Every answer names its sources and their dates, and when I don't know something I say so.",
            "Commands: /ask <question> to ask; /sources for the topics and how current the knowledge is; /help for this message. Reply to one of my answers to ask a follow-up.",
        ];

    public static string SourcesIntro(string lang, int files, int sections, DateOnly? newest, DateTimeOffset loadedAt) => Pick(lang,
        $"Kiến thức của mình gồm {files} tệp, {sections} mục" + (newest is { } n ? $", cập nhật gần nhất {n:yyyy-MM-dd}" : "") + $" (nạp lúc {loadedAt:yyyy-MM-dd HH:mm} UTC). Các chủ đề:",
        $"My knowledge has {files} files and {sections} sections" + (newest is { } m ? $", last updated {m:yyyy-MM-dd}" : "") + $" (loaded {loadedAt:yyyy-MM-dd HH:mm} UTC). Topics:");

    public static string Topic(string lang, string topic, int files, DateOnly newest) => Pick(lang,
        $"- {topic}: {files} tệp, cập nhật {newest:yyyy-MM-dd}",
        $"- {topic}: {files} files, updated {newest:yyyy-MM-dd}");

    public static string Pick(string lang, string vietnamese, string english) =>
        lang == LanguageDetector.Vietnamese ? vietnamese : english;
}
