using System.Text;
using System.Text.Json.Nodes;
using IamSnapshot.Policies;
using IamSnapshot.Rules.Configuration;
using IamSnapshot.Sources;
using IamSnapshot.Tests.CloudTrail;
using IamSnapshot.Tests.Support;

namespace IamSnapshot.Tests.Fuzzing;

/// <summary>
/// The crashes the fuzzer found, one test each: strings System.Text.Json parses but cannot read (bytes that are not
/// UTF-8, escapes of unpaired surrogates) threw InvalidOperationException from deep inside every JSON loader, and a
/// string schemaVersion did the same in the saved-format reader. Each is now a located, documented error.
/// </summary>
public class FuzzFindingsTests
{
    private static byte[] WithRawBytes(string json, string marker, byte[] raw)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        return [.. bytes[..at], .. raw, .. bytes[(at + marker.Length)..]];
    }

    [Fact]
    public void AuthorizationDetails_InvalidUtf8InAName_IsLocated()
    {
        var json = Accounts.Minimal().ToJsonString();
        var bytes = WithRawBytes(json, "alice", [0x61, 0xFF, 0x62]);

        var act = () => SnapshotFile.Load(bytes, "authz.json");

        var error = act.Should().Throw<SnapshotFormatException>().Which;
        error.Line.Should().Be(1);
        error.Column.Should().Be(json.IndexOf("alice", StringComparison.Ordinal) + 2, "the column is the bad byte's");
        error.Message.Should().Contain("FF").And.Contain("not UTF-8");
    }

    [Fact]
    public void AuthorizationDetails_LoneSurrogateEscape_IsLocated()
    {
        var account = Accounts.Minimal();
        var json = account.ToJsonString().Replace("\"deployer\"", "\"deploy\\ud800er\"", StringComparison.Ordinal);

        var act = () => SnapshotFile.Load(Encoding.UTF8.GetBytes(json), "authz.json");

        var error = act.Should().Throw<SnapshotFormatException>().Which;
        error.Column.Should().Be(json.IndexOf("\\ud800", StringComparison.Ordinal) + 1);
        error.Message.Should().Contain("\\ud800").And.Contain("surrogate");
    }

    [Fact]
    public void AuthorizationDetails_LoneSurrogateInsideAnEscapedPolicy_NamesThePolicy()
    {
        // Inside an escaped document the escape is \\ud800 in the file: only the policy parser sees the lone surrogate.
        var account = Accounts.Minimal();
        account.Role("deployer")["AssumeRolePolicyDocument"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"x\ud800"},"Action":"sts:AssumeRole"}]}""".Replace("\ud800", "\\ud800", StringComparison.Ordinal);

        var act = () => Accounts.Load(account);

        var error = act.Should().Throw<SnapshotFormatException>().Which;
        error.Location.Should().StartWith("$.RoleDetailList[0].AssumeRolePolicyDocument (line 1, column ");
        error.Message.Should().Contain("surrogate");
    }

    [Fact]
    public void PolicyDocument_Parse_UnreadableText_IsAPolicyFormatException()
    {
        var escaped = () => PolicyDocument.Parse("""{"Statement":{"Effect":"Allow","Action":"s3:Get\udc00","Resource":"*"}}""".Replace("\udc00", "\\udc00", StringComparison.Ordinal));
        var unpaired = () => PolicyDocument.Parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:Get\ud800\",\"Resource\":\"*\"}}");

        escaped.Should().Throw<PolicyFormatException>().Which.Path.Should().Be("$ (line 1, column 48)");
        unpaired.Should().NotThrow("an unpaired surrogate character in a .NET string reads as U+FFFD, as in any UTF-8 file");
    }

    [Fact]
    public void SavedSnapshot_SchemaVersionAsString_IsLocated()
    {
        var saved = JsonNode.Parse(SnapshotFile.ToBytes(Accounts.Load(Accounts.Minimal())))!.AsObject();
        saved["schemaVersion"] = "1";

        var act = () => SnapshotFile.Load(Encoding.UTF8.GetBytes(saved.ToJsonString()), "saved.json");

        act.Should().Throw<SnapshotFormatException>().Which.Location.Should().Be("$.schemaVersion");
    }

    [Fact]
    public void SavedSnapshot_InvalidUtf8_IsLocated()
    {
        var bytes = SnapshotFile.ToBytes(Accounts.Load(Accounts.Minimal()));
        var text = Encoding.UTF8.GetString(bytes);
        var broken = WithRawBytes(text, "bob", [0xC0, 0x80]);

        var act = () => SnapshotFile.Load(broken, "saved.json");

        var error = act.Should().Throw<SnapshotFormatException>().Which;
        var line = text[..text.IndexOf("bob", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        error.Line.Should().Be(line);
        error.Message.Should().Contain("C080");
    }

    [Fact]
    public void AccountSettings_LoneSurrogateEscape_IsLocated()
    {
        var act = () => AccountSettingsParser.ParseAccountAliases("""{"AccountAliases":["prod\udc00"]}""".Replace("\udc00", "\\udc00", StringComparison.Ordinal), "aliases.json");

        var error = act.Should().Throw<SnapshotFormatException>().Which;
        error.FilePath.Should().Be("aliases.json");
        error.Location.Should().Be("line 1, column 25");
    }

    [Fact]
    public void AccountSummary_CounterListedTwice_IsLocated()
    {
        // Found by the fuzzer (seed 1, case 4335): a duplicated key reached a dictionary and threw ArgumentException.
        var act = () => AccountSettingsParser.ParseAccountSummary("""{"SummaryMap":{"Users":6,"Roles":2,"Users":7}}""", "summary.json");

        var error = act.Should().Throw<SnapshotFormatException>().Which;
        error.FilePath.Should().Be("summary.json");
        error.Location.Should().Be("$.SummaryMap.Users");
        error.Message.Should().Contain("listed twice");
    }

    [Fact]
    public void CredentialReportWrapper_LoneSurrogateEscape_IsLocated()
    {
        var act = () => CredentialReportParser.Parse("""{"Content":"user,arn\ud800"}""".Replace("\ud800", "\\ud800", StringComparison.Ordinal), "report.json");

        act.Should().Throw<SnapshotFormatException>().Which.Location.Should().Be("line 1, column 21");
    }

    [Fact]
    public void Configuration_LoneSurrogateEscape_IsAConfigurationProblem()
    {
        var json = """{"suppressions":[{"ruleId":"IAM1006","arn":"arn:aws:iam::1:role/x\ud800","justification":"j"}]}""".Replace("\ud800", "\\ud800", StringComparison.Ordinal);

        var act = () => RuleConfiguration.Parse(json, "iamsnapshot.json");

        act.Should().Throw<ConfigurationException>().Which.Problems.Should().ContainSingle()
            .Which.Should().StartWith($"line 1, column {json.IndexOf("\\ud800", StringComparison.Ordinal) + 1}: ");
    }

    [Fact]
    public void Configuration_UnpairedSurrogateCharacter_DoesNotThrowArgumentException()
    {
        var act = () => RuleConfiguration.Parse("{\"preset\":\"strict\ud800\"}", "iamsnapshot.json");

        act.Should().Throw<ConfigurationException>().Which.Problems.Should().ContainSingle().Which.Should().StartWith("$.preset");
    }

    [Fact]
    public void Baseline_InvalidUtf8_IsAConfigurationProblem()
    {
        using var folder = new TempFolder();
        var path = folder.File("baseline.json");
        File.WriteAllBytes(path, WithRawBytes("""{"schemaVersion":1,"findings":[{"fingerprint":"abcX"}]}""", "X", [0xFF]));

        var act = () => Baseline.Load(path);

        act.Should().Throw<ConfigurationException>().Which.Problems.Should().ContainSingle().Which.Should().StartWith("line 1, column 51: ");
    }

    [Fact]
    public void Configuration_GlobLongerThanAnyArn_IsAProblemNotAHang()
    {
        // Found by the fuzzer (seed 1, configuration case 3441): a 16-million-character ARN glob was compiled to a
        // regular expression for minutes. Globs are now bounded by the longest ARN.
        var glob = "arn:aws:iam::*:role/" + new string('*', ArnGlob.MaxLength);
        var json = $$"""{"suppressions":[{"ruleId":"IAM2001","arn":"{{glob}}","justification":"x"}]}""";

        var act = () => RuleConfiguration.Parse(json, "iamsnapshot.json");

        act.Should().Throw<ConfigurationException>().Which.Problems.Should().ContainSingle()
            .Which.Should().StartWith("$.suppressions[0].arn: expected a glob of at most 2048 characters");
    }

    [Fact]
    public void ArnGlob_PathologicalPattern_MatchesInLinearTime()
    {
        // Many "**" against a long near-miss: exponential for a backtracking engine, linear for a non-backtracking one.
        var glob = new ArnGlob(string.Concat(Enumerable.Repeat("**a", 200)) + "b");
        var arn = "arn:aws:iam::123456789012:role/" + new string('a', ArnGlob.MaxLength);

        glob.IsMatch(arn).Should().BeFalse();
        glob.IsMatch(arn + "b").Should().BeTrue();
    }

    [Fact]
    public void Configuration_FileLargerThanTheLimit_IsRefusedBeforeReading()
    {
        using var folder = new TempFolder();
        var path = folder.File("iamsnapshot.json");
        File.WriteAllText(path, "{\"suppressions\":[]," + new string(' ', (int)RuleConfiguration.MaxFileBytes) + "}");

        var act = () => RuleConfiguration.Load(path);

        act.Should().Throw<ConfigurationException>().Which.Problems.Should().ContainSingle().Which.Should().Contain("at most 1,048,576 are read");
    }

    [Fact]
    public void Baseline_HugeFingerprint_IsAConfigurationProblem()
    {
        using var folder = new TempFolder();
        var path = folder.File("baseline.json");
        File.WriteAllText(path, $$"""{"schemaVersion":1,"findings":[{"fingerprint":"{{new string('a', 1_000_000)}}"}]}""");

        var act = () => Baseline.Load(path);

        act.Should().Throw<ConfigurationException>().Which.Problems.Should().ContainSingle().Which.Should().StartWith("$.findings[0].fingerprint: expected a fingerprint");
    }

    [Fact]
    public void Configuration_CommentMentioningASurrogateEscape_Loads()
    {
        // The escape check looks at strings only: comments are free text.
        var configuration = RuleConfiguration.Parse("""
            // "\ud800" in a comment is not a string
            { "preset": "strict" /* nor \udead here */ }
            """, "iamsnapshot.json");

        configuration.Preset.Should().Be(RulePreset.Strict);
    }

    [Fact]
    public void Configuration_InvalidUtf8_IsLocatedNotReplaced()
    {
        using var folder = new TempFolder();
        var path = folder.File("iamsnapshot.json");
        File.WriteAllBytes(path, WithRawBytes("""{"severity":{"IAM1001X":"low"}}""", "X", [0xC3, 0x28]));

        var act = () => RuleConfiguration.Load(path);

        act.Should().Throw<ConfigurationException>().Which.Problems.Should().ContainSingle().Which.Should().StartWith("line 1, column 22: expected UTF-8 text");
    }

    [Fact]
    public void Configuration_Utf16WithByteOrderMark_Loads()
    {
        // Windows PowerShell 5 writes UTF-16LE with a byte order mark; reading bytes for the UTF-8 check must keep it.
        using var folder = new TempFolder();
        var path = folder.File("iamsnapshot.json");
        File.WriteAllText(path, """{"preset":"strict"}""", Encoding.Unicode);

        RuleConfiguration.Load(path).Preset.Should().Be(RulePreset.Strict);
    }

    [Fact]
    public async Task FolderFile_Utf32WithByteOrderMark_Loads()
    {
        using var folder = new TempFolder();
        File.Copy(TestFiles.Authz("cloudmapper-demo-authz.json"), folder.File("get-account-authorization-details.json"));
        File.WriteAllText(folder.File("list-account-aliases.json"), """{"AccountAliases":["prod"]}""", Encoding.UTF32);

        var snapshot = await new SnapshotFolderSource(folder.Path).LoadAsync();

        snapshot.AccountAliases!.Value.Should().Equal("prod");
    }

    [Fact]
    public void Baseline_WithUtf8ByteOrderMark_Loads()
    {
        using var folder = new TempFolder();
        var path = folder.File("baseline.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"schemaVersion":1,"findings":[{"fingerprint":"12a48434ddc64dd96a304805e06f813e"}]}""")]);

        Baseline.Load(path).Count.Should().Be(1);
    }

    [Fact]
    public async Task FolderFile_InvalidUtf8_IsLocatedNotReplaced()
    {
        using var folder = new TempFolder();
        File.Copy(TestFiles.Authz("cloudmapper-demo-authz.json"), folder.File("get-account-authorization-details.json"));
        File.WriteAllBytes(folder.File("get-account-summary.json"), WithRawBytes("""{"SummaryMap":{"UsersX":1}}""", "X", [0xFF]));

        var act = () => new SnapshotFolderSource(folder.Path).LoadAsync();

        var error = (await act.Should().ThrowAsync<SnapshotFormatException>()).Which;
        error.FilePath.Should().EndWith("get-account-summary.json");
        error.Location.Should().Be("line 1, column 22");
    }

    [Fact]
    public void ArnGlob_IsAnchoredAtTheVeryEnd()
    {
        new ArnGlob("arn:aws:iam::*:role/x").IsMatch("arn:aws:iam::123456789012:role/x\n").Should().BeFalse();
    }

    [Fact]
    public async Task CloudTrail_RecordWithLoneSurrogateEscape_IsSkippedAndTheRestKept()
    {
        var records = CloudTrailTestData.Records(CloudTrailTestData.Stratus);
        var bad = records.First(r => (string?)r["eventName"] == "CreateRole");
        bad["requestParameters"]!["roleName"] = "PLACEHOLDER";
        var json = new JsonObject { ["Records"] = new JsonArray([.. records.Select(r => (JsonNode)r.DeepClone())]) }.ToJsonString()
            .Replace("PLACEHOLDER", "x\\ud800", StringComparison.Ordinal);

        var log = await CloudTrailTestData.LoadBytesAsync("ct.json", Encoding.UTF8.GetBytes(json));

        log.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("surrogate");
        log.Events.Should().NotContain(e => e.EventName == "CreateRole");
        log.Events.Should().NotBeEmpty("the other records of the file are read");
    }
}
