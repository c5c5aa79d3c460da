using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>IAM4006: policies attached directly to users.</summary>
internal sealed class UserWithDirectPoliciesRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4006", "Policies attached directly to a user", "User {0} has {1} policy(ies) attached directly instead of through a group or role",
        RuleCategory.Inventory, RuleKind.Posture, Severity.Low,
        "CIS AWS Foundations recommends granting users permissions only through groups (or better, roles): per-user policies are hard to review and tend to accumulate. Move the policies to a group that describes the job. Suppress by rule id and user ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var user in context.Snapshot.Users)
        {
            var count = user.AttachedPolicies.Length + user.InlinePolicies.Length;
            if (count > 0)
            {
                context.Report(user.Arn, EntityKind.User, "direct-policies", null, user.Name, count);
            }
        }
    }
}

/// <summary>IAM4007: inline policies in use.</summary>
internal sealed class InlinePolicyRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4007", "Inline policy in use", "{0} {1} has the inline policy {2}",
        RuleCategory.Inventory, RuleKind.Posture, Severity.Low,
        "Inline policies live inside one principal: they cannot be reused, versioned or rolled back, and reviews miss them. Prefer customer managed policies. Suppress by rule id and ARN glob (and the property /inlinePolicies/NAME) with a justification, or set the rule's severity to none if inline policies are your convention.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var holder in context.Snapshot.Users.Cast<IamPolicyHolder>().Concat(context.Snapshot.Groups).Concat(context.Snapshot.Roles).Where(h => !DiffingFacts.IsAwsOwned(h)))
        {
            foreach (var inline in holder.InlinePolicies)
            {
                context.Report(holder.Arn, holder.Kind, inline.Name, "/inlinePolicies/" + PostureSupport.SnapshotDifferSegment(inline.Name), NewAdministratorRule.KindName(holder.Kind), holder.Name, inline.Name);
            }
        }
    }
}

/// <summary>IAM4008: a role not used for a long time.</summary>
internal sealed class UnusedRoleRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4008", "Unused role", "Role {0} {1}",
        RuleCategory.Inventory, RuleKind.Posture, Severity.Low,
        "The role has not been used for more than maxAgeDays days (option, default 90), judged against the snapshot's capture time, never the wall clock, so a saved snapshot always gives the same answer; or it was never used and is older than that. Unused roles are standing access nobody watches. Delete roles that are no longer needed. Roles without last-used data (the source did not provide it) are skipped. Suppress by rule id and role ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        if (context.Snapshot.Metadata.CapturedAt is not { } capturedAt)
        {
            return; // Ages need the capture time; without it the rule cannot judge.
        }

        var maxAge = TimeSpan.FromDays(context.Options.GetInt("maxAgeDays", 90));
        foreach (var role in context.Snapshot.Roles.Where(r => !DiffingFacts.IsAwsOwned(r) && r.LastUsed is not null))
        {
            if (role.LastUsed!.LastUsedDate is { } used)
            {
                if (capturedAt - used > maxAge)
                {
                    context.Report(role.Arn, EntityKind.Role, "unused", null, role.Name, $"was last used on {used:yyyy-MM-dd}, {(int)(capturedAt - used).TotalDays} days before the capture");
                }
            }
            else if (role.CreateDate is { } created && capturedAt - created > maxAge)
            {
                context.Report(role.Arn, EntityKind.Role, "unused", null, role.Name, $"was never used since it was created on {created:yyyy-MM-dd}");
            }
        }
    }
}

/// <summary>IAM4009: a group without members.</summary>
internal sealed class EmptyGroupRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4009", "Empty group", "Group {0} has no members",
        RuleCategory.Inventory, RuleKind.Posture, Severity.Info,
        "A group with no users grants nothing today but keeps its policies ready: adding a user to it (iam:AddUserToGroup) is a one-call privilege grant. Delete groups that are no longer used. Suppress by rule id and group ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        if (!context.Snapshot.Metadata.Has(SnapshotParts.Users))
        {
            return;
        }

        foreach (var group in context.Snapshot.Groups.Where(g => context.Snapshot.MembersOf(g.Name).IsEmpty))
        {
            context.Report(group.Arn, EntityKind.Group, "empty", null, group.Name);
        }
    }
}

/// <summary>IAM4010: a customer managed policy attached to nothing.</summary>
internal sealed class UnattachedPolicyRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4010", "Unattached customer managed policy", "Customer managed policy {0} is attached to nothing",
        RuleCategory.Inventory, RuleKind.Posture, Severity.Info,
        "A customer managed policy with no attachments and no use as a permissions boundary. It grants nothing today but is ready to be attached; unused policies clutter reviews. Delete it if it is not needed. Suppress by rule id and policy ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var attached = context.Snapshot.Users.Cast<IamPolicyHolder>().Concat(context.Snapshot.Groups).Concat(context.Snapshot.Roles)
            .SelectMany(h => h.AttachedPolicies.Select(a => a.PolicyArn))
            .Concat(context.Snapshot.Users.Select(u => u.PermissionsBoundary?.PolicyArn).Concat(context.Snapshot.Roles.Select(r => r.PermissionsBoundary?.PolicyArn)).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);
        var complete = context.Snapshot.Metadata.Has(SnapshotParts.AuthorizationDetails);
        foreach (var policy in context.Snapshot.Policies.Where(p => !p.IsAwsManaged && !attached.Contains(p.Arn)))
        {
            // With every principal in the snapshot the attachment lists decide; otherwise trust IAM's counters.
            if (complete || (policy.AttachmentCount is 0 && policy.PermissionsBoundaryUsageCount is null or 0))
            {
                context.Report(policy.Arn, EntityKind.ManagedPolicy, "unattached", null, policy.Name);
            }
        }
    }
}

/// <summary>IAM4011: a user in no group (off by default).</summary>
internal sealed class UserWithoutGroupRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4011", "User in no group", "User {0} belongs to no group",
        RuleCategory.Inventory, RuleKind.Posture, Severity.Low,
        "Where every person's access is meant to come from groups, a user in no group either has nothing to do or gets access some other way. Off by default because many accounts use users only for automation; enable it with the strict preset or a severity. Suppress by rule id and user ARN glob with a justification.",
        isEnabledByDefault: false);

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var user in context.Snapshot.Users.Where(u => u.GroupNames.IsEmpty))
        {
            context.Report(user.Arn, EntityKind.User, "no-group", null, user.Name);
        }
    }
}
