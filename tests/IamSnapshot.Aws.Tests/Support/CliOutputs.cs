using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IamSnapshot.Aws.Fakes;

namespace IamSnapshot.Aws.Tests.Support;

/// <summary>
/// Writes what the AWS CLI prints for each call the capture makes, for one fake account, as a folder the import
/// reads. Built from the fake's data directly, never from a capture, so "capture equals import" compares two
/// independent paths.
/// </summary>
internal static class CliOutputs
{
    public static void Write(FakeAccount account, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "get-account-authorization-details.json"), account.AuthorizationDetailsJson);
        Save(folder, "get-credential-report.json", new JsonObject
        {
            ["Content"] = Convert.ToBase64String(account.CredentialReportCsv),
            ["ReportFormat"] = "text/csv",
            ["GeneratedTime"] = account.CredentialReportGeneratedTime,
        });
        if (account.PasswordPolicy is { } policy)
        {
            var fields = new JsonObject();
            foreach (var (name, value) in policy)
            {
                fields[name] = bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(int.Parse(value, CultureInfo.InvariantCulture));
            }

            Save(folder, "get-account-password-policy.json", new JsonObject { ["PasswordPolicy"] = fields });
        }
        else
        {
            File.WriteAllText(Path.Combine(folder, "get-account-password-policy.json"), "{}");
        }

        Save(folder, "get-account-summary.json", new JsonObject { ["SummaryMap"] = new JsonObject(account.Summary.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) });
        Save(folder, "list-account-aliases.json", new JsonObject { ["AccountAliases"] = Array(account.Aliases.Select(a => (JsonNode?)a)) });
        Save(folder, "list-open-id-connect-providers.json", new JsonObject
        {
            ["OpenIDConnectProviderList"] = Array(account.OidcProviders.Select(p => (JsonNode?)new JsonObject { ["Arn"] = p.Arn })),
        });
        var index = 0;
        foreach (var provider in account.OidcProviders)
        {
            Save(folder, $"get-open-id-connect-provider-{++index}.json", new JsonObject
            {
                ["Url"] = provider.Url,
                ["ClientIDList"] = Array(provider.ClientIds.Select(c => (JsonNode?)c)),
                ["ThumbprintList"] = Array(provider.Thumbprints.Select(t => (JsonNode?)t)),
                ["CreateDate"] = provider.CreateDate,
                ["Tags"] = new JsonArray(),
            });
        }

        Save(folder, "list-saml-providers.json", new JsonObject
        {
            ["SAMLProviderList"] = Array(account.SamlProviders.Select(p => (JsonNode?)new JsonObject { ["Arn"] = p.Arn, ["ValidUntil"] = p.ValidUntil, ["CreateDate"] = p.CreateDate })),
        });
        Save(folder, "list-virtual-mfa-devices.json", new JsonObject
        {
            ["VirtualMFADevices"] = Array(account.MfaDevices.Select(d => (JsonNode?)(d.UserName is null
                ? new JsonObject { ["SerialNumber"] = d.SerialNumber }
                : new JsonObject { ["SerialNumber"] = d.SerialNumber, ["User"] = new JsonObject { ["UserName"] = d.UserName, ["Arn"] = d.UserArn }, ["EnableDate"] = d.EnableDate }))),
        });
        Save(folder, "list-access-keys.json", new JsonObject
        {
            ["AccessKeyMetadata"] = Array(account.AccessKeys.SelectMany(user => user.Value.Select(k => (JsonNode?)new JsonObject
            {
                ["UserName"] = user.Key,
                ["AccessKeyId"] = k.AccessKeyId,
                ["Status"] = k.Status,
                ["CreateDate"] = k.CreateDate,
            }))),
        });
        Save(folder, "list-server-certificates.json", new JsonObject
        {
            ["ServerCertificateMetadataList"] = Array(account.ServerCertificates.Select(c => (JsonNode?)new JsonObject
            {
                ["Path"] = "/",
                ["ServerCertificateName"] = c.Name,
                ["ServerCertificateId"] = c.Id,
                ["Arn"] = c.Arn,
                ["UploadDate"] = c.UploadDate,
                ["Expiration"] = c.Expiration,
            })),
        });
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    private static void Save(string folder, string name, JsonNode node) =>
        File.WriteAllText(Path.Combine(folder, name), node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
