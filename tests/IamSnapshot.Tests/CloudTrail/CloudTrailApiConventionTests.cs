using System.Reflection;
using IamSnapshot.CloudTrail;

namespace IamSnapshot.Tests.CloudTrail;

/// <summary>Conventions of the public CloudTrail API, enforced by reflection (in the style of NodaTime's tests).</summary>
public class CloudTrailApiConventionTests
{
    private static readonly Type[] PublicTypes = [.. typeof(CloudTrailReader).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(CloudTrailReader).Namespace)];

    [Fact]
    public void PublicTypes_AreTheDocumentedEntryPointsAndResults()
    {
        PublicTypes.Select(t => t.Name).Order(StringComparer.Ordinal).Should().Equal(
            "AttributedEvent", "AttributionOptions", "AttributionQuery", "ChangeAttribution", "CloudTrailActor", "CloudTrailAnalysis", "CloudTrailCoverage",
            "CloudTrailCoverageRange", "CloudTrailDiagnostic", "CloudTrailDiagnosticSeverity", "CloudTrailEvent", "CloudTrailLog",
            "CloudTrailLogObject", "CloudTrailLogSource", "CloudTrailPosition", "CloudTrailReadStatistics", "CloudTrailReader",
            "CloudTrailReaderOptions", "CloudTrailTimeRange", "EventOrigin", "ICloudTrailLogSource", "IamChange", "IamChangeCategory",
            "IamChangeOperation", "ProbingActivity", "TransientChange", "TransientChangeKind", "UnexplainedChange");
        typeof(CloudTrailReader).Assembly.GetExportedTypes().Should().NotContain(t => t.Namespace == "IamSnapshot.CloudTrail.Parsing");
    }

    [Fact]
    public void PublicTypeNames_AreUniqueAcrossTheLibrary()
    {
        // Callers import several namespaces (Diffing, CloudTrail, Model): a name used twice would not compile for them.
        var others = typeof(CloudTrailReader).Assembly.GetExportedTypes().Where(t => t.Namespace != typeof(CloudTrailReader).Namespace).Select(t => t.Name).ToHashSet();

        PublicTypes.Select(t => t.Name).Where(others.Contains).Should().BeEmpty();
    }

    [Fact]
    public void PublicClasses_AreSealedOrStatic()
    {
        PublicTypes.Where(t => t.IsClass).Should().OnlyContain(t => t.IsSealed, "public classes and records are sealed (static classes are sealed too)");
    }

    [Fact]
    public void PublicTypes_HaveNoPublicSetters()
    {
        var settable = PublicTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.SetMethod is { IsPublic: true } setter && !setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit"))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        settable.Should().BeEmpty("results are immutable: init-only properties at most");
    }
}
