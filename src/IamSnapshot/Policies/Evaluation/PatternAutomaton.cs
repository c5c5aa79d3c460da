namespace IamSnapshot.Policies.Evaluation;

/// <summary>
/// Decides whether two wildcard patterns can match a common string (their languages intersect), by a
/// breadth-first walk over pairs of positions. Used for "does this policy resource overlap that resource
/// pattern" and "can this policy resource name a resource of that type". Patterns here are short (an ARN
/// segment), so the quadratic state space is tiny.
/// </summary>
internal static class PatternAutomaton
{
    internal enum TokenKind : byte
    {
        Literal,
        AnyOne,
        AnyRun,
        VariablePlus,
        VariablePlusNoSeparator,
    }

    internal readonly record struct Token(TokenKind Kind, char Char);

    /// <summary>Tokens of a policy or request pattern: <c>*</c> always a run, <c>?</c> one character when <paramref name="questionMarkIsWildcard"/>.</summary>
    public static Token[] FromWildcardPattern(string pattern, bool questionMarkIsWildcard)
    {
        var tokens = new Token[pattern.Length];
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            tokens[i] = c switch
            {
                '*' => new Token(TokenKind.AnyRun, c),
                '?' when questionMarkIsWildcard => new Token(TokenKind.AnyOne, c),
                _ => new Token(TokenKind.Literal, c),
            };
        }

        return tokens;
    }

    /// <summary>
    /// Tokens of a resource-type ARN component such as <c>${BucketName}/${ObjectName}</c>: each variable
    /// stands for one or more characters; a component that is a single variable cannot contain a separator
    /// (<c>:</c> or <c>/</c>), because the catalog uses separators between variables.
    /// </summary>
    public static Token[] FromResourceTypeComponent(string component)
    {
        var tokens = new List<Token>(component.Length);
        var single = component.StartsWith("${", StringComparison.Ordinal) && component.IndexOf('}', StringComparison.Ordinal) == component.Length - 1;
        for (var i = 0; i < component.Length;)
        {
            if (component[i] == '$' && i + 1 < component.Length && component[i + 1] == '{')
            {
                var end = component.IndexOf('}', i + 2);
                if (end >= 0)
                {
                    tokens.Add(new Token(single ? TokenKind.VariablePlusNoSeparator : TokenKind.VariablePlus, '\0'));
                    i = end + 1;
                    continue;
                }
            }

            tokens.Add(new Token(TokenKind.Literal, component[i]));
            i++;
        }

        return [.. tokens];
    }

    /// <summary>True when some string matches both token lists.</summary>
    public static bool Intersects(Token[] a, Token[] b, bool ignoreCase)
    {
        var width = b.Length + 1;
        var visited = new bool[(a.Length + 1) * width];
        var queue = new Queue<(int I, int J)>();
        queue.Enqueue((0, 0));
        while (queue.Count > 0)
        {
            var (i, j) = queue.Dequeue();
            if (visited[(i * width) + j])
            {
                continue;
            }

            visited[(i * width) + j] = true;
            if (i == a.Length && j == b.Length)
            {
                return true;
            }

            // A run may match nothing.
            if (i < a.Length && a[i].Kind == TokenKind.AnyRun)
            {
                queue.Enqueue((i + 1, j));
            }

            if (j < b.Length && b[j].Kind == TokenKind.AnyRun)
            {
                queue.Enqueue((i, j + 1));
            }

            if (i < a.Length && j < b.Length && CanConsumeSame(a[i], b[j], ignoreCase))
            {
                foreach (var ni in Next(a[i], i))
                {
                    foreach (var nj in Next(b[j], j))
                    {
                        queue.Enqueue((ni, nj));
                    }
                }
            }
        }

        return false;
    }

    private static int[] Next(Token token, int index) => token.Kind switch
    {
        TokenKind.AnyRun => [index],
        TokenKind.VariablePlus or TokenKind.VariablePlusNoSeparator => [index, index + 1],
        _ => [index + 1],
    };

    private static bool CanConsumeSame(Token x, Token y, bool ignoreCase)
    {
        if (x.Kind == TokenKind.Literal && y.Kind == TokenKind.Literal)
        {
            return x.Char == y.Char || (ignoreCase && char.ToLowerInvariant(x.Char) == char.ToLowerInvariant(y.Char));
        }

        if (x.Kind == TokenKind.VariablePlusNoSeparator && y.Kind == TokenKind.Literal)
        {
            return y.Char is not (':' or '/');
        }

        if (y.Kind == TokenKind.VariablePlusNoSeparator && x.Kind == TokenKind.Literal)
        {
            return x.Char is not (':' or '/');
        }

        return true;
    }
}
