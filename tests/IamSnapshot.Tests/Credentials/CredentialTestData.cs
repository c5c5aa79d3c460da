using System.Text;

namespace IamSnapshot.Tests.Credentials;

/// <summary>The real credential reports in tests/TestData/realdata/credreport, and forms derived from them.</summary>
internal static class CredentialTestData
{
    public const string CloudMapperJson = "cloudmapper-demo-get-credential-report.json";
    public const string Custodian2016 = "custodian-placebo-credreport-unused-keys-2016.csv";
    public const string Custodian2017 = "custodian-placebo-credreport-account-2017.csv";
    public const string Synthetic2022 = "synthetic-credential-report-2022-offset-dates.csv";
    public const string Synthetic2025 = "synthetic-credential-report-2025-z-dates.csv";

    public static readonly string[] CsvFiles = [Custodian2016, Custodian2017, Synthetic2022, Synthetic2025];

    public static string PathOf(string name) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "realdata", "credreport", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    /// <summary>The CSV text of a real report: the file itself, or the Content of the CloudMapper JSON.</summary>
    public static string Csv(string name)
    {
        if (!name.EndsWith(".json", StringComparison.Ordinal))
        {
            return Read(name);
        }

        using var doc = System.Text.Json.JsonDocument.Parse(Read(name));
        return doc.RootElement.GetProperty("Content").GetString()!;
    }

    public static string Base64(string csv) => Convert.ToBase64String(Encoding.UTF8.GetBytes(csv));

    /// <summary>The AWS CLI's get-credential-report output: base64 Content.</summary>
    public static string CliJson(string csv, string generatedTime = "2025-01-29T10:00:00+00:00") =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Content"] = Base64(csv),
            ["ReportFormat"] = "text/csv",
            ["GeneratedTime"] = generatedTime,
        });

    /// <summary>A boto3-style wrapper: Content already decoded.</summary>
    public static string DecodedJson(string csv, string generatedTime = "2025-01-29T10:00:00Z") =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Content"] = csv,
            ["GeneratedTime"] = generatedTime,
            ["ReportFormat"] = "text/csv",
        });

    public static string[] Lines(string csv) => csv.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}
