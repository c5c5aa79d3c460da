namespace IamSnapshot.Rules.Configuration;

/// <summary>
/// Silences matching findings with a stated reason, until an optional expiry date. A suppressed finding is still
/// reported, marked, but never fails a run; an expired suppression stops suppressing and says so. Immutable.
/// </summary>
public sealed record Suppression
{
    /// <summary>The rule id the suppression applies to.</summary>
    public required string RuleId { get; init; }

    /// <summary>The ARNs it applies to.</summary>
    public required ArnGlob Arn { get; init; }

    /// <summary>Optionally, the JSON pointers of the property it applies to (a glob with the same syntax).</summary>
    public ArnGlob? PropertyPath { get; init; }

    /// <summary>Why the finding is accepted: required, shown in every report.</summary>
    public required string Justification { get; init; }

    /// <summary>The last day the suppression applies (inclusive, UTC); null for no expiry.</summary>
    public DateOnly? Expires { get; init; }

    /// <summary>Where the suppression was written (file and JSON path), for messages.</summary>
    public string Origin { get; init; } = string.Empty;

    /// <summary>True when the suppression covers <paramref name="finding"/> (ignoring expiry).</summary>
    /// <param name="finding">A finding.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return string.Equals(RuleId, finding.RuleId, StringComparison.Ordinal)
            && Arn.IsMatch(finding.Arn)
            && (PropertyPath is null || (finding.PropertyPath is not null && PropertyPath.IsMatch(finding.PropertyPath)));
    }

    /// <summary>True when the suppression has expired on <paramref name="today"/>.</summary>
    /// <param name="today">Today's date (UTC).</param>
    /// <returns>Whether it has expired.</returns>
    public bool IsExpired(DateOnly today) => Expires is { } last && today > last;
}
