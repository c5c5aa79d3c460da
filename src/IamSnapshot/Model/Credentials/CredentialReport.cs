using System.Collections.Frozen;
using System.Collections.Immutable;

namespace IamSnapshot.Model;

/// <summary>
/// The IAM credential report of an account: the root row, one row per IAM user, and the time AWS generated it.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Real reports can hold the same user twice (an edited file, or a user deleted and re-created while the report was
/// built). The first row of an ARN, in report order, is the user's row (<see cref="Users"/>, <see cref="Root"/>); every
/// later row with the same ARN is kept, in report order, in <see cref="Duplicates"/>, so nothing is dropped and the
/// choice is visible. Readers also report each duplicate as a warning naming its line.
/// </remarks>
public sealed class CredentialReport
{
    private readonly FrozenDictionary<string, CredentialReportEntry> _usersByArn;

    /// <summary>Creates a report from its rows.</summary>
    /// <param name="entries">Every row in report order, the root row included.</param>
    /// <param name="generatedAt">When AWS generated the report, or null when the input did not say (a CSV download).</param>
    public CredentialReport(IEnumerable<CredentialReportEntry> entries, DateTimeOffset? generatedAt)
    {
        ArgumentNullException.ThrowIfNull(entries);
        GeneratedAt = generatedAt?.ToUniversalTime();

        var first = new Dictionary<string, CredentialReportEntry>(StringComparer.Ordinal);
        var duplicates = ImmutableArray.CreateBuilder<CredentialReportEntry>();
        CredentialReportEntry? root = null;
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (!first.TryAdd(entry.Arn, entry))
            {
                duplicates.Add(entry);
            }
            else if (entry.IsRoot && root is null)
            {
                root = entry;
            }
        }

        Root = root;
        Users = first.Values
            .Where(e => !ReferenceEquals(e, root))
            .OrderBy(e => e.Arn, StringComparer.Ordinal)
            .ToImmutableArray();
        Duplicates = duplicates.ToImmutable();
        _usersByArn = Users.ToFrozenDictionary(e => e.Arn, StringComparer.Ordinal);
    }

    /// <summary>When AWS generated the report (UTC), or null when the input did not say.</summary>
    public DateTimeOffset? GeneratedAt { get; }

    /// <summary>The root user's row, or null when the report has none.</summary>
    public CredentialReportEntry? Root { get; }

    /// <summary>One row per IAM user (the first row of each ARN), sorted by ARN (ordinal). Excludes <see cref="Root"/>.</summary>
    public ImmutableArray<CredentialReportEntry> Users { get; }

    /// <summary>Rows whose ARN appeared on an earlier row, in report order. Usually empty.</summary>
    public ImmutableArray<CredentialReportEntry> Duplicates { get; }

    /// <summary>Every row in a fixed order: the root row, the users by ARN, then the duplicates in report order.</summary>
    public IEnumerable<CredentialReportEntry> Entries =>
        (Root is null ? [] : new[] { Root }).Concat(Users).Concat(Duplicates);

    /// <summary>Finds the row of an IAM user by ARN (ordinal). The root row is found through <see cref="Root"/>.</summary>
    /// <param name="arn">The user's ARN.</param>
    /// <returns>The user's row, or null when the report has none.</returns>
    public CredentialReportEntry? FindUser(string arn) => _usersByArn.GetValueOrDefault(arn);
}
