using CsCheck;

namespace IamSnapshot.Tests.PropertyTests;

/// <summary>
/// CsCheck generators of small but varied accounts: users, groups, roles (service-linked and Identity Center ones
/// too), customer and AWS-managed policies with several versions, trust policies with every principal type,
/// conditions, NotAction and NotResource, tags, boundaries, instance profiles and credential-report rows.
/// </summary>
internal static class AccountGen
{
    private static readonly string[] ActionPool =
    [
        "s3:GetObject", "s3:PutObject", "s3:*", "s3:List*", "iam:PassRole", "iam:CreateUser", "iam:Get*", "iam:*",
        "ec2:Describe*", "ec2:RunInstances", "sts:AssumeRole", "kms:Decrypt", "lambda:InvokeFunction",
        "dynamodb:PutItem", "logs:CreateLogStream", "*", "cloudtrail:StopLogging", "secretsmanager:GetSecretValue",
    ];

    private static readonly string[] ResourcePool =
    [
        "*", "arn:aws:s3:::logs/*", "arn:aws:s3:::data-bucket", "arn:aws:iam::111122223333:role/app-*",
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd", "arn:aws:dynamodb:eu-west-1:111122223333:table/Orders",
        "arn:aws:lambda:*:111122223333:function:*", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-*",
    ];

    private static readonly ConditionSpec[] ConditionPool =
    [
        new("StringEquals", "aws:PrincipalOrgID", ["o-abc123"]),
        new("Bool", "aws:MultiFactorAuthPresent", ["true"]),
        new("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "192.168.0.0/16"]),
        new("StringLike", "s3:prefix", ["home/", "home/*"]),
        new("StringEquals", "aws:RequestedRegion", ["eu-west-1", "us-east-1", "eu-central-1"]),
        new("ArnLike", "aws:SourceArn", ["arn:aws:sns:*:111122223333:alerts"]),
        new("DateLessThan", "aws:CurrentTime", ["2030-01-01T00:00:00Z"]),
    ];

    private static readonly ConditionSpec[] TrustConditionPool =
    [
        new("StringEquals", "sts:ExternalId", ["ext-42"]),
        new("StringLike", "token.actions.githubusercontent.com:sub", ["repo:org/app:*", "repo:org/infra:ref:refs/heads/main"]),
        new("StringEquals", "token.actions.githubusercontent.com:aud", ["sts.amazonaws.com"]),
        new("StringEquals", "aws:SourceAccount", ["111122223333"]),
        new("Bool", "aws:MultiFactorAuthPresent", ["true"]),
    ];

    private static readonly PrincipalSpec[] PrincipalPool =
    [
        new("AWS", ["arn:aws:iam::999988887777:root"]),
        new("AWS", ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/alice0"]),
        new("Service", ["ec2.amazonaws.com"]),
        new("Service", ["lambda.amazonaws.com", "states.amazonaws.com"]),
        new("Federated", ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]),
        new("Federated", ["arn:aws:iam::111122223333:saml-provider/Okta"]),
        new("*", ["*"]),
    ];

    private static readonly string[] TrustActions = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:AssumeRoleWithSAML"];

    private static readonly string[] UserNames = ["alice", "bob", "deploy-bot", "ci.runner", "svc_app", "ops+admin", "auditor@corp", "x=y,z"];

    private static readonly string[] GroupNames = ["admins", "readers", "Developers", "billing"];

    private static readonly string[] RoleNames = ["deployer", "app-lambda", "OrganizationAccountAccessRole", "github-actions", "break.glass"];

    private static readonly string[] PolicyNames = ["app", "boundary", "ci-deploy", "DataAccess", "read_only+"];

    private static readonly string[] AwsPolicyNames = ["AdministratorAccess", "ReadOnlyAccess", "IAMFullAccess", "AmazonS3FullAccess"];

    private static readonly string[] UserPaths = ["/", "/", "/team/", "/ops/dev/"];

    private static readonly string[] RolePaths = ["/", "/", "/service-role/", "/aws-service-role/ec2.amazonaws.com/", "/aws-reserved/sso.amazonaws.com/"];

    private static readonly TagSpec[] TagPool = [new("team", "platform"), new("env", "prod"), new("owner", "sec@corp"), new("cost-centre", ""), new("Name", "a b/c")];

    /// <summary>Up to <paramref name="max"/> distinct values of <paramref name="pool"/>, at least <paramref name="min"/>.</summary>
    private static Gen<T[]> Pick<T>(T[] pool, int min, int max) =>
        Gen.Int[0, pool.Length - 1].Array[min, max].Select(indexes => indexes.Distinct().Select(i => pool[i]).ToArray());

    private static readonly Gen<bool> MostlyAllow = Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false)));

    private static readonly Gen<bool> Rarely = Gen.Frequency((1, Gen.Const(true)), (4, Gen.Const(false)));

    public static readonly Gen<StatementSpec> IdentityStatement =
        Gen.Select(MostlyAllow, Rarely, Pick(ActionPool, 1, 3), Rarely, Pick(ResourcePool, 1, 3), Pick(ConditionPool, 0, 2))
            .Select((allow, notAction, actions, notResource, resources, conditions) =>
                new StatementSpec(allow, notAction, actions, notResource, resources, null, conditions));

    public static readonly Gen<StatementSpec> TrustStatement =
        Gen.Select(MostlyAllow, Pick(TrustActions, 1, 2), Pick(PrincipalPool, 1, 2), Pick(TrustConditionPool, 0, 2))
            .Select((allow, actions, principals, conditions) =>
                new StatementSpec(allow, false, actions, false, [], principals, conditions));

    public static readonly Gen<DocumentSpec> IdentityDocument = IdentityStatement.Array[1, 3].Select(s => new DocumentSpec(s));

    public static readonly Gen<DocumentSpec> TrustDocument = TrustStatement.Array[1, 2].Select(s => new DocumentSpec(s));

    private static readonly Gen<int?> OptionalIndex = Gen.Int[-4, 9].Select(i => i < 0 ? (int?)null : i);

    private static readonly Gen<int[]> Indexes = Gen.Int[0, 9].Array[0, 2];

    private static readonly Gen<string> Id = Gen.Int[0, 999_999].Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));

    public static readonly Gen<PolicySpec> Policy =
        Gen.Select(Gen.Int[0, PolicyNames.Length - 1], Id, Gen.OneOf("/", "/", "/app/"), Rarely, IdentityDocument.Array[1, 3], Gen.Int[0, 2], Gen.OneOf<string?>(null, null, "Grants the app its data"))
            .Select((name, id, path, aws, versions, defaultVersion, description) => new PolicySpec(
                aws ? AwsPolicyNames[name % AwsPolicyNames.Length] : PolicyNames[name],
                "ANPA" + id,
                aws ? "/" : path,
                aws,
                versions,
                defaultVersion % versions.Length,
                description));

    public static readonly Gen<UserSpec> User =
        Gen.Select(Gen.Int[0, UserNames.Length - 1], Id, Gen.OneOf(UserPaths), Indexes, Indexes, IdentityDocument.Array[0, 2], OptionalIndex, Pick(TagPool, 0, 2))
            .Select((name, id, path, groups, policies, inline, boundary, tags) =>
                new UserSpec(UserNames[name], "AIDA" + id, path, groups, policies, inline, boundary, tags));

    public static readonly Gen<GroupSpec> Group =
        Gen.Select(Gen.Int[0, GroupNames.Length - 1], Id, Gen.OneOf("/", "/", "/division/"), Indexes, IdentityDocument.Array[0, 1])
            .Select((name, id, path, policies, inline) => new GroupSpec(GroupNames[name], "AGPA" + id, path, policies, inline));

    public static readonly Gen<RoleSpec> Role =
        Gen.Select(Gen.Int[0, RoleNames.Length - 1], Id, Gen.OneOf(RolePaths), TrustDocument, Indexes, IdentityDocument.Array[0, 2], OptionalIndex, Pick(TagPool, 0, 2))
            .SelectMany((name, id, path, trust, policies, inline, boundary, tags) =>
                Gen.Select(Gen.OneOf<string?>(null, "Deploys the app"), Gen.OneOf<int?>(null, 3600, 43200), Gen.Bool)
                    .Select((description, duration, profile) => new RoleSpec(
                        RoleNames[name], "AROA" + id, path, trust, policies, inline, boundary, tags, description, duration, profile)));

    public static readonly Gen<CredentialSpec> Credential =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Rarely, Gen.Int[0, 400])
            .Select((password, mfa, key1, key2, days) => new CredentialSpec(password, mfa, key1, key2, days));

    /// <summary>An account; names get their index appended, so they are unique within each list.</summary>
    public static readonly Gen<AccountSpec> Account =
        Gen.Select(User.Array[0, 4], Group.Array[0, 3], Role.Array[0, 4], Policy.Array[1, 4], Gen.Bool, Credential.Array[5])
            .Select((users, groups, roles, policies, withCredentials, credentials) => new AccountSpec(
                users.Select((u, i) => u with { Name = u.Name + i, Id = u.Id + i }).ToArray(),
                groups.Select((g, i) => g with { Name = g.Name + i, Id = g.Id + i }).ToArray(),
                roles.Select((r, i) => r with { Name = r.Name + i, Id = r.Id + i }).ToArray(),
                policies.Select((p, i) => p with { Name = p.Name + i, Id = p.Id + i }).ToArray(),
                withCredentials ? credentials : null));

    /// <summary>
    /// Two accounts that share most entities: the second keeps, modifies, removes, renames (same unique id, new
    /// name) or recreates (same name, new unique id) each entity of the first, and adds some of its own.
    /// </summary>
    public static readonly Gen<(AccountSpec Before, AccountSpec After)> Pair =
        Gen.Select(Account, Account, Gen.Int[0, int.MaxValue])
            .Select((before, other, seed) => (before, AccountMutator.Mutate(before, other, new Random(seed))));

    /// <summary>An account and a seed for the cosmetic rewrites of its rendering.</summary>
    public static readonly Gen<(AccountSpec Account, int Seed)> WithSeed = Gen.Select(Account, Gen.Int[0, int.MaxValue]);
}
