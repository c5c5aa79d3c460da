namespace IamSnapshot.Policies.Evaluation;

/// <summary>The outcome of evaluating one request, as IAM names it.</summary>
public enum Decision
{
    /// <summary>An Allow applies (and the boundary, when set, allows too), and no Deny applies.</summary>
    Allowed,

    /// <summary>A Deny statement applies.</summary>
    ExplicitlyDenied,

    /// <summary>No Allow applies (or the boundary does not allow).</summary>
    ImplicitlyDenied,
}

/// <summary>The decision for one request. Immutable value.</summary>
/// <param name="Decision">The decision of the statements without conditions.</param>
/// <param name="IsConditional">
/// True when statements with conditions (or resource patterns with policy variables) could change the
/// decision for some request context: the real answer then depends on conditions.
/// </param>
public sealed record EvaluationResult(Decision Decision, bool IsConditional);
