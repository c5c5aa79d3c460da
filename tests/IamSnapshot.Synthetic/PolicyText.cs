using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace IamSnapshot.Synthetic;

/// <summary>
/// Writes policy documents that look like real ones: identity policies with service wildcards, read-only verbs,
/// specific actions, resource ARNs, some Deny, NotAction and conditions; trust policies of every kind real accounts
/// have. All text is compact JSON in the key order people write (so the saved format keeps the original beside the
/// normalised form, as it does for real data).
/// </summary>
internal static class PolicyText
{
    internal const string Prefix = """{"Version":"2012-10-17","Statement":[""";

    private static readonly string[] Services =
    [
        "s3", "ec2", "iam", "lambda", "dynamodb", "sqs", "sns", "kms", "logs", "cloudwatch", "cloudformation", "ssm",
        "secretsmanager", "ecr", "ecs", "eks", "rds", "glue", "athena", "states", "events", "kinesis", "firehose",
        "elasticloadbalancing", "autoscaling", "route53", "acm", "apigateway", "sts", "codebuild", "codepipeline", "sagemaker",
    ];

    private static readonly string[] Verbs = ["Get", "List", "Describe", "Put", "Create", "Delete", "Update", "Tag"];

    private static readonly string[] Words = ["app", "data", "logs", "prod", "dev", "billing", "ml", "web", "api", "etl"];

    // Single-step escalation pairs real accounts grant by accident (docs/privilege-escalation-sets.md).
    private static readonly string[][] Escalations =
    [
        ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
        ["iam:CreatePolicyVersion"],
        ["iam:AttachUserPolicy"],
        ["iam:PassRole", "ec2:RunInstances"],
        ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
    ];

    /// <summary>An identity policy of one to four statements.</summary>
    public static string Permissions(Random random)
    {
        var sb = new StringBuilder(Prefix);
        var statements = random.Next(1, 5);
        for (var s = 0; s < statements; s++)
        {
            if (s > 0)
            {
                sb.Append(',');
            }

            sb.Append(Statement(random));
        }

        return sb.Append("]}").ToString();
    }

    /// <summary>A permissions boundary: broad allows, a Deny on account-level IAM actions.</summary>
    public static string Boundary(Random random)
    {
        var allowed = string.Join(",", Enumerable.Range(0, random.Next(4, 9)).Select(_ => $"\"{Services[random.Next(Services.Length)]}:*\"").Distinct());
        return Prefix + $$"""{"Sid":"Allowed","Effect":"Allow","Action":[{{allowed}}],"Resource":"*"},{"Sid":"NoIdentityAdmin","Effect":"Deny","Action":["iam:CreateUser","iam:CreateAccessKey","iam:DeleteRolePermissionsBoundary","iam:PutRolePermissionsBoundary","organizations:*"],"Resource":"*"}]}""";
    }

    /// <summary>One statement.</summary>
    public static string Statement(Random random)
    {
        var roll = random.NextDouble();
        if (roll < 0.01)
        {
            var set = Escalations[random.Next(Escalations.Length)];
            return $$"""{"Effect":"Allow","Action":[{{string.Join(",", set.Select(a => $"\"{a}\""))}}],"Resource":"*"}""";
        }

        var service = Services[random.Next(Services.Length)];
        var deny = random.NextDouble() < 0.1;
        var sb = new StringBuilder("{");
        if (random.NextDouble() < 0.3)
        {
            sb.Append("\"Sid\":\"S").Append(random.Next(1000)).Append("\",");
        }

        sb.Append("\"Effect\":\"").Append(deny ? "Deny" : "Allow").Append('"');
        var actionKey = !deny && random.NextDouble() < 0.03 ? "NotAction" : "Action";
        var actions = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Action(random, service)).Distinct().ToList();
        sb.Append(",\"").Append(actionKey).Append("\":");
        if (actions.Count == 1 && random.NextDouble() < 0.5)
        {
            sb.Append('"').Append(actions[0]).Append('"');
        }
        else
        {
            sb.Append('[').Append(string.Join(",", actions.Select(a => $"\"{a}\""))).Append(']');
        }

        sb.Append(",\"Resource\":");
        sb.Append(random.NextDouble() < 0.6 ? "\"*\"" : $"[\"arn:aws:{service}:*:{SyntheticAccount.AccountId}:{Words[random.Next(Words.Length)]}/*\",\"arn:aws:{service}:eu-west-1:{SyntheticAccount.AccountId}:{Words[random.Next(Words.Length)]}-{random.Next(100)}\"]");
        if (random.NextDouble() < 0.1)
        {
            sb.Append(random.Next(3) switch
            {
                0 => ""","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}""",
                1 => ""","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""",
                _ => ""","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}""",
            });
        }

        return sb.Append('}').ToString();
    }

    /// <summary>The next version of a document: one statement replaced, added or removed, as a policy edit does.</summary>
    public static string Edit(Random random, string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        var statements = root["Statement"] as JsonArray ?? [root["Statement"]!.DeepClone()];
        var next = JsonNode.Parse(Statement(random))!;
        var roll = random.NextDouble();
        if (statements.Count > 1 && roll < 0.2)
        {
            statements.RemoveAt(random.Next(statements.Count));
        }
        else if (statements.Count < 6 && roll < 0.6)
        {
            statements.Add(next);
        }
        else
        {
            statements[random.Next(statements.Count)] = next;
        }

        root["Statement"] = statements.DeepClone();
        return root.ToJsonString();
    }

    /// <summary>The kinds of trust policy a synthetic role gets.</summary>
    public enum TrustKind
    {
        /// <summary>An AWS service (Lambda, ECS tasks, EC2, Glue, Step Functions, EventBridge).</summary>
        Service,

        /// <summary>The account itself or one of its roles.</summary>
        SameAccount,

        /// <summary>Another account, often with an external id.</summary>
        CrossAccount,

        /// <summary>GitHub Actions through OIDC.</summary>
        GitHubOidc,

        /// <summary>EKS service accounts through OIDC.</summary>
        EksOidc,

        /// <summary>A SAML identity provider.</summary>
        Saml,

        /// <summary>A service-linked role (AWS-owned).</summary>
        ServiceLinked,

        /// <summary>An IAM Identity Center role (AWS-owned).</summary>
        IdentityCenter,

        /// <summary>Anyone, limited by an organization condition (or, rarely, not at all).</summary>
        Public,
    }

    /// <summary>Draws a trust kind with the mix of a real account.</summary>
    public static TrustKind DrawTrustKind(Random random) => random.NextDouble() switch
    {
        < 0.32 => TrustKind.Service,
        < 0.55 => TrustKind.SameAccount,
        < 0.70 => TrustKind.CrossAccount,
        < 0.78 => TrustKind.GitHubOidc,
        < 0.83 => TrustKind.EksOidc,
        < 0.88 => TrustKind.Saml,
        < 0.92 => TrustKind.ServiceLinked,
        < 0.995 => TrustKind.IdentityCenter,
        _ => TrustKind.Public,
    };

    /// <summary>A trust policy of the given kind; <paramref name="service"/> receives the service principal, if any.</summary>
    public static string Trust(Random random, TrustKind kind, out string? service)
    {
        var account = SyntheticAccount.AccountId;
        service = null;
        switch (kind)
        {
            case TrustKind.Service:
            case TrustKind.ServiceLinked:
                service = random.NextDouble() switch
                {
                    < 0.4 => "lambda.amazonaws.com",
                    < 0.6 => "ecs-tasks.amazonaws.com",
                    < 0.85 => "ec2.amazonaws.com",
                    < 0.9 => "glue.amazonaws.com",
                    < 0.95 => "states.amazonaws.com",
                    _ => "events.amazonaws.com",
                };
                return Q("{'Effect':'Allow','Principal':{'Service':'" + service + "'},'Action':'sts:AssumeRole'}]}");
            case TrustKind.SameAccount:
                var principal = random.NextDouble() < 0.5 ? $"arn:aws:iam::{account}:root" : $"arn:aws:iam::{account}:role/role-{random.Next(5000):D5}";
                var mfa = random.NextDouble() < 0.3 ? ",'Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'}}" : string.Empty;
                return Q("{'Effect':'Allow','Principal':{'AWS':'" + principal + "'},'Action':'sts:AssumeRole'" + mfa + "}]}");
            case TrustKind.CrossAccount:
                var other = (200000000000L + (random.Next(40) * 1_000_003L)).ToString(CultureInfo.InvariantCulture);
                var external = random.NextDouble() < 0.6 ? ",'Condition':{'StringEquals':{'sts:ExternalId':'ext-" + N(random.Next(100000)) + "'}}" : string.Empty;
                return Q("{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::" + other + ":root'},'Action':'sts:AssumeRole'" + external + "}]}");
            case TrustKind.GitHubOidc:
                return Q("{'Effect':'Allow','Principal':{'Federated':'arn:aws:iam::" + account + ":oidc-provider/token.actions.githubusercontent.com'},'Action':'sts:AssumeRoleWithWebIdentity','Condition':{'StringEquals':{'token.actions.githubusercontent.com:aud':'sts.amazonaws.com'},'StringLike':{'token.actions.githubusercontent.com:sub':'repo:example-org/repo-" + N(random.Next(300)) + ":*'}}}]}");
            case TrustKind.EksOidc:
                var cluster = "oidc.eks.eu-west-1.amazonaws.com/id/" + random.Next(8).ToString("X32", CultureInfo.InvariantCulture);
                return Q("{'Effect':'Allow','Principal':{'Federated':'arn:aws:iam::" + account + ":oidc-provider/" + cluster + "'},'Action':'sts:AssumeRoleWithWebIdentity','Condition':{'StringEquals':{'" + cluster + ":sub':'system:serviceaccount:ns-" + N(random.Next(50)) + ":sa-" + N(random.Next(20)) + "'}}}]}");
            case TrustKind.Saml:
            case TrustKind.IdentityCenter:
                var provider = kind == TrustKind.Saml ? "Okta" : "AWSSSO_0123456789abcdef_DO_NOT_DELETE";
                return Q("{'Effect':'Allow','Principal':{'Federated':'arn:aws:iam::" + account + ":saml-provider/" + provider + "'},'Action':['sts:AssumeRoleWithSAML','sts:TagSession'],'Condition':{'StringEquals':{'SAML:aud':'https://signin.aws.amazon.com/saml'}}}]}");
            default:
                var org = random.NextDouble() < 0.8 ? ",'Condition':{'StringEquals':{'aws:PrincipalOrgID':'o-abcdef1234'}}" : string.Empty;
                return Q("{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole'" + org + "}]}");
        }
    }

    // Templates use single quotes for readability; no value written here contains one.
    private static string Q(string statementsAndEnd) => Prefix + statementsAndEnd.Replace('\'', '"');

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Action(Random random, string service) => random.NextDouble() switch
    {
        < 0.002 => "*",
        < 0.2 => service + ":*",
        < 0.55 => $"{service}:{Verbs[random.Next(Verbs.Length)]}*",
        _ => $"{service}:{Verbs[random.Next(Verbs.Length)]}{char.ToUpperInvariant(Words[random.Next(Words.Length)][0])}{Words[random.Next(Words.Length)][1..]}",
    };
}
