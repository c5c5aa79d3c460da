using System.Globalization;
using IamSnapshot.Diffing;
using IamSnapshot.Model;

namespace IamSnapshot.Rules.BuiltIn;

/// <summary>One access-key column of a credential-report row, with the names messages and paths use for it.</summary>
/// <param name="Label">How messages name the column (<c>access key 1</c>).</param>
/// <param name="Path">The property path of the column (<c>/credentials/accessKey1</c>).</param>
/// <param name="Key">The key.</param>
internal sealed record AccessKeySlot(string Label, string Path, AccessKeyCredential Key);

/// <summary>One signing-certificate column of a credential-report row.</summary>
/// <param name="Label">How messages name the column (<c>signing certificate 1</c>).</param>
/// <param name="Path">The property path of the column.</param>
/// <param name="Certificate">The certificate.</param>
internal sealed record CertificateSlot(string Label, string Path, SigningCertificateCredential Certificate);

/// <summary>What the credential rules share: the reference time, key identity, row pairs of a diff, wording.</summary>
internal static class CredentialFacts
{
    /// <summary>
    /// The time ages are judged against: the snapshot's capture time, else (capture time unknown) the credential
    /// report's generation time, else null (age rules then stay silent). Never the wall clock, so a saved snapshot
    /// gives the same findings forever.
    /// </summary>
    public static DateTimeOffset? ReferenceTime(AccountSnapshot snapshot) =>
        snapshot.Metadata.CapturedAt ?? snapshot.CredentialReport?.GeneratedAt;

    /// <summary>The ARN account-level findings are reported on (the account's root ARN).</summary>
    public static string AccountArn(AccountSnapshot snapshot) => AccountPartsDiffer.AccountArn(snapshot);

    public static IEnumerable<AccessKeySlot> AccessKeys(CredentialReportEntry row) =>
    [
        new("access key 1", "/credentials/accessKey1", row.AccessKey1),
        new("access key 2", "/credentials/accessKey2", row.AccessKey2),
    ];

    public static IEnumerable<CertificateSlot> Certificates(CredentialReportEntry row) =>
    [
        new("signing certificate 1", "/credentials/certificate1", row.Certificate1),
        new("signing certificate 2", "/credentials/certificate2", row.Certificate2),
    ];

    /// <summary>
    /// The same access key in another row of the principal, matched by creation date (<c>last_rotated</c>), not by
    /// column: a key is never rotated in place, so its creation date identifies it, and a key that shows up in the
    /// other column (after the first was deleted) is not a new key.
    /// </summary>
    public static AccessKeyCredential? SameKey(CredentialReportEntry row, AccessKeyCredential key) =>
        key.LastRotated.HasValue ? AccessKeys(row).Select(s => s.Key).FirstOrDefault(k => k.LastRotated == key.LastRotated) : null;

    /// <summary>The same signing certificate in another row, matched by its date as <see cref="SameKey"/> does.</summary>
    public static SigningCertificateCredential? SameCertificate(CredentialReportEntry row, SigningCertificateCredential certificate) =>
        certificate.LastRotated.HasValue ? Certificates(row).Select(s => s.Certificate).FirstOrDefault(c => c.LastRotated == certificate.LastRotated) : null;

    /// <summary>A finding subject for a key that survives the key moving column: its creation date, else its column.</summary>
    public static string KeySubject(AccessKeySlot slot) =>
        slot.Key.LastRotated.Value is { } created ? "access key created " + Timestamp(created) : slot.Label;

    /// <summary>Whether the root user can sign in or call APIs at all (centrally managed accounts have no root credentials).</summary>
    public static bool HasAnyCredential(CredentialReportEntry row) =>
        row.Password.Status != PasswordStatus.Disabled
        || AccessKeys(row).Any(s => s.Key.Active)
        || Certificates(row).Any(s => s.Certificate.Active);

    /// <summary>
    /// The row pairs (before, after) of users whose credentials changed in the diff: joined users (renames follow
    /// the previous ARN) and credential-only users. Empty unless both snapshots have a credential report.
    /// </summary>
    public static IEnumerable<(EntityChange Change, CredentialReportEntry Before, CredentialReportEntry After)> ChangedUserRows(ChangeRuleContext context)
    {
        if (context.Before.CredentialReport is not { } before || context.After.CredentialReport is not { } after)
        {
            yield break;
        }

        foreach (var change in context.Diff.Changes.Where(c => c.EntityType == EntityKind.User && c.Properties.Any(p => p.Path.StartsWith(AccountPartsDiffer.CredentialsPrefix, StringComparison.Ordinal))))
        {
            if (before.FindUser(change.PreviousArn ?? change.Arn) is { } old && after.FindUser(change.Arn) is { } @new)
            {
                yield return (change, old, @new);
            }
        }
    }

    /// <summary>
    /// Whether both snapshots hold the access-key part. Key ids then tell new, replaced and reactivated keys exactly,
    /// and they come from the capture itself rather than from a credential report that may be hours older, so the key
    /// rules use them instead of the report's columns.
    /// </summary>
    public static bool HasKeyIds(ChangeRuleContext context) => context.Before.AccessKeys is not null && context.After.AccessKeys is not null;

    /// <summary>
    /// The key-level property changes of users (<c>/credentials/accessKeys/KEYID</c> and <c>…/status</c>), each with
    /// the key as it is after; removed keys are left out.
    /// </summary>
    public static IEnumerable<(EntityChange Change, AccessKeyMetadata Key, PropertyChange Property)> KeyChanges(ChangeRuleContext context)
    {
        const string Prefix = AccountPartsDiffer.CredentialsPrefix + "accessKeys/";
        foreach (var change in context.Diff.Changes.Where(c => c.EntityType == EntityKind.User))
        {
            foreach (var property in change.Properties.Where(p => p.Path.StartsWith(Prefix, StringComparison.Ordinal)))
            {
                var rest = property.Path[Prefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                var id = SnapshotDiffer.Unsegment(slash < 0 ? rest : rest[..slash]);
                if (context.After.AccessKeysOf(change.Name).FirstOrDefault(k => string.Equals(k.AccessKeyId, id, StringComparison.Ordinal)) is { } key)
                {
                    yield return (change, key, property);
                }
            }
        }
    }

    /// <summary>The root rows of both snapshots, when both reports have one.</summary>
    public static (CredentialReportEntry Before, CredentialReportEntry After)? RootRows(ChangeRuleContext context) =>
        context.Before.CredentialReport?.Root is { } before && context.After.CredentialReport?.Root is { } after ? (before, after) : null;

    /// <summary>The account change of the diff, when there is one.</summary>
    public static EntityChange? AccountChange(ChangeRuleContext context) =>
        context.Diff.Changes.FirstOrDefault(c => c.EntityType == EntityKind.Account);

    /// <summary>Whole days from <paramref name="date"/> to <paramref name="reference"/> (never negative).</summary>
    public static int DaysBetween(DateTimeOffset date, DateTimeOffset reference) => Math.Max(0, (int)Math.Floor((reference - date).TotalDays));

    public static string Day(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"created 2011-08-19, last used 2015-07-04 (s3, us-east-1)" or "created 2011-08-19, never used".</summary>
    public static string Describe(AccessKeyCredential key)
    {
        var created = key.LastRotated.Value is { } rotated ? "created " + Day(rotated) : "creation date unknown";
        if (key.LastUsed.Value is not { } used)
        {
            return created + ", never used";
        }

        var where = string.Join(", ", new[] { key.LastUsedService, key.LastUsedRegion }.OfType<string>());
        return $"{created}, last used {Day(used)}{(where.Length > 0 ? $" ({where})" : string.Empty)}";
    }
}
