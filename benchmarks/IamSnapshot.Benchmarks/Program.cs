using BenchmarkDotNet.Running;
using IamSnapshot.Benchmarks.CloudTrail;

if (await CloudTrailMemoryProbe.TryRunAsync(args))
{
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the benchmark suite.</summary>
public static partial class Program;
