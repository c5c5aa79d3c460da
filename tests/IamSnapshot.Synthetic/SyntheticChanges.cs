using System.Collections.Immutable;
using System.Globalization;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using static IamSnapshot.Synthetic.PolicyText;

namespace IamSnapshot.Synthetic;

/// <summary>Two snapshots of one synthetic account, the second changed in a given fraction of entities.</summary>
/// <param name="Size">The account size.</param>
/// <param name="Fraction">The fraction of entities changed (0.001 = 0.1%).</param>
/// <param name="Before">The earlier snapshot.</param>
/// <param name="After">The later snapshot, one day later.</param>
/// <param name="Changes">How many entities each kind of change touched, by kind.</param>
public sealed record SyntheticPair(SyntheticAccountSize Size, double Fraction, AccountSnapshot Before, AccountSnapshot After, ImmutableSortedDictionary<string, int> Changes)
{
    /// <summary>How many entities the changes touched.</summary>
    public int ChangedEntities => Changes.Values.Sum();

    /// <summary>The fraction as a label: 0.1%, 1%, 10%.</summary>
    public string FractionLabel => SyntheticChanges.Label(Fraction);
}

/// <summary>
/// Changes a fraction of a snapshot's entities the way real accounts change between two captures. Each change
/// touches one entity that no other change touched, so the number of changed entities is the fraction of the
/// entity count (users, roles, customer policies and groups). The mix: policy edits (a new default version),
/// group memberships, attached policies, trust policies, inline policies, boundaries, tags, and added and removed
/// users, roles and policies.
/// </summary>
public static class SyntheticChanges
{
    /// <summary>The kinds of change and their share of all changes.</summary>
    public static IReadOnlyList<(string Kind, double Share)> Mix { get; } =
    [
        ("policy-edit", 0.22),
        ("membership", 0.15),
        ("attachment", 0.15),
        ("trust", 0.10),
        ("inline", 0.10),
        ("boundary", 0.04),
        ("tags", 0.04),
        ("added", 0.10),
        ("removed", 0.10),
    ];

    /// <summary>The fraction as a label: 0.1%, 1%, 10%.</summary>
    /// <param name="fraction">The fraction.</param>
    /// <returns>The label.</returns>
    public static string Label(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    /// <summary>Applies changes to <paramref name="before"/>.</summary>
    /// <param name="before">A synthetic snapshot.</param>
    /// <param name="size">Its size (for labels).</param>
    /// <param name="fraction">The fraction of entities to change.</param>
    /// <param name="seed">The seed of the changes.</param>
    /// <returns>The pair.</returns>
    public static SyntheticPair Apply(AccountSnapshot before, SyntheticAccountSize size, double fraction, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(size);
        return new State(before, new Random(unchecked((seed * 1_000_003) + (int)Math.Round(fraction * 1_000_000)))).Run(size, fraction);
    }

    private sealed class State(AccountSnapshot snapshot, Random random)
    {
        private readonly Dictionary<string, IamUser> _users = snapshot.Users.ToDictionary(u => u.Arn, StringComparer.Ordinal);
        private readonly Dictionary<string, IamRole> _roles = snapshot.Roles.ToDictionary(r => r.Arn, StringComparer.Ordinal);
        private readonly Dictionary<string, IamGroup> _groups = snapshot.Groups.ToDictionary(g => g.Arn, StringComparer.Ordinal);
        private readonly Dictionary<string, ManagedPolicy> _policies = snapshot.Policies.ToDictionary(p => p.Arn, StringComparer.Ordinal);
        private readonly Dictionary<string, InstanceProfile> _profiles = snapshot.InstanceProfiles.ToDictionary(p => p.Arn, StringComparer.Ordinal);
        private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
        private readonly HashSet<string> _attached = snapshot.Policies.Where(p => p.AttachmentCount is > 0).Select(p => p.Arn).ToHashSet(StringComparer.Ordinal);
        private readonly SyntheticAccount.PolicyPool _pool = new(snapshot.Policies);
        private readonly SyntheticAccount.ZipfPicker _groupPicker = new(snapshot.Groups.Length);
        private readonly DateTimeOffset _at = (snapshot.Metadata.CapturedAt ?? SyntheticAccount.CapturedAt).AddDays(1);
        private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);
        private int _nextIndex = 100_000;

        public SyntheticPair Run(SyntheticAccountSize size, double fraction)
        {
            var entities = _users.Count + _roles.Count + _groups.Count + _policies.Values.Count(p => !p.IsAwsManaged);
            var target = Math.Max(1, (int)Math.Round(entities * fraction));
            var done = 0;
            for (var attempt = 0; done < target && attempt < target * 20; attempt++)
            {
                var kind = DrawKind();
                if (Change(kind))
                {
                    _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
                    done++;
                }
            }

            var metadata = snapshot.Metadata with { CapturedAt = _at };
            var groups = _groups.Values.ToList();
            var after = SyntheticAccount.Assemble(metadata, _users.Values, groups, _roles.Values, _policies.Values, _profiles.Values, random, snapshot.CredentialReport);
            return new SyntheticPair(size, fraction, snapshot, after, _counts.ToImmutableSortedDictionary(StringComparer.Ordinal));
        }

        private string DrawKind()
        {
            var roll = random.NextDouble();
            foreach (var (kind, share) in Mix)
            {
                if (roll < share)
                {
                    return kind;
                }

                roll -= share;
            }

            return Mix[^1].Kind;
        }

        private bool Change(string kind)
        {
            switch (kind)
            {
                case "policy-edit":
                    return Take(_policies, p => !p.IsAwsManaged && p.Path != SyntheticAccount.BoundaryPath, p => SyntheticAccount.NewDefaultVersion(random, p, _at));
                case "membership":
                    return Take(_users, u => u.Path == "/people/", u =>
                    {
                        if (u.GroupNames.Length > 0 && random.NextDouble() < 0.4)
                        {
                            return u with { GroupNames = u.GroupNames.RemoveAt(random.Next(u.GroupNames.Length)) };
                        }

                        var group = snapshot.Groups[_groupPicker.Next(random)].Name;
                        return u.GroupNames.Contains(group) ? null : u with { GroupNames = [.. u.GroupNames.Add(group).Order(StringComparer.Ordinal)] };
                    });
                case "attachment":
                    return Holder(h => Attachments(h));
                case "trust":
                    return Take(_roles, r => !Owned(r), r =>
                    {
                        var trust = PolicyDocument.Parse(Trust(random, random.Next(3) switch { 0 => TrustKind.SameAccount, 1 => TrustKind.CrossAccount, _ => TrustKind.GitHubOidc }, out _));

                        // Drawing the same trust again would be no change at all.
                        return trust.Equals(r.AssumeRolePolicy) ? null : r with { AssumeRolePolicy = trust };
                    });
                case "inline":
                    return Holder(h =>
                    {
                        var inline = h.InlinePolicies;
                        if (!inline.IsEmpty && random.NextDouble() < 0.3)
                        {
                            return h with { InlinePolicies = inline.RemoveAt(0) };
                        }

                        if (!inline.IsEmpty)
                        {
                            var edited = new InlinePolicy(inline[0].Name, PolicyDocument.Parse(Edit(random, inline[0].Document.OriginalText)));
                            return edited.Document.Equals(inline[0].Document) ? null : h with { InlinePolicies = inline.SetItem(0, edited) };
                        }

                        return h with { InlinePolicies = [new InlinePolicy("inline-added", PolicyDocument.Parse(Permissions(random)))] };
                    });
                case "boundary":
                    return random.NextDouble() < 0.5
                        ? Take(_users, _ => true, u => u with { PermissionsBoundary = u.PermissionsBoundary is null ? new PermissionsBoundary(_pool.Boundary(random)) : null })
                        : Take(_roles, r => !Owned(r), r => r with { PermissionsBoundary = r.PermissionsBoundary is null ? new PermissionsBoundary(_pool.Boundary(random)) : null });
                case "tags":
                    var tag = new Tag("team", $"team-{random.Next(12, 20)}");
                    return random.NextDouble() < 0.5
                        ? Take(_users, _ => true, u => u with { Tags = [.. u.Tags.Where(t => t.Key != "team").Append(tag).OrderBy(t => t.Key, StringComparer.Ordinal)] })
                        : Take(_roles, r => !Owned(r), r => r with { Tags = [.. r.Tags.Where(t => t.Key != "team").Append(tag).OrderBy(t => t.Key, StringComparer.Ordinal)] });
                case "added":
                    return Add();
                default:
                    return Remove();
            }
        }

        private bool Add()
        {
            var index = _nextIndex++;
            var roll = random.NextDouble();
            if (roll < 0.5)
            {
                var groups = snapshot.Groups;
                var user = SyntheticAccount.User(random, index, _pool, groups, _groupPicker) with { CreateDate = _at.AddHours(-random.Next(1, 20)) };
                return Added(_users, user);
            }

            if (roll < 0.8)
            {
                var profiles = new List<InstanceProfile>();
                var role = SyntheticAccount.Role(random, index, _pool, profiles) with { CreateDate = _at.AddHours(-random.Next(1, 20)) };
                foreach (var profile in profiles)
                {
                    _profiles[profile.Arn] = profile;
                }

                return Added(_roles, role);
            }

            var policy = SyntheticAccount.CustomerPolicy(random, index);
            return Added(_policies, policy);
        }

        private bool Remove()
        {
            var roll = random.NextDouble();
            if (roll < 0.45)
            {
                return Removed(_users, _ => true);
            }

            if (roll < 0.9)
            {
                var removed = PickUntouched(_roles, r => !Owned(r));
                if (removed is null)
                {
                    return false;
                }

                _roles.Remove(removed.Arn);
                _touched.Add(removed.Arn);
                foreach (var profile in removed.InstanceProfileArns)
                {
                    _profiles.Remove(profile);
                }

                return true;
            }

            // IAM refuses to delete an attached policy: only unattached ones go.
            return Removed(_policies, p => !p.IsAwsManaged && p.Path != SyntheticAccount.BoundaryPath && !_attached.Contains(p.Arn));
        }

        private bool Holder(Func<IamPolicyHolder, IamPolicyHolder?> change)
        {
            var roll = random.NextDouble();
            return roll switch
            {
                < 0.4 => Take(_users, _ => true, u => (IamUser?)change(u)),
                < 0.85 => Take(_roles, r => !Owned(r), r => (IamRole?)change(r)),
                _ => Take(_groups, _ => true, g => (IamGroup?)change(g)),
            };
        }

        private IamPolicyHolder? Attachments(IamPolicyHolder holder)
        {
            if (!holder.AttachedPolicies.IsEmpty && random.NextDouble() < 0.3)
            {
                return holder with { AttachedPolicies = holder.AttachedPolicies.RemoveAt(random.Next(holder.AttachedPolicies.Length)) };
            }

            var policy = _pool.Pick(random, 0.15);
            if (holder.AttachedPolicies.Any(a => a.PolicyArn == policy.Arn) || !_policies.ContainsKey(policy.Arn))
            {
                return null;
            }

            _attached.Add(policy.Arn);
            return holder with { AttachedPolicies = [.. holder.AttachedPolicies.Add(new PolicyAttachment(policy.Arn, policy.Name)).OrderBy(a => a.PolicyArn, StringComparer.Ordinal)] };
        }

        private bool Take<T>(Dictionary<string, T> entities, Func<T, bool> eligible, Func<T, T?> change)
            where T : IamEntity
        {
            var entity = PickUntouched(entities, eligible);
            if (entity is null || change(entity) is not { } changed)
            {
                return false;
            }

            entities[entity.Arn] = changed;
            _touched.Add(entity.Arn);
            return true;
        }

        private bool Added<T>(Dictionary<string, T> entities, T entity)
            where T : IamEntity
        {
            if (!entities.TryAdd(entity.Arn, entity))
            {
                return false;
            }

            _touched.Add(entity.Arn);
            return true;
        }

        private bool Removed<T>(Dictionary<string, T> entities, Func<T, bool> eligible)
            where T : IamEntity
        {
            var entity = PickUntouched(entities, eligible);
            if (entity is null)
            {
                return false;
            }

            entities.Remove(entity.Arn);
            _touched.Add(entity.Arn);
            return true;
        }

        private T? PickUntouched<T>(Dictionary<string, T> entities, Func<T, bool> eligible)
            where T : IamEntity
        {
            if (entities.Count == 0)
            {
                return null;
            }

            // Random probes over the original order keep the choice deterministic and cheap.
            var keys = KeysOf(entities);
            for (var probe = 0; probe < 50; probe++)
            {
                var arn = keys[random.Next(keys.Count)];
                if (!_touched.Contains(arn) && entities.TryGetValue(arn, out var entity) && eligible(entity))
                {
                    return entity;
                }
            }

            return null;
        }

        private readonly Dictionary<object, List<string>> _keys = [];

        private List<string> KeysOf<T>(Dictionary<string, T> entities)
        {
            if (!_keys.TryGetValue(entities, out var keys))
            {
                keys = entities.Keys.Order(StringComparer.Ordinal).ToList();
                _keys[entities] = keys;
            }

            return keys;
        }

        private static bool Owned(IamRole role) => role.IsServiceLinked || role.IsIdentityCenterRole;
    }
}
