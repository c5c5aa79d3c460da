using IamSnapshot.Model;
using IamSnapshot.Policies;
using IamSnapshot.Sources;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Sources;

public class SnapshotFormatTests
{
    public static TheoryData<string> RealDumps => new(TestFiles.AllAuthz);

    [Fact]
    public async Task SaveLoadSave_PolicyWhoseOriginalIsItsNormalizedForm_IsByteIdentical()
    {
        // Found by the CsCheck property test (seed 7xCRA4ygyQ91): a saved snapshot omits "original" when it equals the
        // normalised form; reading it back took the file's indented text as the original, which then differed, so
        // the second save wrote an "original" the first had not.
        var imported = await SnapshotFile.LoadAsync(TestFiles.Authz("cloudmapper-demo-authz.json"), new ImportOptions { CapturedAt = DateTimeOffset.Parse("2026-12-01T00:00:00Z") });
        var role = imported.Roles[0];
        var canonical = role with { AssumeRolePolicy = PolicyDocument.Parse(role.AssumeRolePolicy!.NormalizedJson) };
        var snapshot = new AccountSnapshot(imported.Metadata, imported.Users, imported.Groups, [canonical, .. imported.Roles.Skip(1)], imported.Policies, imported.InstanceProfiles);
        canonical.AssumeRolePolicy!.OriginalText.Should().Be(canonical.AssumeRolePolicy.NormalizedJson);

        var first = SnapshotFile.ToBytes(snapshot);
        var reloaded = SnapshotFile.Load(first, "saved.json");

        SnapshotFile.ToBytes(reloaded).Should().Equal(first);
        reloaded.FindEntity(role.Arn).Should().BeOfType<IamRole>().Which.AssumeRolePolicy!.OriginalText.Should().Be(canonical.AssumeRolePolicy.NormalizedJson);
    }

    [Theory]
    [MemberData(nameof(RealDumps))]
    public async Task SaveLoadSave_RealDumps_IsByteIdentical(string file)
    {
        using var temp = new TempFolder();
        var imported = await SnapshotFile.LoadAsync(file, new ImportOptions { CapturedAt = DateTimeOffset.Parse("2026-12-01T00:00:00Z") });
        var first = SnapshotFile.ToBytes(imported);
        await SnapshotFile.SaveAsync(imported, temp.File("snap.json"));

        var reloaded = await SnapshotFile.LoadAsync(temp.File("snap.json"));
        var second = SnapshotFile.ToBytes(reloaded);

        second.Should().Equal(first);
        reloaded.Metadata.Should().BeEquivalentTo(imported.Metadata);
        reloaded.Roles.Select(r => r.AssumeRolePolicy).Should().Equal(imported.Roles.Select(r => r.AssumeRolePolicy));
        Directory.GetFiles(temp.Path).Should().ContainSingle("no temporary file is left behind");
    }

    [Theory]
    [MemberData(nameof(RealDumps))]
    public async Task Import_Twice_IsByteIdentical(string file)
    {
        var a = SnapshotFile.ToBytes(await SnapshotFile.LoadAsync(file));
        var b = SnapshotFile.ToBytes(await SnapshotFile.LoadAsync(file));

        a.Should().Equal(b);
    }

    [Fact]
    public async Task Load_SchemaVersion1File_StillLoads()
    {
        var snapshot = await SnapshotFile.LoadAsync(TestFiles.Path_("snapshots", "schema-v1.json"));

        snapshot.Metadata.SchemaVersion.Should().Be(1);
        snapshot.Users.Should().NotBeEmpty();
        snapshot.Roles.Should().NotBeEmpty();
    }

    [Fact]
    public void Load_NewerSchemaVersion_IsRejectedWithAClearMessage()
    {
        var act = () => SnapshotFile.Load("""{"schemaVersion": 99, "metadata": {}}"""u8.ToArray(), "future.json");

        act.Should().Throw<SnapshotFormatException>().Which.Message.Should().Contain("schema version 99 is not supported");
    }

    [Fact]
    public async Task Save_EntitiesAreSortedByArnOrdinal()
    {
        var snapshot = await SnapshotFile.LoadAsync(TestFiles.CloudsplainingExample);
        snapshot.Roles.Select(r => r.Arn).Should().BeInAscendingOrder(StringComparer.Ordinal);
        snapshot.Users.Select(r => r.Arn).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }
}
