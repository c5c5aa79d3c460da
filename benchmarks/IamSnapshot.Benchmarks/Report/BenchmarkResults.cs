using BenchmarkDotNet.Reports;

namespace IamSnapshot.Benchmarks.Report;

/// <summary>One measured benchmark case: its method, parameters, mean time and allocations per operation.</summary>
/// <param name="Type">The benchmark class name.</param>
/// <param name="Method">The benchmark method name.</param>
/// <param name="Parameters">Parameter name → value as text.</param>
/// <param name="MeanMilliseconds">The mean time per operation, or null when the case failed.</param>
/// <param name="StdDevMilliseconds">The standard deviation, or null.</param>
/// <param name="AllocatedBytes">Bytes allocated per operation, or null.</param>
internal sealed record BenchmarkResult(string Type, string Method, IReadOnlyDictionary<string, string> Parameters, double? MeanMilliseconds, double? StdDevMilliseconds, long? AllocatedBytes);

/// <summary>The results of every benchmark run by the report, searchable by class, method and parameters.</summary>
internal sealed class BenchmarkResults
{
    private readonly List<BenchmarkResult> _results = [];

    /// <summary>Every result, in run order.</summary>
    public IReadOnlyList<BenchmarkResult> All => _results;

    /// <summary>Adds the results of a BenchmarkDotNet summary.</summary>
    public void Add(Summary summary)
    {
        foreach (var report in summary.Reports)
        {
            var benchmark = report.BenchmarkCase;
            var parameters = benchmark.Parameters.Items.ToDictionary(p => p.Name, p => p.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);
            var statistics = report.ResultStatistics;
            _results.Add(new BenchmarkResult(
                benchmark.Descriptor.Type.Name,
                benchmark.Descriptor.WorkloadMethod.Name,
                parameters,
                statistics is null ? null : statistics.Mean / 1e6,
                statistics is null ? null : statistics.StandardDeviation / 1e6,
                report.GcStats.GetBytesAllocatedPerOperation(benchmark)));
        }
    }

    /// <summary>The result of a method with the given parameter values (name=value pairs), or null.</summary>
    public BenchmarkResult? Find(string type, string method, params (string Name, string Value)[] parameters) =>
        _results.LastOrDefault(r => r.Type == type && r.Method == method
            && parameters.All(p => r.Parameters.TryGetValue(p.Name, out var v) && v == p.Value));

    /// <summary>The mean in milliseconds, or null.</summary>
    public double? Mean(string type, string method, params (string Name, string Value)[] parameters) =>
        Find(type, method, parameters)?.MeanMilliseconds;
}
