namespace IamSnapshot.Aws.Transport;

/// <summary>
/// Decides the URL and signing scope of each service. Precedence follows the AWS CLI and SDKs: an explicit
/// endpoint URL (<c>--endpoint-url</c>) first, then <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then
/// <c>AWS_ENDPOINT_URL</c>, unless <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>; otherwise the partition's
/// own endpoint. Overriding the URL never changes the signing scope, so a local emulator sees the same
/// signatures AWS would.
/// </summary>
internal sealed class EndpointResolver
{
    private readonly AwsPartition _partition;
    private readonly string _region;
    private readonly Uri? _explicitUrl;
    private readonly Func<string, string?> _environment;

    /// <summary>Creates a resolver.</summary>
    /// <param name="partition">The partition of the account being captured.</param>
    /// <param name="region">The configured region (used for STS).</param>
    /// <param name="explicitUrl">The explicit endpoint override, or null.</param>
    /// <param name="environment">Reads an environment variable.</param>
    public EndpointResolver(AwsPartition partition, string region, Uri? explicitUrl, Func<string, string?> environment)
    {
        _partition = partition;
        _region = region;
        _explicitUrl = explicitUrl;
        _environment = environment;
    }

    /// <summary>The endpoint of <paramref name="service"/>.</summary>
    /// <param name="service">The service.</param>
    /// <returns>The URL and signing scope.</returns>
    public ServiceEndpoint Resolve(AwsService service)
    {
        var (defaultUrl, signingRegion, signingName, envSuffix) = service switch
        {
            AwsService.Iam => (_partition.IamEndpoint, _partition.IamSigningRegion, "iam", "IAM"),
            AwsService.Sts => (_partition.StsEndpoint(_region), _region, "sts", "STS"),
            AwsService.Organizations => (_partition.OrganizationsEndpoint, _partition.OrganizationsSigningRegion, "organizations", "ORGANIZATIONS"),
            _ => throw new ArgumentOutOfRangeException(nameof(service)),
        };
        return new ServiceEndpoint(Override(envSuffix) ?? defaultUrl, signingRegion, signingName);
    }

    private Uri? Override(string envSuffix)
    {
        if (_explicitUrl is not null)
        {
            return _explicitUrl;
        }

        if (string.Equals(_environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return ParseUrl(_environment("AWS_ENDPOINT_URL_" + envSuffix), "AWS_ENDPOINT_URL_" + envSuffix)
            ?? ParseUrl(_environment("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL");
    }

    private static Uri? ParseUrl(string? value, string variable)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new AwsCaptureException(AwsFailureKind.Configuration, $"The environment variable {variable} is not an http(s) URL: '{value}'.");
        }

        return url;
    }
}
