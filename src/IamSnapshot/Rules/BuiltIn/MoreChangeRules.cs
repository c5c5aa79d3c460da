using System.Collections.Immutable;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>IAM1015: a privileged or denylisted managed policy was attached.</summary>
internal sealed class PrivilegedPolicyAttachedRule : ChangeRule
{
    private static readonly ImmutableArray<string> DefaultPolicies = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess", "AWSOrganizationsFullAccess", "AmazonEC2RoleforSSM", "AWSLambdaFullAccess"];

    public static readonly RuleDescriptor Rule = new(
        "IAM1015",
        "Privileged managed policy attached",
        "{0} {1}: {2} was attached",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.High,
        "A managed policy from the privileged list (option 'policies'; by default AdministratorAccess, IAMFullAccess, PowerUserAccess, AWSOrganizationsFullAccess and deprecated over-broad AWS policies) was newly attached to a user, group or role. These grant administrator access or the means to obtain it. Confirm the attachment was approved, or detach it. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        var names = context.Options.GetList("policies") is { IsEmpty: false } configured ? configured : DefaultPolicies;
        foreach (var change in context.Diff.Changes.Where(c => c.After is IamPolicyHolder && c.Origin == ChangeOrigin.Account))
        {
            var before = (change.Before as IamPolicyHolder)?.AttachedPolicies.Select(a => a.PolicyArn).ToHashSet(StringComparer.Ordinal) ?? [];
            if (change.Kind == ChangeKind.Recreated)
            {
                before.Clear();
            }

            foreach (var attachment in ((IamPolicyHolder)change.After!).AttachedPolicies.Where(a => names.Contains(a.PolicyName, StringComparer.Ordinal) && !before.Contains(a.PolicyArn)))
            {
                context.Report(change, attachment.PolicyArn, "/attachedPolicies/" + SnapshotDiffer.Segment(attachment.PolicyArn), NewAdministratorRule.KindName(change.EntityType), change.Name, attachment.PolicyName);
            }
        }
    }
}

/// <summary>IAM1016: an Allow lost a condition or widened its resources.</summary>
internal sealed class AllowConstraintRemovedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1016",
        "Allow constraint removed",
        "{0} {1}: in {2}, an Allow of {3} {4}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.High,
        "An Allow statement kept its actions but lost a constraint: a condition (MFA, source IP, organisation, tag) was removed or its resources were widened to *. The same actions are now allowed in more situations or on more resources. Restore the constraint unless the widening was reviewed. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.Kind is ChangeKind.Modified or ChangeKind.Renamed))
        {
            foreach (var property in change.Properties.Where(p => p.OldValue is not null && p.NewValue is not null && (p.Path is "/document" or "/assumeRolePolicy" || p.Path.StartsWith("/inlinePolicies/", StringComparison.Ordinal))))
            {
                var before = PolicyDocument.Parse(property.OldValue!).Statements.Where(s => s.Effect == PolicyEffect.Allow).ToList();
                var after = PolicyDocument.Parse(property.NewValue!).Statements.Where(s => s.Effect == PolicyEffect.Allow).ToList();
                foreach (var old in before.Where(o => !after.Any(a => a.SemanticallyEquals(o))))
                {
                    // The same actions and principals, now with fewer conditions or wider resources.
                    foreach (var widened in after.Where(a => SameGrantee(a, old)))
                    {
                        var lostConditions = old.Conditions.Where(c => !widened.Conditions.Contains(c)).Select(c => $"{c.Operator} {c.Key}").ToList();
                        var resourcesWidened = !old.Resources.Contains("*") && widened.Resources.Contains("*");
                        if (lostConditions.Count == 0 && !resourcesWidened)
                        {
                            continue;
                        }

                        var what = lostConditions.Count > 0 ? $"lost its condition(s) {string.Join(", ", lostConditions)}" : string.Empty;
                        if (resourcesWidened)
                        {
                            what += (what.Length > 0 ? " and " : string.Empty) + $"now applies to every resource (was {string.Join(", ", old.Resources)})";
                        }

                        var actions = old.UsesNotAction ? "everything except " + string.Join(", ", old.NotActions) : string.Join(", ", old.Actions);
                        context.Report(change, $"{property.Path}#{StatementDelta.Key(old)}", property.Path, NewAdministratorRule.KindName(change.EntityType), change.Name, StatementDelta.DocumentLabel(property.Path), actions, what);
                    }
                }
            }
        }
    }

    private static bool SameGrantee(PolicyStatement a, PolicyStatement b) =>
        a.Actions.SequenceEqual(b.Actions, StringComparer.Ordinal) && a.NotActions.SequenceEqual(b.NotActions, StringComparer.Ordinal) && Equals(a.Principal, b.Principal);

}

/// <summary>IAM1017: a permissions boundary was replaced by another policy.</summary>
internal sealed class BoundaryReplacedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1017",
        "Permissions boundary replaced",
        "{0} {1}: permissions boundary changed from {2} to {3}{4}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.Medium,
        "The permissions boundary of a user or role now points at a different managed policy. If the new boundary allows more, the principal's effective permissions widen at once (the access delta lists what). Confirm the new boundary is the intended one. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes)
        {
            foreach (var property in change.Properties.Where(p => p.Path == "/permissionsBoundary" && p.OldValue is not null && p.NewValue is not null))
            {
                var oldArn = IamSnapshot.Serialization.IamSnapshotJsonContext.Unquote(property.OldValue!)!;
                var newArn = IamSnapshot.Serialization.IamSnapshotJsonContext.Unquote(property.NewValue!)!;
                var oldDocument = context.Before.FindPolicy(oldArn)?.DefaultVersion?.Document;
                var newDocument = context.After.FindPolicy(newArn)?.DefaultVersion?.Document;
                var wider = oldDocument is not null && newDocument is not null && StatementDelta.Added(oldDocument, newDocument, PolicyEffect.Allow).Count > 0
                    ? "; the new boundary has Allow statements the old one lacks"
                    : string.Empty;
                context.Report(change, newArn, property.Path, NewAdministratorRule.KindName(change.EntityType), change.Name, oldArn, newArn, wider);
            }
        }
    }
}

/// <summary>IAM2009: a role now trusts a new federated identity provider (OIDC or SAML).</summary>
internal sealed class NewFederatedTrustRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM2009",
        "Role trusts a new identity provider",
        "Role {0} can now be assumed through the identity provider {1}{2}",
        RuleCategory.Trust,
        RuleKind.Change,
        Severity.Medium,
        "The trust policy admits a federated principal (an OIDC provider such as GitHub Actions, or a SAML provider) it did not admit before. Everyone the provider can issue a matching token or assertion to can now assume the role. Check the provider and the conditions on its claims (sub, aud). Suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.After is IamRole && c.Origin == ChangeOrigin.Account))
        {
            var before = change.Before is IamRole old && change.Kind != ChangeKind.Recreated
                ? PolicyFacts.TrustedPrincipals(old.AssumeRolePolicy).Where(p => p.Type == "Federated").Select(p => p.Value).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var principal in PolicyFacts.TrustedPrincipals(((IamRole)change.After!).AssumeRolePolicy).Where(p => p.Type == "Federated" && !before.Contains(p.Value)).DistinctBy(p => p.Value))
            {
                context.Report(change, "federated:" + principal.Value, "/assumeRolePolicy", change.Name, principal.Value, principal.Conditional ? " (with conditions)" : " (without conditions)");
            }
        }
    }
}

/// <summary>IAM2010: a trust statement lost a guard condition (ExternalId, MFA, source, organisation, OIDC claim).</summary>
internal sealed class TrustGuardRemovedRule : ChangeRule
{
    private static readonly string[] GuardKeys =
    [
        "sts:externalid", "aws:multifactorauthpresent", "aws:sourcearn", "aws:sourceaccount", "aws:principalorgid",
        "aws:principalorgpaths", "aws:principalarn", "aws:principalaccount", ":sub", ":aud",
    ];

    public static readonly RuleDescriptor Rule = new(
        "IAM2010",
        "Trust condition removed",
        "Role {0}: the trust for {1} no longer requires {2}",
        RuleCategory.Trust,
        RuleKind.Change,
        Severity.High,
        "A principal the role already trusted can now assume it without a guard it needed before: sts:ExternalId (third parties), aws:MultiFactorAuthPresent (people), aws:SourceArn or aws:SourceAccount (services), aws:PrincipalOrgID (organisation), or an OIDC sub or aud claim. The role is open to more callers than before. Restore the condition unless the change was reviewed. Suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.Kind == ChangeKind.Modified && c.Before is IamRole && c.After is IamRole))
        {
            var before = Guards(((IamRole)change.Before!).AssumeRolePolicy);
            var after = Guards(((IamRole)change.After!).AssumeRolePolicy);
            foreach (var (principal, keys) in before)
            {
                if (!after.TryGetValue(principal, out var remaining))
                {
                    continue; // The principal is no longer trusted at all: narrower, not wider.
                }

                var lost = keys.Where(k => !remaining.Contains(k)).Order(StringComparer.Ordinal).ToList();
                if (lost.Count > 0)
                {
                    context.Report(change, $"guard:{principal}", "/assumeRolePolicy", change.Name, principal, string.Join(", ", lost));
                }
            }
        }
    }

    /// <summary>For each trusted principal, the guard keys that every statement admitting it requires.</summary>
    private static Dictionary<string, HashSet<string>> Guards(PolicyDocument trust)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var statement in trust.Statements.Where(s => s.Effect == PolicyEffect.Allow && s.Principal is not null))
        {
            var keys = statement.Conditions.Select(c => c.Key.ToLowerInvariant()).Where(k => GuardKeys.Any(g => g.StartsWith(':') ? k.EndsWith(g, StringComparison.Ordinal) : k == g)).ToHashSet(StringComparer.Ordinal);
            foreach (var (_, value) in statement.Principal!.All)
            {
                // A principal admitted by several statements is guarded only by what they all require.
                if (result.TryGetValue(value, out var existing))
                {
                    existing.IntersectWith(keys);
                }
                else
                {
                    result[value] = [.. keys];
                }
            }
        }

        return result;
    }
}

/// <summary>IAM2011: an administrator role became usable by compute (new trust, or a compute role became admin).</summary>
internal sealed class ComputeAdminRoleAppearedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM2011",
        "Administrator role newly usable by compute",
        "Role {0} now has full administrator access and can be assumed by compute ({1})",
        RuleCategory.Trust,
        RuleKind.Change,
        Severity.High,
        "Either an administrator role started trusting a compute service (EC2, Lambda, ECS tasks, EKS, CodeBuild, Glue, SageMaker, CloudFormation), or a role those services can assume became administrator. Code running there, or anyone allowed to pass the role to a new resource, now gets administrator access. Scope the role's permissions to its workload. Suppress by rule id and role ARN with a justification.");

    private static readonly string[] ComputeServices = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "eks.amazonaws.com", "codebuild.amazonaws.com", "glue.amazonaws.com", "sagemaker.amazonaws.com", "cloudformation.amazonaws.com"];

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var role in context.After.Roles.Where(r => !DiffingFacts.IsAwsOwned(r)))
        {
            var services = ComputeTrust(role);
            if (services.Count == 0 || PolicyFacts.AdminRoutes(context.After, role).IsEmpty)
            {
                continue;
            }

            var old = context.Before.FindEntity(role.Arn) as IamRole;
            var wasBefore = old is not null && old.UniqueId == role.UniqueId && ComputeTrust(old).Count > 0 && !PolicyFacts.AdminRoutes(context.Before, old).IsEmpty;
            if (!wasBefore)
            {
                context.Report(role.Arn, EntityKind.Role, "compute-admin", "/assumeRolePolicy", role.Name, string.Join(", ", services));
            }
        }
    }

    private static List<string> ComputeTrust(IamRole role) =>
        PolicyFacts.TrustedPrincipals(role.AssumeRolePolicy).Where(p => p.Type == "Service" && ComputeServices.Contains(p.Value, StringComparer.OrdinalIgnoreCase)).Select(p => p.Value).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>IAM4012: a tag that policies use for access decisions (ABAC) changed on a principal.</summary>
internal sealed class AbacTagChangedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM4012",
        "Access-control tag changed",
        "{0} {1}: tag {2} changed ({3} -> {4}); policies in the account use it in conditions",
        RuleCategory.Inventory,
        RuleKind.Change,
        Severity.Medium,
        "With attribute-based access control, tags decide access: a policy condition on aws:PrincipalTag/KEY, aws:ResourceTag/KEY or iam:ResourceTag/KEY grants or denies by the tag's value. Changing such a tag on a principal changes what it can do (or who can act on it) without any policy change. Confirm the tag change was approved. Suppress by rule id and ARN glob, with property /tags/KEY, and a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        var tagChanges = context.Diff.Changes.Where(c => c.Kind is ChangeKind.Modified)
            .SelectMany(c => c.Properties.Where(p => p.Category == ChangeCategory.Tags).Select(p => (Change: c, Property: p)))
            .ToList();

        // Reading every condition of both snapshots is the expensive part: skip it when no tag changed.
        if (tagChanges.Count == 0)
        {
            return;
        }

        var keys = UsedTagKeys(context.After).Concat(UsedTagKeys(context.Before)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (keys.Count == 0)
        {
            return;
        }

        foreach (var (change, property) in tagChanges)
        {
            {
                var key = SnapshotDiffer.Unsegment(property.Path["/tags/".Length..]);
                if (keys.Contains(key))
                {
                    context.Report(change, "tag:" + key, property.Path, NewAdministratorRule.KindName(change.EntityType), change.Name, key, property.OldValue ?? "(none)", property.NewValue ?? "(none)");
                }
            }
        }
    }

    private static IEnumerable<string> UsedTagKeys(AccountSnapshot snapshot) =>
        snapshot.Policies.SelectMany(p => p.Versions.Select(v => v.Document))
            .Concat(snapshot.Users.Cast<IamPolicyHolder>().Concat(snapshot.Groups).Concat(snapshot.Roles).SelectMany(h => h.InlinePolicies.Select(i => i.Document)))
            .Concat(snapshot.Roles.Select(r => r.AssumeRolePolicy))
            .SelectMany(d => d.Statements)
            .SelectMany(s => s.Conditions)
            .Select(c => c.Key)
            .Where(k => k.Contains("Tag/", StringComparison.OrdinalIgnoreCase))
            .Select(k => k[(k.IndexOf("Tag/", StringComparison.OrdinalIgnoreCase) + 4)..]);
}
