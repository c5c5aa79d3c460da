using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IamSnapshot.CloudTrail;

namespace IamSnapshot.Benchmarks.CloudTrail;

/// <summary>
/// Measures peak working set of one CloudTrail load in a fresh process, so that sizes can be compared:
/// <c>dotnet IamSnapshot.Benchmarks.dll cloudtrail-memory 100</c>, then <c>… 1024</c>; add <c>stream</c> to
/// stream events without keeping them, or <c>jsondocument</c> to measure the baseline instead. <c>cloudtrail-generate</c> only writes the corpus.
/// </summary>
internal static class CloudTrailMemoryProbe
{
    /// <summary>The size of the generated corpus in MB (override with IAMSNAPSHOT_BENCH_CLOUDTRAIL_MB, e.g. 256 on a slow machine).</summary>
    public static int CorpusMegabytes =>
        int.TryParse(Environment.GetEnvironmentVariable("IAMSNAPSHOT_BENCH_CLOUDTRAIL_MB"), CultureInfo.InvariantCulture, out var mb) ? mb : 1024;

    /// <summary>
    /// Runs the baseline and the reader alternately in one warmed-up process and prints the CPU time of each
    /// run: on a machine shared with other work, CPU time is steadier than wall time, and alternating spreads
    /// the noise over both.
    /// </summary>
    private static async Task CompareAsync(int megabytes, int rounds)
    {
        var files = SyntheticCloudTrail.Files(SyntheticCloudTrail.Ensure(CorpusMegabytes), megabytes);
        var baseline = new List<double>();
        var reader = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var file in files)
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
                using var document = await JsonDocument.ParseAsync(stream);
            }

            var middle = Process.GetCurrentProcess().TotalProcessorTime;
            var log = await CloudTrailReader.LoadAsync(files);
            var end = Process.GetCurrentProcess().TotalProcessorTime;
            if (round > 0)
            {
                // Round 0 warms up (JIT, page cache) and is not counted.
                baseline.Add((middle - cpu).TotalSeconds);
                reader.Add((end - middle).TotalSeconds);
            }

            GC.KeepAlive(log);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{megabytes} MB x {rounds} rounds, CPU seconds: JsonDocument.Parse [{string.Join(", ", baseline.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}] " +
            $"CloudTrailReader.LoadAsync [{string.Join(", ", reader.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}] " +
            $"ratio of medians {Median(reader) / Median(baseline):F2}"));

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    }

    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args.Length >= 1 && args[0] == "cloudtrail-generate")
        {
            SyntheticCloudTrail.Ensure(CorpusMegabytes);
            return true;
        }

        if (args.Length >= 2 && args[0] == "cloudtrail-compare")
        {
            await CompareAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
            return true;
        }

        if (args.Length < 2 || args[0] != "cloudtrail-memory")
        {
            return false;
        }

        var megabytes = int.Parse(args[1], CultureInfo.InvariantCulture);
        var mode = args.Length > 2 ? args[2] : "load";
        var files = SyntheticCloudTrail.Files(SyntheticCloudTrail.Ensure(CorpusMegabytes), megabytes);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        GC.Collect();
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        string result;
        if (mode == "jsondocument")
        {
            long records = 0;
            foreach (var file in files)
            {
                await using var stream = File.OpenRead(file);
                using var document = await JsonDocument.ParseAsync(stream);
                records += document.RootElement.GetProperty("Records").GetArrayLength();
            }

            result = $"records={records}";
        }
        else if (mode == "stream")
        {
            long events = 0;
            await foreach (var _ in CloudTrailReader.ReadEventsAsync(CloudTrailLogSource.FromPaths(files)))
            {
                events++;
            }

            result = $"iamWrites={events} (streamed, not kept)";
        }
        else
        {
            var log = await CloudTrailReader.LoadAsync(files);
            result = $"records={log.Statistics.Records} iamWrites={log.Events.Length + log.FailedEvents.Length} diagnostics={log.Diagnostics.Length}";
        }

        watch.Stop();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{mode switch { "jsondocument" => "JsonDocument.Parse", "stream" => "CloudTrailReader.ReadEventsAsync", _ => "CloudTrailReader.LoadAsync" }} input={bytes / 1048576.0:F0}MB files={files.Count} {result} " +
            $"time={watch.Elapsed.TotalSeconds:F2}s cpu={(process.TotalProcessorTime - cpuBefore).TotalSeconds:F2}s rate={bytes / 1048576.0 / watch.Elapsed.TotalSeconds:F0}MB/s " +
            $"peakWorkingSet={process.PeakWorkingSet64 / 1048576.0:F0}MB (at start {before / 1048576.0:F0}MB) " +
            $"allocated={GC.GetTotalAllocatedBytes() / 1048576.0:F0}MB"));
        return true;
    }
}
