using System.Collections.Immutable;

namespace IamSnapshot.Model;

/// <summary>
/// The account summary counters (<c>GetAccountSummary</c>'s <c>SummaryMap</c>): entity counts, quotas and the three
/// account flags. Every counter is kept, including ones this version does not know. Counters are facts for rules
/// ("root has keys"), never changes in a diff. Immutable and thread-safe.
/// </summary>
public sealed class AccountSummary
{
    /// <summary>Creates a summary.</summary>
    /// <param name="counters">The counters by name, as IAM spells them (<c>AccountMFAEnabled</c>, <c>Users</c>…).</param>
    public AccountSummary(IEnumerable<KeyValuePair<string, long>> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        Counters = counters.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every counter, sorted by name (ordinal).</summary>
    public ImmutableSortedDictionary<string, long> Counters { get; }

    /// <summary>Whether the root user has MFA (<c>AccountMFAEnabled</c> = 1), or null when the summary lacks the counter.</summary>
    public bool? AccountMfaEnabled => Flag("AccountMFAEnabled");

    /// <summary>Whether the root user has access keys (<c>AccountAccessKeysPresent</c> = 1), or null when the summary lacks the counter.</summary>
    public bool? AccountAccessKeysPresent => Flag("AccountAccessKeysPresent");

    /// <summary>Whether the root user has signing certificates (<c>AccountSigningCertificatesPresent</c> = 1), or null when the summary lacks the counter.</summary>
    public bool? AccountSigningCertificatesPresent => Flag("AccountSigningCertificatesPresent");

    /// <summary>Gets a counter by name (ordinal).</summary>
    /// <param name="name">The counter name, as IAM spells it.</param>
    /// <returns>The value, or null when the summary does not have it.</returns>
    public long? Get(string name) => Counters.TryGetValue(name, out var value) ? value : null;

    private bool? Flag(string name) => Get(name) is { } value ? value != 0 : null;
}
