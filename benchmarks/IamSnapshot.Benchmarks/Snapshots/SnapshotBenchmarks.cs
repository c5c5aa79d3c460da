using System.Text.Json;
using BenchmarkDotNet.Attributes;
using IamSnapshot.Model;
using IamSnapshot.Rules;
using IamSnapshot.Sources;
using IamSnapshot.Synthetic;

namespace IamSnapshot.Benchmarks.Snapshots;

/// <summary>
/// One snapshot: load, save, and the full posture scan (every posture rule), against
/// <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> of its file. The scan of
/// <c>iamsnapshot scan</c> is <see cref="LoadAndScan"/>.
/// </summary>
[Config(typeof(PerfConfig))]
public class SnapshotBenchmarks
{
    private string _file = string.Empty;
    private string _saveTo = string.Empty;
    private AccountSnapshot _snapshot = null!;

    /// <summary>The size: S, M or XL (the "before" snapshot of the size).</summary>
    [ParamsSource(nameof(Sizes))]
    public string Size { get; set; } = "S";

    /// <summary>The sizes (<see cref="PerfSettings.Sizes"/>).</summary>
    public static IEnumerable<string> Sizes => PerfSettings.Sizes;

    /// <summary>Writes the files if needed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var set = SyntheticFiles.EnsureAsync(SyntheticAccountSize.Parse(Size), PerfSettings.DataDirectory).GetAwaiter().GetResult();
        _file = set.Before;
        _saveTo = Path.Combine(Path.GetDirectoryName(_file)!, $"{Size}-saved-by-benchmark.json");
        _ = RuleEngine.Default.Descriptors.Length;
        _ = IamSnapshot.Policies.Catalog.ActionCatalog.Default.ActionCount;
    }

    /// <summary>A fresh snapshot before each save or scan measurement (documents cache their normalised forms).</summary>
    [IterationSetup(Targets = [nameof(Save), nameof(Scan)])]
    public void LoadFresh() => _snapshot = PairBenchmarks.Load(_file);

    /// <summary>Removes the saved copy.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_saveTo);

    /// <summary>The baseline: read the file and parse it into a <see cref="JsonDocument"/>.</summary>
    /// <returns>The user count.</returns>
    [Benchmark(Baseline = true)]
    public int ParseOne()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(_file));
        return document.RootElement.GetArrayLength("users");
    }

    /// <summary>Load the file.</summary>
    /// <returns>The user count.</returns>
    [Benchmark]
    public int LoadOne() => PairBenchmarks.Load(_file).Users.Length;

    /// <summary>Save the snapshot (<see cref="SnapshotFile.SaveAsync"/>: temporary file, flush to disk, rename).</summary>
    /// <returns>The user count.</returns>
    [Benchmark]
    public int Save()
    {
        SnapshotFile.SaveAsync(_snapshot, _saveTo).GetAwaiter().GetResult();
        return _snapshot.Users.Length;
    }

    /// <summary>Every posture rule over a loaded snapshot.</summary>
    /// <returns>The number of findings.</returns>
    [Benchmark]
    public int Scan() => RuleEngine.Default.Scan(_snapshot).Length;

    /// <summary>What <c>iamsnapshot scan</c> computes: load the file, then every posture rule.</summary>
    /// <returns>The number of findings.</returns>
    [Benchmark]
    public int LoadAndScan() => RuleEngine.Default.Scan(PairBenchmarks.Load(_file)).Length;
}
