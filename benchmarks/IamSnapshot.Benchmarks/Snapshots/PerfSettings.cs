using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IamSnapshot.Synthetic;

namespace IamSnapshot.Benchmarks.Snapshots;

/// <summary>
/// What the snapshot benchmarks run on, and how long: set by <see cref="Report.PerformanceReport"/> before it starts
/// them (they run in-process, so they see it), or left at the defaults for a plain <c>--filter</c> run.
/// </summary>
public static class PerfSettings
{
    /// <summary>The pairs of the suite: growth S → M → XL at 1%, and 0.1% / 1% / 10% at XL.</summary>
    public static IReadOnlyList<string> Pairs { get; set; } = ["S/1%", "M/1%", "XL/0.1%", "XL/1%", "XL/10%"];

    /// <summary>The sizes of the single-snapshot benchmarks.</summary>
    public static IReadOnlyList<string> Sizes { get; set; } = ["S", "M", "XL"];

    /// <summary>The pairs the report benchmarks write reports of.</summary>
    public static IReadOnlyList<string> ReportPairs { get; set; } = ["XL/0.1%", "XL/1%", "XL/10%"];

    /// <summary>Measured iterations per benchmark (after one warm-up).</summary>
    public static int Iterations { get; set; } = 3;

    /// <summary>Where the synthetic snapshot files are.</summary>
    public static string DataDirectory { get; set; } = SyntheticFiles.DefaultDirectory;

    /// <summary>Parses a pair label such as <c>XL/1%</c>.</summary>
    /// <param name="pair">The label.</param>
    /// <returns>The size and the change fraction.</returns>
    public static (SyntheticAccountSize Size, double Fraction) ParsePair(string pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var slash = pair.IndexOf('/', StringComparison.Ordinal);
        var fraction = double.Parse(pair[(slash + 1)..].TrimEnd('%'), CultureInfo.InvariantCulture) / 100;
        return (SyntheticAccountSize.Parse(pair[..slash]), fraction);
    }

    /// <summary>The before and after files of a pair, written first if missing.</summary>
    /// <param name="pair">The pair label.</param>
    /// <returns>The two paths.</returns>
    public static (string Before, string After) Files(string pair)
    {
        var (size, fraction) = ParsePair(pair);
        var set = SyntheticFiles.EnsureAsync(size, DataDirectory).GetAwaiter().GetResult();
        return (set.Before, set.After[fraction]);
    }
}

/// <summary>
/// The job of the snapshot benchmarks: in-process (no project generated and built per benchmark), monitoring
/// strategy (one operation per iteration: these operations take from milliseconds to seconds), one warm-up and a
/// few measured iterations, allocations per operation. Short on purpose: the machine is shared.
/// </summary>
public sealed class PerfConfig : ManualConfig
{
    /// <summary>Creates the configuration with <see cref="PerfSettings.Iterations"/> iterations.</summary>
    public PerfConfig()
        : this(1, PerfSettings.Iterations)
    {
    }

    /// <summary>Creates the configuration.</summary>
    /// <param name="warmups">Warm-up iterations.</param>
    /// <param name="iterations">Measured iterations.</param>
    public PerfConfig(int warmups, int iterations)
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmups)
            .WithIterationCount(iterations)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: false))
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.DisableLogFile);
    }
}

/// <summary>The configuration for operations that take tens of seconds (the JsonDiffPatch baseline): no warm-up, two iterations.</summary>
public sealed class SlowPerfConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public SlowPerfConfig()
    {
        Add(new PerfConfig(0, Math.Min(2, PerfSettings.Iterations)));
    }
}
