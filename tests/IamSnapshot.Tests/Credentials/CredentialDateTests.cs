using IamSnapshot.Model;

namespace IamSnapshot.Tests.Credentials;

public class CredentialDateTests
{
    [Theory]
    [InlineData("N/A", CredentialDateState.NotApplicable)]
    [InlineData("not_supported", CredentialDateState.NotSupported)]
    [InlineData("no_information", CredentialDateState.NoInformation)]
    [InlineData("2023-01-03T10:41:45+00:00", CredentialDateState.Date)]
    [InlineData("2025-01-28T17:25:12Z", CredentialDateState.Date)]
    public void TryParse_ReportCell_GivesItsState(string text, CredentialDateState state)
    {
        CredentialDate.TryParse(text, out var date).Should().BeTrue();

        date.State.Should().Be(state);
        date.HasValue.Should().Be(state == CredentialDateState.Date);
        (date.Value is null).Should().Be(state != CredentialDateState.Date, "a sentinel is never coerced to a date");
    }

    [Fact]
    public void Sentinels_AreDistinctFromEachOtherAndFromDates()
    {
        var values = new[]
        {
            CredentialDate.NotApplicable, CredentialDate.NotSupported, CredentialDate.NoInformation,
            CredentialDate.At(DateTimeOffset.MinValue), CredentialDate.At(DateTimeOffset.UnixEpoch),
        };

        values.Distinct().Should().HaveCount(values.Length);
        default(CredentialDate).Should().Be(CredentialDate.NotApplicable);
    }

    [Theory]
    [InlineData("2023-01-03T10:41:45+00:00", "2023-01-03T10:41:45Z")]
    [InlineData("2023-01-03T12:41:45+02:00", "2023-01-03T10:41:45Z")]
    [InlineData("2025-01-28T17:25:12Z", "2025-01-28T17:25:12Z")]
    [InlineData("N/A", "N/A")]
    [InlineData("not_supported", "not_supported")]
    [InlineData("no_information", "no_information")]
    public void ToString_WritesTheReportFormInUtc_AndRoundTrips(string text, string expected)
    {
        CredentialDate.TryParse(text, out var date).Should().BeTrue();

        date.ToString().Should().Be(expected);
        CredentialDate.TryParse(date.ToString(), out var again).Should().BeTrue();
        again.Should().Be(date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2016/10/11 15:27:35")]
    [InlineData("2023-01-03")]
    [InlineData("Jul 10, 2023 12:23:05 PM")]
    [InlineData("n/a/")]
    public void TryParse_UnknownForm_Fails(string text)
    {
        CredentialDate.TryParse(text, out _).Should().BeFalse();
    }
}
