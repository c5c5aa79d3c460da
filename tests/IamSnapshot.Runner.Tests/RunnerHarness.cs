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
