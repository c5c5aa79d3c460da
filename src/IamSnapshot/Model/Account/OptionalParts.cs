using System.Collections.Immutable;

namespace IamSnapshot.Model;

/// <summary>
/// The optional, account-level parts of a snapshot, gathered by a source before the snapshot is built. Computes their
/// <see cref="SnapshotParts"/> flags from what is present, so that <see cref="SnapshotMetadata.Parts"/> and the
/// null-or-not properties of <see cref="AccountSnapshot"/> cannot disagree.
/// </summary>
internal sealed class OptionalParts
{
    public CredentialReport? CredentialReport { get; set; }

    public PasswordPolicy? PasswordPolicy { get; set; }

    public AccountSummary? AccountSummary { get; set; }

    public ImmutableArray<string>? AccountAliases { get; set; }

    public ImmutableArray<OpenIdConnectProvider>? OpenIdConnectProviders { get; set; }

    public ImmutableArray<SamlProvider>? SamlProviders { get; set; }

    public ImmutableArray<VirtualMfaDevice>? VirtualMfaDevices { get; set; }

    public ImmutableArray<AccessKeyMetadata>? AccessKeys { get; set; }

    public ImmutableArray<ServerCertificate>? ServerCertificates { get; set; }

    /// <summary>The flags of the parts that are present; <see cref="SnapshotParts.IdentityProviders"/> when either provider list is.</summary>
    public SnapshotParts Parts
    {
        get
        {
            var parts = SnapshotParts.None;
            parts |= CredentialReport is null ? SnapshotParts.None : SnapshotParts.CredentialReport;
            parts |= PasswordPolicy is null ? SnapshotParts.None : SnapshotParts.PasswordPolicy;
            parts |= AccountSummary is null ? SnapshotParts.None : SnapshotParts.AccountSummary;
            parts |= AccountAliases is null ? SnapshotParts.None : SnapshotParts.AccountAliases;
            parts |= OpenIdConnectProviders is null && SamlProviders is null ? SnapshotParts.None : SnapshotParts.IdentityProviders;
            parts |= VirtualMfaDevices is null ? SnapshotParts.None : SnapshotParts.MfaDevices;
            parts |= AccessKeys is null ? SnapshotParts.None : SnapshotParts.AccessKeys;
            parts |= ServerCertificates is null ? SnapshotParts.None : SnapshotParts.ServerCertificates;
            return parts;
        }
    }

    /// <summary>The optional parts <paramref name="snapshot"/> holds.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>A copy of its parts.</returns>
    public static OptionalParts Of(AccountSnapshot snapshot) => new()
    {
        CredentialReport = snapshot.CredentialReport,
        PasswordPolicy = snapshot.PasswordPolicy,
        AccountSummary = snapshot.AccountSummary,
        AccountAliases = snapshot.AccountAliases,
        OpenIdConnectProviders = snapshot.OpenIdConnectProviders,
        SamlProviders = snapshot.SamlProviders,
        VirtualMfaDevices = snapshot.VirtualMfaDevices,
        AccessKeys = snapshot.AccessKeys,
        ServerCertificates = snapshot.ServerCertificates,
    };

    /// <summary>
    /// A snapshot with the entities of <paramref name="snapshot"/>, these parts, and <paramref name="metadata"/> whose
    /// flags gain the flags of the parts present.
    /// </summary>
    /// <param name="snapshot">The snapshot whose entities are kept.</param>
    /// <param name="metadata">The metadata; null keeps the snapshot's.</param>
    /// <returns>The new snapshot.</returns>
    public AccountSnapshot ApplyTo(AccountSnapshot snapshot, SnapshotMetadata? metadata = null)
    {
        var meta = metadata ?? snapshot.Metadata;
        return new AccountSnapshot(
            meta with { Parts = meta.Parts | Parts },
            snapshot.Users,
            snapshot.Groups,
            snapshot.Roles,
            snapshot.Policies,
            snapshot.InstanceProfiles)
        {
            CredentialReport = CredentialReport,
            PasswordPolicy = PasswordPolicy,
            AccountSummary = AccountSummary,
            AccountAliases = AccountAliases,
            OpenIdConnectProviders = OpenIdConnectProviders,
            SamlProviders = SamlProviders,
            VirtualMfaDevices = VirtualMfaDevices,
            AccessKeys = AccessKeys?.OrderBy(k => k.UserName, StringComparer.Ordinal).ThenBy(k => k.AccessKeyId, StringComparer.Ordinal).ToImmutableArray(),
            ServerCertificates = ServerCertificates?.OrderBy(c => c.Arn, StringComparer.Ordinal).ToImmutableArray(),
        };
    }
}
