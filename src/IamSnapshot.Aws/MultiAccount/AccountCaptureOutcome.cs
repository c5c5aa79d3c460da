namespace IamSnapshot.Aws;

/// <summary>How the capture of one account of a multi-account run ended. Immutable.</summary>
public sealed class AccountCaptureOutcome
{
    internal AccountCaptureOutcome(string roleArn, string accountId, AwsCaptureResult? result, Exception? error)
    {
        RoleArn = roleArn;
        AccountId = accountId;
        Result = result;
        Error = error;
    }

    /// <summary>The role assumed to capture the account.</summary>
    public string RoleArn { get; }

    /// <summary>The account id.</summary>
    public string AccountId { get; }

    /// <summary>The capture, when it succeeded.</summary>
    public AwsCaptureResult? Result { get; }

    /// <summary>Why the account failed (an <see cref="AwsCaptureException"/>, or what the per-account callback threw), or null.</summary>
    public Exception? Error { get; }

    /// <summary>Whether the account was captured (and the callback, if any, completed).</summary>
    public bool Succeeded => Error is null;
}
