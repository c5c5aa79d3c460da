using IamSnapshot.Reporting;
using IamSnapshot.Tests.Reporting;
using Microsoft.Playwright;

namespace IamSnapshot.Browser.Tests;

/// <summary>
/// The HTML report in a real browser: content, filters, no network, no script injection, readable without
/// JavaScript. Screenshots land in the test output folder (artifacts/) for people to look at.
/// </summary>
public sealed class HtmlReportBrowserTests : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright's own browser download is not used (test.sh installs this one).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] LaunchArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        // Fail, never skip: a missing browser would otherwise hide a broken report.
        File.Exists(ChromiumPath).Should().BeTrue($"the browser tests need Chromium at {ChromiumPath}: run 'apt-get install -y chromium' (test.sh does)");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = LaunchArgs });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task SampleReport_ShowsContent_FiltersRows_AndLoadsNothingFromTheNetwork()
    {
        var report = ReportFixtures.Sample;
        var total = report.Findings.Length;
        var critical = report.Findings.Count(f => f.Severity == IamSnapshot.Rules.Severity.Critical);
        var file = WriteReport("sample-report.html", ReportWriter.WriteToString(report, ReportFormat.Html));
        var (page, requests) = await OpenAsync(file, javaScript: true);

        (await page.TitleAsync()).Should().StartWith("IamSnapshot diff:");
        (await page.Locator("#summary .card.sev-critical .count").InnerTextAsync()).Should().Be(critical.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rows = page.Locator("tr.finding");
        (await rows.CountAsync()).Should().Be(total);
        (await page.Locator("#filters").IsVisibleAsync()).Should().BeTrue("the script shows the filter bar");
        (await VisibleAsync(rows)).Should().Be(total);
        (await page.Locator("#filter-status").InnerTextAsync()).Should().Be($"{total} of {total} findings shown");
        (await page.Locator("details.change").CountAsync()).Should().Be(10);
        (await page.Locator("li.removed", new() { HasText = "Deny iam:* on *" }).CountAsync()).Should().Be(1, "policy deltas show removed statements");
        (await page.Locator("#rules dt").CountAsync()).Should().Be(ReportFixtures.Sample.Findings.Select(f => f.RuleId).Distinct().Count(), "rule help covers the rules that fired");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "sample-report.png"), FullPage = true });

        // Severity filter: untick critical, the critical rows hide and the others stay.
        critical.Should().BeGreaterThan(0);
        await page.Locator("input[name=severity][value=critical]").UncheckAsync();
        (await VisibleAsync(rows)).Should().Be(total - critical);
        (await page.Locator("tr.finding.sev-critical").First.IsHiddenAsync()).Should().BeTrue();
        (await page.Locator("#filter-status").InnerTextAsync()).Should().Be($"{total - critical} of {total} findings shown");

        // Rule filter on top: only IAM1004's two rows.
        await page.Locator("select[name=rule]").SelectOptionAsync("IAM1004");
        (await VisibleAsync(rows)).Should().Be(report.Findings.Count(f => f.RuleId == "IAM1004")).And.Be(2);
        (await VisibleAsync(page.Locator("details.change"))).Should().Be(2, "changes follow the rule filter too");

        // Back to everything, then entity type and text search.
        await page.Locator("input[name=severity][value=critical]").CheckAsync();
        await page.Locator("select[name=rule]").SelectOptionAsync(string.Empty);
        await page.Locator("select[name=entityType]").SelectOptionAsync("role");
        (await VisibleAsync(rows)).Should().Be(ReportFixtures.Sample.Findings.Count(f => f.EntityType == IamSnapshot.Model.EntityKind.Role));
        await page.Locator("input[name=q]").FillAsync("github-deployer");
        (await VisibleAsync(rows)).Should().Be(report.Findings.Count(f => f.Arn.EndsWith("/github-deployer", StringComparison.Ordinal))).And.BeGreaterThan(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "sample-report-filtered.png"), FullPage = true });

        requests.Should().OnlyContain(url => url.StartsWith("file://", StringComparison.Ordinal), "the report is self-contained");
    }

    [Fact]
    public async Task SampleReport_WithoutJavaScript_ShowsEverythingAndNoDeadControls()
    {
        var file = WriteReport("sample-report-nojs.html", ReportWriter.WriteToString(ReportFixtures.Sample, ReportFormat.Html));
        var (page, _) = await OpenAsync(file, javaScript: false);

        (await page.Locator("#filters").IsVisibleAsync()).Should().BeFalse("filters need the script, so they stay hidden without it");
        (await VisibleAsync(page.Locator("tr.finding"))).Should().Be(ReportFixtures.Sample.Findings.Length);
        (await VisibleAsync(page.Locator("details.change"))).Should().Be(ReportFixtures.Sample.Diff.Changes.Length);
        // <details> toggles without script: close one that is open.
        var open = await page.Locator("details.change[open]").CountAsync();
        open.Should().BeGreaterThan(0, "changes with findings start open");
        await page.Locator("details.change[open] > summary").First.ClickAsync();
        (await page.Locator("details.change[open]").CountAsync()).Should().Be(open - 1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "sample-report-nojs.png"), FullPage = true });
    }

    [Fact]
    public async Task HostileNames_RenderAsText_RunNoScript_AndKeepTheFiltersWorking()
    {
        var file = WriteReport("hostile-report.html", ReportWriter.WriteToString(ReportFixtures.Hostile(), ReportFormat.Html));
        var dialogs = new List<string>();
        var (page, _) = await OpenAsync(file, javaScript: true, onDialog: dialogs.Add);

        dialogs.Should().BeEmpty("no name may run script");
        (await page.Locator("img").CountAsync()).Should().Be(0, "a name with an <img> tag stays text");
        (await page.Locator("script").CountAsync()).Should().Be(1, "only the report's own script");
        (await page.Locator("tr.finding", new() { HasText = ReportFixtures.ImgUser }).CountAsync()).Should().BeGreaterThan(0);
        (await page.Locator("tr.finding", new() { HasText = ReportFixtures.ScriptRole }).CountAsync()).Should().BeGreaterThan(0);
        (await page.Locator("#filters").IsVisibleAsync()).Should().BeTrue("the report's own script still ran");
        (await page.Locator("tr.finding .name").AllInnerTextsAsync()).Should().Contain(ReportFixtures.ScriptRole, "the whole name shows, even with a slash in it");

        var total = await page.Locator("tr.finding").CountAsync();
        await page.Locator("input[name=suppressed]").UncheckAsync();
        (await VisibleAsync(page.Locator("tr.finding"))).Should().Be(total - 1, "the one suppressed finding hides");
        await page.Locator("input[name=q]").FillAsync(ReportFixtures.ScriptRole);
        (await VisibleAsync(page.Locator("tr.finding"))).Should().Be(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "hostile-report.png"), FullPage = true });
    }

    [Fact]
    public async Task HistoryReport_StepFilter_ShowsOneStep()
    {
        var history = ReportFixtures.SampleHistory();
        var file = WriteReport("history-report.html", ReportWriter.WriteToString(history, ReportFormat.Html));
        var (page, _) = await OpenAsync(file, javaScript: true);

        var rows = page.Locator("tr.finding");
        (await rows.CountAsync()).Should().Be(history.Steps.Sum(s => s.Findings.Length));
        await page.Locator("select[name=step]").SelectOptionAsync("after.json -> before.json");
        (await VisibleAsync(rows)).Should().Be(history.Steps[1].Findings.Length);
        (await page.Locator("#timeline tbody tr").CountAsync()).Should().Be(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "history-report.png"), FullPage = true });
    }

    private static string WriteReport(string name, string html)
    {
        var path = Path.Combine(Artifacts, name);
        File.WriteAllText(path, html);
        return path;
    }

    private async Task<(IPage Page, List<string> Requests)> OpenAsync(string file, bool javaScript, Action<string>? onDialog = null)
    {
        var context = await _browser!.NewContextAsync(new() { JavaScriptEnabled = javaScript, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.Dialog += async (_, dialog) =>
        {
            onDialog?.Invoke(dialog.Message);
            await dialog.DismissAsync();
        };
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        return (page, requests);
    }

    private static async Task<int> VisibleAsync(ILocator locator)
    {
        var count = 0;
        foreach (var element in await locator.AllAsync())
        {
            if (await element.IsVisibleAsync())
            {
                count++;
            }
        }

        return count;
    }
}
