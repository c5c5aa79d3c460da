using System.Globalization;
using IamSnapshot.Aws.Iam;
using IamSnapshot.Aws.Transport;

namespace IamSnapshot.Aws.Sts;

/// <summary>STS over the Query API (<c>Version=2011-06-15</c>), on the same signed transport as IAM.</summary>
internal sealed class StsQueryClient : IStsClient
{
    private readonly QueryProtocol _query;

    /// <summary>Creates a client.</summary>
    /// <param name="transport">The signed transport.</param>
    public StsQueryClient(AwsHttpTransport transport)
    {
        _query = new QueryProtocol(transport, AwsService.Sts, "2011-06-15");
    }

    /// <inheritdoc />
    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
    {
        const string Operation = "GetCallerIdentity";
        var result = await _query.CallAsync(Operation, [], cancellationToken).ConfigureAwait(false);
        var account = Required(result.ChildText("Account"), Operation, "Account");
        if (account.Length != 12 || !account.All(char.IsAsciiDigit))
        {
            throw QueryXmlToJson.Malformed(Operation, "/GetCallerIdentityResponse/GetCallerIdentityResult/Account", $"expected a 12-digit account id, found '{account}'");
        }

        return new CallerIdentity(account, Required(result.ChildText("Arn"), Operation, "Arn"), result.ChildText("UserId") ?? string.Empty);
    }

    /// <inheritdoc />
    public async Task<TemporaryCredentials> AssumeRoleAsync(string roleArn, string sessionName, string? externalId, TimeSpan duration, CancellationToken cancellationToken)
    {
        const string Operation = "AssumeRole";
        List<KeyValuePair<string, string>> parameters =
        [
            new("RoleArn", roleArn),
            new("RoleSessionName", sessionName),
            new("DurationSeconds", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
        ];
        if (externalId is not null)
        {
            parameters.Add(new("ExternalId", externalId));
        }

        var result = await _query.CallAsync(Operation, parameters, cancellationToken).ConfigureAwait(false);
        var credentials = result.Child("Credentials")
            ?? throw QueryXmlToJson.Malformed(Operation, "/AssumeRoleResponse/AssumeRoleResult", "<Credentials> is missing");
        var expirationText = Required(credentials.ChildText("Expiration"), Operation, "Credentials/Expiration");
        if (!DateTimeOffset.TryParse(expirationText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiration))
        {
            throw QueryXmlToJson.Malformed(Operation, "/AssumeRoleResponse/AssumeRoleResult/Credentials/Expiration", $"expected a timestamp, found '{expirationText}'");
        }

        return new TemporaryCredentials(
            Required(credentials.ChildText("AccessKeyId"), Operation, "Credentials/AccessKeyId"),
            Required(credentials.ChildText("SecretAccessKey"), Operation, "Credentials/SecretAccessKey"),
            Required(credentials.ChildText("SessionToken"), Operation, "Credentials/SessionToken"),
            expiration);
    }

    private static string Required(string? value, string operation, string path) =>
        string.IsNullOrEmpty(value)
            ? throw QueryXmlToJson.Malformed(operation, $"/{operation}Response/{operation}Result/{path}", "the element is missing or empty")
            : value;
}
