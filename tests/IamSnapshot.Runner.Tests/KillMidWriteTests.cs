using System.Diagnostics;
using System.Text.Json.Nodes;
using IamSnapshot.Serialization;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Tests;

/// <summary>
/// A snapshot write that is killed half-way (a CI job cancelled, a container stopped) must leave the previous snapshot
/// intact, and its half-written temporary file must never be read as a snapshot. The writer is a real runner process,
/// killed with SIGKILL while its temporary file is growing.
/// </summary>
public sealed class KillMidWriteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("iamsnapshot-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Import_KilledWhileWriting_KeepsThePreviousSnapshotAndNoReaderSeesTheTempFile()
    {
        var target = Path.Combine(_folder, "2026-12-02.json");
        var (code, _, error) = await RunnerHarness.RunAsync("import", RunnerHarness.TestData("realdata", "authz", "cloudmapper-demo-authz.json"), "--output", target);
        code.Should().Be(0, error);
        var previous = await File.ReadAllBytesAsync(target);
        var big = Path.Combine(_folder, "big-authz.json");
        WriteLargeDump(big, copies: 60);

        var temp = await KillWhileWritingAsync(["import", big, "--output", target], target);

        (await File.ReadAllBytesAsync(target)).Should().Equal(previous, "the rename never happened, so the old snapshot is untouched");
        File.Exists(temp).Should().BeTrue("the kill came while the temporary file was being written");
        var load = () => SnapshotFile.Load(File.ReadAllBytes(temp), temp);
        load.Should().Throw<SnapshotFormatException>("a half-written file is not a snapshot; it is only ever read by mistake");

        // A history over the folder reads the kept snapshot and ignores the leftover; so does the next write.
        File.Copy(target, Path.Combine(_folder, "2026-12-01.json"));
        File.Delete(big);
        var history = await RunnerHarness.RunAsync("history", _folder, "--fail-on", "none");
        history.ExitCode.Should().Be(0, history.Error);
        history.Error.Should().NotContain(".tmp");
        history.Out.Should().Contain("2026-12-01.json").And.Contain("2026-12-02.json").And.NotContain(AtomicFile.TempPrefix);
        var again = await RunnerHarness.RunAsync("import", RunnerHarness.TestData("realdata", "authz", "cloudsplaining-example-2023.json"), "--output", target);
        again.ExitCode.Should().Be(0, again.Error);
        SnapshotFile.Load(await File.ReadAllBytesAsync(target), target).Users.Should().NotBeEmpty();
    }

    /// <summary>Starts the runner in a process of its own and kills it once its temporary file has grown; returns that file.</summary>
    private async Task<string> KillWhileWritingAsync(string[] arguments, string target)
    {
        var runner = typeof(Cli).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(runner);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var pattern = AtomicFile.TempPrefix + Path.GetFileName(target) + "-*.tmp";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            var temp = Directory.GetFiles(_folder, pattern).FirstOrDefault();
            if (temp is not null && new FileInfo(temp).Length > 0)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return temp;
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the runner finished (exit {process.ExitCode}) before it could be killed mid-write: {await stderr}");
            }

            Thread.Yield();
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("the runner never started writing " + target);
    }

    /// <summary>
    /// A real authorization-details dump (Cloudsplaining's example) with its users and roles repeated under new names,
    /// so that writing its snapshot takes long enough to be interrupted.
    /// </summary>
    private static void WriteLargeDump(string path, int copies)
    {
        var dump = JsonNode.Parse(File.ReadAllText(RunnerHarness.TestData("realdata", "authz", "cloudsplaining-example-2023.json")))!.AsObject();
        foreach (var (list, nameKey, idKey) in new[] { ("UserDetailList", "UserName", "UserId"), ("RoleDetailList", "RoleName", "RoleId") })
        {
            var entities = dump[list]!.AsArray();
            var originals = entities.Select(e => e!.DeepClone()).ToList();
            for (var copy = 1; copy < copies; copy++)
            {
                foreach (var original in originals)
                {
                    var entity = original!.DeepClone().AsObject();
                    var name = (string)entity[nameKey]! + "-copy" + copy;
                    entity["Arn"] = ((string)entity["Arn"]!).Replace("/" + (string)original[nameKey]!, "/" + name, StringComparison.Ordinal);
                    entity[nameKey] = name;
                    entity[idKey] = (string)entity[idKey]! + copy;
                    if (entity["InstanceProfileList"] is JsonArray)
                    {
                        entity["InstanceProfileList"] = new JsonArray();
                    }

                    entities.Add(entity);
                }
            }
        }

        File.WriteAllText(path, dump.ToJsonString());
    }
}
