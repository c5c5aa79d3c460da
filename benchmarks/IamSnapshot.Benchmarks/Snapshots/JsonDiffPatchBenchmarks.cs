using BenchmarkDotNet.Attributes;
using JsonDiffPatchDotNet;
using Newtonsoft.Json.Linq;

namespace IamSnapshot.Benchmarks.Snapshots;

/// <summary>
/// The generic alternative: a whole-file JSON diff of the same two saved snapshots with JsonDiffPatch.Net
/// (<see cref="JToken.Parse(string)"/> of both files, then <see cref="JsonDiffPatch.Diff(JToken, JToken)"/>). Target:
/// <c>iamsnapshot diff</c>'s work (<see cref="PairBenchmarks.LoadDiffRules"/>) at least ten times faster. Slow at
/// XL, so no warm-up and two iterations.
/// </summary>
[Config(typeof(SlowPerfConfig))]
public class JsonDiffPatchBenchmarks
{
    private string _before = string.Empty;
    private string _after = string.Empty;

    /// <summary>The pair: size and change fraction.</summary>
    [ParamsSource(nameof(Pairs))]
    public string Pair { get; set; } = "S/1%";

    /// <summary>The pairs (<see cref="PerfSettings.Pairs"/>).</summary>
    public static IEnumerable<string> Pairs => PerfSettings.Pairs;

    /// <summary>Writes the files if needed.</summary>
    [GlobalSetup]
    public void Setup() => (_before, _after) = PerfSettings.Files(Pair);

    /// <summary>Parse both files into JSON.NET tokens and diff them.</summary>
    /// <returns>The length of the delta's JSON (or 0 when equal).</returns>
    [Benchmark]
    public int WholeFileJsonDiffPatch()
    {
        var delta = new JsonDiffPatch().Diff(JToken.Parse(File.ReadAllText(_before)), JToken.Parse(File.ReadAllText(_after)));
        return delta?.Count() ?? 0;
    }
}
