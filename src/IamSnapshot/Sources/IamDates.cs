using System.Globalization;

namespace IamSnapshot.Sources;

/// <summary>Parses the date forms real IAM inputs contain, and formats dates for saved snapshots.</summary>
internal static class IamDates
{
    // Forms seen in real files: the CLI's ISO 8601 with offset or Z, boto3's str() with a space, fractional
    // seconds, and CloudTrail's en-US "Jul 10, 2023 12:23:05 PM" (no zone: UTC).
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
        "MMM d, yyyy h:mm:ss tt",
        "yyyy-MM-dd",
    ];

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (TryParseIso(trimmed, out value))
        {
            return true;
        }

        return DateTimeOffset.TryParseExact(
            trimmed,
            Formats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
            out value);
    }

    /// <summary>
    /// The two forms nearly every date has (a saved snapshot's <c>2024-01-02T03:04:05Z</c>, the CLI's
    /// <c>2024-01-02T03:04:05+00:00</c>) without the general parser, which dominates loading otherwise. Gives the
    /// same value as the first format of <see cref="Formats"/>; anything else, or out of range, is left to it.
    /// </summary>
    private static bool TryParseIso(string text, out DateTimeOffset value)
    {
        value = default;
        if (!(text.Length == 20 && text[19] == 'Z') && !(text.Length == 25 && text[19] is '+' or '-' && text[22] == ':'))
        {
            return false;
        }

        if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        var offset = TimeSpan.Zero;
        if (text.Length == 25)
        {
            if (!Digits(text, 20, 2, out var offsetHours) || !Digits(text, 23, 2, out var offsetMinutes) || offsetHours > 14 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (text[19] == '-')
            {
                offset = -offset;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59
            || offset.Duration() > TimeSpan.FromHours(14))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;

        static bool Digits(string s, int start, int count, out int number)
        {
            number = 0;
            for (var i = start; i < start + count; i++)
            {
                var c = s[i];
                if (c is < '0' or > '9')
                {
                    return false;
                }

                number = (number * 10) + (c - '0');
            }

            return true;
        }
    }

    /// <summary>The one form a saved snapshot uses: UTC, ISO 8601, fractional seconds only when present.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
