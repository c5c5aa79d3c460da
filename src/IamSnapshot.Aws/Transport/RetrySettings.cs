namespace IamSnapshot.Aws.Transport;

/// <summary>How one request is retried: the values of <see cref="AwsCaptureOptions"/> the transport needs.</summary>
/// <param name="MaxRetryAttempts">Retries after the first attempt.</param>
/// <param name="BaseDelay">The first backoff delay; later ones grow exponentially, with jitter.</param>
/// <param name="MaxDelay">The longest single backoff delay.</param>
/// <param name="AttemptTimeout">How long one attempt (send and read the whole body) may take.</param>
internal sealed record RetrySettings(int MaxRetryAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan AttemptTimeout);
