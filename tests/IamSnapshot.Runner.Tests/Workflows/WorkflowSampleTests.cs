using System.CommandLine;
using System.Text.RegularExpressions;
using IamSnapshot.Runner.Commands;
using YamlDotNet.RepresentationModel;

namespace IamSnapshot.Runner.Tests.Workflows;

/// <summary>
/// The sample GitHub Actions workflows (samples/github-actions) must only use commands and options the runner
/// has: each <c>iamsnapshot COMMAND --option</c> in a <c>run:</c> script is checked against the real command tree.
/// </summary>
public class WorkflowSampleTests
{
    /// <summary>
    /// The options of <c>iamsnapshot capture</c>, accepted while that command is not in this build's tree (another
    /// branch adds it). Kept here, in one place; once <c>capture</c> is in the tree the tree is used instead.
    /// </summary>
    private static readonly string[] CaptureOptionsUntilMerged =
        ["--output", "--store", "--profile", "--region", "--role-arn", "--external-id", "--endpoint-url", "--organization-role", "--parallel", "--allow-partial"];

    public static TheoryData<string> Workflows => new(
        Directory.GetFiles(Path.Combine(RunnerHarness.RepoRoot, "samples", "github-actions"), "*.yml").Select(Path.GetFileName)!);

    [Fact]
    public void Samples_Exist()
    {
        Workflows.Should().HaveCountGreaterThanOrEqualTo(2);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_UsesOnlyCommandsAndOptionsTheRunnerHas(string file)
    {
        var root = Cli.BuildRoot(new RunnerConsole(TextWriter.Null, TextWriter.Null, false));
        var invocations = Invocations(Load(file)).ToList();
        invocations.Should().NotBeEmpty();

        foreach (var (command, options, line) in invocations)
        {
            var known = KnownOptions(root, command);
            known.Should().NotBeNull($"{file}: \"{line}\" uses the command {command}, which the runner does not have");
            foreach (var option in options)
            {
                known!.Should().Contain(option, $"{file}: \"{line}\" uses {option}, which iamsnapshot {command} does not have");
            }

            foreach (Match report in Regex.Matches(line, @"--report\s+([a-z]+)="))
            {
                CommonOptions.FormatNames.Should().Contain(report.Groups[1].Value, $"{file}: \"{line}\"");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_AssumesARoleThroughOidc_UploadsSarif_AndWritesTheStepSummary(string file)
    {
        var yaml = Load(file);
        var text = File.ReadAllText(Path.Combine(RunnerHarness.RepoRoot, "samples", "github-actions", file));
        var permissions = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["permissions"];
        ((YamlScalarNode)permissions["id-token"]).Value.Should().Be("write", "OIDC needs id-token: write");
        text.Should().Contain("uses: aws-actions/configure-aws-credentials@").And.Contain("role-to-assume:");
        text.Should().Contain("uses: github/codeql-action/upload-sarif@").And.Contain("GITHUB_STEP_SUMMARY");
        Invocations(yaml).Select(i => i.Command).Should().Contain(["capture", "diff"]);
    }

    private static YamlStream Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RunnerHarness.RepoRoot, "samples", "github-actions", file));
        yaml.Load(reader);
        return yaml;
    }

    /// <summary>The options a command accepts (names and aliases), or null when the command is unknown.</summary>
    private static HashSet<string>? KnownOptions(RootCommand root, string command)
    {
        var found = root.Subcommands.FirstOrDefault(c => c.Name == command);
        if (found is null)
        {
            return command == "capture" ? [.. CaptureOptionsUntilMerged] : null;
        }

        return found.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every <c>iamsnapshot COMMAND …</c> in every <c>run:</c> script, with the options it passes.</summary>
    private static IEnumerable<(string Command, List<string> Options, string Line)> Invocations(YamlStream yaml)
    {
        foreach (var script in RunScripts(yaml.Documents[0].RootNode))
        {
            // Join shell continuation lines, then split into simple commands.
            var joined = Regex.Replace(script, @"\\\r?\n\s*", " ");
            foreach (var line in joined.Split('\n').SelectMany(l => Regex.Split(l, @"&&|\|\||;|\|")))
            {
                var match = Regex.Match(line, @"(?:^|\s)iamsnapshot\s+([a-z-]+)(.*)$");
                if (!match.Success)
                {
                    continue;
                }

                var options = Regex.Matches(match.Groups[2].Value, @"(?:^|\s)(--[a-z][a-z-]*)").Select(m => m.Groups[1].Value).ToList();
                yield return (match.Groups[1].Value, options, line.Trim());
            }
        }
    }

    private static IEnumerable<string> RunScripts(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: "run" } && value is YamlScalarNode { Value: { } script })
                    {
                        yield return script;
                    }
                    else
                    {
                        foreach (var inner in RunScripts(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var inner in sequence.Children.SelectMany(RunScripts))
                {
                    yield return inner;
                }

                break;
        }
    }
}
