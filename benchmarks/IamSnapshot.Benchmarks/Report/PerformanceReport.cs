using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using IamSnapshot.Benchmarks.Policies;
using IamSnapshot.Benchmarks.Snapshots;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;
using IamSnapshot.Sources;
using IamSnapshot.Synthetic;

namespace IamSnapshot.Benchmarks.Report;

/// <summary>
/// Runs the performance suite and writes <c>docs/performance.md</c> from its results:
/// <c>dotnet run -c Release --project benchmarks/IamSnapshot.Benchmarks -- perf-report</c>. Options:
/// <c>--out FILE</c>, <c>--iterations N</c> (default 3), <c>--quick</c> (S and M only, one iteration: checks the
/// program, not the product), <c>--no-earlier</c> (skip the catalog, access, CloudTrail and live-capture figures).
/// Never part of the test script: it takes tens of minutes on a shared two-core machine.
/// </summary>
internal static class PerformanceReport
{
    public const string Command = "perf-report";

    /// <summary>The ratio targets of DESIGN §12.</summary>
    public const double LoadDiffRulesLimit = 1.5;

    public const double PostureLimit = 3.0;

    public const double PeakMemoryLimit = 4.0;

    public const double JsonDiffPatchSpeedup = 10.0;

    public static async Task<int> RunAsync(string[] args)
    {
        var repository = FindRepository();
        var output = Option(args, "--out") ?? Path.Combine(repository, "docs", "performance.md");
        var quick = args.Contains("--quick");
        PerfSettings.Iterations = int.TryParse(Option(args, "--iterations"), CultureInfo.InvariantCulture, out var n) ? n : quick ? 1 : 3;
        if (quick)
        {
            PerfSettings.Pairs = ["S/1%", "M/0.1%", "M/1%", "M/10%"];
            PerfSettings.Sizes = ["S", "M"];
            PerfSettings.ReportPairs = ["M/1%"];
        }

        var data = new ReportData { Machine = MachineInfo.Read(), Quick = quick, Iterations = PerfSettings.Iterations, StartedAt = DateTimeOffset.UtcNow };
        Console.WriteLine($"// perf-report: {data.Machine.Cpu}, {data.Machine.Cores} cores, load {data.Machine.LoadAverage}; data in {PerfSettings.DataDirectory}");

        foreach (var size in PerfSettings.Sizes.Select(SyntheticAccountSize.Parse))
        {
            var set = await SyntheticFiles.EnsureAsync(size, PerfSettings.DataDirectory);
            data.Inputs.Add(new InputInfo(size, set, SyntheticAccount.Create(size)));
        }

        data.CommitInfo = MachineInfo.Run("git", ["-C", repository, "log", "-1", "--format=%h %s"], out _)?.Trim() ?? "unknown";

        // 1. The snapshot suite.
        foreach (var type in new[] { typeof(PairBenchmarks), typeof(SnapshotBenchmarks), typeof(ReportBenchmarks), typeof(JsonDiffPatchBenchmarks) })
        {
            data.Results.Add(BenchmarkRunner.Run(type));
        }

        // 2. The targets again, baseline and subject alternating in this process (steadier on a shared machine).
        var targetPair = quick ? "M/1%" : "XL/1%";
        var (before, after) = PerfSettings.Files(targetPair);
        data.InterleavedPair = targetPair;
        data.InterleavedDiff = Interleaved.Measure(
            () => ParseBoth(before, after),
            () => RuleEngine.Default.Analyze(SnapshotDiffer.Compare(PairBenchmarks.Load(before), PairBenchmarks.Load(after))).Length,
            rounds: quick ? 2 : 5);
        data.InterleavedScan = Interleaved.Measure(
            () => ParseBoth(before, null),
            () => RuleEngine.Default.Scan(PairBenchmarks.Load(before)).Length,
            rounds: quick ? 2 : 5);

        // 3. Peak working set of the runner, in a process of its own.
        var runner = BuildRunner(repository);
        if (runner is not null)
        {
            foreach (var pair in PerfSettings.Pairs)
            {
                var (b, a) = PerfSettings.Files(pair);
                if (PeakMemory.Measure($"iamsnapshot diff ({pair})", runner, ["diff", b, a, "--no-color"], new FileInfo(b).Length + new FileInfo(a).Length) is { } peak)
                {
                    data.PeakMemory.Add(peak);
                }
            }

            var largest = PerfSettings.Sizes[^1];
            var (lb, la) = PerfSettings.Files($"{largest}/1%");
            if (PeakMemory.Measure($"iamsnapshot diff --posture ({largest}/1%)", runner, ["diff", lb, la, "--posture", "--no-color"], new FileInfo(lb).Length + new FileInfo(la).Length) is { } posture)
            {
                data.PeakMemory.Add(posture);
            }

            if (PeakMemory.Measure($"iamsnapshot scan ({largest})", runner, ["scan", lb, "--no-color"], new FileInfo(lb).Length) is { } scan)
            {
                data.PeakMemory.Add(scan);
            }
        }

        // 4. Rule by rule, at the largest 1% pair: what the rule time is made of.
        var rulePair = $"{PerfSettings.Sizes[^1]}/1%";
        RuleTimings.Measure(rulePair); // once to warm up (JIT, caches); the second run is the one reported
        data.RuleTimingsPair = rulePair;
        (data.PermissionsMilliseconds, data.Principals, data.RuleTimings) = RuleTimings.Measure(rulePair);

        // 5. The figures measured earlier, again.
        if (!args.Contains("--no-earlier"))
        {
            RunEarlierFigures(data, quick);
        }

        data.LoadAverageAtEnd = MachineInfo.LoadAverageNow();
        data.FinishedAt = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(output, ReportMarkdown.Write(data));
        Console.WriteLine($"// perf-report: wrote {output}");
        return 0;
    }

    private static int ParseBoth(string before, string? after)
    {
        using var first = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(before));
        if (after is null)
        {
            return first.RootElement.GetArrayLength("users");
        }

        using var second = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(after));
        return first.RootElement.GetArrayLength("users") + second.RootElement.GetArrayLength("users");
    }

    private static void RunEarlierFigures(ReportData data, bool quick)
    {
        // The classes carry their own job attributes (long default jobs, or out-of-process ones); the short in-process
        // job replaces them here.
        var config = new PerfConfig(1, PerfSettings.Iterations).WithUnionRule(ConfigUnionRule.AlwaysUseGlobal);
        data.Results.Add(BenchmarkRunner.Run<CatalogLoadBenchmarks>(config.AddFilter(new SimpleFilter(b => b.Descriptor.WorkloadMethod.Name == nameof(CatalogLoadBenchmarks.Parse)))));
        if (!quick)
        {
            data.Results.Add(BenchmarkRunner.Run<AccessBenchmarks>(new PerfConfig(1, PerfSettings.Iterations).WithUnionRule(ConfigUnionRule.AlwaysUseGlobal)));
            data.Results.Add(BenchmarkRunner.Run<LiveCaptureBenchmarks>(new PerfConfig(1, PerfSettings.Iterations).WithUnionRule(ConfigUnionRule.AlwaysUseGlobal)));
        }

        // CloudTrail: the existing probes, in fresh processes, on a smaller corpus than the 1 GB of the first measurement.
        var self = typeof(PerformanceReport).Assembly.Location;
        var megabytes = quick ? 16 : 128;
        var environment = new Dictionary<string, string> { ["IAMSNAPSHOT_BENCH_CLOUDTRAIL_MB"] = megabytes.ToString(CultureInfo.InvariantCulture) };
        MachineInfo.Run("dotnet", [self, "cloudtrail-generate"], out _, environment);
        var compare = MachineInfo.Run("dotnet", [self, "cloudtrail-compare", megabytes.ToString(CultureInfo.InvariantCulture), quick ? "1" : "3"], out _, environment) ?? string.Empty;
        var ratio = Regex.Match(compare, @"ratio of medians ([\d.]+)");
        data.CloudTrailMegabytes = megabytes;
        data.CloudTrailRatio = ratio.Success ? double.Parse(ratio.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        foreach (var size in new[] { megabytes / 4, megabytes })
        {
            var line = MachineInfo.Run("dotnet", [self, "cloudtrail-memory", size.ToString(CultureInfo.InvariantCulture)], out _, environment) ?? string.Empty;
            var peak = Regex.Match(line, @"peakWorkingSet=(\d+)MB");
            if (peak.Success)
            {
                data.CloudTrailPeaks.Add((size, double.Parse(peak.Groups[1].Value, CultureInfo.InvariantCulture)));
            }
        }
    }

    private static string? BuildRunner(string repository)
    {
        var project = Path.Combine(repository, "samples", "IamSnapshot.Runner", "IamSnapshot.Runner.csproj");
        MachineInfo.Run("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q"], out var exitCode);
        var dll = Path.Combine(repository, "samples", "IamSnapshot.Runner", "bin", "Release", "net10.0", "IamSnapshot.Runner.dll");
        if (exitCode != 0 || !File.Exists(dll))
        {
            Console.Error.WriteLine("// perf-report: could not build the runner; peak memory is not measured.");
            return null;
        }

        return dll;
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IamSnapshot.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

/// <summary>One synthetic account size of the run.</summary>
/// <param name="Size">The size.</param>
/// <param name="Files">Its saved files.</param>
/// <param name="Snapshot">The generated snapshot (for counts).</param>
internal sealed record InputInfo(SyntheticAccountSize Size, SyntheticFileSet Files, Model.AccountSnapshot Snapshot);

/// <summary>Everything the markdown is written from.</summary>
internal sealed class ReportData
{
    public required MachineInfo Machine { get; init; }

    public required bool Quick { get; init; }

    public required int Iterations { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; set; }

    public string LoadAverageAtEnd { get; set; } = "n/a";

    public string CommitInfo { get; set; } = "unknown";

    public List<InputInfo> Inputs { get; } = [];

    public BenchmarkResults Results { get; } = new();

    public string InterleavedPair { get; set; } = string.Empty;

    public Interleaved? InterleavedDiff { get; set; }

    public Interleaved? InterleavedScan { get; set; }

    public List<PeakMemory> PeakMemory { get; } = [];

    public int CloudTrailMegabytes { get; set; }

    public double? CloudTrailRatio { get; set; }

    public List<(int Megabytes, double PeakMegabytes)> CloudTrailPeaks { get; } = [];

    public string RuleTimingsPair { get; set; } = string.Empty;

    public double PermissionsMilliseconds { get; set; }

    public int Principals { get; set; }

    public List<(string Rule, double Milliseconds, int Findings)> RuleTimings { get; set; } = [];
}
