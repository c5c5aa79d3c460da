namespace IamSnapshot.Aws.Fakes;

/// <summary>What the fake does instead of (or before) answering a request.</summary>
public enum FakeFaultKind
{
    /// <summary>400 with code Throttling (IAM's form).</summary>
    Throttling,

    /// <summary>429 with code ThrottlingException.</summary>
    TooManyRequests,

    /// <summary>500 ServiceFailure.</summary>
    InternalError,

    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable,

    /// <summary>The response promises more bytes than it sends, then the connection is dropped.</summary>
    TruncatedBody,

    /// <summary>A 200 whose XML stops half way (a complete HTTP response with a broken body).</summary>
    MalformedBody,

    /// <summary>403 AccessDenied.</summary>
    AccessDenied,

    /// <summary>Waits <see cref="FakeFault.Delay"/> before answering normally.</summary>
    Slow,
}

/// <summary>One injected fault.</summary>
public sealed record FakeFault(FakeFaultKind Kind, TimeSpan Delay = default);

/// <summary>One request the fake received (no secrets: the signature and token are not kept).</summary>
public sealed record FakeRequest(string Service, string Action, string AccessKeyId, string AccountId, IReadOnlyDictionary<string, string> Parameters, int Status, DateTimeOffset At);
