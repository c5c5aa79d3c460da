namespace IamSnapshot.Aws.Transport;

/// <summary>The pieces of a role ARN: <c>arn:PARTITION:iam::ACCOUNT:role/PATH/NAME</c>.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="AccountId">The 12-digit account id.</param>
/// <param name="Name">The role name (last path segment).</param>
internal sealed record RoleArnParts(AwsPartition Partition, string AccountId, string Name)
{
    /// <summary>Parses a role ARN.</summary>
    /// <param name="arn">The ARN.</param>
    /// <param name="parts">The pieces, when the ARN is valid.</param>
    /// <returns>Whether the ARN is a role ARN of a known partition.</returns>
    public static bool TryParse(string arn, out RoleArnParts parts)
    {
        parts = null!;
        var fields = arn.Split(':', 6);
        if (fields.Length != 6 || fields[0] != "arn" || fields[2] != "iam" || fields[3].Length != 0)
        {
            return false;
        }

        var partition = AwsPartition.FromName(fields[1]);
        var account = fields[4];
        var resource = fields[5];
        if (partition is null || account.Length != 12 || !account.All(char.IsAsciiDigit) || !resource.StartsWith("role/", StringComparison.Ordinal))
        {
            return false;
        }

        var name = resource[(resource.LastIndexOf('/') + 1)..];
        if (name.Length == 0)
        {
            return false;
        }

        parts = new RoleArnParts(partition, account, name);
        return true;
    }
}
