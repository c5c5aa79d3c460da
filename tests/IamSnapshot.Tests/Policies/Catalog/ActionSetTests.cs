using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Tests.Policies.Catalog;

public class ActionSetTests
{
    [Fact]
    public void SetOperations_SparseRanges_AgreeWithHashSets()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var a = Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(0, 3000)).ToHashSet();
            var b = Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(0, 3000)).ToHashSet();
            var sa = ActionSet.Of(a);
            var sb = ActionSet.Of(b);

            sa.Union(sb).Indices().Should().BeEquivalentTo(a.Union(b));
            sa.Intersect(sb).Indices().Should().BeEquivalentTo(a.Intersect(b));
            sa.Except(sb).Indices().Should().BeEquivalentTo(a.Except(b));
            sa.IsSubsetOf(sb).Should().Be(a.IsSubsetOf(b));
            sa.Overlaps(sb).Should().Be(a.Overlaps(b));
            sa.Count.Should().Be(a.Count);
            sa.Union(sb).Equals(sb.Union(sa)).Should().BeTrue();
        }
    }
}
