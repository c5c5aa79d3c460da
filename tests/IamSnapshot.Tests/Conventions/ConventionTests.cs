using System.Reflection;
using System.Runtime.CompilerServices;
using IamSnapshot.Model;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Conventions;

/// <summary>
/// Conventions enforced by reflection, in the manner of NodaTime's convention tests: public model types are
/// sealed (or abstract) and immutable, exceptions are sealed, and nothing public has a mutable setter.
/// </summary>
public class ConventionTests
{
    private static readonly Assembly Core = typeof(AccountSnapshot).Assembly;

    private static IEnumerable<Type> PublicTypes => Core.GetExportedTypes();

    [Fact]
    public void PublicClasses_AreSealedStaticOrAbstract()
    {
        var open = PublicTypes.Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Select(t => t.FullName).ToList();
        open.Should().BeEmpty("public classes are sealed unless designed for inheritance (abstract)");
    }

    [Fact]
    public void PublicProperties_HaveNoMutableSetters()
    {
        var mutable = PublicTypes
            .Where(t => !t.IsSubclassOf(typeof(Exception)))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            .Select(p => $"{p.DeclaringType!.FullName}.{p.Name}")
            .ToList();
        mutable.Should().BeEmpty("public types are immutable: state is set in constructors or with init");
    }

    [Fact]
    public void PublicFields_AreReadOnly()
    {
        var fields = PublicTypes
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsInitOnly && !f.IsLiteral && !f.DeclaringType!.IsEnum)
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}")
            .ToList();
        fields.Should().BeEmpty();
    }

    [Fact]
    public void PublicCollections_AreImmutable()
    {
        var mutableCollections = PublicTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() is var g
                && (g == typeof(List<>) || g == typeof(Dictionary<,>) || g == typeof(HashSet<>)))
            .Select(p => $"{p.DeclaringType!.FullName}.{p.Name}")
            .ToList();
        mutableCollections.Should().BeEmpty("expose ImmutableArray, ImmutableDictionary or read-only views");
    }

    [Fact]
    public void Namespaces_FollowTheArchitecture()
    {
        var allowed = new[] { "IamSnapshot.Model", "IamSnapshot.Policies", "IamSnapshot.Sources", "IamSnapshot.Diffing", "IamSnapshot.Rules", "IamSnapshot.Rules.Configuration", "IamSnapshot.Reporting", "IamSnapshot.CloudTrail", "IamSnapshot.Serialization" };
        PublicTypes.Select(t => t.Namespace).Distinct().Should().OnlyContain(ns => allowed.Any(a => ns == a || ns!.StartsWith(a + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public void Model_HasNoDependencyOnHostsOrIo()
    {
        var forbidden = new[] { "System.CommandLine", "Amazon", "System.Net.Http" };
        var references = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.Should().NotContain(r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)), "the core has no AWS and no host dependency");
    }

    [Fact]
    public void Serialization_UsesSourceGeneratedMetadataOnly()
    {
        // Our formats are written by hand; the few values given to JsonSerializer go through IamSnapshotJsonContext.
        SerializerCalls.ReflectionBased(Core).Should().BeEmpty("reflection-based serialization is slower to start and not trimmable");
        SerializerCalls.ReflectionBased(typeof(SerializerCalls).Assembly).Should().NotBeEmpty("the check must see the tests' own reflection-based calls, or it sees nothing");
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
