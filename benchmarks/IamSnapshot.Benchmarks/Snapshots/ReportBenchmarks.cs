using BenchmarkDotNet.Attributes;
using IamSnapshot.Diffing;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;

namespace IamSnapshot.Benchmarks.Snapshots;

/// <summary>
/// Writing a diff report in each format (text, json, sarif, md, html, csv) to a null stream. The diff, its findings
/// and its access delta are computed once beforehand: this is the writer alone.
/// </summary>
[Config(typeof(PerfConfig))]
public class ReportBenchmarks
{
    private DiffReport _report = null!;

    /// <summary>The pair: size and change fraction.</summary>
    [ParamsSource(nameof(Pairs))]
    public string Pair { get; set; } = "XL/1%";

    /// <summary>The report format.</summary>
    [Params(ReportFormat.Text, ReportFormat.Json, ReportFormat.Sarif, ReportFormat.Markdown, ReportFormat.Html, ReportFormat.Csv)]
    public ReportFormat Format { get; set; }

    /// <summary>The pairs (<see cref="PerfSettings.ReportPairs"/>).</summary>
    public static IEnumerable<string> Pairs => PerfSettings.ReportPairs;

    /// <summary>Loads, diffs and analyses the pair.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (before, after) = PerfSettings.Files(Pair);
        var diff = SnapshotDiffer.Compare(PairBenchmarks.Load(before), PairBenchmarks.Load(after));
        _report = new DiffReport { Diff = diff, Findings = RuleEngine.Default.Analyze(diff), BeforeName = before, AfterName = after };
        _ = diff.AccessDelta.Length;
    }

    /// <summary>Writes the report.</summary>
    /// <returns>The number of findings.</returns>
    [Benchmark]
    public int Write()
    {
        ReportWriter.Write(_report, Format, Stream.Null);
        return _report.Findings.Length;
    }
}
