using System.CommandLine;
using System.Text.RegularExpressions;

namespace IamSnapshot.Runner.Tests.StoreInputs;

/// <summary>The runner usage in the README names only commands and options the runner has.</summary>
public partial class ReadmeUsageTests
{
    [Fact]
    public void ReadmeUsage_NamesOnlyOptionsEachCommandHas()
    {
        var readme = File.ReadAllText(Path.Combine(RunnerHarness.RepoRoot, "README.md"));
        var usage = readme[readme.IndexOf("## The runner", StringComparison.Ordinal)..];
        usage = usage[(usage.IndexOf("```", StringComparison.Ordinal) + 3)..];
        usage = usage[..usage.IndexOf("```", StringComparison.Ordinal)];
        var lines = usage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Each command with its continuation lines; each "NAME OPTIONS:" group with its own.
        var commands = new List<(string Command, List<string> Lines)>();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("iamsnapshot ", StringComparison.Ordinal))
            {
                commands.Add((line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], current = []));
            }
            else if (line.Contains("OPTIONS:", StringComparison.Ordinal))
            {
                groups[line[..line.IndexOf(':', StringComparison.Ordinal)].Trim()] = current = [];
            }

            current!.Add(line);
        }

        var root = Cli.BuildRoot(new RunnerConsole(TextWriter.Null, TextWriter.Null, false));
        foreach (var (command, text) in commands)
        {
            var subcommand = root.Subcommands.SingleOrDefault(c => c.Name == command);
            subcommand.Should().NotBeNull($"the README shows iamsnapshot {command}");
            var known = subcommand!.Options.SelectMany(o => (IEnumerable<string>)[o.Name, .. o.Aliases]).ToHashSet(StringComparer.Ordinal);
            var all = string.Join(' ', text);
            var used = Options(all).Concat(groups.Where(g => all.Contains($"[{g.Key}]", StringComparison.Ordinal)).SelectMany(g => Options(string.Join(' ', g.Value))));
            foreach (var option in used)
            {
                known.Should().Contain(option, $"the README shows {option} for iamsnapshot {command}");
            }
        }

        var checkedCommands = commands.Select(c => c.Command).ToList();
        checkedCommands.Should().Contain(["capture", "diff", "history"]);
    }

    private static List<string> Options(string line) => OptionPattern().Matches(line).Select(m => m.Value).ToList();

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex OptionPattern();
}
