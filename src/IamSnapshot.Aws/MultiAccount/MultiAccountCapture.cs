using System.Collections.Concurrent;
using System.Collections.Immutable;
using IamSnapshot.Aws.Capture;
using IamSnapshot.Aws.Transport;

namespace IamSnapshot.Aws;

/// <summary>
/// Captures several accounts, one snapshot each, a bounded number at a time: either a list of role ARNs, or one
/// role name in every active account of the organization (listed through Organizations with the base
/// credentials). A failed account is reported with its error and never stops the others. Immutable and
/// thread-safe; each <see cref="CaptureAsync"/> is a new run.
/// </summary>
public sealed class MultiAccountCapture
{
    private readonly AwsCaptureOptions _options;
    private readonly ImmutableArray<string> _roleArns;
    private readonly string? _organizationRoleName;
    private readonly int _maxParallelAccounts;

    private MultiAccountCapture(AwsCaptureOptions options, ImmutableArray<string> roleArns, string? organizationRoleName, int maxParallelAccounts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelAccounts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxParallelAccounts, 64);
        // The external id is checked against each role when the accounts are captured.
        (options with { ExternalId = null }).Validate();
        _options = options;
        _roleArns = roleArns;
        _organizationRoleName = organizationRoleName;
        _maxParallelAccounts = maxParallelAccounts;
    }

    /// <summary>The default number of accounts captured at once.</summary>
    public const int DefaultMaxParallelAccounts = 4;

    /// <summary>Captures the account of each role.</summary>
    /// <param name="options">Base options: credentials that may assume the roles, endpoints, faults. Its <see cref="AwsCaptureOptions.RoleArn"/> is replaced per account.</param>
    /// <param name="roleArns">The roles, one per account.</param>
    /// <param name="maxParallelAccounts">How many accounts are captured at once (1–64).</param>
    /// <returns>The capture.</returns>
    /// <exception cref="ArgumentException">An ARN is not a role ARN, or the options are invalid.</exception>
    public static MultiAccountCapture ForRoles(AwsCaptureOptions options, IEnumerable<string> roleArns, int maxParallelAccounts = DefaultMaxParallelAccounts)
    {
        ArgumentNullException.ThrowIfNull(roleArns);
        var list = roleArns.Distinct(StringComparer.Ordinal).ToImmutableArray();
        var invalid = list.Where(arn => !RoleArnParts.TryParse(arn, out _)).ToList();
        if (list.IsEmpty || invalid.Count > 0)
        {
            throw new ArgumentException(list.IsEmpty ? "At least one role ARN is needed." : "Not role ARNs (arn:PARTITION:iam::ACCOUNT:role/NAME): " + string.Join(", ", invalid), nameof(roleArns));
        }

        return new MultiAccountCapture(options, list, null, maxParallelAccounts);
    }

    /// <summary>Captures every active account of the organization through a role of the same name in each.</summary>
    /// <param name="options">Base options: credentials that may call organizations:ListAccounts (directly, or through <see cref="AwsCaptureOptions.RoleArn"/>) and assume the roles.</param>
    /// <param name="roleName">The role name, for example <c>IamSnapshotAudit</c>.</param>
    /// <param name="maxParallelAccounts">How many accounts are captured at once (1–64).</param>
    /// <returns>The capture.</returns>
    /// <exception cref="ArgumentException">The role name is not valid, or the options are invalid.</exception>
    public static MultiAccountCapture ForOrganization(AwsCaptureOptions options, string roleName, int maxParallelAccounts = DefaultMaxParallelAccounts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleName);
        if (roleName.Length > 64 || !roleName.All(c => char.IsAsciiLetterOrDigit(c) || "+=,.@-_".Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{roleName}' is not a role name (letters, digits and +=,.@-_, at most 64 characters).", nameof(roleName));
        }

        return new MultiAccountCapture(options, [], roleName, maxParallelAccounts);
    }

    /// <summary>Captures every account.</summary>
    /// <param name="onAccountCaptured">
    /// Called once per captured account as soon as it is captured (for example to store the snapshot); an exception
    /// it throws marks that account failed. May run concurrently for different accounts.
    /// </param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Every account's outcome.</returns>
    /// <exception cref="AwsCaptureException">The organization's accounts could not be listed.</exception>
    public async Task<MultiAccountCaptureResult> CaptureAsync(Func<AwsCaptureResult, CancellationToken, Task>? onAccountCaptured = null, CancellationToken cancellationToken = default)
    {
        var roles = _organizationRoleName is null ? _roleArns : await OrganizationRolesAsync(_organizationRoleName, cancellationToken).ConfigureAwait(false);
        var outcomes = new ConcurrentBag<AccountCaptureOutcome>();
        await Parallel.ForEachAsync(
            roles,
            new ParallelOptions { MaxDegreeOfParallelism = _maxParallelAccounts, CancellationToken = cancellationToken },
            async (roleArn, token) =>
            {
                var accountId = RoleArnParts.TryParse(roleArn, out var role) ? role.AccountId : roleArn;
                var options = _options with { RoleArn = roleArn };
                try
                {
                    var result = await new AwsIamSnapshotSource(options).CaptureAsync(token).ConfigureAwait(false);
                    if (onAccountCaptured is not null)
                    {
                        await onAccountCaptured(result, token).ConfigureAwait(false);
                    }

                    outcomes.Add(new AccountCaptureOutcome(roleArn, result.AccountId, result, null));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    _options.Progress?.Report(new CaptureProgress(accountId, CaptureStage.Failed, ex.Message));
                    outcomes.Add(new AccountCaptureOutcome(roleArn, accountId, null, ex));
                }
            }).ConfigureAwait(false);

        return new MultiAccountCaptureResult([.. outcomes.OrderBy(o => o.AccountId, StringComparer.Ordinal).ThenBy(o => o.RoleArn, StringComparer.Ordinal)]);
    }

    private async Task<ImmutableArray<string>> OrganizationRolesAsync(string roleName, CancellationToken cancellationToken)
    {
        using var session = await AwsSession.OpenAsync(_options, cancellationToken).ConfigureAwait(false);
        var accounts = await session.Organizations.ListAccountsAsync(cancellationToken).ConfigureAwait(false);
        return [.. accounts.Where(a => a.IsActive).Select(a => $"arn:{session.Partition.Name}:iam::{a.Id}:role/{roleName}").Order(StringComparer.Ordinal)];
    }
}
