using System.Collections.Frozen;
using System.Collections.Immutable;

namespace IamSnapshot.Model;

/// <summary>
/// The whole IAM configuration of one account at one time. Entities are sorted by ARN (ordinal).
/// Immutable and thread-safe; lookups by ARN and name are indexed once, on first use.
/// </summary>
public sealed class AccountSnapshot
{
    private readonly Lazy<Indexes> _indexes;

    /// <summary>Creates a snapshot; entity lists are sorted by ARN here.</summary>
    /// <param name="metadata">The snapshot metadata.</param>
    /// <param name="users">The users.</param>
    /// <param name="groups">The groups.</param>
    /// <param name="roles">The roles.</param>
    /// <param name="policies">The managed policies.</param>
    /// <param name="instanceProfiles">The instance profiles.</param>
    public AccountSnapshot(
        SnapshotMetadata metadata,
        IEnumerable<IamUser> users,
        IEnumerable<IamGroup> groups,
        IEnumerable<IamRole> roles,
        IEnumerable<ManagedPolicy> policies,
        IEnumerable<InstanceProfile> instanceProfiles)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata = metadata;
        Users = SortByArn(users);
        Groups = SortByArn(groups);
        Roles = SortByArn(roles);
        Policies = SortByArn(policies);
        InstanceProfiles = SortByArn(instanceProfiles);
        _indexes = new Lazy<Indexes>(() => new Indexes(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The snapshot metadata.</summary>
    public SnapshotMetadata Metadata { get; }

    /// <summary>Users, sorted by ARN.</summary>
    public ImmutableArray<IamUser> Users { get; }

    /// <summary>Groups, sorted by ARN.</summary>
    public ImmutableArray<IamGroup> Groups { get; }

    /// <summary>Roles, sorted by ARN.</summary>
    public ImmutableArray<IamRole> Roles { get; }

    /// <summary>Managed policies (customer and AWS), sorted by ARN.</summary>
    public ImmutableArray<ManagedPolicy> Policies { get; }

    /// <summary>Instance profiles, sorted by ARN.</summary>
    public ImmutableArray<InstanceProfile> InstanceProfiles { get; }

    /// <summary>The credential report, or null when the source did not provide one.</summary>
    public CredentialReport? CredentialReport { get; init; }

    /// <summary>
    /// The password policy: <see cref="Model.PasswordPolicy.NotSet"/> when the account has none, null when the source did
    /// not say (absent or unknown).
    /// </summary>
    public PasswordPolicy? PasswordPolicy { get; init; }

    /// <summary>The account summary counters, or null when the source did not provide them.</summary>
    public AccountSummary? AccountSummary { get; init; }

    /// <summary>The account aliases, sorted (empty when the account has none), or null when the source did not provide them.</summary>
    public ImmutableArray<string>? AccountAliases { get; init; }

    /// <summary>The OpenID Connect identity providers, sorted by ARN, or null when the source did not provide them.</summary>
    public ImmutableArray<OpenIdConnectProvider>? OpenIdConnectProviders { get; init; }

    /// <summary>The SAML identity providers, sorted by ARN, or null when the source did not provide them.</summary>
    public ImmutableArray<SamlProvider>? SamlProviders { get; init; }

    /// <summary>The virtual MFA devices, sorted by serial number, or null when the source did not provide them.</summary>
    public ImmutableArray<VirtualMfaDevice>? VirtualMfaDevices { get; init; }

    /// <summary>
    /// The access-key metadata of every user, sorted by user name then key id (ordinal), or null when the source did
    /// not provide it. Users without keys have no entry.
    /// </summary>
    public ImmutableArray<AccessKeyMetadata>? AccessKeys { get; init; }

    /// <summary>The server certificates stored in IAM, sorted by ARN, or null when the source did not provide them.</summary>
    public ImmutableArray<ServerCertificate>? ServerCertificates { get; init; }

    /// <summary>Every entity, in a fixed order (users, groups, roles, policies, instance profiles).</summary>
    public IEnumerable<IamEntity> Entities =>
        Users.Cast<IamEntity>().Concat(Groups).Concat(Roles).Concat(Policies).Concat(InstanceProfiles);

    /// <summary>Finds a managed policy by ARN.</summary>
    /// <param name="arn">The policy ARN.</param>
    /// <returns>The policy, or null when the snapshot does not hold it.</returns>
    public ManagedPolicy? FindPolicy(string arn) => _indexes.Value.Policies.GetValueOrDefault(arn);

    /// <summary>Finds a group by name.</summary>
    /// <param name="name">The group name.</param>
    /// <returns>The group, or null.</returns>
    public IamGroup? FindGroupByName(string name) => _indexes.Value.GroupsByName.GetValueOrDefault(name);

    /// <summary>Finds any entity by ARN.</summary>
    /// <param name="arn">The ARN.</param>
    /// <returns>The entity, or null.</returns>
    public IamEntity? FindEntity(string arn) => _indexes.Value.Entities.GetValueOrDefault(arn);

    /// <summary>The access keys of the named user, sorted by key id.</summary>
    /// <param name="userName">The user name (ordinal).</param>
    /// <returns>The keys; empty when the user has none or when <see cref="AccessKeys"/> is null (check it to tell the two apart).</returns>
    public ImmutableArray<AccessKeyMetadata> AccessKeysOf(string userName) =>
        _indexes.Value.AccessKeys.TryGetValue(userName, out var keys) ? keys : [];

    /// <summary>The users that belong to the named group.</summary>
    /// <param name="groupName">The group name.</param>
    /// <returns>The members, sorted by ARN.</returns>
    public ImmutableArray<IamUser> MembersOf(string groupName) =>
        _indexes.Value.Members.TryGetValue(groupName, out var members) ? members : [];

    private static ImmutableArray<T> SortByArn<T>(IEnumerable<T> items)
        where T : IamEntity
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.OrderBy(e => e.Arn, StringComparer.Ordinal).ToImmutableArray();
    }

    private sealed class Indexes
    {
        public Indexes(AccountSnapshot snapshot)
        {
            Policies = Distinct(snapshot.Policies).ToFrozenDictionary(StringComparer.Ordinal);
            GroupsByName = snapshot.Groups.GroupBy(g => g.Name, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            Entities = snapshot.Entities.GroupBy(e => e.Arn, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            Members = snapshot.Users
                .SelectMany(u => u.GroupNames.Select(g => (Group: g, User: u)))
                .GroupBy(x => x.Group, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.User).ToImmutableArray(), StringComparer.Ordinal);
            AccessKeys = (snapshot.AccessKeys ?? [])
                .GroupBy(k => k.UserName, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.OrderBy(k => k.AccessKeyId, StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal);
        }

        public FrozenDictionary<string, ManagedPolicy> Policies { get; }

        public FrozenDictionary<string, IamGroup> GroupsByName { get; }

        public FrozenDictionary<string, IamEntity> Entities { get; }

        public FrozenDictionary<string, ImmutableArray<IamUser>> Members { get; }

        public FrozenDictionary<string, ImmutableArray<AccessKeyMetadata>> AccessKeys { get; }

        private static IEnumerable<KeyValuePair<string, ManagedPolicy>> Distinct(IEnumerable<ManagedPolicy> policies) =>
            policies.GroupBy(p => p.Arn, StringComparer.Ordinal).Select(g => new KeyValuePair<string, ManagedPolicy>(g.Key, g.First()));
    }
}
