using BenchmarkDotNet.Running;
using IamSnapshot.Benchmarks.CloudTrail;
using IamSnapshot.Benchmarks.Report;

if (await CloudTrailMemoryProbe.TryRunAsync(args))
{
    return;
}

if (args.Length > 0 && args[0] == PerformanceReport.Command)
{
    Environment.ExitCode = await PerformanceReport.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == RuleTimings.Command)
{
    Environment.ExitCode = RuleTimings.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the benchmark suite.</summary>
public static partial class Program;
