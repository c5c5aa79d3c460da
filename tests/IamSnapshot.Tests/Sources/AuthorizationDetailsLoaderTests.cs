using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IamSnapshot.Model;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Sources;

public class AuthorizationDetailsLoaderTests
{
    [Theory]
    [InlineData("cloudsplaining-example-2023.json", 41, 3, 75, 56, 1)]
    [InlineData("cloudmapper-demo-authz.json", 2, 1, 4, 2, 0)]
    [InlineData("cloudsplaining-managed-policy-mismatch.json", 0, 1, 0, 1, 0)]
    public async Task LoadAsync_RealDumps_HaveTheRightEntityCounts(string file, int users, int groups, int roles, int policies, int profiles)
    {
        var snapshot = await SnapshotFile.LoadAsync(TestFiles.Authz(file));

        snapshot.Users.Should().HaveCount(users);
        snapshot.Groups.Should().HaveCount(groups);
        snapshot.Roles.Should().HaveCount(roles);
        snapshot.Policies.Should().HaveCount(policies);
        snapshot.InstanceProfiles.Should().HaveCount(profiles);
        snapshot.Metadata.CapturedAt.Should().BeNull("an AWS CLI dump records no capture time");
        snapshot.Metadata.Source.Should().Be("aws-cli:get-account-authorization-details");
    }

    [Fact]
    public async Task LoadAsync_Cloudsplaining_ReadsSpaceSeparatedDatesAndRoleLastUsed()
    {
        var snapshot = await SnapshotFile.LoadAsync(TestFiles.CloudsplainingExample);

        snapshot.Metadata.AccountId.Should().Be("444455556666");
        snapshot.Users.Should().OnlyContain(u => u.CreateDate != null);
        snapshot.Roles.Count(r => r.LastUsed is { LastUsedDate: null }).Should().Be(50, "50 roles have RoleLastUsed: {}");
        snapshot.Roles.Count(r => r.IsServiceLinked).Should().BePositive();
        snapshot.Roles.Count(r => r.IsIdentityCenterRole).Should().BePositive();
        snapshot.Policies.Count(p => p.IsAwsManaged).Should().Be(12);
        snapshot.Policies.Should().OnlyContain(p => p.DefaultVersion != null);
    }

    [Fact]
    public async Task LoadAsync_CloudMapperDemo_HandlesEmptyPathAndAwsAccountPlaceholder()
    {
        var snapshot = await SnapshotFile.LoadAsync(TestFiles.CloudMapperDemo);

        snapshot.Metadata.AccountId.Should().Be("123456789012");
        snapshot.Roles.Should().Contain(r => r.Path == "");
        snapshot.Roles.SelectMany(r => r.AssumeRolePolicy.Statements).Should().Contain(s => s.Principal != null && s.Principal.IsWildcard);
    }

    [Fact]
    public async Task LoadAsync_MissingRoleList_MarksRolesAbsentNotEmpty()
    {
        var snapshot = await SnapshotFile.LoadAsync(TestFiles.ManagedPolicyMismatch);

        snapshot.Metadata.Has(SnapshotParts.Roles).Should().BeFalse();
        snapshot.Metadata.Has(SnapshotParts.Users).Should().BeTrue();
        var group = snapshot.Groups.Single();
        group.AttachedPolicies.Should().Contain(a => a.PolicyName == "AWSLambdaReadOnlyAccess");
        snapshot.FindPolicy(group.AttachedPolicies.First(a => a.PolicyName == "AWSLambdaReadOnlyAccess").PolicyArn).Should().BeNull("the attached deprecated policy is missing from Policies");
    }

    [Fact]
    public async Task LoadAsync_UrlEncodedDocuments_EqualDecodedOnes()
    {
        var node = JsonNode.Parse(await File.ReadAllTextAsync(TestFiles.CloudMapperDemo))!;
        foreach (var role in node["RoleDetailList"]!.AsArray())
        {
            role!["AssumeRolePolicyDocument"] = Uri.EscapeDataString(role["AssumeRolePolicyDocument"]!.ToJsonString());
        }

        foreach (var policy in node["Policies"]!.AsArray())
        {
            foreach (var version in policy!["PolicyVersionList"]!.AsArray())
            {
                version!["Document"] = Uri.EscapeDataString(version["Document"]!.ToJsonString());
            }
        }

        var encoded = SnapshotFile.Load(Encoding.UTF8.GetBytes(node.ToJsonString()), "encoded.json");
        var plain = await SnapshotFile.LoadAsync(TestFiles.CloudMapperDemo);

        encoded.Roles.Select(r => r.AssumeRolePolicy).Should().Equal(plain.Roles.Select(r => r.AssumeRolePolicy));
        encoded.Policies.SelectMany(p => p.Versions).Select(v => v.Document).Should().Equal(plain.Policies.SelectMany(p => p.Versions).Select(v => v.Document));
    }

    [Fact]
    public async Task Load_Utf16WithBom_IsRead()
    {
        var text = await File.ReadAllTextAsync(TestFiles.CloudMapperDemo);
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();

        var snapshot = SnapshotFile.Load(bytes, "powershell.json");

        snapshot.Users.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("", "line 1, column 1", "empty")]
    [InlineData("{\"UserDetailList\": [", "line 1", "not valid JSON")]
    [InlineData("[1,2]", "$", "found an array")]
    [InlineData("{\"hello\": 1}", "$", "has neither")]
    [InlineData("{\"RoleDetailList\":[{\"RoleName\":\"r\",\"Arn\":\"arn:aws:iam::111122223333:role/r\",\"AssumeRolePolicyDocument\":\"{not json\"}]}", "$.RoleDetailList[0].AssumeRolePolicyDocument", "not valid JSON")]
    [InlineData("{\"UserDetailList\":[{\"UserName\":\"u\"}]}", "$.UserDetailList[0].Arn", "missing")]
    [InlineData("{\"UserDetailList\":[{\"UserName\":\"u\",\"Arn\":\"a\",\"CreateDate\":\"yesterday\"}]}", "$.UserDetailList[0].CreateDate", "expected a date")]
    [InlineData("{\"UserDetailList\":{}}", "$.UserDetailList", "expected a list")]
    public void Load_BadInput_NamesFileAndPlace(string content, string location, string expected)
    {
        var act = () => SnapshotFile.Load(Encoding.UTF8.GetBytes(content), "bad.json");

        var error = act.Should().Throw<SnapshotFormatException>().Which;
        error.FilePath.Should().Be("bad.json");
        error.Location.Should().Contain(location);
        error.Message.Should().Contain(expected);
    }

    [Fact]
    public void Load_BinaryGarbage_IsAFormatError()
    {
        var garbage = new byte[256];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0xC3;

        var act = () => SnapshotFile.Load(garbage, "garbage.bin");

        act.Should().Throw<SnapshotFormatException>().Which.Message.Should().StartWith("garbage.bin: line 1");
    }

    [Fact]
    public async Task LoadAsync_MissingFileOrFolder_IsAFormatError()
    {
        using var temp = new TempFolder();
        var missing = async () => await SnapshotFile.LoadAsync(temp.File("nope.json"));
        (await missing.Should().ThrowAsync<SnapshotFormatException>()).Which.Expected.Should().Contain("does not exist");

        var folder = async () => await SnapshotFile.LoadAsync(temp.Path);
        (await folder.Should().ThrowAsync<SnapshotFormatException>()).Which.Expected.Should().Contain("folder");
    }
}
