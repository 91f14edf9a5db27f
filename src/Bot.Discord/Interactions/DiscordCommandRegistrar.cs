using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Model;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Interactions;

/// <summary>
/// Registers <c>/ask</c>, <c>/help</c>, <c>/sources</c>, <c>/dashboard</c> (moderators; allowed in DMs, answered
/// ephemerally; the bot checks the caller) and the admin groups <c>/channel</c>, <c>/kb</c> and
/// <c>/moderators</c> (hidden from members without Manage Server by <c>default_member_permissions</c>, guilds only;
/// the bot re-checks every caller itself) with one bulk overwrite, and only when the set differs from
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
            logger.LogInformation("Discord commands registered ({Scope}): {Names}", guild is null ? "global" : "guild " + guild, "ask, help, sources, dashboard, channel, kb, moderators");
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
            Command("dashboard", "Moderators: a private sign-in link to the web dashboard", "Người điều hành: liên kết đăng nhập riêng vào trang quản lý"),
            Admin("channel", "Bot settings for this channel (admins)", "Cài đặt bot cho kênh này (quản trị viên)",
            [
                Sub("status", "Show this channel's settings", "Xem cài đặt của kênh"),
                Sub("enable", "Turn the bot on here", "Bật bot ở kênh này"),
                Sub("disable", "Turn the bot off here", "Tắt bot ở kênh này"),
                Sub("mode", "What makes the bot answer", "Khi nào bot trả lời",
                    [Choice("mode", "mentions, every question, or only /ask", "nhắc tên, mọi câu hỏi, hoặc chỉ /ask", "mentions", "all", "commands")]),
                Sub("language", "Answer language", "Ngôn ngữ trả lời",
                    [Choice("language", "auto, vi or en", "tự động, vi hoặc en", "auto", "vi", "en")]),
                Sub("cooldown", "Seconds each user waits between questions", "Số giây mỗi người chờ giữa hai câu hỏi",
                    [Integer("seconds", "0 to 3600", "0 đến 3600", required: true, min: 0, max: 3600)]),
            ]),
            Admin("kb", "Knowledge tools (moderators)", "Công cụ kiến thức (người điều hành)",
            [
                Sub("status", "Files, sections, last reload and validation errors", "Số tệp, mục, lần nạp cuối và lỗi"),
                Sub("reload", "Reload the knowledge now", "Nạp lại kiến thức ngay"),
                Sub("gaps", "Most frequent unanswered or poorly rated questions", "Câu hỏi chưa trả lời được hoặc bị chấm thấp",
                    [Integer("days", "Period in days (default 7)", "Số ngày (mặc định 7)", required: false, min: 1, max: 365)]),
                Sub("feedback", "Worst-rated answers with their sources", "Câu trả lời bị chấm thấp nhất",
                    [Integer("days", "Period in days (default 7)", "Số ngày (mặc định 7)", required: false, min: 1, max: 365)]),
            ]),
            Admin("moderators", "Knowledge moderators (owners)", "Người điều hành kiến thức (chủ bot)",
            [
                Sub("list", "List the moderators", "Danh sách người điều hành"),
                Sub("add", "Add a user or a role", "Thêm người dùng hoặc vai trò", [Target(6, "user"), Target(8, "role")]),
                Sub("remove", "Remove a user or a role", "Bỏ người dùng hoặc vai trò", [Target(6, "user"), Target(8, "role")]),
            ]),
        ];

        JsonObject Admin(string name, string description, string descriptionVi, JsonArray subcommands)
        {
            var o = new JsonObject
            {
                ["name"] = name,
                ["type"] = 1,
                ["description"] = description,
                ["description_localizations"] = new JsonObject { ["vi"] = descriptionVi },
                ["options"] = subcommands,
                ["default_member_permissions"] = AdminPermissions,
            };
            if (global)
            {
                o["contexts"] = new JsonArray(0);
                o["integration_types"] = new JsonArray(0);
            }

            return o;
        }
    }

    /// <summary>Manage Server (1 &lt;&lt; 5): the admin commands are hidden from other members by default.</summary>
    internal const string AdminPermissions = "32";

    private static JsonObject Sub(string name, string description, string descriptionVi, JsonArray? options = null)
    {
        var o = Option(1, name, description, descriptionVi, required: false);
        o.Remove("required");
        if (options is not null)
        {
            o["options"] = options;
        }

        return o;
    }

    private static JsonObject Option(int type, string name, string description, string descriptionVi, bool required) => new()
    {
        ["type"] = type,
        ["name"] = name,
        ["description"] = description,
        ["description_localizations"] = new JsonObject { ["vi"] = descriptionVi },
        ["required"] = required,
    };

    private static JsonObject Choice(string name, string description, string descriptionVi, params string[] values)
    {
        var o = Option(3, name, description, descriptionVi, required: true);
        o["choices"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["name"] = v, ["value"] = v })]);
        return o;
    }

    private static JsonObject Integer(string name, string description, string descriptionVi, bool required, int min, int max)
    {
        var o = Option(4, name, description, descriptionVi, required);
        o["min_value"] = min;
        o["max_value"] = max;
        return o;
    }

    private static JsonObject Target(int type, string name) => type == 6
        ? Option(type, name, "A user", "Một người dùng", required: false)
        : Option(type, name, "A role", "Một vai trò", required: false);

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
                || have.Str("default_member_permissions") != want["default_member_permissions"]?.GetValue<string>()
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
                || h.Int("max_length") != w["max_length"]?.GetValue<int>()
                || h.Int("min_value") != w["min_value"]?.GetValue<int>()
                || h.Int("max_value") != w["max_value"]?.GetValue<int>()
                || h.Arr("choices").Count() != ((w["choices"] as JsonArray)?.Count ?? 0)
                || !SameOptions(w["options"] as JsonArray, h))
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
