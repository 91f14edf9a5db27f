using Bot.Core.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Admin;

/// <summary>The real engine with a fake clock and admin-related settings.</summary>
internal static class AdminTestKit
{
    public static EngineFixture Create(FakeTimeProvider time, IDictionary<string, string?>? settings = null) =>
        new(settings, services => services.AddSingleton<TimeProvider>(time));

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public static IncomingMessage Group(
        string text,
        string? command = null,
        MessageFlags flags = MessageFlags.None,
        string platform = "telegram",
        string chat = "-100",
        string user = "42",
        bool? admin = null,
        bool? seesAll = null,
        IReadOnlyList<string>? roles = null,
        string? guild = null) =>
        new(platform, chat, user, Guid.NewGuid().ToString("N"), text, Flags: flags, Command: command, GuildId: guild,
            SenderIsChatAdmin: admin, SenderRoleIds: roles, BotSeesAllMessages: seesAll);

    public static string Text(BotReply? reply) => reply is null ? "" : string.Join("\n", reply.Blocks);
}
