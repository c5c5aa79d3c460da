namespace IamSnapshot.Rules.BuiltIn;

/// <summary>Descriptors of findings the engine itself reports.</summary>
internal static class EngineRules
{
    public static readonly RuleDescriptor RuleFailed = new(
        "IAM0001",
        "A rule failed",
        "Rule {0} failed with {1}: {2}. Its findings are missing from this report; the other rules ran.",
        RuleCategory.Engine,
        RuleKind.Change,
        Severity.High,
        "A rule threw an exception while it ran. The engine isolates rules, so the other rules' findings are complete, but this rule's are not. Report the message to the rule's author (for built-in rules, file an issue with the snapshot shape that triggers it). This finding cannot be suppressed by suppressing the failing rule; fix or disable the rule instead.");

    public static readonly RuleDescriptor SuppressionExpired = new(
        "IAM0002",
        "Suppression expired",
        "The suppression of {0} for {1} expired on {2}; it no longer suppresses ({3} finding(s) now reported). Written at {4}",
        RuleCategory.Engine,
        RuleKind.Change,
        Severity.Medium,
        "A suppression in iamsnapshot.json has an expires date in the past, so the findings it covered are reported again and can fail the build. Suppressions expire so that accepted risks are reviewed: either fix the findings, or renew the suppression with a new date and an up-to-date justification. This finding goes away when the suppression is renewed or removed.");
}
