using Amazon.Runtime;
using Amazon.S3;
using IamSnapshot.Aws.Capture;

namespace IamSnapshot.Aws.S3;

/// <summary>Creates S3 clients with a capture's credentials, region and endpoint override.</summary>
internal static class S3Clients
{
    /// <summary>
    /// Creates a client with the credentials, region and endpoint URL of <paramref name="aws"/> (its role is not
    /// assumed: stores and log buckets are read and written by the caller's own identity).
    /// </summary>
    /// <param name="aws">Credentials, profile, region and endpoint URL.</param>
    /// <param name="cancellationToken">Cancels credential resolution.</param>
    /// <returns>The client; the caller disposes it.</returns>
    /// <exception cref="AwsCaptureException">No credentials were found.</exception>
    public static async Task<AmazonS3Client> CreateAsync(AwsCaptureOptions aws, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var credentials = await AwsSession.ResolveCredentialsAsync(aws).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: no aws-chunked uploads, so any S3-compatible endpoint accepts the body.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = aws.MaxRetryAttempts,
        };
        var region = AwsSession.ResolveRegionName(aws);
        if (aws.EndpointUrl is not null)
        {
            config.ServiceURL = aws.EndpointUrl.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonS3Client(credentials, config);
    }
}
