using BenchmarkDotNet.Attributes;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Benchmarks.Policies;

/// <summary>Time and allocations of loading the embedded action catalog, and of expanding a wildcard.</summary>
[MemoryDiagnoser]
public class CatalogLoadBenchmarks
{
    private byte[] _actions = [];
    private byte[] _types = [];

    /// <summary>Reads the embedded resources once, so that the benchmark measures parsing.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var assembly = typeof(ActionCatalog).Assembly;
        _actions = Read(assembly, "IamSnapshot.Catalog.actions.tsv");
        _types = Read(assembly, "IamSnapshot.Catalog.resource-types.tsv");
    }

    /// <summary>Parses the catalog from the embedded TSV bytes.</summary>
    [Benchmark]
    public int Parse() => ActionCatalog.Parse(_actions, _types).ActionCount;

    /// <summary>Expands a fresh wildcard on a freshly parsed catalog (no cache hit).</summary>
    [Benchmark]
    public int ParseAndExpandS3Get() => ActionCatalog.Parse(_actions, _types).Match("s3:Get*").Length;

    private static byte[] Read(System.Reflection.Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
