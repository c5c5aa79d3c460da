using System.Collections.Immutable;

namespace IamSnapshot.Model;

/// <summary>
/// The <see cref="SnapshotParts"/> flags of the optional, account-level parts, computed from what a source actually
/// loaded, so that the flags in <see cref="SnapshotMetadata.Parts"/> and the null-or-not properties of
/// <see cref="AccountSnapshot"/> cannot disagree.
/// </summary>
internal static class OptionalParts
{
    /// <summary>The flags of the parts that are present (not null).</summary>
    /// <returns>The flags; <see cref="SnapshotParts.IdentityProviders"/> is set when either provider list is present.</returns>
    internal static SnapshotParts Of(
        CredentialReport? credentialReport,
        PasswordPolicy? passwordPolicy,
        AccountSummary? accountSummary,
        ImmutableArray<string>? accountAliases,
        ImmutableArray<OpenIdConnectProvider>? openIdConnectProviders,
        ImmutableArray<SamlProvider>? samlProviders,
        ImmutableArray<VirtualMfaDevice>? virtualMfaDevices)
    {
        var parts = SnapshotParts.None;
        if (credentialReport is not null)
        {
            parts |= SnapshotParts.CredentialReport;
        }

        if (passwordPolicy is not null)
        {
            parts |= SnapshotParts.PasswordPolicy;
        }

        if (accountSummary is not null)
        {
            parts |= SnapshotParts.AccountSummary;
        }

        if (accountAliases is not null)
        {
            parts |= SnapshotParts.AccountAliases;
        }

        if (openIdConnectProviders is not null || samlProviders is not null)
        {
            parts |= SnapshotParts.IdentityProviders;
        }

        if (virtualMfaDevices is not null)
        {
            parts |= SnapshotParts.MfaDevices;
        }

        return parts;
    }

    /// <summary>The flags of the optional parts <paramref name="snapshot"/> holds.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The flags.</returns>
    internal static SnapshotParts Of(AccountSnapshot snapshot) => Of(
        snapshot.CredentialReport,
        snapshot.PasswordPolicy,
        snapshot.AccountSummary,
        snapshot.AccountAliases,
        snapshot.OpenIdConnectProviders,
        snapshot.SamlProviders,
        snapshot.VirtualMfaDevices);
}
