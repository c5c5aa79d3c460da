namespace IamSnapshot.Aws.Transport;

/// <summary>The AWS services the capture calls; each has its own endpoint and signing name.</summary>
internal enum AwsService
{
    /// <summary>IAM (Query protocol, XML).</summary>
    Iam,

    /// <summary>STS (Query protocol, XML).</summary>
    Sts,

    /// <summary>Organizations (JSON 1.1 protocol).</summary>
    Organizations,
}

/// <summary>Where to send a request for one service, and how to sign it.</summary>
/// <param name="Url">The base URL (requests go to its root path).</param>
/// <param name="SigningRegion">The SigV4 scope region.</param>
/// <param name="SigningName">The SigV4 scope service name.</param>
internal sealed record ServiceEndpoint(Uri Url, string SigningRegion, string SigningName);
