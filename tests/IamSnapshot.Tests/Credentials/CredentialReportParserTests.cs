using System.Text;
using IamSnapshot.Model;
using IamSnapshot.Sources;
using static IamSnapshot.Tests.Credentials.CredentialTestData;

namespace IamSnapshot.Tests.Credentials;

public class CredentialReportParserTests
{
    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

    [Theory]
    [InlineData(CloudMapperJson, 2)]
    [InlineData(Custodian2016, 7)]
    [InlineData(Custodian2017, 19)]
    [InlineData(Synthetic2022, 4)]
    [InlineData(Synthetic2025, 3)]
    public void Load_RealReport_HasRootAndEveryUser(string file, int users)
    {
        var report = CredentialReportParser.Load(PathOf(file));

        report.Root.Should().NotBeNull();
        report.Root!.IsRoot.Should().BeTrue();
        report.Root.UserName.Should().Be("<root_account>");
        report.Root.Arn.Should().EndWith(":root");
        report.Users.Should().HaveCount(users);
        report.Users.Should().OnlyContain(u => !u.IsRoot);
        report.Users.Select(u => u.Arn).Should().BeInAscendingOrder(StringComparer.Ordinal);
        var dataRows = Lines(Csv(file)).Skip(1).Count(l => l.Length > 0);
        (report.Users.Length + report.Duplicates.Length + 1).Should().Be(dataRows, "no row is dropped");
    }

    [Fact]
    public void Load_CloudMapperJson_ReadsDecodedContentAndGeneratedTime()
    {
        var report = CredentialReportParser.Load(PathOf(CloudMapperJson));

        report.GeneratedAt.Should().Be(Utc("2019-05-07T15:40:22Z"));
        var root = report.Root!;
        root.Password.Status.Should().Be(PasswordStatus.NotSupported);
        root.Password.IsEnabled.Should().BeFalse();
        root.Password.LastUsed.Value.Should().Be(Utc("2019-03-03T16:58:16Z"));
        root.Password.LastChanged.Should().Be(CredentialDate.NotSupported);
        root.MfaActive.Should().BeTrue();
        root.AccessKey1.Active.Should().BeTrue();
        root.AccessKey1.LastUsedRegion.Should().Be("us-east-1");
        root.AccessKey1.LastUsedService.Should().Be("ecr");

        // A user literally named "user", the same as the header's first column.
        var user = report.FindUser("arn:aws:iam::123456789012:user/user");
        user.Should().NotBeNull();
        user!.UserName.Should().Be("user");
        user.Password.Status.Should().Be(PasswordStatus.Enabled);
        user.AccessKey2.Active.Should().BeTrue();
        user.AccessKey2.LastUsedService.Should().Be("s3");
    }

    [Fact]
    public void Load_Custodian2016_RootHasActiveKeyAndActiveSigningCertificate()
    {
        var report = CredentialReportParser.Load(PathOf(Custodian2016));
        var root = report.Root!;

        report.GeneratedAt.Should().BeNull("a CSV download does not say when it was generated");
        root.UserCreationTime.Value.Should().Be(Utc("2007-10-13T16:49:50Z"));
        root.MfaActive.Should().BeFalse();
        root.AccessKey1.Should().Be(new AccessKeyCredential
        {
            Active = true,
            LastRotated = CredentialDate.At(Utc("2011-08-19T05:12:23Z")),
            LastUsed = CredentialDate.At(Utc("2015-07-04T15:09:00Z")),
            LastUsedRegion = "us-east-1",
            LastUsedService = "s3",
        });
        root.AccessKey2.Active.Should().BeFalse();
        root.AccessKey2.LastRotated.Value.Should().Be(Utc("2007-10-13T16:49:50Z"), "an inactive key keeps its rotation date");
        root.AccessKey2.LastUsed.Should().Be(CredentialDate.NotApplicable);
        root.Certificate1.Active.Should().BeTrue();
        root.Certificate1.LastRotated.Value.Should().Be(Utc("2008-06-25T02:07:10Z"));
        root.Certificate2.Should().Be(new SigningCertificateCredential());

        var syracuse = report.FindUser("arn:aws:iam::135792468013:user/syracuse")!;
        syracuse.AccessKey1.LastUsedService.Should().Be("s3");
        syracuse.AccessKey1.LastUsedRegion.Should().BeNull("N/A region with a service set stays independent");
        report.FindUser("arn:aws:iam::135792468013:user/Hazmat").Should().NotBeNull();
        report.FindUser("arn:aws:iam::135792468013:user/dev-11")!.Password.LastUsed.State.Should().Be(CredentialDateState.NoInformation);
    }

    [Fact]
    public void Load_Custodian2017_DuplicateRowKeptAndReportedWithItsLine()
    {
        var warnings = new List<SnapshotWarning>();
        var path = PathOf(Custodian2017);

        var report = CredentialReportParser.Load(path, warnings);

        const string arn = "arn:aws:iam::210987654321:user/ops-03";
        var first = report.FindUser(arn)!;
        first.Password.LastUsed.State.Should().Be(CredentialDateState.NoInformation, "the first row (line 9) is the user's row");
        first.AccessKey1.Active.Should().BeFalse();
        report.Duplicates.Should().ContainSingle();
        var second = report.Duplicates[0];
        second.Arn.Should().Be(arn);
        second.Password.LastUsed.Value.Should().Be(Utc("2016-11-21T14:42:22Z"));
        second.AccessKey1.Active.Should().BeTrue();
        second.AccessKey1.LastUsedService.Should().Be("redshift");
        report.Entries.Should().HaveCount(21);

        var warning = warnings.Should().ContainSingle().Subject;
        warning.FilePath.Should().Be(path);
        warning.Location.Should().Be("line 10");
        warning.Message.Should().Contain(arn).And.Contain("line 9");
    }

    [Fact]
    public void Load_Custodian2017_ServiceWithoutRegionAndRotationDates()
    {
        var report = CredentialReportParser.Load(PathOf(Custodian2017));

        report.Users.Count(u => u.AccessKey1.LastUsedService == "s3" && u.AccessKey1.LastUsedRegion is null).Should().Be(4);
        report.Users.Count(u => u.Password.NextRotation.HasValue).Should().Be(17);
        report.Root!.Password.NextRotation.Should().Be(CredentialDate.NotSupported);
        report.Users.Count(u => u.Password.LastUsed.State == CredentialDateState.NoInformation).Should().Be(2);
        var dev05 = report.FindUser("arn:aws:iam::210987654321:user/dev-05")!;
        dev05.AccessKey1.Active.Should().BeTrue();
        dev05.AccessKey2.Active.Should().BeTrue();
        dev05.AccessKey2.LastUsedRegion.Should().Be("us-west-2");
    }

    [Fact]
    public void Load_Synthetic2022_OldRootRowMeaning()
    {
        var report = CredentialReportParser.Load(PathOf(Synthetic2022));

        var root = report.Root!;
        root.Password.Status.Should().Be(PasswordStatus.NotSupported);
        root.Password.LastChanged.Should().Be(CredentialDate.NotSupported);
        root.Password.NextRotation.Should().Be(CredentialDate.NotSupported);
        var neverLoggedIn = report.FindUser("arn:aws:iam::333344445555:user/never-logged-in")!;
        neverLoggedIn.Password.Status.Should().Be(PasswordStatus.Enabled);
        neverLoggedIn.Password.LastUsed.Should().Be(CredentialDate.NoInformation);
        var staleKey = report.FindUser("arn:aws:iam::333344445555:user/stale-key")!;
        staleKey.AccessKey1.Active.Should().BeTrue();
        staleKey.AccessKey1.LastUsed.Should().Be(CredentialDate.NotApplicable, "an active key never used says N/A");
        staleKey.Password.Status.Should().Be(PasswordStatus.Disabled);
    }

    [Fact]
    public void Load_Synthetic2025_NewRootRowMeaningAndUserWithPath()
    {
        var report = CredentialReportParser.Load(PathOf(Synthetic2025));

        var root = report.Root!;
        root.Password.Status.Should().Be(PasswordStatus.Enabled, "since 2024-2025 the root row says true or false");
        root.Password.LastChanged.Value.Should().Be(Utc("2025-01-20T08:15:02Z"));
        root.Password.LastUsed.Should().Be(CredentialDate.NoInformation);
        root.Password.NextRotation.Should().Be(CredentialDate.NotSupported);
        var deployer = report.FindUser("arn:aws:iam::666677778888:user/ci/deployer")!;
        deployer.UserName.Should().Be("deployer");
        deployer.Certificate1.Active.Should().BeTrue();
        deployer.Certificate1.LastRotated.Value.Should().Be(Utc("2025-01-21T10:05:00Z"));
        deployer.AccessKey1.LastUsedService.Should().Be("sts");
        deployer.AccessKey1.LastUsedRegion.Should().BeNull();
    }

    [Fact]
    public void Parse_OffsetAndZuluDateForms_GiveEqualRows()
    {
        var offset = Csv(Synthetic2022);
        var zulu = offset.Replace("+00:00", "Z", StringComparison.Ordinal);
        zulu.Should().NotBe(offset);

        var a = CredentialReportParser.Parse(offset);
        var b = CredentialReportParser.Parse(zulu);

        b.Entries.Should().Equal(a.Entries);
        a.Root!.UserCreationTime.Value!.Value.Offset.Should().Be(TimeSpan.Zero);
    }

    public static TheoryData<string> AllReports() => [CloudMapperJson, .. CsvFiles];

    [Theory]
    [MemberData(nameof(AllReports))]
    public void Parse_EveryEncodingOfARealReport_GivesTheSameRows(string file)
    {
        var csv = Csv(file);
        var expected = CredentialReportParser.Parse(csv).Entries.ToList();
        expected.Should().NotBeEmpty();

        var forms = new Dictionary<string, string>
        {
            ["base64"] = Base64(csv),
            ["base64 wrapped at 76"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv), Base64FormattingOptions.InsertLineBreaks),
            ["CLI JSON"] = CliJson(csv),
            ["decoded JSON"] = DecodedJson(csv),
            ["CRLF"] = csv.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal),
            ["final newline"] = csv.TrimEnd('\n') + "\n",
            ["no final newline"] = csv.TrimEnd('\n'),
            ["BOM"] = "\uFEFF" + csv,
        };

        foreach (var (form, text) in forms)
        {
            CredentialReportParser.Parse(text).Entries.Should().Equal(expected, form);
        }
    }

    [Fact]
    public void Parse_WrapperGeneratedTime_IsReadInEachForm()
    {
        var csv = Csv(Synthetic2025);

        CredentialReportParser.Parse(CliJson(csv, "2025-01-29T10:00:00+00:00")).GeneratedAt.Should().Be(Utc("2025-01-29T10:00:00Z"));
        CredentialReportParser.Parse(DecodedJson(csv, "2025-01-29T10:00:00Z")).GeneratedAt.Should().Be(Utc("2025-01-29T10:00:00Z"));
        CredentialReportParser.Parse(DecodedJson(csv, "2025-01-29 10:00:00+00:00")).GeneratedAt.Should().Be(Utc("2025-01-29T10:00:00Z"));
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-8-bom")]
    public void Load_FileWithByteOrderMark_IsDecoded(string encoding)
    {
        var path = Path.Combine(Path.GetTempPath(), $"iamsnapshot-credreport-{Guid.NewGuid():N}.json");
        try
        {
            var text = Read(CloudMapperJson);
            File.WriteAllText(path, text, encoding == "utf-16" ? Encoding.Unicode : new UTF8Encoding(true));

            var report = CredentialReportParser.Load(path);

            report.Entries.Should().Equal(CredentialReportParser.Load(PathOf(CloudMapperJson)).Entries);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_ColumnsInAnotherOrder_AreReadByName()
    {
        var lines = Lines(Csv(Custodian2016));
        var table = lines.Select(l => l.Split(',')).ToArray();
        var order = Enumerable.Range(0, table[0].Length).Reverse().ToArray();
        var reordered = string.Join("\n", table.Select(row => string.Join(",", order.Select(i => row[i]))));

        var report = CredentialReportParser.Parse(reordered);

        report.Entries.Should().Equal(CredentialReportParser.Parse(Csv(Custodian2016)).Entries);
    }

    [Fact]
    public void Parse_UnknownExtraColumn_IsIgnoredAndNamedInAWarning()
    {
        var lines = Lines(Csv(Custodian2016));
        var extended = string.Join("\n", lines.Select((l, i) => i == 0 ? "access_key_1_id," + l : $"AKIAEXAMPLE{i:D4},{l}"));
        var warnings = new List<SnapshotWarning>();

        var report = CredentialReportParser.Parse(extended, "r.csv", warnings);

        report.Entries.Should().Equal(CredentialReportParser.Parse(Csv(Custodian2016)).Entries);
        warnings.Should().ContainSingle().Which.Message.Should().Contain("access_key_1_id");
        warnings[0].Location.Should().Be("line 1");
    }

    [Theory]
    [InlineData(CloudMapperJson)]
    [InlineData(Custodian2016)]
    [InlineData(Synthetic2022)]
    [InlineData(Synthetic2025)]
    public void Load_ReportWithoutDuplicates_HasNoWarnings(string file)
    {
        var warnings = new List<SnapshotWarning>();

        var report = CredentialReportParser.Load(PathOf(file), warnings);

        warnings.Should().BeEmpty();
        report.Duplicates.Should().BeEmpty();
    }

    [Fact]
    public void Load_AllRealReports_UseEverySentinelAndBothDateForms()
    {
        var cells = CsvFiles.Append(CloudMapperJson)
            .SelectMany(f => CredentialReportParser.Load(PathOf(f)).Entries)
            .SelectMany(e => new[]
            {
                e.UserCreationTime, e.Password.LastUsed, e.Password.LastChanged, e.Password.NextRotation,
                e.AccessKey1.LastRotated, e.AccessKey1.LastUsed, e.AccessKey2.LastRotated, e.AccessKey2.LastUsed,
                e.Certificate1.LastRotated, e.Certificate2.LastRotated,
            })
            .ToList();

        cells.Select(c => c.State).Distinct().Should().BeEquivalentTo(Enum.GetValues<CredentialDateState>());
        cells.Where(c => c.HasValue).Should().OnlyContain(c => c.Value!.Value.Offset == TimeSpan.Zero);
    }

    [Fact]
    public void Parse_MissingRequiredColumn_NamesTheColumnAndLine()
    {
        var lines = Lines(Csv(Custodian2016));
        var header = lines[0].Replace(",mfa_active", string.Empty, StringComparison.Ordinal);
        var text = string.Join("\n", new[] { header }.Concat(lines.Skip(1)));

        var act = () => CredentialReportParser.Parse(text, "report.csv");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.FilePath.Should().Be("report.csv");
        ex.Line.Should().Be(1);
        ex.Location.Should().Be("line 1, column 1");
        ex.Found.Should().Contain("mfa_active");
        ex.Message.Should().StartWith("report.csv: line 1, column 1: expected the credential report header");
    }

    [Fact]
    public void Parse_TruncatedRow_NamesLineColumnAndFieldCount()
    {
        var lines = Lines(Csv(Custodian2016)).ToList();
        var cut = lines[4][..lines[4].IndexOf(",N/A,N/A,N/A", StringComparison.Ordinal)];
        lines[4] = cut;

        var act = () => CredentialReportParser.Parse(string.Join("\n", lines), "cut.csv");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.Line.Should().Be(5);
        ex.Column.Should().Be(cut.Length + 1, "the error points just after the last field of the short row");
        ex.Expected.Should().Contain("22 fields");
        ex.Found.Should().Be($"{cut.Split(',').Length} fields");
        ex.Message.Should().Contain("cut.csv: line 5, column");
    }

    [Fact]
    public void Parse_DateInUnknownForm_NamesLineColumnAndHeader()
    {
        var lines = Lines(Csv(Custodian2017)).ToList();
        lines[2] = lines[2].Replace("2016-10-11T15:27:35+00:00", "2016/10/11 15:27:35", StringComparison.Ordinal);
        var column = lines[2].IndexOf("2016/10/11", StringComparison.Ordinal) + 1;

        var act = () => CredentialReportParser.Parse(string.Join("\n", lines), "acct.csv");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.Location.Should().Be($"line 3, column {column} (access_key_1_last_rotated)");
        ex.Line.Should().Be(3);
        ex.Column.Should().Be(column);
        ex.Found.Should().Be("2016/10/11 15:27:35");
        ex.Expected.Should().Contain("N/A, not_supported or no_information");
    }

    [Fact]
    public void Parse_DateErrorInsideJsonContent_IsLocatedInsideContent()
    {
        var csv = Csv(Synthetic2025).Replace("2025-01-21T15:02:47Z", "yesterday", StringComparison.Ordinal);

        var act = () => CredentialReportParser.Parse(DecodedJson(csv), "iam-get-credential-report.json");

        act.Should().Throw<SnapshotFormatException>().Which.Location.Should().StartWith("$.Content, line 3, column").And.EndWith("(password_last_used)");
    }

    [Theory]
    [InlineData("mfa_active", "yes", "expected true or false")]
    [InlineData("password_enabled", "maybe", "expected true, false or not_supported")]
    public void Parse_BadFlag_NamesTheColumn(string column, string value, string expected)
    {
        var lines = Lines(Csv(Synthetic2022)).ToList();
        var header = lines[0].Split(',');
        var fields = lines[2].Split(',');
        fields[Array.IndexOf(header, column)] = value;
        lines[2] = string.Join(",", fields);

        var act = () => CredentialReportParser.Parse(string.Join("\n", lines));

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.Location.Should().EndWith($"({column})");
        ex.Expected.Should().Be(expected);
        ex.Found.Should().Be(value);
    }

    [Fact]
    public void Parse_UndecodableBase64_SaysWhatWasExpected()
    {
        var act = () => CredentialReportParser.Parse("dXNlcixhcm4*not-base64*", "blob.txt");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.FilePath.Should().Be("blob.txt");
        ex.Location.Should().Be("line 1, column 1");
        ex.Expected.Should().Contain("base64");
    }

    [Fact]
    public void Parse_UndecodableBase64InJson_IsLocatedAtContent()
    {
        var act = () => CredentialReportParser.Parse("""{"Content":"%%%","ReportFormat":"text/csv"}""", "r.json");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.Location.Should().Be("$.Content");
        ex.Found.Should().Be("%%%");
    }

    [Fact]
    public void Parse_TruncatedJson_NamesTheLine()
    {
        var text = Read(CloudMapperJson);
        var cut = text[..(text.Length - 40)];

        var act = () => CredentialReportParser.Parse(cut, "cut.json");

        var ex = act.Should().Throw<SnapshotFormatException>().Which;
        ex.Line.Should().BeGreaterThan(1);
        ex.Message.Should().StartWith("cut.json: line ");
    }

    [Theory]
    [InlineData("""{"Content":"x,y","ReportFormat":"text/html"}""", "$.ReportFormat")]
    [InlineData("""{"ReportFormat":"text/csv"}""", "$.Content")]
    [InlineData("""{"Content":42}""", "$.Content")]
    [InlineData("""{"Content":"a,b","GeneratedTime":"last Tuesday"}""", "$.GeneratedTime")]
    [InlineData("""[]""", "$")]
    public void Parse_BadWrapper_NamesTheJsonPath(string json, string location)
    {
        var act = () => CredentialReportParser.Parse(json, "w.json");
        act.Should().Throw<SnapshotFormatException>().Which.Location.Should().Be(location);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Parse_EmptyInput_Throws(string text)
    {
        var act = () => CredentialReportParser.Parse(text, "empty.csv");
        act.Should().Throw<SnapshotFormatException>().Which.Found.Should().Be("an empty input");
    }

    [Fact]
    public void Parse_HeaderOnly_GivesAnEmptyReportAndWarnsAboutRoot()
    {
        var warnings = new List<SnapshotWarning>();
        var report = CredentialReportParser.Parse(Lines(Csv(Synthetic2025))[0], null, warnings);

        report.Root.Should().BeNull();
        report.Users.Should().BeEmpty();
        warnings.Should().ContainSingle().Which.Message.Should().Contain("<root_account>");
    }
}
