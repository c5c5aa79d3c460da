using System.Diagnostics;
using System.Globalization;
using IamSnapshot.Benchmarks.Snapshots;
using IamSnapshot.Diffing;
using IamSnapshot.Policies.Access;
using IamSnapshot.Rules;
using IamSnapshot.Rules.BuiltIn;
using IamSnapshot.Sources;

namespace IamSnapshot.Benchmarks.Report;

/// <summary>
/// Where a scan or a diff spends its rule time, rule by rule:
/// <c>dotnet run -c Release --project benchmarks/IamSnapshot.Benchmarks -- rule-timings [PAIR]</c> (default XL/1%).
/// A profiling aid, not a benchmark: one run, wall-clock, after the shared permission calculator is warm.
/// </summary>
internal static class RuleTimings
{
    public const string Command = "rule-timings";

    public static int Run(string[] args)
    {
        var (permissionsMilliseconds, principals, timings) = Measure(args.Length > 0 ? args[0] : "XL/1%");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"effective permissions of {principals:N0} principals: {permissionsMilliseconds:F0} ms"));
        foreach (var (rule, ms, findings) in timings.OrderByDescending(t => t.Milliseconds).Take(25))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rule,-12} {ms,10:F1} ms {findings,7} findings"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"posture rules total {timings.Where(t => t.Rule.StartsWith("scan", StringComparison.Ordinal)).Sum(t => t.Milliseconds):F0} ms; change rules total (each with its own diff context) {timings.Where(t => t.Rule.StartsWith("diff", StringComparison.Ordinal)).Sum(t => t.Milliseconds):F0} ms"));
        return 0;
    }

    /// <summary>
    /// Times the effective permissions of every principal of the pair's "before" snapshot, then each posture rule on
    /// it (sharing those permissions, as a scan does) and each change rule on the pair's diff (each in an engine of
    /// its own, so the first access rule pays for the access delta).
    /// </summary>
    public static (double PermissionsMilliseconds, int Principals, List<(string Rule, double Milliseconds, int Findings)> Timings) Measure(string pair)
    {
        var (beforePath, afterPath) = PerfSettings.Files(pair);
        var before = SnapshotFile.Load(File.ReadAllBytes(beforePath), beforePath);
        var after = SnapshotFile.Load(File.ReadAllBytes(afterPath), afterPath);

        var watch = Stopwatch.StartNew();
        var calculator = new EffectivePermissionsCalculator(before);
        var all = calculator.ForAll();
        var permissionsMilliseconds = watch.Elapsed.TotalMilliseconds;
        var permissions = new Lazy<EffectivePermissionsCalculator>(() => calculator);

        var timings = new List<(string Rule, double Milliseconds, int Findings)>();
        foreach (var rule in BuiltInRules.All.OfType<PostureRule>())
        {
            var context = new PostureRuleContext(rule.Descriptor, rule.Descriptor.DefaultSeverity, RuleOptions.Empty, before, permissions);
            watch.Restart();
            rule.Analyze(context);
            timings.Add(("scan " + rule.Descriptor.Id, watch.Elapsed.TotalMilliseconds, context.Findings.Count));
        }

        var diff = SnapshotDiffer.Compare(before, after);
        foreach (var rule in BuiltInRules.All.OfType<ChangeRule>())
        {
            watch.Restart();
            var findings = new RuleEngineBuilder().AddRule(rule).Build().Analyze(diff);
            timings.Add(("diff " + rule.Descriptor.Id, watch.Elapsed.TotalMilliseconds, findings.Length));
        }

        return (permissionsMilliseconds, all.Length, timings);
    }
}
