using System.Text;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Sources;
using IamSnapshot.Synthetic;

namespace IamSnapshot.Tests.Synthetic;

/// <summary>The synthetic-account generator the benchmarks and the live-capture fake share.</summary>
public sealed class SyntheticAccountTests
{
    [Fact]
    public void Create_SameSizeAndSeed_GivesTheSameSavedBytes()
    {
        var first = SnapshotFile.ToBytes(SyntheticAccount.Create(SyntheticAccountSize.Small));
        var second = SnapshotFile.ToBytes(SyntheticAccount.Create(SyntheticAccountSize.Small));
        var other = SnapshotFile.ToBytes(SyntheticAccount.Create(SyntheticAccountSize.Small, seed: 1));

        first.Should().Equal(second);
        first.Should().NotEqual(other);
    }

    [Fact]
    public void Create_Medium_HasTheShapeOfARealAccount()
    {
        var snapshot = SyntheticAccount.Create(SyntheticAccountSize.Medium);

        snapshot.Users.Should().HaveCount(1_000);
        snapshot.Roles.Should().HaveCount(1_000);
        snapshot.Groups.Should().HaveCount(50);
        snapshot.Policies.Count(p => !p.IsAwsManaged).Should().Be(1_000);
        snapshot.Policies.Should().Contain(p => p.IsAwsManaged && p.Name == "AdministratorAccess");
        snapshot.Policies.Where(p => !p.IsAwsManaged).Select(p => p.Versions.Length).Distinct().Order().Should().Equal(1, 2, 3, 4, 5);
        snapshot.Policies.Should().OnlyContain(p => p.DefaultVersion != null);

        // Group fan-out falls off like a power law: the largest group holds far more users than the median one.
        var sizes = snapshot.Groups.Select(g => snapshot.MembersOf(g.Name).Length).Order().ToList();
        sizes[^1].Should().BeGreaterThan(10 * Math.Max(1, sizes[sizes.Count / 2]));

        // The trust mix of a real account.
        var principals = snapshot.Roles.SelectMany(r => r.AssumeRolePolicy.Statements).Where(s => s.Principal is not null)
            .SelectMany(s => s.Principal!.Entries.Keys).ToHashSet();
        principals.Should().Contain(["Service", "AWS", "Federated"]);
        snapshot.Roles.Should().Contain(r => r.IsServiceLinked).And.Contain(r => r.IsIdentityCenterRole);
        snapshot.Roles.Should().Contain(r => r.AssumeRolePolicy.Statements.Any(s => s.Conditions.Any(c => c.Key == "sts:ExternalId")));
        snapshot.InstanceProfiles.Should().NotBeEmpty();
        snapshot.CredentialReport!.Users.Should().HaveCount(1_000);
        snapshot.Metadata.Has(SnapshotParts.CredentialReport | SnapshotParts.PasswordPolicy | SnapshotParts.AccountSummary).Should().BeTrue();
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.01)]
    [InlineData(0.1)]
    public void Apply_Fraction_ChangesThatShareOfTheEntities(double fraction)
    {
        var size = SyntheticAccountSize.Medium;
        var before = SyntheticAccount.Create(size);

        var pair = SyntheticChanges.Apply(before, size, fraction);

        var expected = (int)Math.Round(size.Entities * fraction);
        pair.ChangedEntities.Should().Be(expected);
        var diff = SnapshotDiffer.Compare(pair.Before, pair.After);
        diff.Changes.Count(c => c.EntityType != EntityKind.InstanceProfile).Should().Be(expected);
        if (fraction >= 0.1)
        {
            pair.Changes.Keys.Should().BeEquivalentTo(SyntheticChanges.Mix.Select(m => m.Kind));
            diff.Changes.Select(c => c.Kind).Distinct().Should().Contain([ChangeKind.Added, ChangeKind.Removed, ChangeKind.Modified]);
        }
    }

    [Fact]
    public void AuthorizationDetailsJson_LoadedBack_HasTheSameAuthorizationDetails()
    {
        var snapshot = SyntheticAccount.Create(SyntheticAccountSize.Small);

        var json = SyntheticAccount.AuthorizationDetailsJson(snapshot);
        var loaded = SnapshotFile.Load(Encoding.UTF8.GetBytes(json), "synthetic.json");

        var expected = new AccountSnapshot(loaded.Metadata, snapshot.Users, snapshot.Groups, snapshot.Roles, snapshot.Policies, snapshot.InstanceProfiles);
        SnapshotFile.ToBytes(loaded).Should().Equal(SnapshotFile.ToBytes(expected));
        loaded.Users.Should().HaveCount(100);
    }

    [Fact]
    public async Task EnsureAsync_WritesLoadablePairsOnceAndReusesThem()
    {
        var directory = Path.Combine(Path.GetTempPath(), "iamsnapshot-synthetic-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var set = await SyntheticFiles.EnsureAsync(SyntheticAccountSize.Small, directory);
            var written = File.GetLastWriteTimeUtc(set.Before);
            var again = await SyntheticFiles.EnsureAsync(SyntheticAccountSize.Small, directory);

            again.Should().BeEquivalentTo(set);
            File.GetLastWriteTimeUtc(set.Before).Should().Be(written);
            set.After.Keys.Should().Equal(0.001, 0.01, 0.1);
            var before = await SnapshotFile.LoadAsync(set.Before);
            var after = await SnapshotFile.LoadAsync(set.After[0.1]);
            SnapshotDiffer.Compare(before, after).Changes.Count(c => c.EntityType != EntityKind.InstanceProfile).Should().Be(set.Changes[0.1].Values.Sum()).And.Be(31);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
