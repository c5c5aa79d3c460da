using System.Text.Json.Nodes;
using IamSnapshot.Diffing;
using IamSnapshot.Model;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Diffing;

public class SnapshotDifferTests
{
    public static TheoryData<string> RealDumps => new(TestFiles.AllAuthz);

    [Theory]
    [MemberData(nameof(RealDumps))]
    public async Task Compare_SameSnapshot_IsEmpty(string file)
    {
        var snapshot = await SnapshotFile.LoadAsync(file);

        SnapshotDiffer.Compare(snapshot, snapshot).IsEmpty.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(RealDumps))]
    public async Task Compare_CosmeticRewriteOfEveryPolicy_IsEmpty(string file)
    {
        var node = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        var original = Accounts.Load(node);
        foreach (var document in AllDocuments(node))
        {
            CosmeticRewrite(document);
        }

        // Counters and last-used data move all the time; they are never changes.
        foreach (var policy in node["Policies"]?.AsArray() ?? [])
        {
            policy!["AttachmentCount"] = 99;
            policy["UpdateDate"] = "2030-01-01T00:00:00Z";
        }

        foreach (var role in node["RoleDetailList"]?.AsArray() ?? [])
        {
            role!["RoleLastUsed"] = Accounts.Json("""{"LastUsedDate": "2030-01-01T00:00:00Z", "Region": "eu-west-1"}""");
        }

        var rewritten = Accounts.Load(node);

        var diff = SnapshotDiffer.Compare(original, rewritten);
        diff.Changes.Should().BeEmpty();
    }

    [Fact]
    public void Compare_RecreatedUser_IsRecreatedNotRemovedAndAdded()
    {
        var before = Accounts.Minimal();
        var after = Accounts.Minimal();
        after.User("alice")["UserId"] = "AIDANEWALICE";

        var diff = SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after));

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Kind.Should().Be(ChangeKind.Recreated);
        change.Arn.Should().Be("arn:aws:iam::111122223333:user/alice");
    }

    [Fact]
    public void Compare_SameUniqueIdNewPath_IsRenamed()
    {
        var before = Accounts.Minimal();
        var after = Accounts.Minimal();
        var role = after.Role("deployer");
        role["Path"] = "/ci/";
        role["Arn"] = "arn:aws:iam::111122223333:role/ci/deployer";

        var diff = SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after));

        var change = diff.Changes.Should().ContainSingle().Which;
        change.Kind.Should().Be(ChangeKind.Renamed);
        change.PreviousArn.Should().Be("arn:aws:iam::111122223333:role/deployer");
        change.Properties.Should().ContainSingle(p => p.Path == "/path" && p.OldValue == "\"/\"" && p.NewValue == "\"/ci/\"");
    }

    [Fact]
    public void Compare_PolicyChange_HasPathCategoryAndJsonDiffPatchDelta()
    {
        var before = Accounts.Minimal();
        var after = Accounts.Minimal();
        after.User("bob")["UserPolicyList"]![0]!["PolicyDocument"]!.AsObject().Statements()[0]!["Resource"] = "*";

        var diff = SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after));

        var property = diff.Changes.Should().ContainSingle().Which.Properties.Should().ContainSingle().Which;
        property.Path.Should().Be("/inlinePolicies/guard");
        property.Category.Should().Be(ChangeCategory.Permissions);
        property.DocumentDelta.Should().Contain("arn:aws:s3:::logs/*");
    }

    [Fact]
    public void Compare_PropertyChanges_AreClassified()
    {
        var before = Accounts.Minimal();
        var after = Accounts.Minimal();
        after.User("alice")["GroupList"] = new JsonArray("readers", "admins");
        after.User("bob").Remove("PermissionsBoundary");
        after.Role("deployer")["Tags"] = Accounts.Json("""[{"Key": "team", "Value": "security"}]""");
        after.Role("deployer")["AssumeRolePolicyDocument"]!.AsObject().Statements()[0]!["Principal"] = Accounts.Json("""{"AWS": "*"}""");

        var diff = SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after));

        var properties = diff.Changes.SelectMany(c => c.Properties).ToDictionary(p => p.Path, p => p.Category);
        properties.Should().Contain("/groups/admins", ChangeCategory.Membership);
        properties.Should().Contain("/permissionsBoundary", ChangeCategory.Boundary);
        properties.Should().Contain("/tags/team", ChangeCategory.Tags);
        properties.Should().Contain("/assumeRolePolicy", ChangeCategory.Trust);
    }

    [Fact]
    public void Compare_AbsentPart_IsNotReportedAsRemoved()
    {
        var before = Accounts.Minimal();
        var after = Accounts.Minimal();
        after.Remove("RoleDetailList");

        var diff = SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after));

        diff.Changes.Should().NotContain(c => c.EntityType == EntityKind.Role);
        diff.Notes.Should().ContainSingle().Which.Should().Contain("roles");
    }

    [Fact]
    public void Compare_AwsManagedPolicyChange_IsMarkedAsMadeByAws()
    {
        var before = Accounts.Minimal();
        var after = Accounts.Minimal();
        after.Policy("AdministratorAccess")["PolicyVersionList"]![0]!["Document"]!.AsObject().Statements()[0]!["Resource"] = "arn:aws:s3:::*";

        var diff = SnapshotDiffer.Compare(Accounts.Load(before), Accounts.Load(after));

        diff.Changes.Should().ContainSingle().Which.Origin.Should().Be(ChangeOrigin.Aws);
    }

    internal static IEnumerable<JsonObject> AllDocuments(JsonObject account)
    {
        foreach (var user in account["UserDetailList"]?.AsArray() ?? [])
        {
            foreach (var p in user!["UserPolicyList"]?.AsArray() ?? [])
            {
                yield return p!["PolicyDocument"]!.AsObject();
            }
        }

        foreach (var group in account["GroupDetailList"]?.AsArray() ?? [])
        {
            foreach (var p in group!["GroupPolicyList"]?.AsArray() ?? [])
            {
                yield return p!["PolicyDocument"]!.AsObject();
            }
        }

        foreach (var role in account["RoleDetailList"]?.AsArray() ?? [])
        {
            yield return role!["AssumeRolePolicyDocument"]!.AsObject();
            foreach (var p in role["RolePolicyList"]?.AsArray() ?? [])
            {
                yield return p!["PolicyDocument"]!.AsObject();
            }
        }

        foreach (var policy in account["Policies"]?.AsArray() ?? [])
        {
            foreach (var v in policy!["PolicyVersionList"]!.AsArray())
            {
                yield return v!["Document"]!.AsObject();
            }
        }
    }

    /// <summary>Rewrites a policy without changing what it grants: statement order, list/string, action case, key order, Sids.</summary>
    internal static void CosmeticRewrite(JsonObject document)
    {
        var statementNode = document["Statement"]!;
        var statements = statementNode is JsonArray array ? array.Select(s => s!.AsObject()).ToList() : [statementNode.AsObject()];
        var rewritten = new JsonArray();
        foreach (var statement in Enumerable.Reverse(statements))
        {
            var copy = new JsonObject();
            foreach (var (key, value) in statement.Reverse().ToList())
            {
                var clone = value?.DeepClone();
                if (key is "Action" or "NotAction" or "Resource" or "NotResource")
                {
                    clone = clone switch
                    {
                        JsonValue single => new JsonArray(single.DeepClone()),
                        JsonArray { Count: 1 } one => one[0]!.DeepClone(),
                        JsonArray many => new JsonArray(many.Reverse().Select(n => n!.DeepClone()).ToArray()),
                        _ => clone,
                    };
                    if (key is "Action" or "NotAction")
                    {
                        clone = clone is JsonArray list
                            ? new JsonArray(list.Select(a => (JsonNode)JsonValue.Create(((string)a!).ToUpperInvariant())).ToArray())
                            : JsonValue.Create(((string)clone!).ToUpperInvariant());
                    }
                }
                else if (key == "Sid")
                {
                    clone = JsonValue.Create((string?)value + "Renamed");
                }

                copy[key] = clone;
            }

            rewritten.Add(copy);
        }

        var version = document["Version"]?.DeepClone();
        document.Clear();
        document["Statement"] = rewritten;
        if (version is not null)
        {
            document["Version"] = version;
        }
    }
}
