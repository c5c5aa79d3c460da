using System.Collections.Immutable;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;

namespace IamSnapshot.Reporting;

/// <summary>
/// Everything a report shows about one comparison: the diff, the findings, and where the snapshots came from.
/// Immutable; every report format is written from it.
/// </summary>
public sealed record DiffReport
{
    /// <summary>The statement of what the analysis evaluates, shown in every report.</summary>
    public const string Scope = "Evaluated: identity policies (inline and managed), group memberships, permissions boundaries and trust policies. Not evaluated: SCPs, RCPs, resource-based and session policies, so \"can\" means \"identity-side allows\".";

    /// <summary>The differences.</summary>
    public required SnapshotDiff Diff { get; init; }

    /// <summary>The findings, in report order.</summary>
    public required ImmutableArray<Finding> Findings { get; init; }

    /// <summary>Who made each change, from CloudTrail, when logs were given; null otherwise.</summary>
    public CloudTrail.ChangeAttribution? Attribution { get; init; }

    /// <summary>A display name of the before snapshot (usually its path).</summary>
    public string BeforeName { get; init; } = "before";

    /// <summary>A display name of the after snapshot (usually its path).</summary>
    public string AfterName { get; init; } = "after";

    /// <summary>
    /// The descriptors of the rules that ran, for rule help in SARIF and HTML (title, description, documentation
    /// link). Defaults to the built-in rules; a finding whose rule is not listed is described from the finding.
    /// </summary>
    public ImmutableArray<RuleDescriptor> Rules { get; init; } = RuleEngine.Default.Descriptors;

    /// <summary>The number of findings at each severity, unsuppressed only.</summary>
    public ImmutableSortedDictionary<Severity, int> CountsBySeverity =>
        Enum.GetValues<Severity>().ToImmutableSortedDictionary(s => s, s => Findings.Count(f => f.Severity == s && !f.Suppressed));

    /// <summary>True when an unsuppressed finding is at or above <paramref name="threshold"/>.</summary>
    /// <param name="threshold">The lowest severity that fails, or null to never fail.</param>
    /// <returns>Whether the run should fail.</returns>
    public bool HasFindingsAtOrAbove(Severity? threshold) =>
        threshold is { } t && Findings.Any(f => !f.Suppressed && f.Severity >= t);
}
