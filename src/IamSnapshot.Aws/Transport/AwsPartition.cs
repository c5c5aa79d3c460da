namespace IamSnapshot.Aws.Transport;

/// <summary>
/// An AWS partition and the fixed facts the capture needs about it. IAM and Organizations are global per
/// partition: they have one endpoint and one signing region whatever region the caller configured, and a
/// request signed for any other region is rejected.
/// </summary>
internal sealed class AwsPartition
{
    private AwsPartition(string name, string dnsSuffix, string defaultRegion, Uri iamEndpoint, string iamSigningRegion, Uri organizationsEndpoint, string organizationsSigningRegion)
    {
        Name = name;
        DnsSuffix = dnsSuffix;
        DefaultRegion = defaultRegion;
        IamEndpoint = iamEndpoint;
        IamSigningRegion = iamSigningRegion;
        OrganizationsEndpoint = organizationsEndpoint;
        OrganizationsSigningRegion = organizationsSigningRegion;
    }

    /// <summary>The commercial partition.</summary>
    public static AwsPartition Aws { get; } = new(
        "aws", "amazonaws.com", "us-east-1",
        new Uri("https://iam.amazonaws.com/"), "us-east-1",
        new Uri("https://organizations.us-east-1.amazonaws.com/"), "us-east-1");

    /// <summary>The China partition.</summary>
    public static AwsPartition China { get; } = new(
        "aws-cn", "amazonaws.com.cn", "cn-north-1",
        new Uri("https://iam.cn-north-1.amazonaws.com.cn/"), "cn-north-1",
        new Uri("https://organizations.cn-northwest-1.amazonaws.com.cn/"), "cn-northwest-1");

    /// <summary>The AWS GovCloud (US) partition.</summary>
    public static AwsPartition GovCloud { get; } = new(
        "aws-us-gov", "amazonaws.com", "us-gov-west-1",
        new Uri("https://iam.us-gov.amazonaws.com/"), "us-gov-west-1",
        new Uri("https://organizations.us-gov-west-1.amazonaws.com/"), "us-gov-west-1");

    /// <summary>The partition name as it appears in ARNs.</summary>
    public string Name { get; }

    /// <summary>The DNS suffix of regional endpoints.</summary>
    public string DnsSuffix { get; }

    /// <summary>The region used when the caller configured none.</summary>
    public string DefaultRegion { get; }

    /// <summary>The IAM endpoint.</summary>
    public Uri IamEndpoint { get; }

    /// <summary>The region IAM requests are signed for.</summary>
    public string IamSigningRegion { get; }

    /// <summary>The Organizations endpoint.</summary>
    public Uri OrganizationsEndpoint { get; }

    /// <summary>The region Organizations requests are signed for.</summary>
    public string OrganizationsSigningRegion { get; }

    /// <summary>Finds a partition by the name used in ARNs.</summary>
    /// <param name="name">The partition name.</param>
    /// <returns>The partition, or null for an unknown name.</returns>
    public static AwsPartition? FromName(string name) => name switch
    {
        "aws" => Aws,
        "aws-cn" => China,
        "aws-us-gov" => GovCloud,
        _ => null,
    };

    /// <summary>
    /// The partition a region belongs to. Decided by the region's prefix, not by the SDK's region table, so that
    /// a region newer than the SDK still resolves, and nothing here probes the network.
    /// </summary>
    /// <param name="region">A region name such as <c>eu-west-1</c>.</param>
    /// <returns>The partition.</returns>
    public static AwsPartition FromRegion(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.StartsWith("cn-", StringComparison.Ordinal))
        {
            return China;
        }

        return region.StartsWith("us-gov-", StringComparison.Ordinal) ? GovCloud : Aws;
    }

    /// <summary>The regional STS endpoint of <paramref name="region"/>; SDK v4 and the CLI v2 use regional STS.</summary>
    /// <param name="region">The region.</param>
    /// <returns>The endpoint URL.</returns>
    public Uri StsEndpoint(string region) => new($"https://sts.{region}.{DnsSuffix}/");

    /// <inheritdoc />
    public override string ToString() => Name;
}
