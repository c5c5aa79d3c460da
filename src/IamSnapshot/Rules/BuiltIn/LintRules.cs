using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Policies.Evaluation;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>IAM0003: a policy names actions or services the action catalog does not know.</summary>
internal sealed class UnknownActionRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM0003",
        "Unknown action in a policy",
        "{0} names action(s) the catalog does not know: {1}",
        RuleCategory.Engine,
        RuleKind.Posture,
        Severity.Low,
        "An account-managed policy names an action (or a service prefix) that is not in the embedded IAM action catalog: a typo (s3:GetObjects), a retired action, or one newer than the catalog. In an Allow it grants nothing; in a Deny it blocks nothing, which can silently void a guard rail; inside NotAction it widens what the statement grants. Fix the name, or update IamSnapshot if the action is new. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var location in PostureSupport.AccountPolicies(context.Snapshot))
        {
            var unknown = PolicyEvaluator.Default.FindUnknownActions(location.Document);
            if (!unknown.IsEmpty)
            {
                context.Report(location.OwnerArn, location.OwnerKind, $"{location.Path}#unknown:{string.Join(",", unknown)}", location.Path, location.Label, string.Join(", ", unknown));
            }
        }
    }
}

/// <summary>IAM0004: a resource that is neither <c>*</c> nor an ARN.</summary>
internal sealed class MalformedResourceRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM0004",
        "Malformed resource ARN",
        "{0} has a resource that is not an ARN: {1}",
        RuleCategory.Engine,
        RuleKind.Posture,
        Severity.Low,
        "Identity-policy resources are * or ARNs (arn:partition:service:region:account:resource, wildcards allowed). A value that is neither (a bucket name without arn:aws:s3:::, a truncated ARN) matches nothing, so the statement does not do what its author meant; in a Deny that means a guard rail that never applies. Write the full ARN. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var location in PostureSupport.AccountPolicies(context.Snapshot))
        {
            var bad = location.Document.Statements
                .SelectMany(s => s.Resources.Concat(s.NotResources))
                .Where(r => r != "*" && !IsArnLike(r))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (bad.Count > 0)
            {
                context.Report(location.OwnerArn, location.OwnerKind, $"{location.Path}#resource:{string.Join(",", bad)}", location.Path, location.Label, string.Join(", ", bad));
            }
        }
    }

    /// <summary>At least the six colon-separated parts of an ARN (the resource part may hold more colons).</summary>
    private static bool IsArnLike(string value) =>
        value.StartsWith("arn:", StringComparison.Ordinal) && value.Count(c => c == ':') >= 5;
}

/// <summary>IAM0005: a statement that can never apply.</summary>
internal sealed class EmptyStatementRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM0005",
        "Statement without actions or resources",
        "{0} has a statement that names no {1}, so it never applies: {2}",
        RuleCategory.Engine,
        RuleKind.Posture,
        Severity.Low,
        "An identity-policy statement needs an Action (or NotAction) and a Resource (or NotResource); without one it never matches a request. AWS rejects such documents today, but older policies and hand-built inputs carry them, and an empty Deny is a guard rail that does nothing. Complete or remove the statement. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var location in PostureSupport.AccountPolicies(context.Snapshot))
        {
            foreach (var statement in location.Document.Statements)
            {
                var missing = statement.Actions.IsEmpty && statement.NotActions.IsEmpty ? "actions"
                    : statement.Resources.IsEmpty && statement.NotResources.IsEmpty ? "resources"
                    : null;
                if (missing is not null)
                {
                    context.Report(location.OwnerArn, location.OwnerKind, $"{location.Path}#{StatementDelta.Key(statement)}", location.Path, location.Label, missing, StatementDelta.Describe(statement));
                }
            }
        }
    }
}

/// <summary>IAM1024: a non-default policy version that allows more than the default was added.</summary>
internal sealed class BroaderVersionAddedRule : ChangeRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1024",
        "Broader policy version added",
        "Managed policy {0}: new non-default version {1} has Allow statements the default {2} lacks: {3}",
        RuleCategory.Privilege,
        RuleKind.Change,
        Severity.Medium,
        "A version was added to a managed policy without being made the default, and it allows more than the version in force. Nothing changes yet, but one iam:SetDefaultPolicyVersion call by anyone allowed it now grants that access to every holder of the policy: a staged escalation. Delete the version unless a rollout is planned. Suppress by rule id and the policy ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(ChangeRuleContext context)
    {
        foreach (var change in context.Diff.Changes.Where(c => c.EntityType == EntityKind.ManagedPolicy && c.Kind == Diffing.ChangeKind.Modified && c.After is ManagedPolicy))
        {
            var after = (ManagedPolicy)change.After!;
            if (after.DefaultVersion is not { } current)
            {
                continue;
            }

            foreach (var property in change.Properties.Where(p => p.IsAddition && p.Path.StartsWith("/versions/", StringComparison.Ordinal)))
            {
                var id = property.Path["/versions/".Length..];
                if (id == current.VersionId || after.Versions.FirstOrDefault(v => v.VersionId == id) is not { } version)
                {
                    continue;
                }

                var added = StatementDelta.Added(current.Document, version.Document, PolicyEffect.Allow);
                if (added.Count > 0)
                {
                    context.Report(change, id, property.Path, after.Name, id, current.VersionId, string.Join("; ", added.Select(StatementDelta.Describe)));
                }
            }
        }
    }
}
