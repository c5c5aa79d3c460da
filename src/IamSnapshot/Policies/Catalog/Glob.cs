namespace IamSnapshot.Policies.Catalog;

/// <summary>
/// IAM's wildcard match: <c>*</c> is any run of characters (also empty), <c>?</c> exactly one character.
/// No other character is special. Greedy backtracking on the last <c>*</c> is linear in practice for
/// IAM-sized strings.
/// </summary>
internal static class Glob
{
    public static bool HasWildcard(ReadOnlySpan<char> pattern) => pattern.IndexOfAny('*', '?') >= 0;

    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool ignoreCase, bool questionMarkIsWildcard = true)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && ((questionMarkIsWildcard && pattern[p] == '?') || CharEquals(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}
