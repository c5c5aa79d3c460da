using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using IamSnapshot.Model;
using IamSnapshot.Policies;

namespace IamSnapshot.Benchmarks.Synthetic;

/// <summary>Size of a synthetic account.</summary>
/// <param name="Users">Number of users.</param>
/// <param name="Roles">Number of roles.</param>
/// <param name="Policies">Number of customer-managed policies.</param>
/// <param name="Groups">Number of groups.</param>
public sealed record SyntheticAccountSize(int Users, int Roles, int Policies, int Groups)
{
    /// <summary>About 100 users (design §12 "S").</summary>
    public static SyntheticAccountSize Small { get; } = new(100, 100, 100, 10);

    /// <summary>About 1,000 users (design §12 "M").</summary>
    public static SyntheticAccountSize Medium { get; } = new(1_000, 1_000, 1_000, 50);

    /// <summary>5,000 users, 5,000 roles, 5,000 policies (design §12 "XL").</summary>
    public static SyntheticAccountSize ExtraLarge { get; } = new(5_000, 5_000, 5_000, 200);
}

/// <summary>
/// Builds deterministic synthetic accounts for benchmarks: the same seed and size always give the same
/// snapshot. Policies look like real customer policies (service wildcards, read-only verbs, specific
/// actions, resource ARNs, some Deny, NotAction and conditions, several versions); users join groups and
/// attach policies, some roles have permission boundaries. Reusable: later benchmarks extend it.
/// </summary>
public static class SyntheticAccount
{
    /// <summary>The account id of every synthetic snapshot.</summary>
    public const string AccountId = "123456789012";

    private static readonly string[] Services =
    [
        "s3", "ec2", "iam", "lambda", "dynamodb", "sqs", "sns", "kms", "logs", "cloudwatch", "cloudformation", "ssm",
        "secretsmanager", "ecr", "ecs", "eks", "rds", "glue", "athena", "states", "events", "kinesis", "firehose",
        "elasticloadbalancing", "autoscaling", "route53", "acm", "apigateway", "sts", "codebuild", "codepipeline", "sagemaker",
    ];

    private static readonly string[] Verbs = ["Get", "List", "Describe", "Put", "Create", "Delete", "Update", "Tag"];

    private static readonly string[] Words = ["app", "data", "logs", "prod", "dev", "billing", "ml", "web", "api", "etl"];

    /// <summary>Builds a snapshot.</summary>
    /// <param name="size">How many entities.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The snapshot.</returns>
    public static AccountSnapshot Create(SyntheticAccountSize size, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(size);
        var random = new Random(seed);
        var policies = new List<ManagedPolicy>(size.Policies + 4);
        for (var i = 0; i < size.Policies; i++)
        {
            policies.Add(Policy(random, $"policy-{i:D5}", versions: random.Next(1, 4)));
        }

        // A few AWS-managed policies that many principals share, as in real accounts.
        policies.Add(AwsManaged("ReadOnlyAccess", """{"Effect":"Allow","Action":["*:Get*","*:List*","*:Describe*"],"Resource":"*"}"""));
        policies.Add(AwsManaged("AdministratorAccess", """{"Effect":"Allow","Action":"*","Resource":"*"}"""));
        policies.Add(AwsManaged("AmazonS3FullAccess", """{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}"""));
        policies.Add(AwsManaged("PowerUserAccess", """{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}"""));

        var groups = new List<IamGroup>(size.Groups);
        for (var i = 0; i < size.Groups; i++)
        {
            var name = $"group-{i:D4}";
            groups.Add(new IamGroup
            {
                Arn = $"arn:aws:iam::{AccountId}:group/{name}",
                Name = name,
                AttachedPolicies = Attachments(random, policies, random.Next(1, 4)),
                InlinePolicies = random.NextDouble() < 0.3 ? [new InlinePolicy("inline", Document(random))] : [],
            });
        }

        var boundaries = policies.Take(Math.Max(1, size.Policies / 100)).ToList();
        var users = new List<IamUser>(size.Users);
        for (var i = 0; i < size.Users; i++)
        {
            var name = $"user-{i:D5}";
            users.Add(new IamUser
            {
                Arn = $"arn:aws:iam::{AccountId}:user/{name}",
                Name = name,
                GroupNames = Enumerable.Range(0, random.Next(0, 4)).Select(_ => groups[random.Next(groups.Count)].Name).Distinct().Order(StringComparer.Ordinal).ToImmutableArray(),
                AttachedPolicies = Attachments(random, policies, random.Next(0, 4)),
                InlinePolicies = random.NextDouble() < 0.2 ? [new InlinePolicy("inline", Document(random))] : [],
                PermissionsBoundary = random.NextDouble() < 0.05 ? new PermissionsBoundary(boundaries[random.Next(boundaries.Count)].Arn) : null,
            });
        }

        var trust = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        var roles = new List<IamRole>(size.Roles);
        for (var i = 0; i < size.Roles; i++)
        {
            var name = $"role-{i:D5}";
            roles.Add(new IamRole
            {
                Arn = $"arn:aws:iam::{AccountId}:role/{name}",
                Name = name,
                AssumeRolePolicy = trust,
                AttachedPolicies = Attachments(random, policies, random.Next(1, 5)),
                InlinePolicies = random.NextDouble() < 0.4 ? [new InlinePolicy("inline", Document(random))] : [],
                PermissionsBoundary = random.NextDouble() < 0.1 ? new PermissionsBoundary(boundaries[random.Next(boundaries.Count)].Arn) : null,
            });
        }

        return new AccountSnapshot(new SnapshotMetadata { AccountId = AccountId, Source = "synthetic" }, users, groups, roles, policies, []);
    }

    /// <summary>
    /// A copy of <paramref name="snapshot"/> in which a fraction of the customer-managed policies got a new
    /// default version with a different document (as a policy edit does).
    /// </summary>
    /// <param name="snapshot">The snapshot to change.</param>
    /// <param name="fraction">The fraction of policies to change, for example 0.01.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The changed snapshot.</returns>
    public static AccountSnapshot ChangePolicies(AccountSnapshot snapshot, double fraction, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var random = new Random(seed);
        var customer = snapshot.Policies.Where(p => !p.IsAwsManaged).ToList();
        var toChange = customer.OrderBy(_ => random.Next()).Take((int)Math.Round(customer.Count * fraction)).Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        var policies = snapshot.Policies.Select(p =>
        {
            if (!toChange.Contains(p.Arn))
            {
                return p;
            }

            var next = "v" + (p.Versions.Length + 1).ToString(CultureInfo.InvariantCulture);
            var versions = p.Versions.Select(v => v with { IsDefaultVersion = false }).Append(new PolicyVersion(next, true, null, Document(random))).ToImmutableArray();
            return p with { DefaultVersionId = next, Versions = versions };
        });
        return new AccountSnapshot(snapshot.Metadata, snapshot.Users, snapshot.Groups, snapshot.Roles, policies, snapshot.InstanceProfiles);
    }

    private static ManagedPolicy Policy(Random random, string name, int versions)
    {
        var list = Enumerable.Range(1, versions).Select(v => new PolicyVersion("v" + v.ToString(CultureInfo.InvariantCulture), v == versions, null, Document(random))).ToImmutableArray();
        return new ManagedPolicy
        {
            Arn = $"arn:aws:iam::{AccountId}:policy/{name}",
            Name = name,
            DefaultVersionId = "v" + versions.ToString(CultureInfo.InvariantCulture),
            Versions = list,
        };
    }

    private static ManagedPolicy AwsManaged(string name, string statement) => new()
    {
        Arn = $"arn:aws:iam::aws:policy/{name}",
        Name = name,
        DefaultVersionId = "v1",
        Versions = [new PolicyVersion("v1", true, null, PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statement}}]}"""))],
    };

    private static ImmutableArray<PolicyAttachment> Attachments(Random random, List<ManagedPolicy> policies, int count)
    {
        var result = new SortedDictionary<string, PolicyAttachment>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            // One attachment in ten is an AWS-managed policy (the last four of the list).
            var p = random.NextDouble() < 0.1 ? policies[policies.Count - 1 - random.Next(4)] : policies[random.Next(policies.Count - 4)];
            result[p.Arn] = new PolicyAttachment(p.Arn, p.Name);
        }

        return [.. result.Values];
    }

    private static PolicyDocument Document(Random random)
    {
        var sb = new StringBuilder("""{"Version":"2012-10-17","Statement":[""");
        var statements = random.Next(1, 5);
        for (var s = 0; s < statements; s++)
        {
            if (s > 0)
            {
                sb.Append(',');
            }

            var service = Services[random.Next(Services.Length)];
            var deny = random.NextDouble() < 0.1;
            sb.Append("{\"Effect\":\"").Append(deny ? "Deny" : "Allow").Append('"');
            var actionKey = !deny && random.NextDouble() < 0.03 ? "NotAction" : "Action";
            sb.Append(",\"").Append(actionKey).Append("\":[");
            var actions = random.Next(1, 6);
            for (var a = 0; a < actions; a++)
            {
                if (a > 0)
                {
                    sb.Append(',');
                }

                var roll = random.NextDouble();
                var pattern = roll switch
                {
                    < 0.005 => "*",
                    < 0.2 => service + ":*",
                    < 0.55 => $"{service}:{Verbs[random.Next(Verbs.Length)]}*",
                    _ => $"{service}:{Verbs[random.Next(Verbs.Length)]}{char.ToUpperInvariant(Words[random.Next(Words.Length)][0])}{Words[random.Next(Words.Length)][1..]}",
                };
                sb.Append('"').Append(pattern).Append('"');
            }

            sb.Append("],\"Resource\":");
            sb.Append(random.NextDouble() < 0.6 ? "\"*\"" : $"\"arn:aws:{service}:*:{AccountId}:{Words[random.Next(Words.Length)]}/*\"");
            if (random.NextDouble() < 0.1)
            {
                sb.Append(""","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}""");
            }

            sb.Append('}');
        }

        sb.Append("]}");
        return PolicyDocument.Parse(sb.ToString());
    }
}
