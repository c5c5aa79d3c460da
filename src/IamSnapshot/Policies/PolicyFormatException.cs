namespace IamSnapshot.Policies;

/// <summary>
/// Thrown when a policy document is not valid JSON or does not have the shape of an IAM policy.
/// <see cref="Path"/> locates the problem inside the document.
/// </summary>
public sealed class PolicyFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">A JSON path inside the policy document, for example <c>$.Statement[1].Effect</c>.</param>
    /// <param name="message">What was expected.</param>
    public PolicyFormatException(string path, string message)
        : base($"{path}: {message}")
    {
        Path = path;
        Detail = message;
    }

    /// <summary>Creates the exception.</summary>
    public PolicyFormatException()
        : this("$", "invalid policy document")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected.</param>
    public PolicyFormatException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected.</param>
    /// <param name="innerException">The underlying error.</param>
    public PolicyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "$";
        Detail = message;
    }

    /// <summary>The JSON path inside the policy document where the problem is.</summary>
    public string Path { get; }

    /// <summary>What was expected, without the path.</summary>
    public string Detail { get; }
}
