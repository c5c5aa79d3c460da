using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IamSnapshot.CloudTrail;

namespace IamSnapshot.Benchmarks.CloudTrail;

/// <summary>
/// The CloudTrail reader against plain <see cref="JsonDocument.Parse(Stream, JsonDocumentOptions)"/> of the same
/// files (target: within 2×), at two corpus sizes; allocations per operation show whether memory follows
/// the input size. Peak working set is measured apart by <see cref="CloudTrailMemoryProbe"/>.
/// Run: <c>dotnet run -c Release --project benchmarks/IamSnapshot.Benchmarks -- --filter *CloudTrailScan*</c>.
/// </summary>
[Config(typeof(Config))]
public class CloudTrailScanBenchmarks
{
    private List<string> _files = [];

    /// <summary>
    /// One job: each operation reads up to 1 GB, so a few measured iterations (monitoring strategy) are
    /// enough; in-process, with a timeout that fits the size.
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(5)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: false)));
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }

    /// <summary>Corpus size in MB; the corpus is generated once (1 GB) and the first files used for smaller sizes.</summary>
    [Params(100, 1024)]
    public int SizeMB { get; set; }

    /// <summary>Writes the corpus if missing and picks the files.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var root = SyntheticCloudTrail.Ensure(CloudTrailMemoryProbe.CorpusMegabytes);
        _files = SyntheticCloudTrail.Files(root, SizeMB);
    }

    /// <summary>Parses every file into a <see cref="JsonDocument"/> and disposes it.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> JsonDocumentParse()
    {
        var count = 0;
        foreach (var file in _files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
            using var document = await JsonDocument.ParseAsync(stream);
            count += document.RootElement.GetProperty("Records").GetArrayLength();
        }

        return count;
    }

    /// <summary>Streams the files and counts the IAM write events, keeping nothing.</summary>
    [Benchmark]
    public async Task<int> ReadEventsAsync()
    {
        var count = 0;
        await foreach (var _ in CloudTrailReader.ReadEventsAsync(CloudTrailLogSource.FromPaths(_files)))
        {
            count++;
        }

        return count;
    }

    /// <summary>Loads the files: events kept and sorted, coverage, diagnostics.</summary>
    [Benchmark]
    public async Task<int> LoadAsync()
    {
        var log = await CloudTrailReader.LoadAsync(_files);
        return log.Events.Length + (int)log.Statistics.Records;
    }
}
