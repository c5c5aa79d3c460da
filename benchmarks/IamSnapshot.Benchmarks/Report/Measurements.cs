using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace IamSnapshot.Benchmarks.Report;

/// <summary>The machine a report ran on.</summary>
/// <param name="Cpu">The CPU model (<c>lscpu</c>).</param>
/// <param name="Cores">Logical processors available to .NET.</param>
/// <param name="MemoryGiB">Total memory.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Os">The operating system.</param>
/// <param name="LoadAverage">The load average (1, 5, 15 minutes) when the run started: other work on the machine.</param>
internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string Runtime, string Os, string LoadAverage)
{
    public static MachineInfo Read()
    {
        var cpu = Run("lscpu", [], out _) is { } lscpu
            ? lscpu.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim() == "Model name").Select(p => p[1].Trim()).FirstOrDefault()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
                .Select(l => double.Parse(Regex.Match(l, @"\d+").Value, CultureInfo.InvariantCulture) / 1048576.0).FirstOrDefault()
            : 0;
        return new MachineInfo(cpu ?? RuntimeInformation.ProcessArchitecture.ToString(), Environment.ProcessorCount, memory, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, LoadAverageNow());
    }

    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Runs a program and returns its standard output, or null when it cannot start.</summary>
    public static string? Run(string program, IEnumerable<string> arguments, out int exitCode, IDictionary<string, string>? environment = null, string? stderrTo = null)
    {
        exitCode = -1;
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            exitCode = process.ExitCode;
            if (stderrTo is not null)
            {
                File.WriteAllText(stderrTo, stderr.GetAwaiter().GetResult());
            }

            return stdout;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

/// <summary>Peak working set of one runner process, measured by <c>/usr/bin/time -v</c>.</summary>
/// <param name="Label">What ran.</param>
/// <param name="PeakBytes">Maximum resident set size.</param>
/// <param name="InputBytes">The combined size of the input files.</param>
/// <param name="WallSeconds">Elapsed wall time of the process (start-up included).</param>
/// <param name="ExitCode">The runner's exit code (0: no findings at the threshold, 1: findings).</param>
internal sealed record PeakMemory(string Label, long PeakBytes, long InputBytes, double WallSeconds, int ExitCode)
{
    public double Ratio => (double)PeakBytes / InputBytes;

    /// <summary>Runs <c>dotnet RUNNER ARGS</c> under <c>/usr/bin/time -v</c>, standard output discarded.</summary>
    public static PeakMemory? Measure(string label, string runnerDll, IReadOnlyList<string> arguments, long inputBytes)
    {
        if (!File.Exists("/usr/bin/time"))
        {
            return null;
        }

        var stderr = Path.GetTempFileName();
        try
        {
            MachineInfo.Run("/usr/bin/time", ["-v", "dotnet", runnerDll, .. arguments], out var exitCode, stderrTo: stderr);
            var text = File.ReadAllText(stderr);
            var rss = Regex.Match(text, @"Maximum resident set size \(kbytes\): (\d+)");
            var wall = Regex.Match(text, @"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)");
            if (!rss.Success || exitCode is not (0 or 1))
            {
                Console.Error.WriteLine($"// peak memory of {label} failed (exit {exitCode}): {text[..Math.Min(text.Length, 2000)]}");
                return null;
            }

            var seconds = (wall.Groups[1].Success ? double.Parse(wall.Groups[1].Value, CultureInfo.InvariantCulture) * 3600 : 0)
                + (double.Parse(wall.Groups[2].Value, CultureInfo.InvariantCulture) * 60) + double.Parse(wall.Groups[3].Value, CultureInfo.InvariantCulture);
            return new PeakMemory(label, long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture) * 1024, inputBytes, seconds, exitCode);
        }
        finally
        {
            File.Delete(stderr);
        }
    }
}

/// <summary>
/// A baseline and a subject run alternately in one warmed-up process: on a machine shared with other work, the
/// ratio of their medians is steadier than two separate measurements.
/// </summary>
/// <param name="BaselineMilliseconds">Median baseline time.</param>
/// <param name="SubjectMilliseconds">Median subject time.</param>
/// <param name="Rounds">Measured rounds.</param>
internal sealed record Interleaved(double BaselineMilliseconds, double SubjectMilliseconds, int Rounds)
{
    public double Ratio => SubjectMilliseconds / BaselineMilliseconds;

    public static Interleaved Measure(Func<int> baseline, Func<int> subject, int rounds)
    {
        // One round of each first: JIT, page cache.
        baseline();
        subject();
        var a = new List<double>();
        var b = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            a.Add(Time(baseline));
            b.Add(Time(subject));
        }

        return new Interleaved(Median(a), Median(b), rounds);

        static double Time(Func<int> action)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var watch = Stopwatch.StartNew();
            action();
            return watch.Elapsed.TotalMilliseconds;
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    }
}
