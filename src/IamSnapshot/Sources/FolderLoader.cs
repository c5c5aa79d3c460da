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
    }
}
