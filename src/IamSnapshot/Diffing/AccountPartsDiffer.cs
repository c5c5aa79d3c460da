using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using IamSnapshot.Model;
using IamSnapshot.Serialization;
using IamSnapshot.Sources;

namespace IamSnapshot.Diffing;

/// <summary>
/// Compares the account-level parts of two snapshots: credential-report rows (joined to users by ARN), access-key
/// metadata (joined to users by name), the root row, the password policy, aliases, identity providers (with their client
/// ids and thumbprints), virtual MFA devices and server certificates. A part is compared only when both
/// snapshots hold it; otherwise the diff gets a note.
/// </summary>
/// <remarks>
/// <para>
/// Credential changes of a user appear on the user's <see cref="EntityChange"/> under <c>/credentials/…</c>
/// (category <see cref="ChangeCategory.Credentials"/>). Rows of users the authorization details lack
/// (credential-only rows) get a user change of their own with no <see cref="EntityChange.Before"/> or
/// <see cref="EntityChange.After"/> entity. The root row and the account settings appear on one change of kind
/// <see cref="EntityKind.Account"/> whose ARN is the root ARN, <c>arn:PARTITION:iam::ACCOUNT:root</c>
/// (see <see cref="AccountArn"/>).
/// </para>
/// <para>
/// Never changes (noise, as for role last-used data): <c>password_last_used</c> and
/// <c>access_key_N_last_used_*</c>, which move every time a credential is used, and <c>password_next_rotation</c>,
/// which follows from the last change and the policy. Rules still read them from the snapshots. A cell that says
/// <c>not_supported</c> (the root row's password columns in reports from before 2025) is unknown: a change from or
/// to it is AWS changing the report, not the account changing, and is not reported.
/// </para>
/// </remarks>
internal static class AccountPartsDiffer
{
    /// <summary>The prefix of every credential property path.</summary>
    public const string CredentialsPrefix = "/credentials/";

    /// <summary>
    /// The ARN findings and changes about the account itself are reported on: the root ARN of the account
    /// (<c>arn:PARTITION:iam::ACCOUNT:root</c>), taken from the metadata's account id, else from the credential
    /// report's root row, else <c>arn:PARTITION:iam:::root</c> (account unknown).
    /// </summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The root ARN.</returns>
    public static string AccountArn(AccountSnapshot snapshot)
    {
        if (snapshot.Metadata.AccountId is { } account)
        {
            return $"arn:{snapshot.Metadata.Partition}:iam::{account}:root";
        }

        return snapshot.CredentialReport?.Root?.Arn ?? $"arn:{snapshot.Metadata.Partition}:iam:::root";
    }

    /// <summary>
    /// Adds the credential changes of users to <paramref name="userChanges"/>: merged into the user's change when it
    /// has one, else as a new modified change. Credential-only rows get changes without entities.
    /// </summary>
    /// <param name="before">The earlier snapshot.</param>
    /// <param name="after">The later snapshot.</param>
    /// <param name="userChanges">The user changes the entity comparison found; updated in place.</param>
    /// <param name="notes">Receives what could not be compared.</param>
    public static void AddCredentialChanges(AccountSnapshot before, AccountSnapshot after, List<EntityChange> userChanges, ImmutableArray<string>.Builder notes)
    {
        if (before.CredentialReport is not { } oldReport || after.CredentialReport is not { } newReport)
        {
            return;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < userChanges.Count; i++)
        {
            index.TryAdd(userChanges[i].Arn, i);
        }

        var previousArns = userChanges.Where(c => c.Kind == ChangeKind.Renamed && c.PreviousArn is not null)
            .ToDictionary(c => c.Arn, c => c.PreviousArn!, StringComparer.Ordinal);
        var oneSided = new List<string>();
        foreach (var user in after.Users)
        {
            var beforeArn = previousArns.GetValueOrDefault(user.Arn) ?? (before.FindEntity(user.Arn) is IamUser ? user.Arn : null);
            if (beforeArn is null)
            {
                continue; // A new user: its entity change says it all.
            }

            var oldRow = oldReport.FindUser(beforeArn);
            var newRow = newReport.FindUser(user.Arn);
            if (oldRow is null || newRow is null)
            {
                if (oldRow is not null || newRow is not null)
                {
                    oneSided.Add(user.Arn);
                }

                continue;
            }

            var properties = CompareRows(oldRow, newRow);
            if (properties.IsEmpty)
            {
                continue;
            }

            if (index.TryGetValue(user.Arn, out var i))
            {
                var existing = userChanges[i];
                userChanges[i] = existing with { Properties = existing.Properties.AddRange(properties).OrderBy(p => p.Path, StringComparer.Ordinal).ToImmutableArray() };
            }
            else
            {
                userChanges.Add(new EntityChange
                {
                    Kind = ChangeKind.Modified,
                    EntityType = EntityKind.User,
                    Arn = user.Arn,
                    Before = before.FindEntity(beforeArn),
                    After = user,
                    Properties = properties,
                });
            }
        }

        // Rows of users neither snapshot's authorization details hold: compared on their own.
        var credentialOnly = oldReport.Users.Select(r => r.Arn).Union(newReport.Users.Select(r => r.Arn), StringComparer.Ordinal)
            .Where(arn => before.FindEntity(arn) is not IamUser && after.FindEntity(arn) is not IamUser && !previousArns.ContainsKey(arn))
            .Order(StringComparer.Ordinal);
        foreach (var arn in credentialOnly)
        {
            var oldRow = oldReport.FindUser(arn);
            var newRow = newReport.FindUser(arn);
            if (oldRow is null || newRow is null)
            {
                oneSided.Add(arn);
                continue;
            }

            var properties = CompareRows(oldRow, newRow);
            if (!properties.IsEmpty)
            {
                userChanges.Add(new EntityChange { Kind = ChangeKind.Modified, EntityType = EntityKind.User, Arn = arn, Properties = properties });
            }
        }

        if (oneSided.Count > 0)
        {
            const int Shown = 5;
            var names = string.Join(", ", oneSided.Order(StringComparer.Ordinal).Take(Shown));
            var more = oneSided.Count > Shown ? $" and {oneSided.Count - Shown} more" : string.Empty;
            notes.Add($"{oneSided.Count} user(s) have a credential-report row in only one snapshot, so their credentials were not compared: {names}{more}.");
        }
    }

    /// <summary>
    /// Adds the access-key changes of users (the access-key metadata part, joined to users by name; a renamed user's
    /// keys follow it) to <paramref name="userChanges"/>: <c>/credentials/accessKeys/KEYID</c> added or removed (value
    /// <c>{status, createDate}</c>) and <c>/credentials/accessKeys/KEYID/status</c> changed, category
    /// <see cref="ChangeCategory.Credentials"/>. Added and removed users are left to their entity change.
    /// </summary>
    /// <param name="before">The earlier snapshot.</param>
    /// <param name="after">The later snapshot.</param>
    /// <param name="userChanges">The user changes found so far; updated in place.</param>
    /// <param name="notes">Receives what could not be compared.</param>
    public static void AddAccessKeyChanges(AccountSnapshot before, AccountSnapshot after, List<EntityChange> userChanges, ImmutableArray<string>.Builder notes)
    {
        if (before.AccessKeys is not { } oldKeys || after.AccessKeys is not { } newKeys)
        {
            if (before.AccessKeys is not null || after.AccessKeys is not null)
            {
                notes.Add($"The {(before.AccessKeys is null ? "before" : "after")} snapshot has no access-key metadata; access keys were not compared.");
            }

            return;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < userChanges.Count; i++)
        {
            index.TryAdd(userChanges[i].Arn, i);
        }

        var previousArns = userChanges.Where(c => c.Kind == ChangeKind.Renamed && c.PreviousArn is not null)
            .ToDictionary(c => c.Arn, c => c.PreviousArn!, StringComparer.Ordinal);
        foreach (var user in after.Users)
        {
            var beforeArn = previousArns.GetValueOrDefault(user.Arn) ?? user.Arn;
            if (before.FindEntity(beforeArn) is not IamUser old)
            {
                continue; // A new user: its entity change says it all.
            }

            var properties = CompareKeys(before.AccessKeysOf(old.Name), after.AccessKeysOf(user.Name));
            if (properties.IsEmpty)
            {
                continue;
            }

            if (index.TryGetValue(user.Arn, out var i))
            {
                var existing = userChanges[i];
                userChanges[i] = existing with { Properties = existing.Properties.AddRange(properties).OrderBy(p => p.Path, StringComparer.Ordinal).ToImmutableArray() };
            }
            else
            {
                index[user.Arn] = userChanges.Count;
                userChanges.Add(new EntityChange { Kind = ChangeKind.Modified, EntityType = EntityKind.User, Arn = user.Arn, Before = old, After = user, Properties = properties });
            }
        }

        // Keys whose user neither snapshot holds cannot be put on a user change.
        var known = before.Users.Select(u => u.Name).Concat(after.Users.Select(u => u.Name)).ToHashSet(StringComparer.Ordinal);
        var strays = oldKeys.Concat(newKeys).Select(k => k.UserName).Where(n => !known.Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (strays.Count > 0)
        {
            const int Shown = 5;
            var more = strays.Count > Shown ? $" and {strays.Count - Shown} more" : string.Empty;
            notes.Add($"{strays.Count} user(s) with access keys are in neither snapshot's authorization details, so their keys were not compared: {string.Join(", ", strays.Take(Shown))}{more}.");
        }
    }

    /// <summary>The access-key changes between one user's keys before and after, sorted by path.</summary>
    /// <param name="before">The keys before.</param>
    /// <param name="after">The keys after.</param>
    /// <returns>The changes.</returns>
    public static ImmutableArray<PropertyChange> CompareKeys(ImmutableArray<AccessKeyMetadata> before, ImmutableArray<AccessKeyMetadata> after)
    {
        var result = new List<PropertyChange>();
        var newById = after.GroupBy(k => k.AccessKeyId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var oldIds = before.Select(k => k.AccessKeyId).ToHashSet(StringComparer.Ordinal);
        foreach (var old in before)
        {
            var path = AccessKeyPath(old.AccessKeyId);
            if (!newById.TryGetValue(old.AccessKeyId, out var @new))
            {
                result.Add(new PropertyChange(path, ChangeCategory.Credentials, KeyValue(old), null));
            }
            else if (!string.Equals(old.Status, @new.Status, StringComparison.Ordinal))
            {
                result.Add(new PropertyChange(path + "/status", ChangeCategory.Credentials, Json(old.Status), Json(@new.Status)));
            }
        }

        result.AddRange(after.Where(k => !oldIds.Contains(k.AccessKeyId)).Select(k => new PropertyChange(AccessKeyPath(k.AccessKeyId), ChangeCategory.Credentials, null, KeyValue(k))));
        return result.OrderBy(p => p.Path, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>The property path of one access key of a user: <c>/credentials/accessKeys/KEYID</c>.</summary>
    /// <param name="accessKeyId">The key id.</param>
    /// <returns>The path.</returns>
    public static string AccessKeyPath(string accessKeyId) => CredentialsPrefix + "accessKeys/" + SnapshotDiffer.Segment(accessKeyId);

    /// <summary>
    /// The change of the account itself (root credentials, password policy, aliases, identity providers with their
    /// client ids and thumbprints, virtual MFA devices, server certificates), or null when none of them changed. Parts held by only one snapshot are named in <paramref name="notes"/>.
    /// </summary>
    /// <param name="before">The earlier snapshot.</param>
    /// <param name="after">The later snapshot.</param>
    /// <param name="notes">Receives what could not be compared.</param>
    /// <returns>The account change, or null.</returns>
    public static EntityChange? CompareAccount(AccountSnapshot before, AccountSnapshot after, ImmutableArray<string>.Builder notes)
    {
        var properties = new List<PropertyChange>();
        if (Both(before.CredentialReport, after.CredentialReport, "credential report; credentials were not compared") is ({ } oldReport, { } newReport))
        {
            if (oldReport.Root is { } oldRoot && newReport.Root is { } newRoot)
            {
                properties.AddRange(CompareRows(oldRoot, newRoot));
            }
            else if (oldReport.Root is not null || newReport.Root is not null)
            {
                notes.Add($"The {(oldReport.Root is null ? "before" : "after")} credential report has no root row; the root user's credentials were not compared.");
            }
        }

        if (Both(before.PasswordPolicy, after.PasswordPolicy, "password policy (or does not say whether one is set); it was not compared") is ({ } oldPolicy, { } newPolicy))
        {
            properties.AddRange(Compare(PolicyProperties(oldPolicy), PolicyProperties(newPolicy)));
        }

        if (BothLists(before.AccountAliases, after.AccountAliases, "account aliases") is (var oldAliases, var newAliases))
        {
            properties.AddRange(Compare(oldAliases.Select(AliasProperty), newAliases.Select(AliasProperty)));
        }

        if (BothLists(before.OpenIdConnectProviders, after.OpenIdConnectProviders, "OpenID Connect providers") is (var oldOidc, var newOidc))
        {
            properties.AddRange(Compare(oldOidc.Select(OidcProperty), newOidc.Select(OidcProperty)));
            properties.AddRange(CompareOidcDetails(oldOidc, newOidc, notes));
        }

        if (BothLists(before.SamlProviders, after.SamlProviders, "SAML providers") is (var oldSaml, var newSaml))
        {
            properties.AddRange(Compare(oldSaml.Select(SamlProperty), newSaml.Select(SamlProperty)));
        }

        if (BothLists(before.VirtualMfaDevices, after.VirtualMfaDevices, "virtual MFA devices") is (var oldDevices, var newDevices))
        {
            properties.AddRange(Compare(oldDevices.Select(MfaDeviceProperty), newDevices.Select(MfaDeviceProperty)));
        }

        if (BothLists(before.ServerCertificates, after.ServerCertificates, "server certificates") is (var oldCertificates, var newCertificates))
        {
            properties.AddRange(Compare(oldCertificates.Select(CertificateProperty), newCertificates.Select(CertificateProperty)));
        }

        if (properties.Count == 0)
        {
            return null;
        }

        return new EntityChange
        {
            Kind = ChangeKind.Modified,
            EntityType = EntityKind.Account,
            Arn = AccountArn(after),
            Properties = properties.OrderBy(p => p.Path, StringComparer.Ordinal).ToImmutableArray(),
        };

        (T Before, T After)? Both<T>(T? old, T? @new, string what)
            where T : class
        {
            if (old is not null && @new is not null)
            {
                return (old, @new);
            }

            if (old is not null || @new is not null)
            {
                notes.Add($"The {(old is null ? "before" : "after")} snapshot has no {what}.");
            }

            return null;
        }

        (ImmutableArray<T> Before, ImmutableArray<T> After)? BothLists<T>(ImmutableArray<T>? old, ImmutableArray<T>? @new, string what)
        {
            if (old is { } o && @new is { } n)
            {
                return (o, n);
            }

            if (old is not null || @new is not null)
            {
                notes.Add($"The {(old is null ? "before" : "after")} snapshot has no {what}; they were not compared.");
            }

            return null;
        }
    }

    /// <summary>
    /// The credential property changes between two rows of one principal, sorted by path. Last-used columns and
    /// <c>password_next_rotation</c> are never changes; <c>not_supported</c> cells are unknown and never compared.
    /// </summary>
    /// <param name="before">The earlier row.</param>
    /// <param name="after">The later row.</param>
    /// <returns>The changes.</returns>
    public static ImmutableArray<PropertyChange> CompareRows(CredentialReportEntry before, CredentialReportEntry after) =>
        // Equal rows (value equality over every column; most rows of two reports) have no change to find.
        before == after ? [] : Compare(RowProperties(before), RowProperties(after)).OrderBy(p => p.Path, StringComparer.Ordinal).ToImmutableArray();

    private static IEnumerable<Part> RowProperties(CredentialReportEntry row)
    {
        yield return new(CredentialsPrefix + "userCreationTime", ChangeCategory.Metadata, Date(row.UserCreationTime));
        yield return new(CredentialsPrefix + "password/enabled", ChangeCategory.Credentials, row.Password.Status switch
        {
            PasswordStatus.Enabled => "true",
            PasswordStatus.Disabled => "false",
            _ => null,
        });
        yield return new(CredentialsPrefix + "password/lastChanged", ChangeCategory.Credentials, Date(row.Password.LastChanged));
        yield return new(CredentialsPrefix + "mfaActive", ChangeCategory.Credentials, Bool(row.MfaActive));
        foreach (var (name, key) in new[] { ("accessKey1", row.AccessKey1), ("accessKey2", row.AccessKey2) })
        {
            yield return new(CredentialsPrefix + name + "/active", ChangeCategory.Credentials, Bool(key.Active));
            yield return new(CredentialsPrefix + name + "/lastRotated", ChangeCategory.Credentials, Date(key.LastRotated));
        }

        foreach (var (name, certificate) in new[] { ("certificate1", row.Certificate1), ("certificate2", row.Certificate2) })
        {
            yield return new(CredentialsPrefix + name + "/active", ChangeCategory.Credentials, Bool(certificate.Active));
            yield return new(CredentialsPrefix + name + "/lastRotated", ChangeCategory.Credentials, Date(certificate.LastRotated));
        }
    }

    private static IEnumerable<Part> PolicyProperties(PasswordPolicy policy)
    {
        const string Prefix = "/passwordPolicy/";
        yield return new(Prefix + "isSet", ChangeCategory.AccountSettings, Bool(policy.IsSet));
        if (!policy.IsSet)
        {
            yield break;
        }

        if (policy.MinimumPasswordLength is { } length)
        {
            yield return new(Prefix + "minimumPasswordLength", ChangeCategory.AccountSettings, Number(length));
        }

        yield return new(Prefix + "requireSymbols", ChangeCategory.AccountSettings, Bool(policy.RequireSymbols));
        yield return new(Prefix + "requireNumbers", ChangeCategory.AccountSettings, Bool(policy.RequireNumbers));
        yield return new(Prefix + "requireUppercaseCharacters", ChangeCategory.AccountSettings, Bool(policy.RequireUppercaseCharacters));
        yield return new(Prefix + "requireLowercaseCharacters", ChangeCategory.AccountSettings, Bool(policy.RequireLowercaseCharacters));
        yield return new(Prefix + "allowUsersToChangePassword", ChangeCategory.AccountSettings, Bool(policy.AllowUsersToChangePassword));
        yield return new(Prefix + "expirePasswords", ChangeCategory.AccountSettings, Bool(policy.ExpirePasswords));
        if (policy.MaxPasswordAge is { } age)
        {
            yield return new(Prefix + "maxPasswordAge", ChangeCategory.AccountSettings, Number(age));
        }

        if (policy.PasswordReusePrevention is { } reuse)
        {
            yield return new(Prefix + "passwordReusePrevention", ChangeCategory.AccountSettings, Number(reuse));
        }

        yield return new(Prefix + "hardExpiry", ChangeCategory.AccountSettings, Bool(policy.HardExpiry));
    }

    private static Part AliasProperty(string alias) =>
        new("/accountAliases/" + SnapshotDiffer.Segment(alias), ChangeCategory.AccountSettings, Json(alias));

    private static Part OidcProperty(OpenIdConnectProvider provider) =>
        new(OidcPath(provider.Arn), ChangeCategory.AccountSettings, Json(provider.Arn));

    /// <summary>The property path of an OpenID Connect provider: <c>/identityProviders/openIdConnect/ARN</c>.</summary>
    /// <param name="arn">The provider ARN.</param>
    /// <returns>The path.</returns>
    public static string OidcPath(string arn) => "/identityProviders/openIdConnect/" + SnapshotDiffer.Segment(arn);

    // Client ids and thumbprints one by one (…/clientIds/ID, …/thumbprints/THUMBPRINT), so a report says which was added
    // or removed. Details known on one side only (a folder import without get-open-id-connect-provider files) are not
    // compared, so "unknown" never shows as "every client id removed".
    private static IEnumerable<PropertyChange> CompareOidcDetails(ImmutableArray<OpenIdConnectProvider> before, ImmutableArray<OpenIdConnectProvider> after, ImmutableArray<string>.Builder notes)
    {
        var oldByArn = before.GroupBy(p => p.Arn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var newByArn = after.GroupBy(p => p.Arn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var oldParts = new List<Part>();
        var newParts = new List<Part>();
        var oneSided = new List<string>();
        foreach (var arn in oldByArn.Keys.Union(newByArn.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var old = oldByArn.GetValueOrDefault(arn);
            var @new = newByArn.GetValueOrDefault(arn);
            if (old is not null && @new is not null && old.HasDetails != @new.HasDetails)
            {
                oneSided.Add(arn);
                continue;
            }

            oldParts.AddRange(OidcDetailParts(old));
            newParts.AddRange(OidcDetailParts(@new));
        }

        if (oneSided.Count > 0)
        {
            notes.Add($"{oneSided.Count} OpenID Connect provider(s) have their client ids and thumbprints in only one snapshot, so those were not compared: {string.Join(", ", oneSided)}.");
        }

        return Compare(oldParts, newParts);
    }

    private static IEnumerable<Part> OidcDetailParts(OpenIdConnectProvider? provider)
    {
        if (provider is not { HasDetails: true })
        {
            yield break;
        }

        var prefix = OidcPath(provider.Arn);
        foreach (var id in provider.ClientIds!.Value)
        {
            yield return new(prefix + "/clientIds/" + SnapshotDiffer.Segment(id), ChangeCategory.AccountSettings, Json(id));
        }

        // Thumbprints are hex: case is not a change.
        foreach (var thumbprint in provider.Thumbprints!.Value.Select(t => t.ToLowerInvariant()))
        {
            yield return new(prefix + "/thumbprints/" + SnapshotDiffer.Segment(thumbprint), ChangeCategory.AccountSettings, Json(thumbprint));
        }

        // A new creation date under the same ARN is the provider deleted and created again.
        if (provider.CreateDate is { } created)
        {
            yield return new(prefix + "/createDate", ChangeCategory.AccountSettings, Json(IamDates.Format(created)));
        }
    }

    // A new id under the same ARN is a certificate deleted and uploaded again (new key material).
    private static Part CertificateProperty(ServerCertificate certificate) =>
        new("/serverCertificates/" + SnapshotDiffer.Segment(certificate.Arn), ChangeCategory.Credentials, Object(("id", certificate.Id), ("uploadDate", certificate.UploadDate), ("expiration", certificate.Expiration)));

    private static string KeyValue(AccessKeyMetadata key) => Object(("status", key.Status), ("createDate", key.CreateDate));

    // A new creation date is a provider deleted and created again; a new ValidUntil is new SAML metadata.
    private static Part SamlProperty(SamlProvider provider) =>
        new("/identityProviders/saml/" + SnapshotDiffer.Segment(provider.Arn), ChangeCategory.AccountSettings, Object(("createDate", provider.CreateDate), ("validUntil", provider.ValidUntil)));

    // The value is the assignment: who the device belongs to and since when (unassigned devices are {}).
    private static Part MfaDeviceProperty(VirtualMfaDevice device) =>
        new("/mfaDevices/" + SnapshotDiffer.Segment(device.SerialNumber), ChangeCategory.Credentials, Object(("userArn", device.UserArn), ("enableDate", device.EnableDate)));

    private static IEnumerable<PropertyChange> Compare(IEnumerable<Part> before, IEnumerable<Part> after)
    {
        var old = Index(before);
        var @new = Index(after);
        foreach (var (path, value) in old)
        {
            if (@new.TryGetValue(path, out var other))
            {
                // Unknown on either side (not_supported): no change can be told.
                if (value.Json is not null && other.Json is not null && !string.Equals(value.Json, other.Json, StringComparison.Ordinal))
                {
                    yield return new PropertyChange(path, value.Category, value.Json, other.Json);
                }
            }
            else if (value.Json is not null)
            {
                yield return new PropertyChange(path, value.Category, value.Json, null);
            }
        }

        foreach (var (path, value) in @new)
        {
            if (!old.ContainsKey(path) && value.Json is not null)
            {
                yield return new PropertyChange(path, value.Category, null, value.Json);
            }
        }
    }

    // Duplicate keys (two aliases or providers with one name cannot exist in IAM; a hand-edited file might) keep the first.
    private static Dictionary<string, Part> Index(IEnumerable<Part> parts)
    {
        var index = new Dictionary<string, Part>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            index.TryAdd(part.Path, part);
        }

        return index;
    }

    private static string? Date(CredentialDate date) => date.State == CredentialDateState.NotSupported ? null : Json(date.ToString());

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Json(string value) => IamSnapshotJsonContext.Quote(value);

    private static string Object(params (string Name, object? Value)[] members)
    {
        var present = members.Where(m => m.Value is not null).Select(m => m.Value switch
        {
            DateTimeOffset date => $"{Json(m.Name)}:{Json(IamDates.Format(date))}",
            _ => $"{Json(m.Name)}:{Json((string)m.Value!)}",
        });
        return "{" + string.Join(",", present) + "}";
    }

    /// <summary>One comparable fact: its JSON-pointer path, category and JSON value, or a null value when unknown.</summary>
    private readonly record struct Part(string Path, ChangeCategory Category, string? Json);
}
