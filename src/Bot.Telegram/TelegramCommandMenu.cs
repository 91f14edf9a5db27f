using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// The command menu: one list for private chats, one for groups, one for group administrators (scope
/// all_chat_administrators), each in English (default) and Vietnamese. Telegram has no moderators' scope, so
/// <c>/dashboard</c> is listed in private chats only: the one place the bot sends its sign-in link.
/// </summary>
internal static class TelegramCommandMenu
{
    public static IReadOnlyList<(BotCommandScope Scope, string? Language, BotCommand[] Commands)> All { get; } =
    [
        (new BotCommandScopeAllPrivateChats(), null, Private(en: true)),
        (new BotCommandScopeAllPrivateChats(), "vi", Private(en: false)),
        (new BotCommandScopeAllGroupChats(), null, Group(en: true)),
        (new BotCommandScopeAllGroupChats(), "vi", Group(en: false)),
        (new BotCommandScopeAllChatAdministrators(), null, Admins(en: true)),
        (new BotCommandScopeAllChatAdministrators(), "vi", Admins(en: false)),
    ];

    /// <summary>Group admins see the group commands plus the settings and knowledge commands.</summary>
    private static BotCommand[] Admins(bool en) =>
    [
        .. Group(en),
        Command("channel", en ? "Bot settings here: status, enable, disable, mode, language, cooldown" : "Cài đặt bot: status, enable, disable, mode, language, cooldown"),
        Command("kb", en ? "Knowledge: gaps [days], feedback [days] (moderators: status, reload)" : "Kiến thức: gaps [ngày], feedback [ngày] (điều hành: status, reload)"),
        Command("moderators", en ? "Owners: list, add or remove (reply to the person)" : "Chủ bot: list, add, remove (trả lời tin của người đó)"),
    ];

    private static BotCommand[] Private(bool en) =>
    [
        Command("ask", en ? "Ask about the AI race" : "Hỏi về cuộc đua AI"),
        Command("sources", en ? "Topics and how current the knowledge is" : "Các chủ đề và độ mới của dữ liệu"),
        Command("help", en ? "How to use the bot" : "Cách dùng bot"),
        Command("start", en ? "About this bot" : "Giới thiệu bot"),
        Command("dashboard", en ? "Moderators: sign-in link to the web dashboard" : "Người điều hành: liên kết đăng nhập trang quản lý"),
    ];

    private static BotCommand[] Group(bool en) =>
    [
        Command("ask", en ? "Ask about the AI race: /ask your question" : "Hỏi về cuộc đua AI: /ask câu hỏi"),
        Command("sources", en ? "Topics and how current the knowledge is" : "Các chủ đề và độ mới của dữ liệu"),
        Command("help", en ? "How to use the bot" : "Cách dùng bot"),
    ];

    private static BotCommand Command(string name, string description) => new() { Command = name, Description = description };
}
