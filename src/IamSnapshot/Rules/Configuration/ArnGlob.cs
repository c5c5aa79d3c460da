using System.Text;
using System.Text.RegularExpressions;

namespace IamSnapshot.Rules.Configuration;

/// <summary>
/// A glob over ARNs (or JSON pointers): <c>*</c> matches within one <c>/</c>-separated segment, <c>**</c> crosses
/// segments, <c>?</c> matches one character other than <c>/</c>. Matching is case-sensitive, as ARNs are.
/// Immutable and thread-safe.
/// </summary>
public sealed class ArnGlob
{
    private readonly Regex _regex;

    /// <summary>The longest pattern accepted: an ARN is at most 2,048 characters, so a longer glob is a mistake.</summary>
    public const int MaxLength = 2048;

    /// <summary>Creates a glob.</summary>
    /// <param name="pattern">The pattern, for example <c>arn:aws:iam::*:role/breakglass/**</c>.</param>
    /// <exception cref="ArgumentException">The pattern is longer than <see cref="MaxLength"/> characters.</exception>
    public ArnGlob(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > MaxLength)
        {
            throw new ArgumentException($"An ARN glob is at most {MaxLength} characters; this one has {pattern.Length}.", nameof(pattern));
        }

        Pattern = pattern;
        var regex = new StringBuilder("^");
        var literal = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c is not ('*' or '?'))
            {
                continue;
            }

            regex.Append(Regex.Escape(pattern[literal..i]));
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else
            {
                regex.Append(c == '*' ? "[^/]*" : "[^/]");
            }

            literal = i + 1;
        }

        regex.Append(Regex.Escape(pattern[literal..])).Append(@"\z");

        // Non-backtracking: matching time is linear in the ARN whatever the pattern, so a suppression such as
        // "**a**a**a**b" can never stall a scan or time out half-way through the findings.
        _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking);
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>True when <paramref name="value"/> matches the pattern.</summary>
    /// <param name="value">An ARN or a JSON pointer.</param>
    /// <returns>Whether it matches.</returns>
    public bool IsMatch(string value) => value is not null && _regex.IsMatch(value);

    /// <inheritdoc />
    public override string ToString() => Pattern;
}
