using System.Collections.Immutable;
using System.Globalization;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Sources;
using static IamSnapshot.Synthetic.PolicyText;

namespace IamSnapshot.Synthetic;

/// <summary>
/// Builds deterministic synthetic accounts: the same size and seed always give the same snapshot (and the same
/// saved bytes). The shape follows real accounts: customer policies with one to five versions; a few AWS-managed
/// policies many principals share; users mostly in groups whose sizes fall off like a power law (a few groups
/// hold most users), some with direct attachments, inline policies, boundaries and tags; roles with the trust mix
/// of a real account (services, the account itself, other accounts, GitHub and EKS OIDC, SAML, service-linked,
/// Identity Center, a few public ones); instance profiles for EC2 roles; a credential report, a password policy and
/// an account summary. Used by the benchmarks (in memory and as saved files) and by the live-capture fake (as
/// authorization-details JSON, see <see cref="AuthorizationDetailsJson"/>).
/// </summary>
public static class SyntheticAccount
{
    /// <summary>The account id of every synthetic snapshot.</summary>
    public const string AccountId = "123456789012";

    /// <summary>The seed used when none is given.</summary>
    public const int DefaultSeed = 42;

    /// <summary>Changes whenever the generated content changes, so cached files of an older generator are not reused.</summary>
    public const int GeneratorVersion = 1;

    /// <summary>When the "before" snapshot was captured; the "after" snapshot of a pair is one day later.</summary>
    public static DateTimeOffset CapturedAt { get; } = new(2026, 1, 15, 6, 0, 0, TimeSpan.Zero);

    internal static readonly (string Name, string Path, string Statement)[] AwsManaged =
    [
        ("AdministratorAccess", "/", """{"Effect":"Allow","Action":"*","Resource":"*"}"""),
        ("ReadOnlyAccess", "/", """{"Effect":"Allow","Action":["*:Get*","*:List*","*:Describe*"],"Resource":"*"}"""),
        ("PowerUserAccess", "/", """{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}"""),
        ("AmazonS3FullAccess", "/", """{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}"""),
        ("AmazonEC2ReadOnlyAccess", "/", """{"Effect":"Allow","Action":["ec2:Describe*","elasticloadbalancing:Describe*","autoscaling:Describe*","cloudwatch:ListMetrics","cloudwatch:GetMetricStatistics"],"Resource":"*"}"""),
        ("SecurityAudit", "/", """{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:Get*","iam:List*","s3:GetBucketPolicy","kms:ListKeys","cloudtrail:DescribeTrails"],"Resource":"*"}"""),
        ("IAMReadOnlyAccess", "/", """{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:Get*","iam:List*"],"Resource":"*"}"""),
        ("AmazonSSMManagedInstanceCore", "/", """{"Effect":"Allow","Action":["ssm:DescribeAssociation","ssm:GetDocument","ssm:UpdateInstanceInformation","ssmmessages:*","ec2messages:*"],"Resource":"*"}"""),
        ("AWSLambdaBasicExecutionRole", "/service-role/", """{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}"""),
        ("AmazonDynamoDBReadOnlyAccess", "/", """{"Effect":"Allow","Action":["dynamodb:BatchGetItem","dynamodb:Describe*","dynamodb:List*","dynamodb:GetItem","dynamodb:Query","dynamodb:Scan"],"Resource":"*"}"""),
    ];

    /// <summary>The path of the permissions-boundary policies.</summary>
    internal const string BoundaryPath = "/boundaries/";

    private static readonly string[] Regions = ["eu-west-1", "us-east-1", "us-west-2", "eu-central-1"];

    /// <summary>Builds a snapshot.</summary>
    /// <param name="size">How many entities.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The snapshot, with authorization details, credential report, password policy and account summary.</returns>
    public static AccountSnapshot Create(SyntheticAccountSize size, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(size);
        var random = new Random(seed);

        var boundaryCount = Math.Max(1, size.Policies / 100);
        var policies = new List<ManagedPolicy>(size.Policies + AwsManaged.Length);
        for (var i = 0; i < size.Policies; i++)
        {
            policies.Add(i < boundaryCount ? BoundaryPolicy(random, i) : CustomerPolicy(random, i));
        }

        policies.AddRange(AwsManaged.Select((p, i) => AwsPolicy(random, i, p.Name, p.Path, p.Statement)));
        var pool = new PolicyPool(policies);

        var groups = new List<IamGroup>(size.Groups);
        for (var i = 0; i < size.Groups; i++)
        {
            groups.Add(Group(random, i, pool));
        }

        var groupPicker = new ZipfPicker(size.Groups);
        var users = new List<IamUser>(size.Users);
        for (var i = 0; i < size.Users; i++)
        {
            users.Add(User(random, i, pool, groups, groupPicker));
        }

        var roles = new List<IamRole>(size.Roles);
        var profiles = new List<InstanceProfile>();
        for (var i = 0; i < size.Roles; i++)
        {
            var role = Role(random, i, pool, profiles);
            roles.Add(role);
        }

        return Assemble(new SnapshotMetadata
        {
            AccountId = AccountId,
            CapturedAt = CapturedAt,
            Source = "synthetic",
            ToolVersion = SnapshotFile.ToolVersion,
            Parts = SnapshotParts.AuthorizationDetails | SnapshotParts.CredentialReport | SnapshotParts.PasswordPolicy | SnapshotParts.AccountSummary,
        }, users, groups, roles, policies, profiles, random);
    }

    /// <summary>
    /// A copy of <paramref name="snapshot"/> in which a fraction of the customer-managed policies got a new default
    /// version with an edited document (as a policy edit does), and nothing else changed.
    /// </summary>
    /// <param name="snapshot">The snapshot to change.</param>
    /// <param name="fraction">The fraction of customer policies to change, for example 0.01.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The changed snapshot.</returns>
    public static AccountSnapshot ChangePolicies(AccountSnapshot snapshot, double fraction, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var random = new Random(seed);
        var customer = snapshot.Policies.Where(p => !p.IsAwsManaged).ToList();
        var toChange = customer.OrderBy(_ => random.Next()).Take((int)Math.Round(customer.Count * fraction)).Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        var policies = snapshot.Policies.Select(p => toChange.Contains(p.Arn) ? NewDefaultVersion(random, p, snapshot.Metadata.CapturedAt ?? CapturedAt) : p);
        return new AccountSnapshot(snapshot.Metadata, snapshot.Users, snapshot.Groups, snapshot.Roles, policies, snapshot.InstanceProfiles)
        {
            CredentialReport = snapshot.CredentialReport,
            PasswordPolicy = snapshot.PasswordPolicy,
            AccountSummary = snapshot.AccountSummary,
        };
    }

    /// <summary>
    /// A pair of snapshots that differ in <paramref name="fraction"/> of the entities (users, roles, customer
    /// policies and groups): policy edits, group memberships, attachments, trust policies, inline policies,
    /// boundaries and tags, added and removed entities. See <see cref="SyntheticChanges"/>.
    /// </summary>
    /// <param name="size">The account size.</param>
    /// <param name="fraction">The fraction of entities that change, for example 0.001, 0.01 or 0.1.</param>
    /// <param name="seed">The seed of the account (the changes use their own seed).</param>
    /// <returns>The pair.</returns>
    public static SyntheticPair CreatePair(SyntheticAccountSize size, double fraction, int seed = DefaultSeed)
    {
        var before = Create(size, seed);
        return SyntheticChanges.Apply(before, size, fraction);
    }

    /// <summary>
    /// The snapshot as <c>aws iam get-account-authorization-details</c> output (CLI JSON shape, documents as
    /// objects): what the live-capture fake serves. Loading it back gives the same authorization details.
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The JSON text.</returns>
    public static string AuthorizationDetailsJson(AccountSnapshot snapshot) => AuthorizationDetailsWriter.Write(snapshot);

    internal static AccountSnapshot Assemble(SnapshotMetadata metadata, IEnumerable<IamUser> users, IEnumerable<IamGroup> groups, IEnumerable<IamRole> roles, IEnumerable<ManagedPolicy> policies, IEnumerable<InstanceProfile> profiles, Random random, CredentialReport? previousReport = null)
    {
        var userList = users.ToList();
        var roleList = roles.ToList();
        var groupList = groups.ToList();

        // Attachment counters as IAM keeps them (the differ ignores them; reports show them).
        var attachments = new Dictionary<string, int>(StringComparer.Ordinal);
        var boundaries = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var holder in userList.Cast<IamPolicyHolder>().Concat(groupList).Concat(roleList))
        {
            foreach (var a in holder.AttachedPolicies)
            {
                attachments[a.PolicyArn] = attachments.GetValueOrDefault(a.PolicyArn) + 1;
            }
        }

        foreach (var boundary in userList.Select(u => u.PermissionsBoundary).Concat(roleList.Select(r => r.PermissionsBoundary)).OfType<PermissionsBoundary>())
        {
            boundaries[boundary.PolicyArn] = boundaries.GetValueOrDefault(boundary.PolicyArn) + 1;
        }

        var counted = policies.Select(p => p with
        {
            AttachmentCount = attachments.GetValueOrDefault(p.Arn),
            PermissionsBoundaryUsageCount = boundaries.GetValueOrDefault(p.Arn),
        }).ToList();

        var captured = metadata.CapturedAt ?? CapturedAt;
        return new AccountSnapshot(metadata, userList, groupList, roleList, counted, profiles)
        {
            CredentialReport = Credentials(random, userList, captured, previousReport),
            PasswordPolicy = new PasswordPolicy
            {
                MinimumPasswordLength = 14,
                RequireSymbols = true,
                RequireNumbers = true,
                RequireUppercaseCharacters = true,
                RequireLowercaseCharacters = true,
                AllowUsersToChangePassword = true,
                PasswordReusePrevention = 24,
            },
            AccountSummary = new AccountSummary(new Dictionary<string, long>
            {
                ["Users"] = userList.Count,
                ["Groups"] = groupList.Count,
                ["Roles"] = roleList.Count,
                ["Policies"] = counted.Count(p => !p.IsAwsManaged),
                ["AccountMFAEnabled"] = 1,
                ["AccountAccessKeysPresent"] = 0,
                ["MFADevicesInUse"] = userList.Count(u => u.Path == "/people/"),
            }),
        };
    }

    internal static ManagedPolicy CustomerPolicy(Random random, int index)
    {
        var name = $"policy-{index:D5}";
        var path = random.NextDouble() < 0.8 ? "/" : $"/team-{random.Next(12)}/";
        var versions = random.NextDouble() switch
        {
            < 0.45 => 1,
            < 0.65 => 2,
            < 0.80 => 3,
            < 0.92 => 4,
            _ => 5,
        };
        var created = CapturedAt.AddDays(-random.Next(30, 2000));
        var list = new List<PolicyVersion>(versions);
        var text = Permissions(random);
        for (var v = 1; v <= versions; v++)
        {
            if (v > 1)
            {
                text = Edit(random, text);
            }

            list.Add(new PolicyVersion(VersionId(v), false, created.AddDays(v * 7), PolicyDocument.Parse(text)));
        }

        // Usually the newest version is the default; sometimes an older one is (a rollback).
        var defaultVersion = versions > 1 && random.NextDouble() < 0.05 ? versions - 1 : versions;
        return new ManagedPolicy
        {
            Arn = $"arn:aws:iam::{AccountId}:policy{path}{name}",
            Name = name,
            Path = path,
            UniqueId = Id("ANPA", index),
            CreateDate = created,
            UpdateDate = created.AddDays(defaultVersion * 7),
            DefaultVersionId = VersionId(defaultVersion),
            Versions = [.. list.Select(v => v with { IsDefaultVersion = v.VersionId == VersionId(defaultVersion) })],
            Description = random.NextDouble() < 0.2 ? $"Access for {name}" : null,
            Tags = random.NextDouble() < 0.1 ? [new Tag("owner", $"team-{random.Next(12)}")] : [],
        };
    }

    internal static ManagedPolicy NewDefaultVersion(Random random, ManagedPolicy policy, DateTimeOffset at)
    {
        // IAM keeps at most five versions: the oldest non-default one goes first.
        var versions = policy.Versions.ToList();
        if (versions.Count >= 5)
        {
            versions.Remove(versions.First(v => !v.IsDefaultVersion));
        }

        var last = policy.Versions.Select(v => int.Parse(v.VersionId.AsSpan(1), CultureInfo.InvariantCulture)).Max();
        var next = VersionId(last + 1);
        var text = Edit(random, policy.DefaultVersion!.Document.OriginalText);
        versions = [.. versions.Select(v => v with { IsDefaultVersion = false }), new PolicyVersion(next, true, at, PolicyDocument.Parse(text))];
        return policy with { DefaultVersionId = next, Versions = [.. versions], UpdateDate = at };
    }

    internal static string Id(string prefix, int index) => prefix + "SYNTH" + index.ToString("D12", CultureInfo.InvariantCulture);

    internal static IamGroup Group(Random random, int index, PolicyPool pool)
    {
        var name = $"group-{index:D4}";
        return new IamGroup
        {
            Arn = $"arn:aws:iam::{AccountId}:group/{name}",
            Name = name,
            UniqueId = Id("AGPA", index),
            CreateDate = CapturedAt.AddDays(-random.Next(100, 2500)),
            AttachedPolicies = pool.Attachments(random, random.Next(1, 4), awsShare: 0.25),
            InlinePolicies = random.NextDouble() < 0.3 ? [new InlinePolicy("inline", PolicyDocument.Parse(Permissions(random)))] : [],
        };
    }

    internal static IamUser User(Random random, int index, PolicyPool pool, IReadOnlyList<IamGroup> groups, ZipfPicker groupPicker)
    {
        var name = $"user-{index:D5}";
        var person = random.NextDouble() < 0.75;
        var path = person ? "/people/" : "/service/";
        var groupCount = groups.Count == 0 ? 0 : person ? random.Next(1, 5) : random.Next(0, 2);
        var groupNames = Enumerable.Range(0, groupCount).Select(_ => groups[groupPicker.Next(random)].Name).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        var tags = random.NextDouble() < 0.7
            ? random.NextDouble() < 0.4 ? [new Tag("cost-center", $"cc-{random.Next(40)}"), new Tag("team", $"team-{random.Next(12)}")] : ImmutableArray.Create(new Tag("team", $"team-{random.Next(12)}"))
            : [];
        return new IamUser
        {
            Arn = $"arn:aws:iam::{AccountId}:user{path}{name}",
            Name = name,
            Path = path,
            UniqueId = Id("AIDA", index),
            CreateDate = CapturedAt.AddDays(-random.Next(1, 2000)),
            GroupNames = groupNames,
            AttachedPolicies = pool.Attachments(random, person ? (random.NextDouble() < 0.7 ? 0 : random.Next(1, 3)) : random.Next(1, 4), awsShare: 0.1),
            InlinePolicies = random.NextDouble() < 0.15 ? [new InlinePolicy("inline", PolicyDocument.Parse(Permissions(random)))] : [],
            PermissionsBoundary = random.NextDouble() < 0.05 ? new PermissionsBoundary(pool.Boundary(random)) : null,
            Tags = tags,
        };
    }

    internal static IamRole Role(Random random, int index, PolicyPool pool, List<InstanceProfile> profiles)
    {
        var kind = DrawTrustKind(random);
        var trust = Trust(random, kind, out var service);
        var (name, path) = kind switch
        {
            TrustKind.ServiceLinked => ($"AWSServiceRoleFor{char.ToUpperInvariant(service![0])}{service[1..service.IndexOf('.', StringComparison.Ordinal)]}_{index:D5}", $"/aws-service-role/{service}/"),
            TrustKind.IdentityCenter => ($"AWSReservedSSO_PermissionSet{index:D5}_{index * 2654435761L % 0xFFFFFFFFL:x8}", "/aws-reserved/sso.amazonaws.com/"),
            TrustKind.Service when random.NextDouble() < 0.3 => ($"role-{index:D5}", "/service-role/"),
            _ => ($"role-{index:D5}", "/"),
        };
        var arn = $"arn:aws:iam::{AccountId}:role{path}{name}";
        var profileArns = ImmutableArray<string>.Empty;
        if (service == "ec2.amazonaws.com" && kind == TrustKind.Service)
        {
            var profile = new InstanceProfile
            {
                Arn = $"arn:aws:iam::{AccountId}:instance-profile/{name}",
                Name = name,
                UniqueId = Id("AIPA", index),
                CreateDate = CapturedAt.AddDays(-random.Next(1, 1500)),
                RoleArns = [arn],
            };
            profiles.Add(profile);
            profileArns = [profile.Arn];
        }

        var owned = kind is TrustKind.ServiceLinked or TrustKind.IdentityCenter;
        return new IamRole
        {
            Arn = arn,
            Name = name,
            Path = path,
            UniqueId = Id("AROA", index),
            CreateDate = CapturedAt.AddDays(-random.Next(1, 2000)),
            AssumeRolePolicy = PolicyDocument.Parse(trust),
            AttachedPolicies = owned ? [] : pool.Attachments(random, random.Next(1, 5), awsShare: 0.15),
            InlinePolicies = random.NextDouble() < 0.4 ? [new InlinePolicy(owned ? "AwsManagedInline" : "inline", PolicyDocument.Parse(Permissions(random)))] : [],
            PermissionsBoundary = !owned && random.NextDouble() < 0.1 ? new PermissionsBoundary(pool.Boundary(random)) : null,
            InstanceProfileArns = profileArns,
            Description = random.NextDouble() < 0.3 ? $"Role {index} ({kind})" : null,
            MaxSessionDuration = random.NextDouble() < 0.8 ? 3600 : 43200,
            Tags = !owned && random.NextDouble() < 0.5 ? [new Tag("team", $"team-{random.Next(12)}")] : [],
            LastUsed = random.NextDouble() < 0.7 ? new RoleLastUsed(CapturedAt.AddDays(-random.Next(0, 400)).AddMinutes(-random.Next(1440)), Regions[random.Next(Regions.Length)]) : new RoleLastUsed(null, null),
        };
    }

    internal static CredentialReport Credentials(Random random, IReadOnlyList<IamUser> users, DateTimeOffset captured, CredentialReport? previous)
    {
        var entries = new List<CredentialReportEntry>(users.Count + 1)
        {
            previous?.Root ?? new CredentialReportEntry
            {
                UserName = CredentialReportEntry.RootUserName,
                Arn = $"arn:aws:iam::{AccountId}:root",
                UserCreationTime = CredentialDate.At(new DateTimeOffset(2019, 4, 1, 9, 0, 0, TimeSpan.Zero)),
                Password = new PasswordCredential { Status = PasswordStatus.NotSupported, LastUsed = CredentialDate.At(captured.AddDays(-200)), LastChanged = CredentialDate.NotSupported, NextRotation = CredentialDate.NotSupported },
                MfaActive = true,
            },
        };

        foreach (var user in users)
        {
            // A user that already had a row keeps it (a pair differs only where the generator changed something).
            if (previous?.FindUser(user.Arn) is { } kept)
            {
                entries.Add(kept);
                continue;
            }

            var person = user.Path == "/people/";
            var created = CredentialDate.At(user.CreateDate ?? captured);
            var keyActive = !person || random.NextDouble() < 0.2;
            var rotated = captured.AddDays(-random.Next(1, 800));
            entries.Add(new CredentialReportEntry
            {
                UserName = user.Name,
                Arn = user.Arn,
                UserCreationTime = created,
                Password = person
                    ? new PasswordCredential { Status = PasswordStatus.Enabled, LastUsed = random.NextDouble() < 0.9 ? CredentialDate.At(captured.AddDays(-random.Next(0, 200))) : CredentialDate.NoInformation, LastChanged = CredentialDate.At(captured.AddDays(-random.Next(1, 400))), NextRotation = CredentialDate.NotApplicable }
                    : new PasswordCredential { Status = PasswordStatus.Disabled },
                MfaActive = person && random.NextDouble() < 0.92,
                AccessKey1 = keyActive
                    ? new AccessKeyCredential { Active = true, LastRotated = CredentialDate.At(rotated), LastUsed = random.NextDouble() < 0.85 ? CredentialDate.At(captured.AddDays(-random.Next(0, 120))) : CredentialDate.NotApplicable, LastUsedRegion = Regions[random.Next(Regions.Length)], LastUsedService = "s3" }
                    : new AccessKeyCredential(),
            });
        }

        return new CredentialReport(entries, captured.AddHours(-1));
    }

    private static ManagedPolicy BoundaryPolicy(Random random, int index)
    {
        var name = $"boundary-{index:D3}";
        var created = CapturedAt.AddDays(-random.Next(300, 2000));
        return new ManagedPolicy
        {
            Arn = $"arn:aws:iam::{AccountId}:policy{BoundaryPath}{name}",
            Name = name,
            Path = BoundaryPath,
            UniqueId = Id("ANPB", index),
            CreateDate = created,
            UpdateDate = created,
            DefaultVersionId = "v1",
            Versions = [new PolicyVersion("v1", true, created, PolicyDocument.Parse(PolicyText.Boundary(random)))],
        };
    }

    private static ManagedPolicy AwsPolicy(Random random, int index, string name, string path, string statement)
    {
        var created = new DateTimeOffset(2015, 2, 6, 18, 40, 0, TimeSpan.Zero);
        var versions = random.Next(1, 4);
        return new ManagedPolicy
        {
            Arn = $"arn:aws:iam::aws:policy{path}{name}",
            Name = name,
            Path = path,
            UniqueId = Id("ANPAAWS", index),
            CreateDate = created,
            UpdateDate = created.AddDays(versions * 300),
            DefaultVersionId = VersionId(versions),
            Versions = [.. Enumerable.Range(1, versions).Select(v => new PolicyVersion(VersionId(v), v == versions, created.AddDays(v * 300), PolicyDocument.Parse(Prefix + statement + "]}")))],
        };
    }

    private static string VersionId(int number) => "v" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Chooses policies to attach: mostly customer policies, a share of AWS-managed ones.</summary>
    internal sealed class PolicyPool(IEnumerable<ManagedPolicy> policies)
    {
        private readonly ManagedPolicy[] _customer = policies.Where(p => !p.IsAwsManaged && p.Path != BoundaryPath).ToArray();
        private readonly ManagedPolicy[] _aws = policies.Where(p => p.IsAwsManaged).OrderBy(p => p.Name != "AdministratorAccess").ToArray();
        private readonly ManagedPolicy[] _boundaries = policies.Where(p => p.Path == BoundaryPath).ToArray();

        public ImmutableArray<PolicyAttachment> Attachments(Random random, int count, double awsShare)
        {
            var result = new SortedDictionary<string, PolicyAttachment>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var p = Pick(random, awsShare);
                result[p.Arn] = new PolicyAttachment(p.Arn, p.Name);
            }

            return [.. result.Values];
        }

        public ManagedPolicy Pick(Random random, double awsShare)
        {
            if (random.NextDouble() >= awsShare && _customer.Length > 0)
            {
                return _customer[random.Next(_customer.Length)];
            }

            // AdministratorAccess (listed first) is rarer than the read-only and service policies.
            return random.NextDouble() < 0.05 ? _aws[0] : _aws[1 + random.Next(_aws.Length - 1)];
        }

        public ManagedPolicy Customer(Random random) => _customer[random.Next(_customer.Length)];

        public string Boundary(Random random) => _boundaries[random.Next(_boundaries.Length)].Arn;
    }

    /// <summary>Draws indexes 0..n-1 with probability proportional to 1/(i+1): a few large groups, many small ones.</summary>
    internal sealed class ZipfPicker
    {
        private readonly double[] _cumulative;

        public ZipfPicker(int count)
        {
            _cumulative = new double[Math.Max(count, 1)];
            var sum = 0.0;
            for (var i = 0; i < count; i++)
            {
                sum += 1.0 / (i + 1);
                _cumulative[i] = sum;
            }

            for (var i = 0; i < count; i++)
            {
                _cumulative[i] /= sum;
            }
        }

        public int Next(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
        }
    }
}
