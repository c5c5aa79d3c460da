using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>IAM1001: a principal newly holds full administrator access.</summary>
internal sealed class NewAdministratorRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1001",
        "Principal became administrator",
        "{0} {1} now has full administrator access (Allow * on *) through {2}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.Critical,
        "Deprecated: replaced by IAM1018, which judges effective permissions (boundaries, Denies, NotAction and iam:* included) instead of looking for an Allow * on * statement. A user or role that did not have full administrator access now has it: an Allow of every action on every resource, through an inline policy, an attached managed policy, or a group. The id is never reused.")
    {
        DeprecatedBy = "IAM1018",
    };

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        // Every user and role whose own policies, groups or boundary changed can have become admin; so can
        // every member of a changed group and every holder of a changed managed policy. Checking all
        // principals of the after snapshot is simplest and cheap at statement level.
        foreach (var holder in context.After.Users.Cast<IamPolicyHolder>().Concat(context.After.Roles))
        {
            var after = PolicyFacts.AdminRoutes(context.After, holder);
            if (after.IsEmpty)
            {
                continue;
            }

            var before = context.Before.FindEntity(holder.Arn) is IamPolicyHolder old && old.UniqueId == holder.UniqueId
                ? PolicyFacts.AdminRoutes(context.Before, old)
                : [];
            if (before.IsEmpty)
            {
                context.Report(holder.Arn, holder.Kind, "admin", null, KindName(holder.Kind), holder.Name, string.Join("; ", after));
            }
        }
    }

    internal static string KindName(EntityKind kind) => kind switch
    {
        EntityKind.User => "User",
        EntityKind.Role => "Role",
        EntityKind.Group => "Group",
        EntityKind.ManagedPolicy => "Managed policy",
        EntityKind.InstanceProfile => "Instance profile",
        _ => "Account",
    };
}

/// <summary>IAM1002: a user joined a group whose policies grant full administrator access.</summary>
internal sealed class AddedToAdminGroupRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1002",
        "User added to an administrator group",
        "User {0} was added to group {1}, which grants full administrator access",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.High,
        "A user became a member of a group whose inline or attached policies allow every action on every resource. Group membership is a quiet way to hand out admin: the user's own policies do not change. Check the membership was approved; remove it otherwise. Suppress by rule id and the user's ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.EntityType == EntityKind.User && c.Kind is ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.Recreated))
        {
            foreach (var property in change.Properties.Where(p => p.Category == ChangeCategory.Membership && p.IsAddition && p.Path.StartsWith("/groups/", StringComparison.Ordinal)))
            {
                var groupName = SnapshotDiffer.Unsegment(property.Path["/groups/".Length..]);
                if (context.After.FindGroupByName(groupName) is { } group && PolicyFacts.GroupGrantsAdmin(context.After, group))
                {
                    context.Report(change, group.Arn, property.Path, change.Name, groupName);
                }
            }
        }
    }
}

/// <summary>IAM1003: a permissions boundary was removed from a user or role.</summary>
internal sealed class BoundaryRemovedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1003",
        "Permissions boundary removed",
        "{0} {1} no longer has the permissions boundary {2}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.High,
        "A permissions boundary caps what a user or role can do whatever its policies say; delegated-administration setups depend on it. Removing it can grant, at once, everything the principal's policies allow. Restore the boundary unless the removal was reviewed. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes)
        {
            foreach (var property in change.Properties.Where(p => p.Path == "/permissionsBoundary" && p.IsRemoval))
            {
                var arn = IamSnapshot.Serialization.IamSnapshotJsonContext.Unquote(property.OldValue!);
                context.Report(change, arn ?? "boundary", property.Path, NewAdministratorRule.KindName(change.EntityType), change.Name, arn);
            }
        }
    }
}

/// <summary>IAM1004: a managed policy's document in force now allows more.</summary>
internal sealed class PolicyVersionWidenedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1004",
        "Managed policy now allows more",
        "Managed policy {0} changed its default version from {1} to {2}, which adds {3} Allow statement(s): {4}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.High,
        "A new default version of a managed policy has Allow statements the previous default did not. Every user, group and role the policy is attached to gains that access at once; the access delta lists who and what. Setting a default version is also a known privilege-escalation step (iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion). Review the new statements; roll back with set-default-policy-version if unintended. Suppress by rule id and policy ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.EntityType == EntityKind.ManagedPolicy && c.Kind == ChangeKind.Modified))
        {
            if (change.Before is not ManagedPolicy before || change.After is not ManagedPolicy after
                || before.DefaultVersion is not { } oldVersion || after.DefaultVersion is not { } newVersion
                || oldVersion.Document.Equals(newVersion.Document))
            {
                continue;
            }

            var added = StatementDelta.Added(oldVersion.Document, newVersion.Document, PolicyEffect.Allow);
            if (added.Count > 0)
            {
                var summary = string.Join("; ", added.Select(StatementDelta.Describe));
                context.Report(change, $"{after.Arn}#{newVersion.VersionId}", "/document", after.Name, oldVersion.VersionId, newVersion.VersionId, added.Count, summary);
            }
        }
    }
}

/// <summary>IAM1005: a Deny statement disappeared from a policy.</summary>
internal sealed class DenyRemovedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1005",
        "Deny statement removed",
        "{0} {1}: a Deny statement was removed from {2}: {3}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.High,
        "Deny statements are guard rails: they override every Allow. Removing one can grant access that other policies allowed but the Deny blocked, and attackers remove them before acting. Restore the statement unless the removal was reviewed. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.Kind is ChangeKind.Modified or ChangeKind.Renamed))
        {
            foreach (var property in change.Properties.Where(p => p.OldValue is not null && IsDocumentPath(p.Path)))
            {
                var before = PolicyDocument.Parse(property.OldValue!);
                var after = property.NewValue is null ? null : PolicyDocument.Parse(property.NewValue);
                if (property.Path.StartsWith("/versions/", StringComparison.Ordinal))
                {
                    continue; // Non-default versions grant nothing; /document covers the version in force.
                }

                var removed = after is null
                    ? before.Statements.Where(s => s.Effect == PolicyEffect.Deny).ToList()
                    : StatementDelta.Added(after, before, PolicyEffect.Deny);
                foreach (var statement in removed)
                {
                    context.Report(change, $"{property.Path}#{StatementDelta.Key(statement)}", property.Path, NewAdministratorRule.KindName(change.EntityType), change.Name, StatementDelta.DocumentLabel(property.Path), StatementDelta.Describe(statement));
                }
            }
        }
    }

    private static bool IsDocumentPath(string path) =>
        path == "/document" || path == "/assumeRolePolicy" || path.StartsWith("/inlinePolicies/", StringComparison.Ordinal) || path.StartsWith("/versions/", StringComparison.Ordinal);

}
