using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Admin;

/// <summary>One rule for a Discord thread: its own stored settings, falling back to its parent channel's.</summary>
public class ThreadSettingsTests
{
    private readonly InMemoryChannelSettingsStore _store = new();
    private readonly ChannelPolicy _policy;

    public ThreadSettingsTests() => _policy = new ChannelPolicy(Options.Create(new BotOptions()), _store, AdminTestKit.Clock());

    [Theory]
    [InlineData(MessageFlags.None)]
    [InlineData(MessageFlags.Mentioned)]
    public async Task A_thread_without_settings_of_its_own_follows_its_parent_channel(MessageFlags flags)
    {
        await _store.SaveAsync(Settings("parent", ChannelMode.Commands));

        var settings = await _policy.GetAsync(InThread(flags), default);

        settings.Mode.ShouldBe(ChannelMode.Commands);
    }

    [Theory]
    [InlineData(MessageFlags.None)]
    [InlineData(MessageFlags.Mentioned)]
    public async Task A_thread_with_settings_of_its_own_uses_them(MessageFlags flags)
    {
        await _store.SaveAsync(Settings("parent", ChannelMode.Commands));
        await _store.SaveAsync(Settings("thread", ChannelMode.All));

        var settings = await _policy.GetAsync(InThread(flags), default);

        settings.Mode.ShouldBe(ChannelMode.All);
    }

    private static IncomingMessage InThread(MessageFlags flags) =>
        new("discord", "parent", "u", "1", "what is sora?", ThreadId: "thread", Flags: flags, GuildId: "g");

    private static ChannelSettings Settings(string chat, ChannelMode mode) =>
        new("discord", chat, true, mode, null, 0, "admin", DateTimeOffset.UnixEpoch);
}
