using System.Collections.Immutable;

namespace IamSnapshot.Rules.Configuration;

/// <summary>
/// The configuration is invalid. <see cref="Problems"/> lists every problem found, each with its JSON path, so a
/// user fixes the file in one pass.
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The configuration file (or a description of it).</param>
    /// <param name="problems">Every problem, each prefixed with its JSON path.</param>
    public ConfigurationException(string source, IEnumerable<string> problems)
        : this(source, problems.ToImmutableArray())
    {
    }

    /// <summary>Creates the exception.</summary>
    public ConfigurationException()
        : this("configuration", ["invalid configuration"])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The problem.</param>
    public ConfigurationException(string message)
        : this("configuration", [message])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The underlying error.</param>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Source = "configuration";
        Problems = [message];
    }

    private ConfigurationException(string source, ImmutableArray<string> problems)
        : base($"{source}: {problems.Length} problem(s):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}")
    {
        Source = source;
        Problems = problems;
    }

    /// <summary>Every problem, each prefixed with its JSON path.</summary>
    public ImmutableArray<string> Problems { get; }
}
