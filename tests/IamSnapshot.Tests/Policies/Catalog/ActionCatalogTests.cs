using System.Text.Json;
using IamSnapshot.Policies.Catalog;

namespace IamSnapshot.Tests.Policies.Catalog;

public class ActionCatalogTests
{
    private static readonly ActionCatalog Catalog = ActionCatalog.Default;

    [Fact]
    public void SourceVersion_EmbeddedHeader_EqualsPinnedSourceJson()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "catalog", "source.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));

        Catalog.SourceVersion.Should().Be(json.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void Counts_PinnedVersion_MatchThePackage()
    {
        Catalog.ActionCount.Should().Be(22_091);
        Catalog.ServiceCount.Should().Be(456);
        Catalog.Services.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("s3:Get*", 63)]
    [InlineData("s3:*", 180)]
    [InlineData("S3:GET*", 63)]
    [InlineData("*", 22_091)]
    [InlineData("nosuchservice:*", 0)]
    [InlineData("s3:NoSuchAction", 0)]
    [InlineData("s3", 0)]
    public void Match_Pattern_GivesExpectedCount(string pattern, int expected)
    {
        Catalog.Match(pattern).Should().HaveCount(expected);
    }

    [Fact]
    public void Match_QuestionMarkAndInnerWildcard_MatchLikeIam()
    {
        Catalog.Match("iam:*User*").Should().Contain(["iam:CreateUser", "iam:AttachUserPolicy", "iam:ListUsers"]).And.NotContain("iam:CreateRole");
        Catalog.Match("iam:?reateUser").Should().Equal("iam:CreateUser");
        Catalog.Match("iam:CreateUse?").Should().Equal("iam:CreateUser");
        Catalog.Match("iam:CreateUser?").Should().BeEmpty();
    }

    [Fact]
    public void Match_ServiceWithSharedPrefix_DoesNotLeakIntoOtherService()
    {
        Catalog.Match("s3:*").Should().OnlyContain(a => a.StartsWith("s3:", StringComparison.Ordinal));
        Catalog.Match("s3-outposts:*").Should().NotBeEmpty().And.OnlyContain(a => a.StartsWith("s3-outposts:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("iam:PassRole", AccessLevel.Write)]
    [InlineData("IAM:passrole", AccessLevel.Write)]
    [InlineData("iam:CreatePolicyVersion", AccessLevel.PermissionsManagement)]
    [InlineData("s3:PutBucketPolicy", AccessLevel.PermissionsManagement)]
    [InlineData("iam:TagRole", AccessLevel.Tagging)]
    [InlineData("s3:ListAllMyBuckets", AccessLevel.List)]
    [InlineData("s3:GetObject", AccessLevel.Read)]
    public void TryGetAccessLevel_KnownAction_NormalisedLevel(string action, AccessLevel expected)
    {
        Catalog.TryGetAccessLevel(action, out var level).Should().BeTrue();
        level.Should().Be(expected);
    }

    [Fact]
    public void Contains_UnknownAction_False()
    {
        Catalog.Contains("s3:GetObjectt").Should().BeFalse();
        Catalog.Contains("nosuch:Thing").Should().BeFalse();
        Catalog.TryGetAccessLevel("nosuch:Thing", out _).Should().BeFalse();
    }

    [Fact]
    public void ResourceTypes_ObjectAction_HaveArnFormats()
    {
        var index = Catalog.IndexOf("s3:GetObject");
        var types = Catalog.ResourceTypesOf(index).ToArray().Select(Catalog.ResourceTypeName);
        types.Should().Contain("object");
        Catalog.ResourceTypeArn(Catalog.ResourceTypesOf(index).ToArray().First(t => Catalog.ResourceTypeName(t) == "object"))
            .Should().Be("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        Catalog.IsWildcardOnly(Catalog.IndexOf("s3:ListAllMyBuckets")).Should().BeTrue();
        Catalog.IsWildcardOnly(index).Should().BeFalse();
    }

    [Fact]
    public void LevelCounts_PinnedVersion_MatchGenerator()
    {
        var counts = Enumerable.Range(0, Catalog.ActionCount).GroupBy(Catalog.LevelAt).ToDictionary(g => g.Key, g => g.Count());
        counts[AccessLevel.Write].Should().Be(11_357);
        counts[AccessLevel.Read].Should().Be(5_871);
        counts[AccessLevel.List].Should().Be(3_719);
        counts[AccessLevel.Tagging].Should().Be(719);
        counts[AccessLevel.PermissionsManagement].Should().Be(425);
    }

    [Theory]
    [InlineData("iam:passrole", "iam:PassRole")]
    [InlineData("STS:ASSUMEROLE", "sts:AssumeRole")]
    [InlineData("iam:get*", "iam:Get*")]
    [InlineData("s3:*", "s3:*")]
    [InlineData("*", "*")]
    [InlineData("iam:nosuchaction", "iam:nosuchaction")]
    [InlineData("nosuch:get*", "nosuch:get*")]
    public void DisplayName_Pattern_TakesCatalogCasing(string pattern, string expected)
    {
        Catalog.DisplayName(pattern).Should().Be(expected);
    }
}
