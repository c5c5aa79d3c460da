using System.Text;

namespace IamSnapshot.Reporting;

/// <summary>
/// Escaping for the Markdown and HTML reports. Every name, message and policy text comes from the account (or a
/// custom rule), so none of it may become markup: a user named <c>&lt;script&gt;</c> or <c>|pipe|</c> must show
/// as text and never break a table, a tag or a script.
/// </summary>
internal static class Markup
{
    /// <summary>
    /// HTML-encodes text for element content and quoted attribute values: <c>&amp; &lt; &gt; " '</c>. Control
    /// characters other than tab and newline are dropped (they are not allowed in HTML text).
    /// </summary>
    public static string Html(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\t' or '\n': builder.Append(c); break;
                case < ' ' or '\u007f': break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Escapes text for inline Markdown, including a table cell: HTML-significant characters become entities,
    /// Markdown punctuation gets a backslash (so <c>|</c> never ends a cell, <c>*</c> never starts emphasis,
    /// <c>[</c> never starts a link, <c>@</c> never mentions anyone), and line breaks become spaces.
    /// </summary>
    public static string Markdown(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#' or '@':
                    builder.Append('\\').Append(c);
                    break;
                case '\r' or '\n' or '\t': builder.Append(' '); break;
                case < ' ' or '\u007f': break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }

    /// <summary>A code fence longer than any run of backticks in <paramref name="content"/>, so content cannot close it.</summary>
    public static string Fence(string content)
    {
        int longest = 0, run = 0;
        foreach (var c in content)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return new string('`', Math.Max(3, longest + 1));
    }
}
