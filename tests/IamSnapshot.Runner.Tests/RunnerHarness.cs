using IamSnapshot.Runner;

namespace IamSnapshot.Runner.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class RunnerHarness
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Sample(string name) => Path.Combine(RepoRoot, "samples", "data", name);

    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Cli.RunAsync(args, new RunnerConsole(output, error, ColorAllowed: false));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Compares output with a golden file in tests/TestData/golden, after replacing the repository's absolute path
    /// (which differs between machines) with nothing; UPDATE_GOLDEN=1 rewrites the file instead.
    /// </summary>
    public static async Task MatchGoldenAsync(string output, string golden)
    {
        var normalized = Normalize(output);
        var goldenPath = Path.Combine(RepoRoot, "tests", "TestData", "golden", golden);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(goldenPath, normalized);
        }

        normalized.Should().Be(await File.ReadAllTextAsync(goldenPath), $"{golden} is pinned (set UPDATE_GOLDEN=1 to accept a deliberate change)");
    }

    /// <summary>Replaces absolute repository paths with repository-relative ones.</summary>
    public static string Normalize(string output) =>
        output.Replace(RepoRoot + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
            .Replace(RepoRoot, ".", StringComparison.Ordinal);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IamSnapshot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("IamSnapshot.sln not found above " + AppContext.BaseDirectory);
    }
}
