using IamSnapshot.Model;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Builds and splits IAM ARNs (<c>arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME</c>). Nothing is validated:
/// anonymised logs carry invented regions and non-numeric account fields.
/// </summary>
internal static class IamArn
{
    public static string Build(string partition, string account, EntityKind kind, string name, string? path) => kind switch
    {
        EntityKind.Account => Root(partition, account),
        _ => $"arn:{partition}:iam::{account}:{TypeOf(kind)}{NormalizePath(path)}{name}",
    };

    public static string Root(string partition, string account) => $"arn:{partition}:iam::{account}:root";

    public static string TypeOf(EntityKind kind) => kind switch
    {
        EntityKind.User => "user",
        EntityKind.Group => "group",
        EntityKind.Role => "role",
        EntityKind.ManagedPolicy => "policy",
        EntityKind.InstanceProfile => "instance-profile",
        _ => string.Empty,
    };

    /// <summary>The partition of an ARN (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>, …), or null when the text is not an ARN.</summary>
    public static string? PartitionOf(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var end = arn.IndexOf(':', 4);
        return end > 4 ? arn[4..end] : null;
    }

    /// <summary>The partition that a region belongs to, from its prefix; <c>aws</c> for anything else.</summary>
    public static string PartitionOfRegion(string? region) => region switch
    {
        null => "aws",
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => "aws-cn",
        _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => "aws-us-gov",
        _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "aws-iso-b",
        _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "aws-iso",
        _ when region.StartsWith("eusc-", StringComparison.Ordinal) => "aws-eusc",
        _ => "aws",
    };

    /// <summary>The region where a partition records IAM (a global service) events.</summary>
    public static string GlobalRegionOf(string partition) => partition switch
    {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        "aws-iso" => "us-iso-east-1",
        "aws-iso-b" => "us-isob-east-1",
        "aws-eusc" => "eusc-de-east-1",
        _ => "us-east-1",
    };

    /// <summary>Splits <c>arn:p:iam::acct:type/path/name</c>; false when the text is not shaped like an IAM ARN.</summary>
    public static bool TrySplit(string? arn, out string partition, out string account, out string type, out string path, out string name)
    {
        partition = account = type = path = name = string.Empty;
        if (arn is null)
        {
            return false;
        }

        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn")
        {
            return false;
        }

        partition = parts[1];
        account = parts[4];
        var resource = parts[5];
        var firstSlash = resource.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash < 0)
        {
            type = resource;
            path = "/";
            name = resource;
            return true;
        }

        var lastSlash = resource.LastIndexOf('/');
        type = resource[..firstSlash];
        path = resource[firstSlash..(lastSlash + 1)];
        name = resource[(lastSlash + 1)..];
        return true;
    }

    /// <summary>The entity kind an ARN's resource type names, or null.</summary>
    public static EntityKind? KindOf(string type) => type switch
    {
        "user" => EntityKind.User,
        "group" => EntityKind.Group,
        "role" => EntityKind.Role,
        "policy" => EntityKind.ManagedPolicy,
        "instance-profile" => EntityKind.InstanceProfile,
        "root" => EntityKind.Account,
        _ => null,
    };

    public static string NormalizePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return "/";
        }

        var trimmed = path.Trim('/');
        return "/" + trimmed + "/";
    }
}
