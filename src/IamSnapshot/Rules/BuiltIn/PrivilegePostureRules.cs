using System.Collections.Immutable;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>A posture rule that looks at each Allow statement of each account-controlled identity policy.</summary>
internal abstract class StatementPostureRule : PostureRule
{
    public override void Analyze(PostureRuleContext context)
    {
        foreach (var location in PostureSupport.AccountPolicies(context.Snapshot))
        {
            foreach (var statement in location.Document.Statements.Where(s => s.Effect == PolicyEffect.Allow))
            {
                if (Matches(statement, context.Options))
                {
                    context.Report(location.OwnerArn, location.OwnerKind, $"{location.Path}#{StatementDelta.Key(statement)}", location.Path, location.Label, StatementDelta.Describe(statement));
                }
            }
        }
    }

    protected abstract bool Matches(PolicyStatement statement, RuleOptions options);

    protected static RuleDescriptor Describe(string id, string title, Severity severity, string description, bool enabled = true) =>
        new(id, title, "{0}: " + title + ": {1}", RuleCategory.Privilege, RuleKind.Posture, severity, description, enabled);
}

/// <summary>IAM1006: a customer policy allows every action on every resource.</summary>
internal sealed class PolicyGrantsAdminRule : StatementPostureRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM1006", "Grants full administrator access", Severity.Critical,
        "An account-managed policy (customer managed or inline) has an unconditional Allow of * on *. Whoever holds it can do anything in the account, including disable logging and create backdoors. Grant the actions the job needs instead, or use AdministratorAccess only on break-glass roles that require MFA. Suppress by rule id and the policy's ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override bool Matches(PolicyStatement statement, RuleOptions options) => statement.IsFullAdminAllow;
}

/// <summary>IAM1007: an Allow uses NotAction.</summary>
internal sealed class AllowNotActionRule : StatementPostureRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM1007", "Allows everything except a list (Allow with NotAction)", Severity.High,
        "An Allow statement with NotAction grants every action of every service except the few it names, including services and actions AWS adds later. On Resource * it usually amounts to administrator access (and if the listed names are misspelled, it is exactly that). List the allowed actions instead. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override bool Matches(PolicyStatement statement, RuleOptions options) => statement.UsesNotAction;
}

/// <summary>IAM1008: an Allow uses NotResource.</summary>
internal sealed class AllowNotResourceRule : StatementPostureRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM1008", "Allows every resource except a list (Allow with NotResource)", Severity.Medium,
        "An Allow statement with NotResource applies to every resource except the ones it names, including resources created later. Name the resources that are allowed instead. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override bool Matches(PolicyStatement statement, RuleOptions options) => statement.UsesNotResource;
}

/// <summary>IAM1009: full access to a sensitive service.</summary>
internal sealed class SensitiveServiceWildcardRule : StatementPostureRule
{
    private static readonly ImmutableArray<string> DefaultServices = ["iam", "sts", "kms", "cloudtrail", "organizations", "secretsmanager"];

    public static readonly RuleDescriptor Rule = Describe("IAM1009", "Allows every action of a sensitive service", Severity.High,
        "An unconditional Allow of service:* on a sensitive service (by default iam, sts, kms, cloudtrail, organizations, secretsmanager; option 'services'). Full IAM access is administrator access by another name; full KMS or CloudTrail access lets the holder decrypt everything or blind the account. Grant the specific actions needed. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override bool Matches(PolicyStatement statement, RuleOptions options)
    {
        if (statement.IsConditional || statement.IsFullAdminAllow)
        {
            return false;
        }

        var services = options.GetList("services") is { IsEmpty: false } configured ? configured : DefaultServices;
        return statement.Actions.Any(a => services.Any(s => a == s + ":*"));
    }
}

/// <summary>IAM1010: iam:PassRole on every role.</summary>
internal sealed class PassRoleAnyRule : StatementPostureRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM1010", "Passes any role to any service (iam:PassRole on *)", Severity.High,
        "iam:PassRole on Resource * (directly or through a wildcard such as iam:* or iam:Pass*) lets the holder give any role, including administrator roles, to a service it controls (an EC2 instance, a Lambda function) and act with that role's permissions: a classic privilege escalation. Restrict Resource to the roles the workload needs and add an iam:PassedToService condition. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override bool Matches(PolicyStatement statement, RuleOptions options) =>
        !statement.IsConditional && !statement.IsFullAdminAllow && PostureSupport.AnyResource(statement) && PostureSupport.Covers(statement, "iam:passrole");
}

/// <summary>IAM1011: sts:AssumeRole on every role.</summary>
internal sealed class AssumeAnyRoleRule : StatementPostureRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM1011", "Assumes any role (sts:AssumeRole on *)", Severity.Medium,
        "sts:AssumeRole on Resource * lets the holder assume every role whose trust policy admits this account, here and in other accounts. Name the roles instead. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override bool Matches(PolicyStatement statement, RuleOptions options) =>
        !statement.IsConditional && !statement.IsFullAdminAllow && PostureSupport.AnyResource(statement) && PostureSupport.Covers(statement, "sts:assumerole");
}

/// <summary>IAM1012: a denylisted managed policy (AdministratorAccess by default) is attached.</summary>
internal sealed class DenylistedPolicyAttachedRule : PostureRule
{
    private static readonly ImmutableArray<string> DefaultPolicies = ["AdministratorAccess"];

    public static readonly RuleDescriptor Rule = new(
        "IAM1012",
        "Administrator policy attached",
        "{0} {1} has {2} attached",
        RuleCategory.Privilege,
        RuleKind.Posture,
        Severity.High,
        "A managed policy from the denylist (option 'policies', by default AdministratorAccess) is attached to a user, group or role the account controls. Administrator access should be rare, held by roles that require MFA, and reviewed. Detach it or replace it with a scoped policy. Suppress break-glass roles by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        var names = context.Options.GetList("policies") is { IsEmpty: false } configured ? configured : DefaultPolicies;
        foreach (var holder in context.Snapshot.Users.Cast<IamPolicyHolder>().Concat(context.Snapshot.Groups).Concat(context.Snapshot.Roles).Where(h => !DiffingFacts.IsAwsOwned(h)))
        {
            foreach (var attachment in holder.AttachedPolicies.Where(a => names.Contains(a.PolicyName, StringComparer.Ordinal)))
            {
                context.Report(holder.Arn, holder.Kind, attachment.PolicyArn, "/attachedPolicies/" + PostureSupport.SnapshotDifferSegment(attachment.PolicyArn), NewAdministratorRule.KindName(holder.Kind), holder.Name, attachment.PolicyName);
            }
        }
    }
}

/// <summary>IAM1013: a deprecated AWS-managed policy is attached.</summary>
internal sealed class DeprecatedAwsPolicyRule : PostureRule
{
    // AWS replaced these with narrower policies; the names are public (see cloudmapper's audit and AWS's notices).
    private static readonly ImmutableHashSet<string> Deprecated =
    [
        "AmazonEC2RoleforSSM", "AmazonMachineLearningRoleforRedshiftDataSource", "AmazonEC2SpotFleetRole",
        "AWSLambdaReadOnlyAccess", "AWSLambdaFullAccess", "AWSCodePipelineFullAccess", "AWSConfigRole",
    ];

    public static readonly RuleDescriptor Rule = new(
        "IAM1013",
        "Deprecated AWS managed policy attached",
        "{0} {1} has the deprecated AWS managed policy {2} attached",
        RuleCategory.Privilege,
        RuleKind.Posture,
        Severity.Medium,
        "AWS deprecated this managed policy because it grants more than its purpose needs and published a narrower successor (for example AWSLambdaReadOnlyAccess became AWSLambda_ReadOnlyAccess; AmazonEC2RoleforSSM became AmazonSSMManagedInstanceCore). Deprecated policies are no longer updated and cannot be newly attached. Switch to the successor. Suppress by rule id and ARN glob with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var holder in context.Snapshot.Users.Cast<IamPolicyHolder>().Concat(context.Snapshot.Groups).Concat(context.Snapshot.Roles))
        {
            foreach (var attachment in holder.AttachedPolicies.Where(a => ManagedPolicy.IsAwsManagedArn(a.PolicyArn) && Deprecated.Contains(a.PolicyName)))
            {
                context.Report(holder.Arn, holder.Kind, attachment.PolicyArn, "/attachedPolicies/" + PostureSupport.SnapshotDifferSegment(attachment.PolicyArn), NewAdministratorRule.KindName(holder.Kind), holder.Name, attachment.PolicyName);
            }
        }
    }
}

/// <summary>IAM1014: a non-default version of a policy allows more than the default (armed SetDefaultPolicyVersion).</summary>
internal sealed class DormantBroaderVersionRule : PostureRule
{
    public static readonly RuleDescriptor Rule = new(
        "IAM1014",
        "Dormant policy version allows more",
        "Managed policy {0}: non-default version {1} has Allow statements the default {2} lacks: {3}",
        RuleCategory.Privilege,
        RuleKind.Posture,
        Severity.Medium,
        "A managed policy keeps an old or prepared version that allows more than the version in force. Anyone with iam:SetDefaultPolicyVersion on it can switch to that version in one call without writing any policy text, a known privilege-escalation path. Delete versions that are no longer needed. Suppress by rule id and the policy ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var policy in context.Snapshot.Policies.Where(p => !p.IsAwsManaged))
        {
            if (policy.DefaultVersion is not { } current)
            {
                continue;
            }

            foreach (var version in policy.Versions.Where(v => v.VersionId != current.VersionId))
            {
                var added = StatementDelta.Added(current.Document, version.Document, PolicyEffect.Allow);
                if (added.Count > 0)
                {
                    context.Report(policy.Arn, EntityKind.ManagedPolicy, version.VersionId, "/versions/" + version.VersionId, policy.Name, version.VersionId, current.VersionId, string.Join("; ", added.Select(StatementDelta.Describe)));
                }
            }
        }
    }
}
