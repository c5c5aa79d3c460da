using System.Collections.Immutable;
using System.CommandLine;
using IamSnapshot.Reporting;
using IamSnapshot.Rules;
using IamSnapshot.Rules.Configuration;

namespace IamSnapshot.Runner.Commands;

/// <summary>
/// The options that shape the rule engine (--config, --baseline, --write-baseline) and how they are applied.
/// Configuration comes from --config or the current directory, never from beside the snapshots: whoever writes
/// snapshots must not be able to silence findings.
/// </summary>
internal sealed class RuleSetup
{
    public Option<string?> Config { get; } = new("--config") { Description = $"Rule configuration (severities, options, suppressions). Default: ./{RuleConfiguration.DefaultFileName} when present." };

    public Option<string?> BaselineFile { get; } = new("--baseline") { Description = "Report only findings whose fingerprint is not in this baseline file." };

    public Option<string?> WriteBaseline { get; } = new("--write-baseline") { Description = "Write every finding of this run to a baseline file." };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(BaselineFile);
        command.Options.Add(WriteBaseline);
    }

    public RuleEngine CreateEngine(ParseResult parse)
    {
        var path = parse.GetValue(Config);
        if (path is null && File.Exists(RuleConfiguration.DefaultFileName))
        {
            path = Path.GetFullPath(RuleConfiguration.DefaultFileName);
        }

        var builder = new RuleEngineBuilder().AddBuiltInRules();
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                throw new ConfigurationException(path, ["the configuration file does not exist"]);
            }

            builder.WithConfiguration(RuleConfiguration.Load(path));
        }

        return builder.Build();
    }

    /// <summary>
    /// For a timeline: writes every step's findings as one baseline when asked, then drops from each step the
    /// findings the given baseline already holds.
    /// </summary>
    public async Task<HistoryReport> ApplyBaselineAsync(ParseResult parse, HistoryReport history, CancellationToken cancellationToken)
    {
        if (parse.GetValue(WriteBaseline) is { } target)
        {
            await Baseline.WriteAsync(history.Steps.SelectMany(s => s.Findings), target, cancellationToken);
        }

        if (parse.GetValue(BaselineFile) is not { } baselinePath)
        {
            return history;
        }

        var baseline = Baseline.Load(baselinePath);
        return history with { Steps = history.Steps.Select(s => s with { Findings = baseline.NewFindings(s.Findings) }).ToImmutableArray() };
    }

    /// <summary>Writes the baseline when asked, then drops findings the given baseline already holds.</summary>
    public async Task<System.Collections.Immutable.ImmutableArray<Finding>> ApplyBaselineAsync(ParseResult parse, System.Collections.Immutable.ImmutableArray<Finding> findings, CancellationToken cancellationToken)
    {
        if (parse.GetValue(WriteBaseline) is { } target)
        {
            await Baseline.WriteAsync(findings, target, cancellationToken);
        }

        return parse.GetValue(BaselineFile) is { } baselinePath ? Baseline.Load(baselinePath).NewFindings(findings) : findings;
    }
}
