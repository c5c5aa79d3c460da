using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace IamSnapshot.Fuzzing;

/// <summary>Settings of a fuzz run.</summary>
/// <param name="Cases">Cases per target.</param>
/// <param name="Seed">The run's seed; case <c>i</c> of a target always gets the same input for the same seed.</param>
/// <param name="CaseTimeout">The longest a case may run before it counts as a hang.</param>
/// <param name="Limits">How large the mutations may make inputs.</param>
/// <param name="CrashFolder">Where to save the input of each failing case, or null.</param>
internal sealed record FuzzSettings(int Cases, int Seed, TimeSpan CaseTimeout, MutationLimits Limits, string? CrashFolder = null)
{
    /// <summary>
    /// Bytes a case may allocate beyond <see cref="MemoryFactor"/> times its input: parsing builds a document and a model
    /// several times the size of the input, but never more than a fixed multiple of it.
    /// </summary>
    public long MemoryAllowance { get; init; } = 256L * 1024 * 1024;

    /// <summary>How many times the input size a case may allocate, on top of <see cref="MemoryAllowance"/>.</summary>
    public int MemoryFactor { get; init; } = 64;
}

/// <summary>One failing case: enough to reproduce it (target, case number, mutation) and to see what broke.</summary>
internal sealed record FuzzFailure(string Target, int Case, FuzzVerdict Verdict, string Seed, string Mutation, string Detail, string? SavedAs);

/// <summary>The counts of one target.</summary>
internal sealed class FuzzTally(string target)
{
    public string Target { get; } = target;

    public int Success { get; set; }

    public int ClearError { get; set; }

    public int Crash { get; set; }

    public int Hang { get; set; }

    public int Memory { get; set; }

    public int Total => Success + ClearError + Crash + Hang + Memory;

    public int Failures => Crash + Hang + Memory;

    public TimeSpan Elapsed { get; set; }

    public long LargestInput { get; set; }

    /// <summary>The largest allocation of a case, divided by its input size.</summary>
    public double WorstAllocationRatio { get; set; }

    public List<FuzzFailure> FailureDetails { get; } = [];

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Target,-18} {Total,7} cases  {Success,7} success  {ClearError,7} clear error  {Crash,4} crash  {Hang,3} hang  {Memory,3} memory  {Elapsed.TotalSeconds,7:F1} s  largest input {Mutator.Format(LargestInput)} B  worst allocation {WorstAllocationRatio:F0}x input");
}

/// <summary>
/// Runs the cases of a target one at a time: mutates a seed, runs the loader on a worker thread with a time limit and
/// an allocation budget, and counts the verdicts. Sequential, so the allocation of a case is the process's
/// allocation during it.
/// </summary>
internal static class FuzzRunner
{
    public static FuzzTally Run(FuzzTarget target, FuzzSettings settings, Action<string>? progress = null)
    {
        var tally = new FuzzTally(target.Name);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < settings.Cases; i++)
        {
            var random = new Random(CaseSeed(settings.Seed, target.Name, i));
            var seed = target.Seeds[random.Next(target.Seeds.Count)];
            var mutator = new Mutator(random, settings.Limits);
            var input = mutator.Mutate(seed.Bytes, target.Kind);
            tally.LargestInput = Math.Max(tally.LargestInput, input.Length);
            var (verdict, detail, allocated) = Execute(target, seed, input, settings);
            tally.WorstAllocationRatio = Math.Max(tally.WorstAllocationRatio, allocated / (double)Math.Max(input.Length, 1024));
            switch (verdict)
            {
                case FuzzVerdict.Success:
                    tally.Success++;
                    break;
                case FuzzVerdict.ClearError:
                    tally.ClearError++;
                    break;
                default:
                    if (verdict == FuzzVerdict.Crash)
                    {
                        tally.Crash++;
                    }
                    else if (verdict == FuzzVerdict.Hang)
                    {
                        tally.Hang++;
                    }
                    else
                    {
                        tally.Memory++;
                    }

                    var saved = Save(settings.CrashFolder, target.Name, i, input);
                    tally.FailureDetails.Add(new FuzzFailure(target.Name, i, verdict, seed.Name, mutator.Description, detail, saved));
                    break;
            }

            if (progress is not null && (i + 1) % 1000 == 0)
            {
                progress(string.Create(CultureInfo.InvariantCulture, $"  {target.Name}: {i + 1}/{settings.Cases} ({tally.Failures} failures)"));
            }
        }

        tally.Elapsed = clock.Elapsed;
        return tally;
    }

    /// <summary>A stable seed per case (string.GetHashCode is randomised per process, so FNV-1a of the name).</summary>
    public static int CaseSeed(int runSeed, string target, int index)
    {
        var hash = 2166136261u;
        foreach (var c in target)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return HashCode.Combine(runSeed, (int)hash, index) & int.MaxValue;
    }

    private static (FuzzVerdict Verdict, string Detail, long Allocated) Execute(FuzzTarget target, FuzzSeed seed, byte[] input, FuzzSettings settings)
    {
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var task = Task.Factory.StartNew(() => target.Run(seed, input), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool finished;
        try
        {
            finished = task.Wait(settings.CaseTimeout);
        }
        catch (AggregateException ex)
        {
            var error = ex.InnerException ?? ex;
            return (FuzzVerdict.Crash, Describe(error), GC.GetTotalAllocatedBytes(precise: false) - before);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        if (!finished)
        {
            // The runaway case keeps its thread; the report says so and the run goes on.
            return (FuzzVerdict.Hang, $"still running after {settings.CaseTimeout.TotalSeconds:F0} s", allocated);
        }

        var budget = settings.MemoryAllowance + (settings.MemoryFactor * (long)input.Length);
        if (allocated > budget)
        {
            return (FuzzVerdict.Memory, string.Create(CultureInfo.InvariantCulture, $"allocated {Mutator.Format(allocated)} bytes for a {Mutator.Format(input.Length)}-byte input (budget {Mutator.Format(budget)})"), allocated);
        }

        return (task.Result, string.Empty, allocated);
    }

    private static string Describe(Exception error)
    {
        var frame = error.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("IamSnapshot.", StringComparison.Ordinal) && !l.Contains(".Fuzzing.", StringComparison.Ordinal))
            ?? error.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
        var text = new StringBuilder(error.GetType().FullName).Append(": ").Append(error.Message.Length > 300 ? error.Message[..300] + "…" : error.Message);
        if (error is UnclearErrorException && error.InnerException is { } inner)
        {
            text.Append(" [").Append(inner.GetType().Name).Append(']');
        }

        return text.Append(" @ ").Append(frame).ToString();
    }

    private static string? Save(string? folder, string target, int index, byte[] input)
    {
        if (folder is null)
        {
            return null;
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{target}-{index:D6}.bin"));
        File.WriteAllBytes(path, input);
        return path;
    }
}
