using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Storage.Tests.Infrastructure;

/// <summary>
/// A fact that runs in every test class deriving from a shared suite, and is reported as skipped, with the reason,
/// in classes marked <see cref="RequiresPostgresAttribute"/> when no PostgreSQL server is configured (xunit 2 has no
/// dynamic skip, so the decision is made at discovery, per class).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("Bot.Storage.Tests.Infrastructure.StorageFactDiscoverer", "Bot.Storage.Tests")]
public sealed class StorageFactAttribute : FactAttribute;

/// <summary>Marks a test class whose <see cref="StorageFactAttribute"/> tests need <c>BOT_TEST_POSTGRES</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequiresPostgresAttribute : Attribute;

public sealed class StorageFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var skip = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any()
            ? PostgresServer.SkipReason
            : null;
        yield return skip is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new SkippedTestCase(diagnosticMessageSink, display, displayOptions, testMethod, skip);
    }
}

/// <summary>A test case skipped with a reason decided at discovery.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = string.Empty;

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod, string reason)
        : base(sink, display, options, testMethod) => _reason = reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.AddValue("SkipReasonOverride", _reason);
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _reason = data.GetValue<string>("SkipReasonOverride");
        base.Deserialize(data);
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;
}
