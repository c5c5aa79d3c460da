using System.Diagnostics;
using System.Text.Json;

namespace IamSnapshot.Tool.Tests;

public sealed class DotnetToolTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("iamsnapshot-tool-").FullName;

    private static string RepoRoot { get; } = FindRepoRoot();

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task PackedTool_InstallsFromAFolderFeed_AndDiffsTheSamples()
    {
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        var tools = Path.Combine(_work, "tools");
        var (packCode, packOut) = await RunAsync("dotnet", ["pack", Path.Combine(RepoRoot, "samples", "IamSnapshot.Runner"), "-c", "Release", "-o", feed, "-nologo"], RepoRoot);
        packCode.Should().Be(0, packOut);
        var package = Directory.GetFiles(feed, "IamSnapshot.Runner.*.nupkg").Should().ContainSingle().Subject;
        var version = Path.GetFileNameWithoutExtension(package)["IamSnapshot.Runner.".Length..];

        // Only the folder feed: the tool package carries its dependencies, so installing needs no network.
        var config = Path.Combine(_work, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var (installCode, installOut) = await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "IamSnapshot.Runner", "--version", version], _work);
        installCode.Should().Be(0, installOut);

        var iamsnapshot = Path.Combine(tools, OperatingSystem.IsWindows() ? "iamsnapshot.exe" : "iamsnapshot");
        File.Exists(iamsnapshot).Should().BeTrue("the tool command is named iamsnapshot");
        var before = Path.Combine(RepoRoot, "samples", "data", "before.json");
        var after = Path.Combine(RepoRoot, "samples", "data", "after.json");

        var (code, output) = await RunAsync(iamsnapshot, ["diff", before, after, "--format", "json", "--fail-on", "none", "--quiet", "--report", "json=" + Path.Combine(_work, "r.json")], _work);
        code.Should().Be(0, output);
        using (var report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_work, "r.json"))))
        {
            report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).Should().Contain(["IAM1018", "IAM2001"]);
        }

        (await RunAsync(iamsnapshot, ["diff", before, after, "--quiet"], _work)).ExitCode.Should().Be(1, "high findings fail by default");
        (await RunAsync(iamsnapshot, ["diff", before, "missing.json"], _work)).ExitCode.Should().Be(2);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
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
