using System.Collections;
using System.Reflection;
using System.Text.Json;
using Bot.Testing;

namespace Bot.Host.Tests.Operations;

/// <summary>
/// Every key of every options class (a class with a <c>SectionName</c> constant in a <c>Bot.*</c> assembly) is listed in
/// <c>appsettings.example.json</c> and documented in the README's configuration tables (or in the operator's guide,
/// <c>OPERATIONS.md</c>, which is folded into the README).
/// </summary>
public class ConfigurationDocsTests
{
    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var key in OptionKeys())
        {
            data.Add(key);
        }

        return data;
    }

    [Fact]
    public void Options_classes_are_found_in_every_project_that_has_them()
    {
        var sections = OptionsTypes().Select(t => SectionOf(t)).ToList();
        sections.ShouldContain("Bot");
        sections.ShouldContain("Knowledge");
        sections.ShouldContain("Http");
        sections.ShouldContain("OpenTelemetry");
        sections.ShouldContain("Logging");
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_example_settings_list_the_key(string key) =>
        ExampleKeys().ShouldContain(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase), $"appsettings.example.json lacks {key}");

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_documentation_describes_the_key(string key)
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")) +
                   File.ReadAllText(Path.Combine(RepositoryPaths.Root, "OPERATIONS.md"));
        docs.Contains($"`{key}`", StringComparison.OrdinalIgnoreCase).ShouldBeTrue($"neither README.md nor OPERATIONS.md documents `{key}`");
    }

    [Fact]
    public void The_example_settings_hold_no_secret_values()
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "appsettings.example.json")));
        foreach (var (key, value) in Flatten(json.RootElement, ""))
        {
            if (key.EndsWith("Token", StringComparison.OrdinalIgnoreCase) || key.EndsWith("ApiKey", StringComparison.OrdinalIgnoreCase) ||
                key.EndsWith("Secret", StringComparison.OrdinalIgnoreCase) || key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase))
            {
                value.ShouldBeNullOrEmpty($"{key} must be empty in the example");
            }
        }
    }

    /// <summary>
    /// Every data-annotation check on every options class names its full key (<c>Discord:Workers</c>), not the bare
    /// property ("The field Workers must be between 1 and 256").
    /// </summary>
    [Fact]
    public void Every_annotation_message_names_the_full_key()
    {
        var unnamed = new List<string>();
        foreach (var type in OptionsTypes())
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var key = $"{SectionOf(type)}:{property.Name}";
                unnamed.AddRange(property.GetCustomAttributes<System.ComponentModel.DataAnnotations.ValidationAttribute>(inherit: true)
                    .Select(a => a.FormatErrorMessage(property.Name))
                    .Where(m => !m.StartsWith(key, StringComparison.Ordinal))
                    .Select(m => $"{key}: {m}"));
            }
        }

        unnamed.ShouldBeEmpty();
    }

    internal static IEnumerable<Type> OptionsTypes()
    {
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "Bot.*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith(".Tests", StringComparison.Ordinal) || name is "Bot.Testing" or "Bot.Bench")
            {
                continue;
            }

            foreach (var type in Assembly.Load(new AssemblyName(name)).GetTypes())
            {
                if (type.IsClass && !type.IsAbstract && type.GetField("SectionName", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is { IsLiteral: true } field &&
                    field.FieldType == typeof(string))
                {
                    yield return type;
                }
            }
        }
    }

    internal static IEnumerable<string> OptionKeys() =>
        OptionsTypes().SelectMany(t => KeysOf(t, SectionOf(t))).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);

    private static string SectionOf(Type type) => (string)type.GetField("SectionName", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;

    private static IEnumerable<string> KeysOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = $"{prefix}:{property.Name}";
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsLeaf(t))
            {
                yield return key;
            }
            else
            {
                foreach (var nested in KeysOf(t, key))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsLeaf(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri) ||
        t == typeof(DateTime) || t == typeof(DateTimeOffset) || typeof(IEnumerable).IsAssignableFrom(t);

    internal static List<string> ExampleKeys()
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "appsettings.example.json")));
        return [.. Flatten(json.RootElement, "").Select(p => p.Key)];
    }

    private static IEnumerable<(string Key, string? Value)> Flatten(JsonElement element, string prefix)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                var key = prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}";
                if (p.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var nested in Flatten(p.Value, key))
                    {
                        yield return nested;
                    }
                }
                else
                {
                    yield return (key, p.Value.ValueKind == JsonValueKind.Array ? p.Value.GetRawText() is "[]" ? null : p.Value.GetRawText() : p.Value.ToString());
                }
            }
        }
    }
}
