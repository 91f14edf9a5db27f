using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Model;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Interactions;

/// <summary>
/// Registers <c>/ask</c>, <c>/help</c> and <c>/sources</c> with one bulk overwrite, and only when the set differs from
/// what Discord already has (command creations are limited per day). On one guild when <c>Discord:CommandGuildId</c>
/// is set (instant), globally otherwise.
/// </summary>
/// <remarks>https://discord.com/developers/docs/interactions/application-commands#registering-a-command</remarks>
internal sealed class DiscordCommandRegistrar(DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<DiscordCommandRegistrar> logger)
{
    /// <summary>Returns true when commands were written, false when Discord already had them (or on failure).</summary>
    public async Task<bool> EnsureAsync(Snowflake applicationId, CancellationToken cancellationToken)
    {
        Snowflake? guild = Snowflake.TryParse(options.Value.CommandGuildId, out var g) ? g : null;
        var desired = Desired(global: guild is null);
        var existing = await rest.GetCommandsAsync(applicationId, guild, cancellationToken);
        if (existing.IsSuccess && existing.Body is { ValueKind: JsonValueKind.Array } current && Same(desired, current, global: guild is null))
        {
            logger.LogInformation("Discord commands are up to date ({Scope})", guild is null ? "global" : "guild " + guild);
            return false;
        }

        var put = await rest.PutCommandsAsync(applicationId, guild, desired, cancellationToken);
        if (put.IsSuccess)
        {
            logger.LogInformation("Discord commands registered ({Scope}): {Names}", guild is null ? "global" : "guild " + guild, "ask, help, sources");
            return true;
        }

        logger.LogWarning("Discord command registration failed ({Status}, code {Code})", (int)put.Status, put.ErrorCode);
        return false;
    }

    internal static JsonArray Desired(bool global)
    {
        JsonObject Command(string name, string description, string descriptionVi, JsonArray? commandOptions = null)
        {
            var o = new JsonObject
            {
                ["name"] = name,
                ["type"] = 1,
                ["description"] = description,
                ["description_localizations"] = new JsonObject { ["vi"] = descriptionVi },
            };
            if (commandOptions is not null)
            {
                o["options"] = commandOptions;
            }

            if (global)
            {
                o["contexts"] = new JsonArray(0, 1);
                o["integration_types"] = new JsonArray(0);
            }

            return o;
        }

        return
        [
            Command("ask", "Ask about the global AI race; answers cite the knowledge files", "Hỏi về cuộc đua AI toàn cầu; câu trả lời có trích nguồn",
            [
                new JsonObject
                {
                    ["type"] = 3,
                    ["name"] = "question",
                    ["description"] = "Your question, in Vietnamese or English",
                    ["description_localizations"] = new JsonObject { ["vi"] = "Câu hỏi của bạn, tiếng Việt hoặc tiếng Anh" },
                    ["required"] = true,
                    ["max_length"] = 1000,
                },
            ]),
            Command("help", "How to use the bot", "Cách dùng bot"),
            Command("sources", "What the bot knows and where it comes from", "Bot biết gì và lấy từ đâu"),
        ];
    }

    /// <summary>Compares the fields we set; anything else Discord adds (ids, versions) is ignored.</summary>
    internal static bool Same(JsonArray desired, JsonElement current, bool global)
    {
        var existing = current.EnumerateArray().ToList();
        if (existing.Count != desired.Count)
        {
            return false;
        }

        foreach (var want in desired.OfType<JsonObject>())
        {
            var name = want["name"]!.GetValue<string>();
            var have = existing.FirstOrDefault(e => e.Str("name") == name);
            if (have.ValueKind != JsonValueKind.Object
                || (have.Int("type") ?? 1) != 1
                || have.Str("description") != want["description"]!.GetValue<string>()
                || Localized(have) != want["description_localizations"]?["vi"]?.GetValue<string>()
                || !SameOptions(want["options"] as JsonArray, have)
                || (global && !SameInts(want["contexts"] as JsonArray, have, "contexts")))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Localized(JsonElement e) => e.Obj("description_localizations")?.Str("vi");

    private static bool SameOptions(JsonArray? want, JsonElement have)
    {
        var haveOptions = have.Arr("options").ToList();
        if ((want?.Count ?? 0) != haveOptions.Count)
        {
            return false;
        }

        foreach (var w in want?.OfType<JsonObject>() ?? [])
        {
            var h = haveOptions.FirstOrDefault(o => o.Str("name") == w["name"]!.GetValue<string>());
            if (h.ValueKind != JsonValueKind.Object
                || h.Int("type") != w["type"]!.GetValue<int>()
                || h.Str("description") != w["description"]!.GetValue<string>()
                || h.Bool("required") != (w["required"]?.GetValue<bool>() ?? false)
                || h.Int("max_length") != w["max_length"]?.GetValue<int>())
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameInts(JsonArray? want, JsonElement have, string name)
    {
        var w = want?.Select(n => n!.GetValue<int>()).Order().ToList() ?? [];
        var h = have.Arr(name).Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32()).Order().ToList();
        return w.SequenceEqual(h);
    }
}
