using System.Text;
using System.Text.Json;

namespace IamSnapshot.Aws.Fakes;

/// <summary>One account the fake serves: authorization details in the AWS CLI JSON shape plus the other parts.</summary>
public sealed class FakeAccount
{
    private static readonly string[] Lists = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"];

    /// <summary>Creates an account from <c>get-account-authorization-details</c> JSON (CLI shape).</summary>
    public FakeAccount(string accountId, string authorizationDetailsJson)
    {
        AccountId = accountId;
        AuthorizationDetailsJson = authorizationDetailsJson;
        using var doc = JsonDocument.Parse(authorizationDetailsJson);
        var items = new List<(string, JsonElement)>();
        foreach (var list in Lists)
        {
            if (doc.RootElement.TryGetProperty(list, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(array.EnumerateArray().Select(e => (list, e.Clone())));
            }
        }

        Items = items;
        UserNames = items.Where(i => i.Item1 == "UserDetailList").Select(i => i.Item2.GetProperty("UserName").GetString()!).ToList();
        foreach (var user in UserNames)
        {
            AccessKeys[user] = [new FakeAccessKey(FakeKeyId(user, 1), "Active", "2024-01-02T03:04:05Z")];
        }

        CredentialReportCsv = BuildCredentialReport();
    }

    /// <summary>Loads an account from a file of CLI output.</summary>
    public static FakeAccount FromFile(string accountId, string path) => new(accountId, File.ReadAllText(path));

    /// <summary>The account id.</summary>
    public string AccountId { get; }

    /// <summary>The authorization details as given.</summary>
    public string AuthorizationDetailsJson { get; }

    /// <summary>Every entity in page order: users, groups, roles, policies.</summary>
    public IReadOnlyList<(string List, JsonElement Item)> Items { get; }

    /// <summary>The user names.</summary>
    public IReadOnlyList<string> UserNames { get; }

    /// <summary>The most items one authorization-details page holds (IAM may return fewer than MaxItems).</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The credential report CSV.</summary>
    public byte[] CredentialReportCsv { get; set; }

    /// <summary>When the report was generated.</summary>
    public string CredentialReportGeneratedTime { get; set; } = "2024-05-06T07:08:09Z";

    /// <summary>How many GenerateCredentialReport calls answer STARTED/INPROGRESS before COMPLETE.</summary>
    public int CredentialReportPollsBeforeComplete { get; set; } = 1;

    /// <summary>The password policy fields (XML element → text), or null when the account has none (NoSuchEntity).</summary>
    public Dictionary<string, string>? PasswordPolicy { get; set; } = new()
    {
        ["MinimumPasswordLength"] = "14", ["RequireSymbols"] = "true", ["RequireNumbers"] = "true",
        ["RequireUppercaseCharacters"] = "true", ["RequireLowercaseCharacters"] = "true",
        ["AllowUsersToChangePassword"] = "true", ["ExpirePasswords"] = "false", ["PasswordReusePrevention"] = "24",
    };

    /// <summary>The account summary map.</summary>
    public Dictionary<string, long> Summary { get; set; } = new() { ["Users"] = 0, ["AccountMFAEnabled"] = 1, ["AccountAccessKeysPresent"] = 0 };

    /// <summary>The account aliases.</summary>
    public List<string> Aliases { get; set; } = ["fake-account"];

    /// <summary>OIDC providers.</summary>
    public List<FakeOidcProvider> OidcProviders { get; set; } = [];

    /// <summary>SAML providers.</summary>
    public List<FakeSamlProvider> SamlProviders { get; set; } = [];

    /// <summary>Virtual MFA devices.</summary>
    public List<FakeMfaDevice> MfaDevices { get; set; } = [];

    /// <summary>Access keys per user.</summary>
    public Dictionary<string, List<FakeAccessKey>> AccessKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Server certificates.</summary>
    public List<FakeServerCertificate> ServerCertificates { get; set; } = [];

    /// <summary>Roles that can be assumed into this account (name → role).</summary>
    public Dictionary<string, FakeRole> Roles { get; } = new(StringComparer.Ordinal);

    /// <summary>Internal state of the credential-report flow.</summary>
    internal int GenerateCalls { get; set; }

    /// <summary>A deterministic access key id for a user.</summary>
    public static string FakeKeyId(string user, int n)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(user));
        return "AKIA" + Convert.ToHexString(hash)[..15] + n;
    }

    private byte[] BuildCredentialReport()
    {
        var csv = new StringBuilder("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n");
        csv.Append($"<root_account>,arn:aws:iam::{AccountId}:root,2020-01-01T00:00:00+00:00,not_supported,2024-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        foreach (var (list, item) in Items.Where(i => i.Item1 == "UserDetailList"))
        {
            csv.Append($"{item.GetProperty("UserName").GetString()},{item.GetProperty("Arn").GetString()},2021-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2024-01-02T03:04:05+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}

/// <summary>An OIDC provider.</summary>
public sealed record FakeOidcProvider(string Arn, string Url, IReadOnlyList<string> ClientIds, IReadOnlyList<string> Thumbprints, string CreateDate);

/// <summary>A SAML provider.</summary>
public sealed record FakeSamlProvider(string Arn, string ValidUntil, string CreateDate);

/// <summary>A virtual MFA device; <paramref name="UserName"/> null when unassigned.</summary>
public sealed record FakeMfaDevice(string SerialNumber, string? UserName, string? UserArn, string? EnableDate);

/// <summary>An access key.</summary>
public sealed record FakeAccessKey(string AccessKeyId, string Status, string CreateDate);

/// <summary>A server certificate.</summary>
public sealed record FakeServerCertificate(string Name, string Id, string Arn, string UploadDate, string Expiration);

/// <summary>A role the fake lets callers assume.</summary>
public sealed record FakeRole(string? ExternalId = null, IReadOnlySet<string>? AllowedActions = null);

/// <summary>An account of the fake organization.</summary>
public sealed record FakeOrganizationAccount(string Id, string Name, string Status = "ACTIVE");
