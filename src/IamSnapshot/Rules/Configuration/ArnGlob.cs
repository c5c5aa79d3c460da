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

    /// <summary>Creates a glob.</summary>
    /// <param name="pattern">The pattern, for example <c>arn:aws:iam::*:role/breakglass/**</c>.</param>
    public ArnGlob(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
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
