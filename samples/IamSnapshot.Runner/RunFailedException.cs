namespace IamSnapshot.Runner;

/// <summary>The run could not complete: an AWS or network failure, access denied (exit code 3).</summary>
internal sealed class RunFailedException(string message) : Exception(message)
{
    public RunFailedException()
        : this("the run could not complete")
    {
    }

    public RunFailedException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}
