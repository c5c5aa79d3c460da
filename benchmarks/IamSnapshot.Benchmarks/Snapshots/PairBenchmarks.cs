using System.Collections.Immutable;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.Benchmarks.Snapshots;

/// <summary>
/// Comparing two saved snapshot files, step by step and end to end, against <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// of the same two files (the baseline). Every step starts from cold objects: snapshots are loaded again before each
/// iteration, because documents cache their semantic keys and a diff caches its access delta.
/// </summary>
[Config(typeof(PerfConfig))]
public class PairBenchmarks
{
    private string _before = string.Empty;
    private string _after = string.Empty;
    private AccountSnapshot _old = null!;
    private AccountSnapshot _new = null!;
    private SnapshotDiff _diff = null!;

    /// <summary>The pair: size and change fraction, for example <c>XL/1%</c>.</summary>
    [ParamsSource(nameof(Pairs))]
    public string Pair { get; set; } = "S/1%";

    /// <summary>The pairs (<see cref="PerfSettings.Pairs"/>).</summary>
    public static IEnumerable<string> Pairs => PerfSettings.Pairs;

    /// <summary>Writes the files if needed; loads the catalog and the rules, which every process loads once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_before, _after) = PerfSettings.Files(Pair);
        _ = RuleEngine.Default.Descriptors.Length;
        _ = IamSnapshot.Policies.Catalog.ActionCatalog.Default.ActionCount;
    }

    /// <summary>Fresh snapshots before each diff measurement.</summary>
    [IterationSetup(Targets = [nameof(Diff)])]
    public void LoadFresh() => (_old, _new) = (Load(_before), Load(_after));

    /// <summary>Fresh snapshots and diff before each access-delta or change-rules measurement.</summary>
    [IterationSetup(Targets = [nameof(AccessDelta), nameof(ChangeRules)])]
    public void DiffFresh()
    {
        LoadFresh();
        _diff = SnapshotDiffer.Compare(_old, _new);
    }

    /// <summary>The baseline: read both files and parse them into <see cref="JsonDocument"/>s.</summary>
    /// <returns>A value that depends on both documents.</returns>
    [Benchmark(Baseline = true)]
    public int ParseBoth()
    {
        using var before = JsonDocument.Parse(File.ReadAllBytes(_before));
        using var after = JsonDocument.Parse(File.ReadAllBytes(_after));
        return before.RootElement.GetArrayLength("users") + after.RootElement.GetArrayLength("users");
    }

    /// <summary>Load both files (<see cref="SnapshotFile.LoadAsync"/>).</summary>
    /// <returns>The user counts.</returns>
    [Benchmark]
    public int Load() => Load(_before).Users.Length + Load(_after).Users.Length;

    /// <summary>The structural and semantic diff of two loaded snapshots.</summary>
    /// <returns>The number of changes.</returns>
    [Benchmark]
    public int Diff() => SnapshotDiffer.Compare(_old, _new).Changes.Length;

    /// <summary>The access delta of a fresh diff (effective permissions of the principals whose inputs changed).</summary>
    /// <returns>The number of principals whose access changed.</returns>
    [Benchmark]
    public int AccessDelta() => _diff.AccessDelta.Length;

    /// <summary>
    /// Every change rule over a fresh diff. The rules that read the access delta (IAM1018 to IAM1021) compute it on
    /// first use, so this includes the access delta.
    /// </summary>
    /// <returns>The number of findings.</returns>
    [Benchmark]
    public int ChangeRules() => RuleEngine.Default.Analyze(_diff).Length;

    /// <summary>What <c>iamsnapshot diff</c> computes: load both files, diff, every change rule (access delta included).</summary>
    /// <returns>The number of findings.</returns>
    [Benchmark]
    public int LoadDiffRules() => RuleEngine.Default.Analyze(SnapshotDiffer.Compare(Load(_before), Load(_after))).Length;

    /// <summary>What <c>iamsnapshot diff --posture</c> computes: the above plus the posture rules on both snapshots.</summary>
    /// <returns>The number of findings.</returns>
    [Benchmark]
    public int LoadDiffRulesPosture()
    {
        var (old, @new) = (Load(_before), Load(_after));
        var findings = RuleEngine.Default.Analyze(SnapshotDiffer.Compare(old, @new));
        var known = RuleEngine.Default.Scan(old).Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
        return RuleEngine.Order(findings.Concat(RuleEngine.Default.Scan(@new).Where(f => !known.Contains(f.Fingerprint)))).Length;
    }

    internal static AccountSnapshot Load(string path) => SnapshotFile.LoadAsync(path).GetAwaiter().GetResult();
}

/// <summary>Small helpers for the baselines.</summary>
internal static class JsonElementExtensions
{
    /// <summary>The length of an array property, or 0.</summary>
    public static int GetArrayLength(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;
}
