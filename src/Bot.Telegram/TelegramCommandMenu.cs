using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>The command menu: one list for private chats, one for groups, each in English (default) and Vietnamese.</summary>
internal static class TelegramCommandMenu
{
    public static IReadOnlyList<(BotCommandScope Scope, string? Language, BotCommand[] Commands)> All { get; } =
    [
        (new BotCommandScopeAllPrivateChats(), null, Private(en: true)),
        (new BotCommandScopeAllPrivateChats(), "vi", Private(en: false)),
        (new BotCommandScopeAllGroupChats(), null, Group(en: true)),
        (new BotCommandScopeAllGroupChats(), "vi", Group(en: false)),
    ];

    private static BotCommand[] Private(bool en) =>
    [
        Command("ask", en ? "Ask about the AI race" : "Hỏi về cuộc đua AI"),
        Command("sources", en ? "Topics and how current the knowledge is" : "Các chủ đề và độ mới của dữ liệu"),
        Command("help", en ? "How to use the bot" : "Cách dùng bot"),
        Command("start", en ? "About this bot" : "Giới thiệu bot"),
    ];

    private static BotCommand[] Group(bool en) =>
    [
        Command("ask", en ? "Ask about the AI race: /ask your question" : "Hỏi về cuộc đua AI: /ask câu hỏi"),
        Command("sources", en ? "Topics and how current the knowledge is" : "Các chủ đề và độ mới của dữ liệu"),
        Command("help", en ? "How to use the bot" : "Cách dùng bot"),
    ];

    private static BotCommand Command(string name, string description) => new() { Command = name, Description = description };
}
