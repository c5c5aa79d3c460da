using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Rules;

namespace IamSnapshot.Reporting;

/// <summary>The words reports use for enum values (stable: they are part of the JSON contract).</summary>
internal static class Names
{
    public static string Of(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => "info",
    };

    public static string Of(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "added",
        ChangeKind.Removed => "removed",
        ChangeKind.Modified => "modified",
        ChangeKind.Recreated => "recreated",
        _ => "renamed",
    };

    public static string Of(EntityKind kind) => kind switch
    {
        EntityKind.User => "user",
        EntityKind.Group => "group",
        EntityKind.Role => "role",
        EntityKind.ManagedPolicy => "policy",
        EntityKind.InstanceProfile => "instanceProfile",
        _ => "account",
    };

    public static string Of(ChangeCategory category) => category switch
    {
        ChangeCategory.Trust => "trust",
        ChangeCategory.Permissions => "permissions",
        ChangeCategory.Membership => "membership",
        ChangeCategory.Boundary => "boundary",
        ChangeCategory.Credentials => "credentials",
        ChangeCategory.Tags => "tags",
        ChangeCategory.AccountSettings => "accountSettings",
        _ => "metadata",
    };

    public static string Of(ChangeOrigin origin) => origin == ChangeOrigin.Aws ? "aws" : "account";

    public static string Of(RuleKind kind) => kind == RuleKind.Posture ? "posture" : "change";

    public static bool TryParseSeverity(string text, out Severity? severity) =>
        Rules.Configuration.RuleConfiguration.TryParseSeverity(text, out severity);
}
