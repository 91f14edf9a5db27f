using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host;

/// <summary>
/// Configuration faults as one-line messages naming the key. A value the binder cannot convert (<c>--Bot:AllowPrivateChats=maybe</c>)
/// becomes an <see cref="OptionsValidationException"/> like any other bad value, for every options section, so the
/// program stops the same way: exit code 3 and one line, the stack trace only at Debug.
/// </summary>
internal static partial class ConfigurationErrors
{
    /// <summary>Makes every options section report binding errors as validation errors.</summary>
    public static void AddBindingErrorsAsValidation(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Transient(typeof(IOptionsFactory<>), typeof(BindingErrorOptionsFactory<>)));

    /// <summary>
    /// Validates every section registered with <c>ValidateOnStart</c> before the host starts, so a bad value is
    /// reported once, here, and not also by the host's "Hosting failed to start" error with its stack trace.
    /// </summary>
    public static void ValidateOnStart(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConfigurationErrors)).LogDebug(ex, "Configuration error");
            throw;
        }
    }

    /// <summary>The one line printed for a configuration error.</summary>
    public static string Describe(OptionsValidationException error) =>
        "Configuration error: " + string.Join("; ", error.Failures.Select(Unwrap));

    /// <summary>True for the binder's "Failed to convert configuration value …" errors.</summary>
    internal static bool IsBindingError(InvalidOperationException error) =>
        error.TargetSite?.DeclaringType == typeof(ConfigurationBinder);

    /// <summary>"Bot:AllowPrivateChats has 'maybe', which is not true or false."</summary>
    internal static string DescribeBindingError(InvalidOperationException error)
    {
        var match = ConversionFailure().Match(error.Message);
        if (!match.Success)
        {
            return error.Message;
        }

        var type = FindType(match.Groups["type"].Value);
        var expected = type is null ? "a valid value" : Expected(Nullable.GetUnderlyingType(type) ?? type);
        return $"{match.Groups["key"].Value} has '{match.Groups["value"].Value}', which is not {expected}.";
    }

    /// <summary>Data annotation failures come wrapped in "DataAnnotation validation failed for …": keep the message alone.</summary>
    private static string Unwrap(string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        return match.Success ? match.Groups["error"].Value : failure;
    }

    private static string Expected(Type type) => type switch
    {
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type == typeof(TimeSpan) => "a duration such as 00:05:00",
        _ => $"a valid {type.Name}",
    };

    private static Type? FindType(string name) =>
        Type.GetType(name) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name)).FirstOrDefault(t => t is not null);

    [GeneratedRegex(@"value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}

/// <summary>The standard factory, with the binder's conversion errors turned into validation errors naming the key.</summary>
internal sealed class BindingErrorOptionsFactory<TOptions>(
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations)
    : OptionsFactory<TOptions>(setups, postConfigures, validations), IOptionsFactory<TOptions>
    where TOptions : class
{
    TOptions IOptionsFactory<TOptions>.Create(string name)
    {
        try
        {
            return Create(name);
        }
        catch (InvalidOperationException ex) when (ConfigurationErrors.IsBindingError(ex))
        {
            throw new OptionsValidationException(name, typeof(TOptions), [ConfigurationErrors.DescribeBindingError(ex)]);
        }
    }
}
