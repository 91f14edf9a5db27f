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

    /// <summary>"as of 30 Jun 2026" / "tính đến 30/6/2026": when the cited facts were last checked.</summary>
    public static string AsOf(string lang, Bot.Knowledge.Model.KnowledgeDate date) => Pick(lang,
        "tính đến " + Messages.CitationLayout.FormatDate(lang, date),
        "as of " + Messages.CitationLayout.FormatDate(lang, date));

    /// <summary>The line after an answer whose section was due to change on a day that has passed.</summary>
    public static string ReviewPassed(string lang, DateOnly due) => Pick(lang,
        $"Thông tin này dự kiến thay đổi vào ngày {Messages.CitationLayout.FormatDate(lang, Bot.Knowledge.Model.KnowledgeDate.Of(due))}; các nguồn mới hơn có thể có thêm thông tin.",
        $"This was due to change on {Messages.CitationLayout.FormatDate(lang, Bot.Knowledge.Model.KnowledgeDate.Of(due))}; newer sources may say more.");

    /// <summary>Heading of the full list of an answer's publications (/sources as a reply, the Sources button).</summary>
    public static string AllSourcesHeading(string lang) => Pick(lang, "Tất cả nguồn của câu trả lời này:", "All sources of this answer:");

    /// <summary>/sources as a reply to something that is not one of the bot's remembered answers.</summary>
    public static string NoAnswerToList(string lang) => Pick(lang,
        "Mình không tìm thấy câu trả lời đó nữa. Hãy trả lời (reply) trực tiếp vào một câu trả lời của mình rồi gõ /sources.",
        "I can't find that answer any more. Reply to one of my answers with /sources.");

    /// <summary>"tell me more" when everything of the answer's sections was already shown.</summary>
    public static string NothingMore(string lang) => Pick(lang,
        "Mình đã nói hết những gì kho kiến thức có về câu này.",
        "That's everything my knowledge has on this question.");

    /// <summary>"tell me more" with no earlier answer to continue.</summary>
    public static string NothingToContinue(string lang) => Pick(lang,
        "Bạn muốn mình nói thêm về câu trả lời nào? Hãy trả lời (reply) vào câu trả lời đó.",
        "More about which answer? Reply to that answer with \"tell me more\".");

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
        $"My knowledge has {Count(files, "file")} and {Count(sections, "section")}" + (newest is { } m ? $", last updated {m:yyyy-MM-dd}" : "") + $" (loaded {loadedAt:yyyy-MM-dd HH:mm} UTC). Topics:");

    public static string Topic(string lang, string topic, int files, DateOnly newest) => Pick(lang,
        $"- {topic}: {files} tệp, cập nhật {newest:yyyy-MM-dd}",
        $"- {topic}: {Count(files, "file")}, updated {newest:yyyy-MM-dd}");

    public static string SlowDown(string lang, int seconds) => Pick(lang,
        $"Bạn hỏi hơi nhanh quá rồi. Đợi khoảng {seconds} giây rồi hỏi tiếp nhé.",
        $"You're asking a bit fast. Please wait about {Count(seconds, "second")} and ask again.");

    public static string ChannelDisabled(string lang) => Pick(lang,
        "Bot đang tắt ở kênh này. Bạn có thể nhắn riêng cho mình hoặc nhờ quản trị viên bật lại (/channel enable).",
        "The bot is turned off in this channel. You can message me privately, or ask an admin to turn it on (/channel enable).");

    public static string NotAllowedHere(string lang) => Pick(lang,
        "Bot này chỉ hoạt động ở một số cộng đồng được cho phép, nên mình sẽ không trả lời ở đây.",
        "This bot only works in the communities it is set up for, so it won't answer here.");

    public static string NotChatAdmin(string lang) => Pick(lang,
        "Xin lỗi, chỉ quản trị viên của nhóm/kênh này mới đổi được cài đặt của bot. Không có gì thay đổi.",
        "Sorry, only this chat's admins can change the bot's settings here. Nothing was changed.");

    public static string NotModerator(string lang) => Pick(lang,
        "Xin lỗi, lệnh này chỉ dành cho người điều hành kiến thức của bot.",
        "Sorry, this command is for the bot's knowledge moderators only.");

    public static string NotOwner(string lang) => Pick(lang,
        "Xin lỗi, chỉ chủ bot mới thêm hoặc bớt người điều hành được.",
        "Sorry, only the bot's owners can add or remove moderators.");

    public static string ChannelOnlyInGroups(string lang) => Pick(lang,
        "Lệnh /channel dùng trong nhóm hoặc kênh; tin nhắn riêng luôn được trả lời.",
        "/channel works in groups and channels; private chats are always answered.");

    public static string ChannelUsage(string lang) => Pick(lang,
        "Cách dùng: /channel status | enable | disable | mode mentions|all|commands | language auto|vi|en | cooldown SỐ_GIÂY",
        "Usage: /channel status | enable | disable | mode mentions|all|commands | language auto|vi|en | cooldown SECONDS");

    public static string KbUsage(string lang) => Pick(lang,
        "Cách dùng: /kb status | reload | gaps [số ngày] | feedback [số ngày]",
        "Usage: /kb status | reload | gaps [days] | feedback [days]");

    public static string ModeratorsUsage(string lang) => Pick(lang,
        "Cách dùng: /moderators list | add NGƯỜI | remove NGƯỜI (Telegram: trả lời tin nhắn của người đó hoặc nhắc tên họ; Discord: chọn người dùng hoặc vai trò).",
        "Usage: /moderators list | add USER | remove USER (Telegram: reply to their message or mention them; Discord: pick a user or a role).");

    public static string ChannelStatus(string lang, bool enabled, string mode, string language, int cooldown, string? updatedBy, DateTimeOffset? updatedAt) => Pick(lang,
        $"Kênh này: {(enabled ? "đang bật" : "đang tắt")}; chế độ: {mode}; ngôn ngữ: {language}; thời gian chờ mỗi người: {cooldown} giây." +
            (updatedBy is null ? " (mặc định)" : $" Sửa lần cuối bởi {updatedBy} lúc {updatedAt:yyyy-MM-dd HH:mm} UTC."),
        $"This channel: {(enabled ? "enabled" : "disabled")}; mode: {mode}; language: {language}; per-user cooldown: {cooldown} s." +
            (updatedBy is null ? " (defaults)" : $" Last changed by {updatedBy} at {updatedAt:yyyy-MM-dd HH:mm} UTC."));

    public static string ThreadSettings(string lang, bool own) => own
        ? Pick(lang, "Đây là cài đặt riêng của chủ đề (thread) này; kênh cha giữ cài đặt của nó.", "These are this thread's own settings; the parent channel keeps its own.")
        : Pick(lang, "Chủ đề (thread) này dùng cài đặt của kênh cha; thay đổi ở đây chỉ áp dụng cho chủ đề này.", "This thread follows its parent channel; a change made here applies to this thread only.");

    public static string SettingSaved(string lang) => Pick(lang, "Đã lưu.", "Saved.");

    public static string ModeAllWarning(string lang, string platform) => platform == "discord"
        ? Pick(lang,
            "Lưu ý: bot chưa được bật Message Content intent nên không đọc được mọi tin nhắn; chế độ all chỉ hoạt động khi bạn bật \"Message Content Intent\" cho bot trong Discord Developer Portal (Bot > Privileged Gateway Intents) và đặt Discord:MessageContent = true.",
            "Note: the bot runs without the Message Content intent, so it cannot read every message; mode all works only after you turn on \"Message Content Intent\" in the Discord Developer Portal (Bot > Privileged Gateway Intents) and set Discord:MessageContent = true.")
        : Pick(lang,
            "Lưu ý: bot đang bật chế độ riêng tư (privacy mode) nên không thấy mọi tin nhắn trong nhóm. Để dùng chế độ all, hãy tắt nó qua @BotFather (/setprivacy > Disable) rồi xoá bot khỏi nhóm và thêm lại, hoặc đặt bot làm quản trị viên.",
            "Note: the bot has privacy mode on, so it does not see every group message. For mode all, turn it off with @BotFather (/setprivacy > Disable), then remove and re-add the bot, or make the bot an admin.");

    public static string ModeratorAdded(string lang, string tag, bool added) => Pick(lang,
        added ? $"Đã thêm {tag} làm người điều hành." : $"{tag} đã là người điều hành.",
        added ? $"{tag} is now a moderator." : $"{tag} was already a moderator.");

    public static string ModeratorRemoved(string lang, string tag, bool removed) => Pick(lang,
        removed ? $"Đã bỏ quyền điều hành của {tag}." : $"{tag} không phải người điều hành được thêm trong chat (người trong Bot:ModeratorIds chỉ bỏ được trong cấu hình).",
        removed ? $"{tag} is no longer a moderator." : $"{tag} is not a moderator added in chat (those in Bot:ModeratorIds are removed in the configuration).");

    public static string NoGaps(string lang, int days) => Pick(lang,
        $"Không có câu hỏi bị từ chối hay bị chấm 👎 nào trong {days} ngày qua.",
        $"No declined or 👎-rated questions in the last {days} days.");

    public static string NoFeedback(string lang, int days) => Pick(lang,
        $"Không có câu trả lời nào bị chấm 👎 trong {days} ngày qua.",
        $"No 👎-rated answers in the last {days} days.");

    public static string DashboardAskPrivately(string lang) => Pick(lang,
        "Để mở trang quản lý, hãy gửi /dashboard cho bot trong tin nhắn riêng (hoặc dùng lệnh /dashboard của Discord). Bot không gửi liên kết đăng nhập vào nhóm.",
        "To open the dashboard, send /dashboard to the bot in a private chat (or use Discord's /dashboard command). The bot never posts a sign-in link in a group.");

    public static string DashboardNotConfigured(string lang) => Pick(lang,
        "Trang quản lý chưa được cấu hình: bot chưa biết địa chỉ công khai của nó (đặt Http:PublicUrl).",
        "The dashboard is not configured: the bot does not know its public address (set Http:PublicUrl).");

    public static string DashboardLink(string lang, string url, int minutes) => Pick(lang,
        $"Liên kết đăng nhập trang quản lý, chỉ dùng được một lần trong {minutes} phút. Đừng chia sẻ nó:\n{url}",
        $"Your dashboard sign-in link. It works once, within {minutes} minutes. Do not share it:\n{url}");

    public static string Pick(string lang, string vietnamese, string english) =>
        lang == LanguageDetector.Vietnamese ? vietnamese : english;

    /// <summary>
    /// An English count with its noun: "1 file", "2 files". Vietnamese nouns do not change with the number
    /// ("1 tệp", "2 tệp"), so the Vietnamese phrases write the number before the noun as it is.
    /// </summary>
    public static string Count(int n, string singular) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} {(n == 1 ? singular : singular + "s")}");
}
