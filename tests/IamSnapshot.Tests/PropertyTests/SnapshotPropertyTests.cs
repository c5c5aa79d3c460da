using CsCheck;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.Tests.PropertyTests;

/// <summary>
/// Properties of loading, saving, diffing and rule fingerprints over generated accounts (see <see cref="AccountGen"/>).
/// A failure prints the CsCheck seed that reproduces it (set <c>CsCheck_Seed</c> to replay).
/// </summary>
public class SnapshotPropertyTests
{
    private const int Iterations = 100;

    [Fact]
    public void SaveThenLoad_GeneratedSnapshot_GivesIdenticalBytesAndEqualModel()
    {
        AccountGen.Account.Sample(spec =>
        {
            var snapshot = AccountRenderer.Load(spec);
            var bytes = SnapshotFile.ToBytes(snapshot);

            var reloaded = SnapshotFile.Load(bytes, "saved.json");

            SnapshotFile.ToBytes(reloaded).Should().Equal(bytes, "writing a loaded snapshot gives the bytes it was loaded from");
            ModelComparer.FirstDifference(snapshot, reloaded).Should().BeNull("the loaded model equals the saved one, member by member");
            SnapshotDiffer.Compare(snapshot, reloaded).Changes.Should().BeEmpty();
        }, iter: Iterations);
    }

    [Fact]
    public void Compare_SnapshotWithItself_IsEmpty()
    {
        AccountGen.WithSeed.Sample((spec, seed) =>
        {
            var snapshot = AccountRenderer.Load(spec, new Random(seed));

            var diff = SnapshotDiffer.Compare(snapshot, snapshot);

            diff.Changes.Should().BeEmpty();
            diff.Notes.Should().BeEmpty();
            diff.AccessDelta.Should().BeEmpty();
        }, iter: Iterations);
    }

    [Fact]
    public void Compare_SwappedArguments_ReversesEveryChange()
    {
        AccountGen.Pair.Sample((beforeSpec, afterSpec) =>
        {
            var before = AccountRenderer.Load(beforeSpec);
            var after = AccountRenderer.Load(afterSpec);

            var forward = SnapshotDiffer.Compare(before, after).Changes;
            var backward = SnapshotDiffer.Compare(after, before).Changes;

            backward.Should().HaveSameCount(forward);
            var byKey = backward.ToDictionary(c => (c.EntityType, c.Arn, c.PreviousArn));
            foreach (var change in forward)
            {
                var expectedKind = change.Kind switch
                {
                    ChangeKind.Added => ChangeKind.Removed,
                    ChangeKind.Removed => ChangeKind.Added,
                    _ => change.Kind,
                };
                var key = change.Kind == ChangeKind.Renamed ? (change.EntityType, change.PreviousArn!, change.Arn) : (change.EntityType, change.Arn, (string?)null);
                byKey.Should().ContainKey(key, $"{change.Kind} {change.Arn} has a reverse");
                var reverse = byKey[key];
                reverse.Kind.Should().Be(expectedKind);
                reverse.Before.Should().BeSameAs(change.After);
                reverse.After.Should().BeSameAs(change.Before);
                reverse.Origin.Should().Be(change.Origin);
                reverse.Properties.Select(p => (p.Path, p.Category, p.OldValue, p.NewValue))
                    .Should().Equal(change.Properties.Select(p => (p.Path, p.Category, OldValue: p.NewValue, NewValue: p.OldValue)), $"the properties of {change.Arn} swap old and new");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Compare_CosmeticRewrites_FindNoChange()
    {
        AccountGen.WithSeed.Sample((spec, seed) =>
        {
            var canonical = AccountRenderer.Load(spec);
            var rewritten = AccountRenderer.Load(spec, new Random(seed));

            SnapshotDiffer.Compare(canonical, rewritten).Changes.Should().BeEmpty("statement order, string or list, action case, key order, whitespace, Sids and document encoding mean nothing");
            SnapshotDiffer.Compare(rewritten, canonical).Changes.Should().BeEmpty();
            var documents = Documents(canonical).Zip(Documents(rewritten));
            foreach (var (a, b) in documents)
            {
                b.Should().Be(a, "a rewritten document equals its canonical form");
                b.GetHashCode().Should().Be(a.GetHashCode());
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Fingerprints_ReorderedEntitiesAndStatements_AreStable()
    {
        var engine = RuleEngine.Default;
        AccountGen.Pair.Select(Gen.Int[0, int.MaxValue]).Sample((pair, seed) =>
        {
            var random = new Random(seed);
            var before = AccountRenderer.Load(pair.Before);
            var after = AccountRenderer.Load(pair.After);
            var beforeShuffled = AccountRenderer.Load(pair.Before, random);
            var afterShuffled = AccountRenderer.Load(pair.After, random);

            Fingerprints(engine.Scan(afterShuffled)).Should().Equal(Fingerprints(engine.Scan(after)), "posture findings do not depend on the order of the input");
            Fingerprints(engine.Analyze(SnapshotDiffer.Compare(beforeShuffled, afterShuffled)))
                .Should().Equal(Fingerprints(engine.Analyze(SnapshotDiffer.Compare(before, after))), "change findings do not depend on the order of the input");
        }, iter: 25);
    }

    [Fact]
    public void ModelComparer_SnapshotsThatDiffer_NamesTheFirstDifference()
    {
        // The comparer the round-trip property relies on must see a one-character change deep in a policy.
        var spec = AccountGen.Account.Single(s => s.Roles.Length > 0, "00014REIAYP1");
        var original = AccountRenderer.Load(spec);
        var role = spec.Roles[0];
        var changed = spec with { Roles = [role with { Description = role.Description + "!" }, .. spec.Roles[1..]] };

        ModelComparer.FirstDifference(original, AccountRenderer.Load(spec)).Should().BeNull();
        ModelComparer.FirstDifference(original, AccountRenderer.Load(changed)).Should().Contain("Description");
    }

    private static IEnumerable<PolicyDocument> Documents(AccountSnapshot snapshot) =>
        snapshot.Users.SelectMany(u => u.InlinePolicies.Select(p => p.Document))
            .Concat(snapshot.Groups.SelectMany(g => g.InlinePolicies.Select(p => p.Document)))
            .Concat(snapshot.Roles.SelectMany(r => r.InlinePolicies.Select(p => p.Document).Prepend(r.AssumeRolePolicy)))
            .Concat(snapshot.Policies.SelectMany(p => p.Versions.Select(v => v.Document)));

    private static List<string> Fingerprints(IEnumerable<Finding> findings) =>
        findings.Select(f => $"{f.Fingerprint} {f.RuleId} {f.Arn} {f.Subject}").Order(StringComparer.Ordinal).ToList();
}
