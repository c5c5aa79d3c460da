using System.Globalization;
using IamSnapshot.Fuzzing;

// iamsnapshot fuzz: mutates the real inputs of tests/TestData and runs every loader on them.
//   dotnet run -c Release --project tools/Fuzz -- --cases 10000 --seed 1 [--target authz]... [--timeout 30] [--save-crashes DIR]
var cases = 10_000;
var seed = 1;
var timeout = TimeSpan.FromSeconds(30);
string? crashes = null;
string? testData = null;
var only = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--cases":
            cases = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        case "--seed":
            seed = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        case "--target":
            only.Add(Value());
            break;
        case "--timeout":
            timeout = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
            break;
        case "--save-crashes":
            crashes = Value();
            break;
        case "--test-data":
            testData = Value();
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: --cases N --seed N [--target NAME]... [--timeout SECONDS] [--save-crashes DIR] [--test-data DIR]");
            return 2;
    }
}

testData ??= FindTestData();
var work = Path.Combine(Path.GetTempPath(), "iamsnapshot-fuzz-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
try
{
    var targets = FuzzTargets.Create(testData, work).Where(t => only.Count == 0 || only.Contains(t.Name)).ToList();
    var settings = new FuzzSettings(cases, seed, timeout, new MutationLimits(), crashes);
    Console.WriteLine($"fuzzing {targets.Count} loaders, {cases:N0} cases each, seed {seed} (inputs from {testData})");
    var tallies = new List<FuzzTally>();
    foreach (var target in targets)
    {
        Console.WriteLine($"{target.Name}: {target.Description}; {target.Seeds.Count} seeds");
        var tally = FuzzRunner.Run(target, settings, Console.WriteLine);
        tallies.Add(tally);
        Console.WriteLine(tally);
    }

    Console.WriteLine();
    Console.WriteLine("summary");
    foreach (var tally in tallies)
    {
        Console.WriteLine(tally);
    }

    var failures = tallies.SelectMany(t => t.FailureDetails).ToList();
    var signatures = failures.GroupBy(f => f.Verdict + " " + Signature(f.Detail)).OrderByDescending(g => g.Count()).ToList();
    if (signatures.Count > 0)
    {
        Console.WriteLine();
        Console.WriteLine($"{signatures.Count} distinct failures (exception and where it was thrown):");
        foreach (var group in signatures)
        {
            var first = group.First();
            Console.WriteLine($"{group.Count(),6} x {group.Key}{Environment.NewLine}         e.g. {first.Target} case {first.Case}: {first.Mutation}");
        }

        Console.WriteLine();
    }

    foreach (var failure in failures.Take(50))
    {
        Console.WriteLine($"FAIL {failure.Target} case {failure.Case} ({failure.Verdict}) seed {failure.Seed}: {failure.Mutation}{Environment.NewLine}     {failure.Detail}{(failure.SavedAs is null ? string.Empty : Environment.NewLine + "     input: " + failure.SavedAs)}");
    }

    Console.WriteLine(failures.Count == 0 ? "no crash, hang or memory blow-up" : $"{failures.Count} failing cases");
    return failures.Count == 0 ? 0 : 1;
}
finally
{
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
    }
}

// "System.InvalidOperationException: message @ at Frame(...) in file:line" without the message.
static string Signature(string detail)
{
    var colon = detail.IndexOf(": ", StringComparison.Ordinal);
    var at = detail.IndexOf(" @ ", StringComparison.Ordinal);
    return colon > 0 && at > colon ? detail[..colon] + detail[at..] : detail;
}

static string FindTestData()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "tests", "TestData");
        if (File.Exists(Path.Combine(dir.FullName, "IamSnapshot.sln")) && Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new DirectoryNotFoundException("tests/TestData not found above " + AppContext.BaseDirectory + "; pass --test-data");
}
