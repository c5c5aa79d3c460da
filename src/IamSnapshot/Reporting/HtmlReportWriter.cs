using System.Globalization;
using IamSnapshot.Diffing;
using IamSnapshot.Rules;
using IamSnapshot.Sources;

namespace IamSnapshot.Reporting;

/// <summary>
/// Writes one self-contained HTML file: inline style and script, system fonts, no request to any network, so it
/// opens from a CI artifact or an air-gapped laptop. Everything is readable without JavaScript (the filter bar
/// is hidden until the script shows it); with it, findings filter by severity, rule, entity type, step and text.
/// Every account-supplied string goes through <see cref="Markup.Html"/>, in text and in attributes alike, and
/// the script reads its data from those attributes, so no name can end the script element or inject markup.
/// </summary>
internal sealed class HtmlReportWriter(TextWriter output)
{
    public void Write(ReportInput input)
    {
        var history = input.History;
        var reports = input.Reports;
        var title = history is null
            ? $"IamSnapshot diff: {input.Diff!.BeforeName} → {input.Diff.AfterName}"
            : $"IamSnapshot history: {history.Location}";
        WriteHead(title);
        output.Write("<body>\n<header>\n<h1>");
        output.Write(history is null ? "IamSnapshot diff" : "IamSnapshot history");
        output.Write("</h1>\n");
        if (history is null)
        {
            WriteSnapshots(input.Diff!);
        }
        else
        {
            output.Write($"<p class=\"files\">{H(history.Location)}: {history.Snapshots.Length.ToString(CultureInfo.InvariantCulture)} snapshots, {history.Steps.Length.ToString(CultureInfo.InvariantCulture)} steps</p>\n");
        }

        output.Write($"<p class=\"scope\">{H(DiffReport.Scope)}</p>\n</header>\n<main>\n");
        WriteSummary(reports);
        WriteNotes((history?.Notes ?? []).Concat(history is null ? input.Diff!.Diff.Notes : []));
        if (history is not null)
        {
            WriteTimeline(history);
        }

        WriteFilters(input);
        foreach (var report in reports)
        {
            var step = input.StepOf(report);
            if (step is not null)
            {
                output.Write($"<section class=\"step\" data-step=\"{H(step)}\">\n<h2>{H(step)}</h2>\n");
                WriteNotes(report.Diff.Notes);
            }

            WriteFindings(report, step);
            WriteChanges(report, step);
            WriteAccessDelta(report, step);
            if (step is not null)
            {
                output.Write("</section>\n");
            }
        }

        WriteRuleHelp(reports);
        output.Write("</main>\n<footer>");
        output.Write(H(SnapshotFile.ToolVersion));
        output.Write(" · <a href=\"");
        output.Write(ReportFacts.ProjectUri);
        output.Write("\">project page</a></footer>\n");
        WriteScript();
        output.Write("</body>\n</html>\n");
    }

    private static string H(string text) => Markup.Html(text);

    private void WriteHead(string title)
    {
        output.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        output.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Belt and braces for a file that must never reach the network: the page itself may load nothing.
        output.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
        output.Write($"<title>{H(title)}</title>\n<style>\n{Style}</style>\n</head>\n");
    }

    private void WriteSnapshots(DiffReport report)
    {
        output.Write("<table class=\"snapshots\">\n<tr><th></th><th>Snapshot</th><th>Account</th><th>Captured</th></tr>\n");
        foreach (var (label, name, metadata) in new[] { ("before", report.BeforeName, report.Diff.Before.Metadata), ("after", report.AfterName, report.Diff.After.Metadata) })
        {
            output.Write($"<tr><th>{label}</th><td>{H(name)}</td><td>{H(metadata.AccountId ?? "unknown")}</td><td>{H(ReportFacts.CapturedAt(metadata))}</td></tr>\n");
        }

        output.Write("</table>\n");
    }

    private void WriteSummary(IReadOnlyList<DiffReport> reports)
    {
        output.Write("<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"cards\">\n");
        foreach (var severity in ReportFacts.SeveritiesDescending)
        {
            var count = reports.Sum(r => r.CountsBySeverity[severity]);
            output.Write($"<li class=\"card sev-{Names.Of(severity)}\"><span class=\"count\">{count.ToString(CultureInfo.InvariantCulture)}</span> {Names.Of(severity)}</li>\n");
        }

        var suppressed = reports.Sum(r => r.Findings.Count(f => f.Suppressed));
        var changes = reports.Sum(r => r.Diff.Changes.Length);
        output.Write($"<li class=\"card neutral\"><span class=\"count\">{suppressed.ToString(CultureInfo.InvariantCulture)}</span> suppressed</li>\n");
        output.Write($"<li class=\"card neutral\"><span class=\"count\">{changes.ToString(CultureInfo.InvariantCulture)}</span> changes</li>\n");
        output.Write("</ul>\n</section>\n");
    }

    private void WriteNotes(IEnumerable<string> notes)
    {
        foreach (var note in notes)
        {
            output.Write($"<p class=\"note\"><strong>Note:</strong> {H(note)}</p>\n");
        }
    }

    private void WriteTimeline(HistoryReport history)
    {
        output.Write("<section id=\"timeline\">\n<h2>Timeline</h2>\n<table>\n<thead><tr><th>Step</th><th>Captured</th><th>Changes</th>");
        foreach (var severity in ReportFacts.SeveritiesDescending)
        {
            output.Write($"<th>{Names.Of(severity)}</th>");
        }

        output.Write("<th>suppressed</th></tr></thead>\n<tbody>\n");
        foreach (var step in history.Steps)
        {
            var counts = step.CountsBySeverity;
            output.Write($"<tr><td>{H(HistoryReport.StepLabel(step))}</td><td>{H(ReportFacts.CapturedAt(step.Diff.Before.Metadata))} → {H(ReportFacts.CapturedAt(step.Diff.After.Metadata))}</td><td class=\"num\">{step.Diff.Changes.Length.ToString(CultureInfo.InvariantCulture)}</td>");
            foreach (var severity in ReportFacts.SeveritiesDescending)
            {
                output.Write($"<td class=\"num\">{counts[severity].ToString(CultureInfo.InvariantCulture)}</td>");
            }

            output.Write($"<td class=\"num\">{step.Findings.Count(f => f.Suppressed).ToString(CultureInfo.InvariantCulture)}</td></tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The filter bar: hidden in the markup, shown by the script, so a reader without JavaScript sees no dead controls.</summary>
    private void WriteFilters(ReportInput input)
    {
        var findings = input.Reports.SelectMany(r => r.Findings).ToList();
        output.Write("<form id=\"filters\" class=\"filters\" hidden>\n<fieldset>\n<legend>Severity</legend>\n");
        foreach (var severity in ReportFacts.SeveritiesDescending)
        {
            var count = findings.Count(f => f.Severity == severity);
            output.Write($"<label><input type=\"checkbox\" name=\"severity\" value=\"{Names.Of(severity)}\" checked> {Names.Of(severity)} ({count.ToString(CultureInfo.InvariantCulture)})</label>\n");
        }

        output.Write("<label><input type=\"checkbox\" name=\"suppressed\" checked> suppressed</label>\n</fieldset>\n");
        output.Write("<label>Rule <select name=\"rule\"><option value=\"\">all rules</option>");
        foreach (var rule in ReportFacts.FiredRules(input.Reports))
        {
            output.Write($"<option value=\"{H(rule.Id)}\">{H(rule.Id)} {H(rule.Title)}</option>");
        }

        output.Write("</select></label>\n<label>Entity <select name=\"entityType\"><option value=\"\">all types</option>");
        var types = input.Reports.SelectMany(r => r.Findings.Select(f => f.EntityType).Concat(r.Diff.Changes.Select(c => (Model.EntityKind?)c.EntityType)))
            .OfType<Model.EntityKind>().Distinct().Order();
        foreach (var type in types)
        {
            output.Write($"<option value=\"{Names.Of(type)}\">{Names.Of(type)}</option>");
        }

        output.Write("</select></label>\n");
        if (input.History is { } history)
        {
            output.Write("<label>Step <select name=\"step\"><option value=\"\">all steps</option>");
            foreach (var step in history.Steps)
            {
                var label = H(HistoryReport.StepLabel(step));
                output.Write($"<option value=\"{label}\">{label}</option>");
            }

            output.Write("</select></label>\n");
        }

        output.Write("<label>Search <input type=\"search\" name=\"q\" placeholder=\"name, ARN or message\"></label>\n");
        output.Write("<output id=\"filter-status\" aria-live=\"polite\"></output>\n</form>\n");
    }

    private void WriteFindings(DiffReport report, string? step)
    {
        output.Write($"<section class=\"findings\">\n<h{(step is null ? 2 : 3)}>Findings</h{(step is null ? 2 : 3)}>\n");
        if (report.Findings.IsEmpty)
        {
            output.Write("<p class=\"empty\">No findings.</p>\n</section>\n");
            return;
        }

        output.Write("<table class=\"findings-table\">\n<thead><tr><th>Severity</th><th>Rule</th><th>Entity</th><th>Finding</th></tr></thead>\n<tbody>\n");
        foreach (var finding in report.Findings)
        {
            var severity = Names.Of(finding.Severity);
            var type = finding.EntityType is { } t ? Names.Of(t) : string.Empty;
            output.Write($"<tr class=\"finding sev-{severity}{(finding.Suppressed ? " suppressed" : string.Empty)}\" data-severity=\"{severity}\" data-rule=\"{H(finding.RuleId)}\" data-entity-type=\"{type}\" data-arn=\"{H(finding.Arn)}\" data-suppressed=\"{(finding.Suppressed ? "true" : "false")}\" data-fingerprint=\"{finding.Fingerprint}\"{(step is null ? string.Empty : $" data-step=\"{H(step)}\"")}>");
            output.Write($"<td class=\"nowrap\"><span class=\"badge sev-{severity}\">{severity}</span>{(finding.Suppressed ? " <span class=\"badge neutral\">suppressed</span>" : string.Empty)}</td>");
            output.Write($"<td class=\"nowrap\"><a href=\"#rule-{H(finding.RuleId)}\" title=\"{H(finding.Title)}\">{H(finding.RuleId)}</a></td>");
            output.Write($"<td><span class=\"type\">{type}</span> <span class=\"name\">{H(ReportFacts.EntityName(report, finding.Arn))}</span><div class=\"arn\">{H(finding.Arn)}</div></td>");
            output.Write($"<td>{H(finding.Message)}");
            if (finding.Suppressed && finding.SuppressionJustification is not null)
            {
                output.Write($"<div class=\"justification\">Suppressed: {H(finding.SuppressionJustification)}</div>");
            }

            output.Write("</td></tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    private void WriteChanges(DiffReport report, string? step)
    {
        var level = step is null ? 2 : 3;
        output.Write($"<section class=\"changes\">\n<h{level}>Changes ({report.Diff.Changes.Length.ToString(CultureInfo.InvariantCulture)})</h{level}>\n");
        var entities = ReportFacts.Entities(report).Where(e => e.Changes.Count > 0).ToList();
        if (entities.Count == 0)
        {
            output.Write("<p class=\"empty\">No changes.</p>\n");
        }

        foreach (var entity in entities)
        {
            foreach (var change in entity.Changes)
            {
                WriteChange(entity, change, step, report.Attribution);
            }
        }

        output.Write("</section>\n");
    }

    /// <summary>The access delta: one row per principal, its actions in a collapsible list.</summary>
    private void WriteAccessDelta(DiffReport report, string? step)
    {
        var deltas = ReportFacts.AccessDelta(report);
        if (deltas.Count == 0)
        {
            return;
        }

        var level = step is null ? 2 : 3;
        output.Write($"<section class=\"access\">\n<h{level}>Access delta ({deltas.Count.ToString(CultureInfo.InvariantCulture)})</h{level}>\n");
        output.Write("<p class=\"hint\">What each principal can do after but not before (+), and the reverse (−), from its effective permissions.</p>\n");
        foreach (var delta in deltas)
        {
            output.Write($"<details class=\"access-delta\" data-arn=\"{H(delta.Arn)}\" data-entity-type=\"{Names.Of(delta.Kind)}\"{(step is null ? string.Empty : $" data-step=\"{H(step)}\"")}>\n");
            output.Write($"<summary><span class=\"type\">{Names.Of(delta.Kind)}</span> <strong class=\"name\">{H(ReportFacts.NameFromArn(delta.Arn))}</strong>: {H(ReportFacts.AccessSummary(delta))}</summary>\n");
            output.Write($"<div class=\"arn\">{H(delta.Arn)}</div>\n<ul class=\"grants\">\n");
            foreach (var grant in delta.Gained)
            {
                output.Write($"<li class=\"added\">+ {H(ReportFacts.Grant(grant))}</li>\n");
            }

            foreach (var grant in delta.Lost)
            {
                output.Write($"<li class=\"removed\">− {H(ReportFacts.Grant(grant))}</li>\n");
            }

            output.Write("</ul>\n</details>\n");
        }

        output.Write("</section>\n");
    }

    private void WriteChange(EntityEntry entity, EntityChange change, string? step, CloudTrail.ChangeAttribution? attribution)
    {
        var rules = string.Join(' ', entity.Findings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal));
        var top = entity.TopSeverity;
        output.Write($"<details class=\"change\" data-entity-type=\"{Names.Of(change.EntityType)}\" data-arn=\"{H(change.Arn)}\" data-rules=\"{H(rules)}\"{(step is null ? string.Empty : $" data-step=\"{H(step)}\"")}{(top is null ? string.Empty : " open")}>\n");
        output.Write($"<summary><span class=\"kind kind-{Names.Of(change.Kind)}\">{Names.Of(change.Kind)}</span> <span class=\"type\">{Names.Of(change.EntityType)}</span> <strong class=\"name\">{H(change.Name)}</strong>");
        if (top is { } severity)
        {
            output.Write($" <span class=\"badge sev-{Names.Of(severity)}\">{Names.Of(severity)}</span>");
        }

        if (change.Origin == ChangeOrigin.Aws)
        {
            output.Write(" <span class=\"badge neutral\">made by AWS</span>");
        }

        output.Write($"</summary>\n<div class=\"change-body\">\n<div class=\"arn\">{H(change.Arn)}</div>\n");
        if (change.Kind == ChangeKind.Renamed && change.PreviousArn is not null)
        {
            output.Write($"<p>Renamed from <span class=\"arn\">{H(change.PreviousArn)}</span></p>\n");
        }

        if (change.Kind == ChangeKind.Recreated)
        {
            output.Write($"<p>Deleted and created again: unique id {H(change.Before!.UniqueId)} → {H(change.After!.UniqueId)}</p>\n");
        }

        if (!change.Properties.IsEmpty)
        {
            output.Write("<ul class=\"props\">\n");
            foreach (var property in change.Properties)
            {
                WriteProperty(property);
            }

            output.Write("</ul>\n");
        }

        var events = attribution?.EventsFor(change) ?? [];
        if (!events.IsEmpty)
        {
            output.Write("<ul class=\"events\">\n");
            foreach (var attributed in events)
            {
                output.Write($"<li>by {H(ReportFacts.Event(attributed))}</li>\n");
            }

            output.Write("</ul>\n");
        }

        output.Write("</div>\n</details>\n");
    }

    private void WriteProperty(PropertyChange property)
    {
        var sign = ReportFacts.Sign(property);
        output.Write($"<li><span class=\"sign\">{sign}</span> <code>{H(property.Path)}</code> <span class=\"cat\">{Names.Of(property.Category)}</span>");
        if (ReportFacts.IsPolicyDocument(property))
        {
            var statements = ReportFacts.StatementChanges(property);
            if (statements.Count > 0)
            {
                output.Write("\n<ul class=\"statements\">\n");
                foreach (var statement in statements)
                {
                    output.Write(statement.Added
                        ? $"<li class=\"added\"><span class=\"sign\">+</span> {H(statement.Text)}</li>\n"
                        : $"<li class=\"removed\"><span class=\"sign\">−</span> {H(statement.Text)}</li>\n");
                }

                output.Write("</ul>\n");
            }
        }
        else if (property.IsAddition)
        {
            output.Write($": <code class=\"added\">{H(property.NewValue!)}</code>");
        }
        else if (property.IsRemoval)
        {
            output.Write($": <code class=\"removed\">{H(property.OldValue!)}</code>");
        }
        else
        {
            output.Write($": <code class=\"removed\">{H(property.OldValue!)}</code> → <code class=\"added\">{H(property.NewValue!)}</code>");
        }

        output.Write("</li>\n");
    }

    private void WriteRuleHelp(IReadOnlyList<DiffReport> reports)
    {
        var rules = ReportFacts.FiredRules(reports);
        if (rules.Count == 0)
        {
            return;
        }

        output.Write("<section id=\"rules\">\n<h2>Rule help</h2>\n<dl>\n");
        foreach (var rule in rules)
        {
            output.Write($"<dt id=\"rule-{H(rule.Id)}\"><span class=\"badge sev-{Names.Of(rule.DefaultSeverity)}\">{Names.Of(rule.DefaultSeverity)}</span> {H(rule.Id)} {H(rule.Title)}</dt>\n<dd>");
            foreach (var paragraph in rule.Description.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                output.Write($"<p>{H(paragraph)}</p>");
            }

            output.Write($"<p><a href=\"{H(ReportFacts.HelpUri(rule))}\">Documentation</a></p></dd>\n");
        }

        output.Write("</dl>\n</section>\n");
    }

    private void WriteScript() => output.Write($"<script>\n{Script}</script>\n");

    private const string Style = """
        :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
          --critical: #a40e26; --high: #d1242f; --medium: #9a6700; --low: #0969da; --info: #59636e; --added: #1a7f37; --removed: #cf222e; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
          --critical: #ff7b72; --high: #f85149; --medium: #d29922; --low: #4493f8; --info: #9198a1; --added: #3fb950; --removed: #f85149; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
        header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 16px; }
        h1 { font-size: 24px; margin: 8px 0; } h2 { font-size: 20px; margin: 24px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 16px; margin: 16px 0 8px; }
        .scope, footer, .arn, .empty { color: var(--muted); }
        .scope { font-size: 12px; } footer { font-size: 12px; padding: 24px; }
        .arn { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
        code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--panel); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; }
        th { white-space: nowrap; }
        th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
        table.snapshots { width: auto; } td.num { text-align: right; }
        td.nowrap { white-space: nowrap; width: 1%; overflow-wrap: normal; }
        .filters select { max-width: 320px; }
        .cards { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; margin: 0; }
        .card { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px; padding: 6px 14px; min-width: 110px; background: var(--panel); }
        .card .count { font-size: 22px; font-weight: 600; display: block; }
        .card.neutral { border-left-color: var(--line); }
        .badge { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase; padding: 0 6px; border-radius: 10px; color: #fff; background: var(--info); }
        .badge.neutral { background: var(--line); color: var(--fg); }
        .card.sev-critical { border-left-color: var(--critical); } .badge.sev-critical { background: var(--critical); }
        .card.sev-high { border-left-color: var(--high); } .badge.sev-high { background: var(--high); }
        .card.sev-medium { border-left-color: var(--medium); } .badge.sev-medium { background: var(--medium); }
        .card.sev-low { border-left-color: var(--low); } .badge.sev-low { background: var(--low); }
        tr.suppressed td { opacity: 0.6; }
        .justification { color: var(--muted); font-size: 12px; }
        .note { border-left: 4px solid var(--medium); padding: 4px 12px; background: var(--panel); }
        .filters { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 16px 0; padding: 8px 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
        .filters[hidden] { display: none; }
        .filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 10px; flex-wrap: wrap; }
        .filters legend { float: left; font-weight: 600; margin-right: 4px; }
        .filters select, .filters input[type=search] { font: inherit; }
        #filter-status { color: var(--muted); margin-left: auto; }
        details.change { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; background: var(--bg); }
        details.change > summary { cursor: pointer; padding: 6px 10px; background: var(--panel); border-radius: 6px; }
        .change-body { padding: 4px 12px 8px; }
        .kind { font-weight: 600; } .kind-added { color: var(--added); } .kind-removed { color: var(--removed); } .kind-modified { color: var(--medium); }
        .type, .cat { color: var(--muted); }
        .cat { font-size: 12px; }
        ul.props { padding-left: 18px; } ul.props > li { margin: 4px 0; }
        ul.statements { list-style: none; padding-left: 8px; margin: 4px 0; font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        ul.statements li { padding: 1px 6px; border-radius: 3px; overflow-wrap: anywhere; }
        li.added, code.added { color: var(--added); } li.removed, code.removed { color: var(--removed); }
        li.added { background: color-mix(in srgb, var(--added) 10%, transparent); } li.removed { background: color-mix(in srgb, var(--removed) 10%, transparent); }
        .sign { font-weight: 700; font-family: ui-monospace, monospace; }
        dt { font-weight: 600; margin-top: 12px; } dd { margin-left: 0; padding-left: 16px; border-left: 3px solid var(--line); }
        [hidden] { display: none !important; }

        """;

    /// <summary>
    /// The filter script. It reads only <c>data-*</c> attributes and form values and writes only <c>hidden</c>
    /// and <c>textContent</c>, so nothing it touches is ever parsed as markup.
    /// </summary>
    private const string Script = """
        (function () {
          'use strict';
          var form = document.getElementById('filters');
          if (!form) { return; }
          form.hidden = false;
          var rows = Array.prototype.slice.call(document.querySelectorAll('tr.finding'));
          var changes = Array.prototype.slice.call(document.querySelectorAll('details.change'));
          var status = document.getElementById('filter-status');
          function contains(text, query) { return !query || text.toLowerCase().indexOf(query) >= 0; }
          function apply() {
            var severities = {};
            Array.prototype.forEach.call(form.querySelectorAll('input[name=severity]'), function (box) { severities[box.value] = box.checked; });
            var showSuppressed = form.elements.suppressed.checked;
            var rule = form.elements.rule.value;
            var type = form.elements.entityType.value;
            var step = form.elements.step ? form.elements.step.value : '';
            var query = form.elements.q.value.trim().toLowerCase();
            var shown = 0;
            rows.forEach(function (row) {
              var d = row.dataset;
              var visible = severities[d.severity] === true
                && (showSuppressed || d.suppressed !== 'true')
                && (!rule || d.rule === rule)
                && (!type || d.entityType === type)
                && (!step || d.step === step)
                && (contains(row.textContent, query) || contains(d.arn, query));
              row.hidden = !visible;
              if (visible) { shown++; }
            });
            changes.forEach(function (change) {
              var d = change.dataset;
              var visible = (!rule || (' ' + d.rules + ' ').indexOf(' ' + rule + ' ') >= 0)
                && (!type || d.entityType === type)
                && (!step || d.step === step)
                && (contains(change.textContent, query) || contains(d.arn, query));
              change.hidden = !visible;
            });
            status.textContent = shown + ' of ' + rows.length + ' findings shown';
          }
          form.addEventListener('input', apply);
          form.addEventListener('change', apply);
          form.addEventListener('submit', function (event) { event.preventDefault(); });
          apply();
        })();

        """;
}
