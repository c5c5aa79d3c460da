using System.Text;
using IamSnapshot.CloudTrail;
using IamSnapshot.Model;
using IamSnapshot.Rules.Configuration;
using IamSnapshot.Sources;

namespace IamSnapshot.Fuzzing;

/// <summary>
/// Every loader of the library, each with its seeds: the real files of <c>tests/TestData/realdata</c> (authorization
/// details, credential reports, CloudTrail logs), saved snapshots made from them, and the synthetic seeds of
/// <c>tests/TestData/fuzz</c> for the outputs no real file exists for.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>Creates the targets.</summary>
    /// <param name="testData">The <c>tests/TestData</c> folder.</param>
    /// <param name="work">A scratch folder for the loaders that read files (folder, configuration, baseline); created if missing.</param>
    public static IReadOnlyList<FuzzTarget> Create(string testData, string work)
    {
        var realdata = Path.Combine(testData, "realdata");
        var fuzz = Path.Combine(testData, "fuzz");
        Directory.CreateDirectory(work);
        var authz = Seeds(Path.Combine(realdata, "authz"), "*.json");
        var reports = Seeds(Path.Combine(realdata, "credreport"), "*.*");
        var folder = FolderSeeds(realdata, fuzz);
        var folderPath = Path.Combine(work, "folder");
        Directory.CreateDirectory(folderPath);
        foreach (var seed in folder)
        {
            File.WriteAllBytes(Path.Combine(folderPath, seed.Name), seed.Bytes);
        }

        var csv = Encoding.UTF8.GetBytes(TextInput.Decode(reports.First(r => r.Name.EndsWith(".csv", StringComparison.Ordinal)).Bytes));
        return
        [
            new()
            {
                Name = "authz",
                Description = "get-account-authorization-details output (SnapshotFile.Load)",
                Kind = InputKind.Json,
                Seeds = authz,
                Run = (seed, bytes) => LoadSnapshot(seed.Name, bytes),
            },
            new()
            {
                Name = "saved",
                Description = "the saved snapshot format (SnapshotFile.Load)",
                Kind = InputKind.Json,
                Seeds = [.. SavedSeeds(authz, folderPath)],
                Run = (seed, bytes) => LoadSnapshot(seed.Name, bytes),
            },
            new()
            {
                Name = "folder",
                Description = "a folder of AWS CLI outputs, one file mutated (SnapshotFolderSource)",
                Kind = InputKind.Json,
                Seeds = folder,
                Run = (seed, bytes) => LoadFolder(folderPath, seed, bytes),
            },
            new()
            {
                Name = "credential-report",
                Description = "credential report as CSV, base64 or GetCredentialReport JSON (CredentialReportParser)",
                Kind = InputKind.CredentialReport,
                Seeds = [.. reports, new("base64.txt", Encoding.ASCII.GetBytes(Convert.ToBase64String(csv)))],
                Run = (seed, bytes) => Expect(seed.Name, () => CredentialReportParser.Parse(TextInput.Decode(bytes), seed.Name, [])),
            },
            Settings("password-policy", "get-account-password-policy", fuzz, (text, name) => AccountSettingsParser.ParsePasswordPolicy(text, name, [])),
            Settings("account-summary", "get-account-summary", fuzz, (text, name) => AccountSettingsParser.ParseAccountSummary(text, name)),
            Settings("account-aliases", "list-account-aliases", fuzz, (text, name) => AccountSettingsParser.ParseAccountAliases(text, name)),
            Settings("oidc-providers", "list-open-id-connect-providers", fuzz, (text, name) => AccountSettingsParser.ParseOpenIdConnectProviders(text, name)),
            Settings("saml-providers", "list-saml-providers", fuzz, (text, name) => AccountSettingsParser.ParseSamlProviders(text, name)),
            Settings("mfa-devices", "list-virtual-mfa-devices", fuzz, (text, name) => AccountSettingsParser.ParseVirtualMfaDevices(text, name)),
            Settings("access-keys", "list-access-keys", fuzz, (text, name) => AccountSettingsParser.ParseAccessKeys(text, name)),
            Settings("server-certificates", "list-server-certificates", fuzz, (text, name) => AccountSettingsParser.ParseServerCertificates(text, name)),
            Settings(
                "oidc-provider-details",
                "get-open-id-connect-provider",
                fuzz,
                (text, name) => AccountSettingsParser.ParseOpenIdConnectProviderDetails(new OpenIdConnectProvider { Arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, text, name)),
            new()
            {
                Name = "cloudtrail",
                Description = "CloudTrail log objects, plain or gzip (CloudTrailReader.LoadAsync)",
                Kind = InputKind.CloudTrail,
                Seeds = Seeds(Path.Combine(realdata, "cloudtrail"), "*.json"),
                Run = (seed, bytes) => ReadCloudTrail(seed.Name, bytes),
            },
            new()
            {
                Name = "configuration",
                Description = "iamsnapshot.json (RuleConfiguration.Load)",
                Kind = InputKind.Json,
                Seeds = Seeds(fuzz, "iamsnapshot.json"),
                Run = (seed, bytes) => LoadConfiguration(Path.Combine(work, "iamsnapshot.json"), bytes, RuleConfiguration.Load),
            },
            new()
            {
                Name = "baseline",
                Description = "a baseline file (Baseline.Load)",
                Kind = InputKind.Json,
                Seeds = Seeds(fuzz, "baseline.json"),
                Run = (seed, bytes) => LoadConfiguration(Path.Combine(work, "baseline.json"), bytes, Baseline.Load),
            },
        ];
    }

    private static FuzzVerdict LoadSnapshot(string name, byte[] bytes) => Expect(name, () => SnapshotFile.Load(bytes, name));

    private static FuzzVerdict LoadFolder(string folder, FuzzSeed seed, byte[] bytes)
    {
        var file = Path.Combine(folder, seed.Name);
        File.WriteAllBytes(file, bytes);
        try
        {
            new SnapshotFolderSource(folder).LoadAsync().GetAwaiter().GetResult();
            return FuzzVerdict.Success;
        }
        catch (SnapshotFormatException ex)
        {
            return Clear(ex, ex.FilePath.StartsWith(folder, StringComparison.Ordinal) && ex.Message.Contains(ex.FilePath, StringComparison.Ordinal));
        }
        finally
        {
            File.WriteAllBytes(file, seed.Bytes);
        }
    }

    private static FuzzVerdict ReadCloudTrail(string name, byte[] bytes)
    {
        var source = CloudTrailLogSource.FromObjects([new CloudTrailLogObject(name, _ => ValueTask.FromResult<Stream>(new MemoryStream(bytes, writable: false)))]);
        var log = CloudTrailReader.LoadAsync(source).GetAwaiter().GetResult();
        if (log.Diagnostics.IsEmpty)
        {
            return FuzzVerdict.Success;
        }

        var unplaced = log.Diagnostics.FirstOrDefault(d => d.Position.Source != name || string.IsNullOrWhiteSpace(d.Message));
        return unplaced is null ? FuzzVerdict.ClearError : throw new UnclearErrorException($"a diagnostic does not name the log: {unplaced}");
    }

    private static FuzzVerdict LoadConfiguration<T>(string path, byte[] bytes, Func<string, T> load)
    {
        File.WriteAllBytes(path, bytes);
        try
        {
            load(path);
            return FuzzVerdict.Success;
        }
        catch (ConfigurationException ex)
        {
            return Clear(ex, ex.Message.Contains(path, StringComparison.Ordinal) && !ex.Problems.IsDefaultOrEmpty);
        }
    }

    private static FuzzTarget Settings<T>(string name, string file, string fuzz, Func<string, string, T> parse) => new()
    {
        Name = name,
        Description = $"aws iam {file} output (AccountSettingsParser)",
        Kind = InputKind.Json,
        Seeds = Seeds(fuzz, file + ".json"),
        Run = (seed, bytes) => Expect(seed.Name, () => parse(TextInput.Decode(bytes), seed.Name)),
    };

    /// <summary>Runs a loader whose documented error is <see cref="SnapshotFormatException"/>; the error must name the input.</summary>
    private static FuzzVerdict Expect<T>(string name, Func<T> load)
    {
        try
        {
            load();
            return FuzzVerdict.Success;
        }
        catch (SnapshotFormatException ex)
        {
            return Clear(ex, ex.FilePath == name && ex.Message.StartsWith(name + ": ", StringComparison.Ordinal) && ex.Expected.Length > 0);
        }
    }

    private static FuzzVerdict Clear(Exception ex, bool namesTheInput) =>
        namesTheInput ? FuzzVerdict.ClearError : throw new UnclearErrorException("the error does not name the input: " + ex.Message, ex);

    private static FuzzSeed[] Seeds(string folder, string pattern) =>
        [.. Directory.GetFiles(folder, pattern).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(f => new FuzzSeed(Path.GetFileName(f), File.ReadAllBytes(f)))];

    /// <summary>A CloudMapper-style folder: a real authorization-details dump and credential report, and the synthetic settings files.</summary>
    private static FuzzSeed[] FolderSeeds(string realdata, string fuzz) =>
    [
        new("get-account-authorization-details.json", File.ReadAllBytes(Path.Combine(realdata, "authz", "cloudmapper-demo-authz.json"))),
        new("get-credential-report.json", File.ReadAllBytes(Path.Combine(realdata, "credreport", "cloudmapper-demo-get-credential-report.json"))),
        .. Seeds(fuzz, "*.json").Where(s => s.Name.StartsWith("get-", StringComparison.Ordinal) || s.Name.StartsWith("list-", StringComparison.Ordinal)),
    ];

    /// <summary>Saved snapshots of the real dumps, and of the folder (which has every optional part).</summary>
    private static IEnumerable<FuzzSeed> SavedSeeds(IEnumerable<FuzzSeed> authz, string folder)
    {
        foreach (var seed in authz)
        {
            yield return new FuzzSeed("saved-" + seed.Name, SnapshotFile.ToBytes(SnapshotFile.Load(seed.Bytes, seed.Name)));
        }

        AccountSnapshot all = new SnapshotFolderSource(folder).LoadAsync().GetAwaiter().GetResult();
        yield return new FuzzSeed("saved-folder.json", SnapshotFile.ToBytes(all));
    }
}

/// <summary>A loader refused an input with its documented exception, but without saying where: counted as a crash.</summary>
internal sealed class UnclearErrorException(string message, Exception? inner = null) : Exception(message, inner);
