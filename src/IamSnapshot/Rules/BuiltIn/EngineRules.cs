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
}
