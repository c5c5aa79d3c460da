using System.Collections.Immutable;

namespace IamSnapshot.Aws;

/// <summary>The outcome of every account of a multi-account capture, sorted by account id. Immutable.</summary>
public sealed class MultiAccountCaptureResult
{
    internal MultiAccountCaptureResult(ImmutableArray<AccountCaptureOutcome> accounts)
    {
        Accounts = accounts;
    }

    /// <summary>Every account, sorted by account id.</summary>
    public ImmutableArray<AccountCaptureOutcome> Accounts { get; }

    /// <summary>The accounts that were captured.</summary>
    public IEnumerable<AccountCaptureOutcome> Succeeded => Accounts.Where(a => a.Succeeded);

    /// <summary>The accounts that failed.</summary>
    public IEnumerable<AccountCaptureOutcome> Failed => Accounts.Where(a => !a.Succeeded);

    /// <summary>Whether every account was captured (the runner exits 3 otherwise).</summary>
    public bool AllSucceeded => Accounts.All(a => a.Succeeded);
}
