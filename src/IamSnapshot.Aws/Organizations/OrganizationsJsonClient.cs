using System.Net.Http.Headers;
using System.Text.Json;
using IamSnapshot.Aws.Iam;
using IamSnapshot.Aws.Transport;

namespace IamSnapshot.Aws.Organizations;

/// <summary>
/// Organizations over its JSON 1.1 protocol (<c>X-Amz-Target: AWSOrganizationsV20161128.&lt;Op&gt;</c>), because
/// AWSSDK.Organizations is not available to this project. Same signed transport as IAM.
/// </summary>
internal sealed class OrganizationsJsonClient : IOrganizationsClient
{
    private const string TargetPrefix = "AWSOrganizationsV20161128.";
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");

    private readonly AwsHttpTransport _transport;

    /// <summary>Creates a client.</summary>
    /// <param name="transport">The signed transport.</param>
    public OrganizationsJsonClient(AwsHttpTransport transport)
    {
        _transport = transport;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        const string Operation = "ListAccounts";
        var accounts = new List<OrganizationAccount>();
        string? nextToken = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var request = nextToken is null ? "{}"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["NextToken"] = nextToken }, AwsJsonContext.Default.DictionaryStringString);
            var body = await _transport.SendAsync(
                AwsService.Organizations,
                Operation,
                () => new ByteArrayContent(request) { Headers = { ContentType = JsonContentType } },
                [new("X-Amz-Target", TargetPrefix + Operation)],
                cancellationToken).ConfigureAwait(false);

            nextToken = ParsePage(body, accounts);
            if (nextToken is not null && !seen.Add(nextToken))
            {
                throw QueryXmlToJson.Malformed(Operation, "$.NextToken", "the same NextToken came back twice, so paging would never end");
            }
        }
        while (nextToken is not null);

        return accounts;
    }

    private static string? ParsePage(byte[] body, List<OrganizationAccount> accounts)
    {
        const string Operation = "ListAccounts";
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Accounts", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw QueryXmlToJson.Malformed(Operation, "$.Accounts", "expected an array of accounts");
            }

            var index = 0;
            foreach (var account in list.EnumerateArray())
            {
                var id = String(account, "Id");
                if (id is null || id.Length != 12 || !id.All(char.IsAsciiDigit))
                {
                    throw QueryXmlToJson.Malformed(Operation, $"$.Accounts[{index}].Id", "expected a 12-digit account id");
                }

                // Newer responses carry "State" next to the deprecated "Status"; either says ACTIVE.
                var status = String(account, "State") ?? String(account, "Status") ?? "UNKNOWN";
                accounts.Add(new OrganizationAccount(id, String(account, "Name") ?? string.Empty, status));
                index++;
            }

            return root.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } next ? next : null;
        }
        catch (JsonException ex)
        {
            throw QueryXmlToJson.Malformed(Operation, "the response body", $"not valid JSON ({ex.Message})");
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
