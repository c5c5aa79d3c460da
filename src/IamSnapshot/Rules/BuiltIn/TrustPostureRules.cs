using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>A posture rule over each Allow statement of each account-controlled role's trust policy.</summary>
internal abstract class TrustStatementRule : PostureRule
{
    public override void Analyze(PostureRuleContext context)
    {
        foreach (var role in context.Snapshot.Roles.Where(r => !DiffingFacts.IsAwsOwned(r)))
        {
            foreach (var statement in role.AssumeRolePolicy.Statements.Where(s => s.Effect == PolicyEffect.Allow))
            {
                foreach (var (subject, detail) in Check(context, role, statement))
                {
                    context.Report(role.Arn, EntityKind.Role, subject, "/assumeRolePolicy", role.Name, detail);
                }
            }
        }
    }

    protected abstract IEnumerable<(string Subject, string Detail)> Check(PostureRuleContext context, IamRole role, PolicyStatement statement);

    protected static bool HasConditionKey(PolicyStatement statement, params string[] keys) =>
        statement.Conditions.Any(c => keys.Any(k => string.Equals(c.Key, k, StringComparison.OrdinalIgnoreCase) || c.Key.EndsWith(k, StringComparison.OrdinalIgnoreCase)));

    protected static RuleDescriptor Describe(string id, string title, string message, Severity severity, string description, bool enabled = true) =>
        new(id, title, message, RuleCategory.Trust, RuleKind.Posture, severity, description, enabled);
}

/// <summary>IAM2003: a role can be assumed by anyone.</summary>
internal sealed class RoleAssumableByAnyoneRule : TrustStatementRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM2003", "Role assumable by anyone", "Role {0} trusts any AWS principal (Principal \"*\"){1}", Severity.Critical,
        "The trust policy admits Principal \"*\" without a condition that restricts the caller to your organisation or accounts (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, sts:ExternalId). Anyone with an AWS account can assume the role. Name the principals that need it. Suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override IEnumerable<(string, string)> Check(PostureRuleContext context, IamRole role, PolicyStatement statement)
    {
        if (statement.Principal is { IsWildcard: true } && !HasConditionKey(statement, PostureSupport.StrongPrincipalConditionKeys))
        {
            yield return ("principal:*", statement.IsConditional ? " with only weak conditions" : string.Empty);
        }
    }
}

/// <summary>IAM2004: another account is trusted without ExternalId or MFA.</summary>
internal sealed class CrossAccountWithoutExternalIdRule : TrustStatementRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM2004", "Cross-account trust without ExternalId or MFA", "Role {0} trusts {1} without sts:ExternalId or MFA", Severity.Medium,
        "The role trusts a principal of another AWS account, and the statement requires neither sts:ExternalId (the confused-deputy defence for third parties) nor aws:MultiFactorAuthPresent. Accounts listed in the rule's trustedAccounts option (your own organisation) are not reported. Require an external id for vendors and MFA for people. Suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override IEnumerable<(string, string)> Check(PostureRuleContext context, IamRole role, PolicyStatement statement)
    {
        if (HasConditionKey(statement, "sts:externalid", "aws:multifactorauthpresent", "aws:principalorgid"))
        {
            yield break;
        }

        var own = context.Snapshot.Metadata.AccountId;
        var trusted = context.Options.GetList("trustedAccounts");
        foreach (var (type, value) in statement.Principal?.All ?? [])
        {
            if (type == "AWS" && PolicyFacts.AccountOf(value) is { } account && account != own && !trusted.Contains(account))
            {
                yield return ("principal:" + value, value);
            }
        }
    }
}

/// <summary>IAM2005: an OIDC provider is trusted without a subject restriction.</summary>
internal sealed class OidcTrustWithoutSubjectRule : TrustStatementRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM2005", "OIDC trust without subject restriction", "Role {0} trusts the OIDC provider {1} without restricting the token subject (sub)", Severity.High,
        "A web-identity (OIDC) trust without a condition on the provider's sub claim admits every identity the provider issues tokens to. For GitHub Actions (token.actions.githubusercontent.com) that is every repository on GitHub. Add a StringEquals or StringLike condition on <provider>:sub naming your repository and branch, and on <provider>:aud. Suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override IEnumerable<(string, string)> Check(PostureRuleContext context, IamRole role, PolicyStatement statement)
    {
        foreach (var (type, value) in statement.Principal?.All ?? [])
        {
            if (type != "Federated" || !value.Contains(":oidc-provider/", StringComparison.Ordinal))
            {
                continue;
            }

            var provider = value[(value.IndexOf(":oidc-provider/", StringComparison.Ordinal) + ":oidc-provider/".Length)..];
            var sub = statement.Conditions.Where(c => c.Key.Equals(provider + ":sub", StringComparison.OrdinalIgnoreCase)).SelectMany(c => c.Values).ToList();
            if (sub.Count == 0)
            {
                yield return ("oidc:" + provider, provider);
            }
            else if (sub.Any(v => v is "*" or "repo:*" || v.StartsWith("repo:*", StringComparison.Ordinal)))
            {
                yield return ("oidc:" + provider, $"{provider} (the sub condition matches any repository: {string.Join(", ", sub)})");
            }
        }
    }
}

/// <summary>IAM2006: an Allow uses NotPrincipal.</summary>
internal sealed class AllowNotPrincipalRule : TrustStatementRule
{
    public static readonly RuleDescriptor Rule = Describe("IAM2006", "Trust with NotPrincipal", "Role {0} trusts everyone except {1} (Allow with NotPrincipal)", Severity.High,
        "An Allow with NotPrincipal admits every principal except those named, which in a trust policy means almost anyone. AWS recommends never combining Allow with NotPrincipal. Name the principals that may assume the role instead. Suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    protected override IEnumerable<(string, string)> Check(PostureRuleContext context, IamRole role, PolicyStatement statement)
    {
        if (statement.NotPrincipal is { } notPrincipal)
        {
            yield return ("notprincipal", string.Join(", ", notPrincipal.All.Select(p => p.Value)));
        }
    }
}

/// <summary>IAM2007: an administrator role can be assumed by a compute service.</summary>
internal sealed class ComputeAssumableAdminRoleRule : PostureRule
{
    private static readonly string[] ComputeServices = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "eks.amazonaws.com", "codebuild.amazonaws.com", "glue.amazonaws.com", "sagemaker.amazonaws.com", "cloudformation.amazonaws.com"];

    public static readonly RuleDescriptor Rule = new(
        "IAM2007",
        "Administrator role usable by compute",
        "Role {0} has full administrator access and can be assumed by {1}",
        RuleCategory.Trust,
        RuleKind.Posture,
        Severity.High,
        "A role with full administrator access trusts a compute service (EC2, Lambda, ECS tasks, EKS, CodeBuild, Glue, SageMaker, CloudFormation). Anyone who can run code there, or pass the role to a new resource (iam:PassRole), gets administrator access; code running on an instance can read its credentials. Give compute roles the permissions their workload needs. Suppress by rule id and role ARN with a justification.");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(PostureRuleContext context)
    {
        foreach (var role in context.Snapshot.Roles.Where(r => !DiffingFacts.IsAwsOwned(r)))
        {
            var services = PolicyFacts.TrustedPrincipals(role.AssumeRolePolicy)
                .Where(p => p.Type == "Service" && ComputeServices.Contains(p.Value, StringComparer.OrdinalIgnoreCase))
                .Select(p => p.Value).Distinct(StringComparer.Ordinal).ToList();
            if (services.Count > 0 && !PolicyFacts.AdminRoutes(context.Snapshot, role).IsEmpty)
            {
                context.Report(role.Arn, EntityKind.Role, "compute-admin", "/assumeRolePolicy", role.Name, string.Join(", ", services));
            }
        }
    }
}

/// <summary>IAM2008: a service principal is trusted without a confused-deputy guard (off by default: noisy).</summary>
internal sealed class ServiceTrustWithoutSourceRule : TrustStatementRule
{
    private static readonly string[] ExemptServices = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "eks.amazonaws.com", "edgelambda.amazonaws.com"];

    public static readonly RuleDescriptor Rule = Describe("IAM2008", "Service trust without confused-deputy guard", "Role {0} trusts the service {1} without aws:SourceAccount or aws:SourceArn", Severity.Low,
        "A role trusted by an AWS service that acts on behalf of many customers should limit which resource or account may make the service assume it (aws:SourceArn, aws:SourceAccount), or another customer's resource could trick the service into using the role (the confused-deputy problem). Compute services that run your own code are exempt. Off by default because many AWS-documented trust policies omit the guard; enable it with the strict preset or a severity. Suppress by rule id and role ARN with a justification.", enabled: false);

    public override RuleDescriptor Descriptor => Rule;

    protected override IEnumerable<(string, string)> Check(PostureRuleContext context, IamRole role, PolicyStatement statement)
    {
        if (HasConditionKey(statement, "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:resourceaccount", "aws:principalaccount"))
        {
            yield break;
        }

        foreach (var (type, value) in statement.Principal?.All ?? [])
        {
            if (type == "Service" && !ExemptServices.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                yield return ("service:" + value, value);
            }
        }
    }
}
