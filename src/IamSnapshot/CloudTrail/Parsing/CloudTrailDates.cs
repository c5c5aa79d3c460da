using System.Globalization;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Parses the date forms found in CloudTrail data. <c>eventTime</c> is <c>2023-07-10T12:24:49Z</c>;
/// CloudTrail Lake and Athena give <c>2023-07-10 12:24:49.000</c> (UTC, no zone); IAM
/// <c>responseElements.*.createDate</c> is <c>Jul 10, 2023 12:23:05 PM</c> (en-US, no zone, UTC);
/// <c>lookup-events</c> from AWS CLI v1 gives epoch seconds. A date without a zone is UTC, never local.
/// </summary>
internal static class CloudTrailDates
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "MMM d, yyyy h:mm:ss tt",
    ];

    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // The month names of the IAM response form are English whatever the machine's culture is.
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, Styles, out value))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromEpoch(number, out value);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out value);
    }

    /// <summary>Epoch seconds, or milliseconds when the number is too large to be seconds.</summary>
    public static bool TryFromEpoch(double number, out DateTimeOffset value)
    {
        value = default;
        if (double.IsNaN(number) || number < 0 || number > 1e15)
        {
            return false;
        }

        var milliseconds = number > 1e11 ? number : number * 1000;
        value = DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
        return true;
    }
}
