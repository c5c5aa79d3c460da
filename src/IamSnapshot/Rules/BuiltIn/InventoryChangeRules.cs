using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>IAM4001: a principal or policy was deleted and created again under the same name.</summary>
internal sealed class RecreatedEntityRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4001",
        "Entity deleted and recreated",
        "{0} {1} was deleted and recreated with the same name (unique id {2} is now {3})",
        RuleCategory.Inventory,
        RuleKind.Change,
        Severity.Medium,
        "The ARN is the same but IAM's unique id is new: the entity was deleted and created again between the snapshots. Resource policies that name the old principal by ARN silently stop matching (AWS rewrites them to the old unique id), and attackers recreate principals to reset their history. Confirm the recreation was intended. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.Kind == ChangeKind.Recreated))
        {
            context.Report(change, change.After!.UniqueId, "/uniqueId", NewAdministratorRule.KindName(change.EntityType), change.Name, change.Before!.UniqueId, change.After.UniqueId);
        }
    }
}

/// <summary>IAM4002–IAM4005: new users, roles, managed policies and groups, for the inventory.</summary>
internal sealed class NewEntityRule(RuleDescriptor descriptor, EntityKind kind) : ChangeRule
{
    public static readonly RuleDescriptor NewUser = Describe("IAM4002", "user", Severity.Info);
    public static readonly RuleDescriptor NewRole = Describe("IAM4003", "role", Severity.Info);
    public static readonly RuleDescriptor NewPolicy = Describe("IAM4004", "customer managed policy", Severity.Info);
    public static readonly RuleDescriptor NewGroup = Describe("IAM4005", "group", Severity.Info);

    public override RuleDescriptor Descriptor => descriptor;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.Kind == ChangeKind.Added && c.EntityType == kind && c.Origin == ChangeOrigin.Account))
        {
            context.Report(change, "added", null, change.Name, change.After!.Path);
        }
    }

    private static RuleDescriptor Describe(string id, string what, Severity severity) => new(
        id,
        $"New {what}",
        $"New {what} {{0}} (path {{1}})",
        RuleCategory.Inventory,
        RuleKind.Change,
        severity,
        $"A {what} was created between the snapshots. New identities are the raw material of persistence; the inventory lets reviewers see each one. Nothing to fix if it was expected. Disable the rule (severity none) if your pipeline creates many.");
}
