using System.Collections.Immutable;
using IamSnapshot.Model;

namespace IamSnapshot.Sources;

/// <summary>Loads a folder of AWS CLI outputs (see <see cref="SnapshotFolderSource"/>).</summary>
internal static class FolderLoader
{
    public const string SourceName = "aws-cli:folder";

    private static readonly string[] AuthorizationDetailsFiles = ["get-account-authorization-details.json", "iam-get-account-authorization-details.json"];
    private static readonly string[] CredentialReportFiles = ["get-credential-report.json", "credential-report.csv", "iam-get-credential-report.json"];
    private static readonly string[] PasswordPolicyFiles = ["get-account-password-policy.json", "iam-get-account-password-policy.json"];
    private static readonly string[] AccountSummaryFiles = ["get-account-summary.json", "iam-get-account-summary.json"];
    private static readonly string[] AccountAliasesFiles = ["list-account-aliases.json", "iam-list-account-aliases.json"];
    private static readonly string[] OpenIdConnectFiles = ["list-open-id-connect-providers.json", "iam-list-open-id-connect-providers.json"];
    private static readonly string[] SamlFiles = ["list-saml-providers.json", "iam-list-saml-providers.json"];
    private static readonly string[] MfaDeviceFiles = ["list-virtual-mfa-devices.json", "iam-list-virtual-mfa-devices.json"];
    private static readonly string[] AccessKeyFiles = ["list-access-keys.json", "iam-list-access-keys.json"];
    private static readonly string[] ServerCertificateFiles = ["list-server-certificates.json", "iam-list-server-certificates.json"];

    // get-open-id-connect-provider prints no ARN and the CLI has no call for all providers, so each provider's output is
    // its own file, named freely after this prefix (get-open-id-connect-provider-github.json), and joined to the
    // listed provider by its Url.
    private static readonly string[] OpenIdConnectDetailPrefixes = ["get-open-id-connect-provider", "iam-get-open-id-connect-provider"];

    public static AccountSnapshot Load(string folder, ImportOptions? options, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            throw new SnapshotFormatException(folder, string.Empty, "expected a folder of AWS CLI outputs; the folder does not exist");
        }

        var files = new FolderFiles(folder);
        var warnings = new List<SnapshotWarning>();
        var authzPath = files.Find(AuthorizationDetailsFiles)
            ?? throw new SnapshotFormatException(
                folder, string.Empty, $"expected {AuthorizationDetailsFiles[0]} (or {AuthorizationDetailsFiles[1]}) in the folder; it is the one file a folder import needs");

        AccountSnapshot entities;
        using (var document = JsonInput.ParseFile(authzPath, options))
        {
            if (!AuthorizationDetailsLoader.Recognises(document.RootElement))
            {
                throw new SnapshotFormatException(
                    authzPath, "$", "expected get-account-authorization-details output: an object with UserDetailList, GroupDetailList, RoleDetailList or Policies");
            }

            entities = AuthorizationDetailsLoader.Load(document.RootElement, authzPath, SnapshotFile.ImportMetadata(SourceName, options));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var parts = new OptionalParts();
        if (files.Find(CredentialReportFiles) is { } reportPath)
        {
            parts.CredentialReport = CredentialReportParser.Load(reportPath, warnings, options);
            CheckUsers(entities, parts.CredentialReport, reportPath, warnings);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (files.Find(PasswordPolicyFiles) is { } policyPath)
        {
            parts.PasswordPolicy = AccountSettingsParser.ParsePasswordPolicy(TextInput.ReadFile(policyPath, options), policyPath, warnings, options);
        }

        parts.AccountSummary = Read(files.Find(AccountSummaryFiles), options, AccountSettingsParser.ParseAccountSummary);
        parts.AccountAliases = ReadList(files.Find(AccountAliasesFiles), options, AccountSettingsParser.ParseAccountAliases);
        parts.OpenIdConnectProviders = ReadList(files.Find(OpenIdConnectFiles), options, AccountSettingsParser.ParseOpenIdConnectProviders);
        parts.SamlProviders = ReadList(files.Find(SamlFiles), options, AccountSettingsParser.ParseSamlProviders);
        parts.VirtualMfaDevices = ReadList(files.Find(MfaDeviceFiles), options, AccountSettingsParser.ParseVirtualMfaDevices);
        parts.OpenIdConnectProviders = AddOpenIdConnectDetails(parts.OpenIdConnectProviders, files.FindByPrefix(OpenIdConnectDetailPrefixes), options, warnings);
        if (files.Find(AccessKeyFiles) is { } keysPath)
        {
            parts.AccessKeys = AccountSettingsParser.ParseAccessKeys(TextInput.ReadFile(keysPath, options), keysPath, options);
            CheckKeyOwners(entities, parts.AccessKeys.Value, keysPath, warnings);
        }

        parts.ServerCertificates = ReadList(files.Find(ServerCertificateFiles), options, AccountSettingsParser.ParseServerCertificates);

        var metadata = entities.Metadata with
        {
            // An AWS CLI dump records no time; the report's generation time is the best stand-in, and it is a fact
            // of the input, so re-importing the same folder still gives the same bytes.
            CapturedAt = options?.CapturedAt ?? parts.CredentialReport?.GeneratedAt,
            AccountId = entities.Metadata.AccountId ?? ReportAccountId(parts.CredentialReport),
        };
        CheckAccount(entities.Metadata.AccountId, parts.CredentialReport, files.Find(CredentialReportFiles), warnings);

        foreach (var warning in warnings)
        {
            options?.OnWarning?.Invoke(warning);
        }

        return parts.ApplyTo(entities, metadata);
    }

    private static T? Read<T>(string? path, ImportOptions? options, Func<string, string?, ImportOptions?, T> parse)
        where T : class =>
        path is null ? null : parse(TextInput.ReadFile(path, options), path, options);

    private static ImmutableArray<T>? ReadList<T>(string? path, ImportOptions? options, Func<string, string?, ImportOptions?, ImmutableArray<T>> parse) =>
        path is null ? null : parse(TextInput.ReadFile(path, options), path, options);

    /// <summary>
    /// Joins each <c>get-open-id-connect-provider*.json</c> file to the listed provider whose ARN names its Url. A file
    /// that matches no listed provider, or comes without the list, is reported and left out; two files for one provider
    /// are an error.
    /// </summary>
    private static ImmutableArray<OpenIdConnectProvider>? AddOpenIdConnectDetails(ImmutableArray<OpenIdConnectProvider>? listed, string[] detailFiles, ImportOptions? options, List<SnapshotWarning> warnings)
    {
        if (detailFiles.Length == 0)
        {
            return listed;
        }

        if (listed is not { } providers)
        {
            foreach (var file in detailFiles)
            {
                warnings.Add(new SnapshotWarning(file, string.Empty, $"left out: provider details need {OpenIdConnectFiles[0]} in the folder, which names the providers' ARNs"));
            }

            return null;
        }

        var byUrl = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < providers.Length; i++)
        {
            if (AccountSettingsParser.OpenIdConnectUrlOf(providers[i].Arn) is { } url)
            {
                byUrl.TryAdd(url, i);
            }
        }

        var result = providers.ToBuilder();
        var sources = new Dictionary<int, string>();
        foreach (var file in detailFiles)
        {
            var text = TextInput.ReadFile(file, options);
            var url = AccountSettingsParser.ParseOpenIdConnectProviderUrl(text, file, options);
            if (!byUrl.TryGetValue(url, out var index))
            {
                warnings.Add(new SnapshotWarning(file, "$.Url", $"left out: no provider in {OpenIdConnectFiles[0]} has the URL {url}"));
                continue;
            }

            if (sources.TryGetValue(index, out var other))
            {
                throw new SnapshotFormatException(file, "$.Url", $"expected one details file per provider; {Path.GetFileName(other)} is also for {providers[index].Arn}");
            }

            sources[index] = file;
            result[index] = AccountSettingsParser.ParseOpenIdConnectProviderDetails(providers[index], text, file, options);
        }

        return result.ToImmutable();
    }

    /// <summary>Warns about access keys of users the authorization details do not have (they are kept).</summary>
    private static void CheckKeyOwners(AccountSnapshot entities, ImmutableArray<AccessKeyMetadata> keys, string keysPath, List<SnapshotWarning> warnings)
    {
        if (!entities.Metadata.Has(SnapshotParts.Users))
        {
            return;
        }

        var users = entities.Users.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var user in keys.Select(k => k.UserName).Distinct(StringComparer.Ordinal).Where(u => !users.Contains(u)))
        {
            warnings.Add(new SnapshotWarning(keysPath, string.Empty, $"user {user} has access keys but is not in the authorization details; its keys are kept"));
        }
    }

    /// <summary>Warns, in both directions, about users the credential report and the authorization details do not share.</summary>
    private static void CheckUsers(AccountSnapshot entities, CredentialReport report, string reportPath, List<SnapshotWarning> warnings)
    {
        if (!entities.Metadata.Has(SnapshotParts.Users))
        {
            return;
        }

        foreach (var entry in report.Users.Where(e => entities.FindEntity(e.Arn) is not IamUser))
        {
            warnings.Add(new SnapshotWarning(
                reportPath, string.Empty, $"{entry.Arn} is in the credential report but not in the authorization details; its row is kept as a credential-only entry"));
        }

        foreach (var user in entities.Users.Where(u => report.FindUser(u.Arn) is null))
        {
            warnings.Add(new SnapshotWarning(
                reportPath, string.Empty, $"{user.Arn} has no row in the credential report (created after the report was generated?)"));
        }
    }

    private static void CheckAccount(string? authzAccount, CredentialReport? report, string? reportPath, List<SnapshotWarning> warnings)
    {
        var reportAccount = ReportAccountId(report);
        if (authzAccount is not null && reportAccount is not null && !string.Equals(authzAccount, reportAccount, StringComparison.Ordinal))
        {
            warnings.Add(new SnapshotWarning(
                reportPath, string.Empty, $"the credential report is for account {reportAccount} but the authorization details are for {authzAccount}; are the files from one account?"));
        }
    }

    /// <summary>The account id of the report's ARNs (the root row first), when they hold a 12-digit one.</summary>
    private static string? ReportAccountId(CredentialReport? report) =>
        report is null
            ? null
            : AuthorizationDetailsLoader.InferAccount(report.Entries.Select(e => e.Arn)).AccountId;

    /// <summary>The files of the folder, matched to the expected names ignoring case.</summary>
    private sealed class FolderFiles(string folder)
    {
        private readonly string[] _files = Directory.GetFiles(folder);

        /// <summary>The one file with one of <paramref name="names"/>, or null; two candidates for one part is an error.</summary>
        public string? Find(string[] names)
        {
            var found = _files
                .Where(f => names.Contains(Path.GetFileName(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToArray();
            return found.Length switch
            {
                0 => null,
                1 => found[0],
                _ => throw new SnapshotFormatException(
                    folder,
                    string.Empty,
                    $"expected one file for each part, found {string.Join(" and ", found.Select(Path.GetFileName))}; remove all but one"),
            };
        }

        /// <summary>The JSON files whose name starts with one of <paramref name="prefixes"/> (ignoring case), sorted.</summary>
        public string[] FindByPrefix(string[] prefixes) =>
            _files
                .Where(f => Path.GetFileName(f) is var name
                    && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                    && prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                .Order(StringComparer.Ordinal)
                .ToArray();
    }
}
