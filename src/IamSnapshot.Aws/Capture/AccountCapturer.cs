using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Threading.Channels;
using System.Xml.Linq;
using IamSnapshot.Aws.Iam;
using IamSnapshot.Aws.Sts;
using IamSnapshot.Aws.Transport;
using IamSnapshot.Model;
using IamSnapshot.Sources;
using Polly;
using Polly.Timeout;

namespace IamSnapshot.Aws.Capture;

/// <summary>
/// Captures one account. The authorization-details pages are the critical path and run one after another, with
/// nothing in front of them; everything else (caller identity, credential report, password policy, summary,
/// aliases, identity providers, MFA devices, server certificates, and the access keys of each user as soon as a
/// page names the user) runs alongside, at most <see cref="AwsCaptureOptions.MaxParallelRequests"/> at a time.
/// The first failure that is not an allowed partial part cancels the rest.
/// </summary>
internal sealed class AccountCapturer : IDisposable
{
    private readonly AwsCaptureOptions _options;
    private readonly AwsSession _session;
    private readonly SemaphoreSlim _gate;
    private readonly ConcurrentDictionary<SnapshotParts, byte[]> _results = new();
    private readonly ConcurrentQueue<CaptureWarning> _warnings = new();
    private readonly AuthorizationDetailsJsonBuilder _authorizationDetails = new();
    private string _target;

    private AccountCapturer(AwsCaptureOptions options, AwsSession session)
    {
        _options = options;
        _session = session;
        _gate = new SemaphoreSlim(options.MaxParallelRequests, options.MaxParallelRequests);
        _target = AwsSession.KnownAccount(options) ?? session.Target;
    }

    /// <summary>Captures the account the options point at, within the options' deadline.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="cancellationToken">Cancels the capture.</param>
    /// <returns>The captured parts.</returns>
    /// <exception cref="AwsCaptureException">The capture failed; the exception names the part and the call.</exception>
    public static async Task<CapturedAccount> CaptureAsync(AwsCaptureOptions options, CancellationToken cancellationToken)
    {
        var deadline = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }.AddTimeout(options.Deadline).Build();
        try
        {
            return await deadline.ExecuteAsync(
                static async (state, token) =>
                {
                    using var session = await AwsSession.OpenAsync(state, token).ConfigureAwait(false);
                    using var capturer = new AccountCapturer(state, session);
                    return await capturer.RunAsync(token).ConfigureAwait(false);
                },
                options,
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            var target = AwsSession.KnownAccount(options) ?? options.RoleArn ?? "the account";
            throw new AwsCaptureException(AwsFailureKind.Timeout, $"The capture of {target} did not finish within its deadline of {options.Deadline}.", ex) { AccountId = AwsSession.KnownAccount(options) };
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<CapturedAccount> RunAsync(CancellationToken cancellationToken)
    {
        var capturedAt = _options.TimeProvider.GetUtcNow();
        var parts = AwsSession.RequestedParts(_options);
        Report(CaptureStage.Started, $"capturing ({_session.Partition}, {_session.Region})");

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cancel.Token;
        var users = parts.HasFlag(SnapshotParts.AccessKeys) ? Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true }) : null;

        var callerTask = Guard(cancel, GetCallerAsync(token));
        var tasks = new List<Task> { callerTask, Guard(cancel, AuthorizationDetailsAsync(users?.Writer, cancel)) };
        if (users is not null)
        {
            tasks.Add(Guard(cancel, Optional(SnapshotParts.AccessKeys, ct => AccessKeysAsync(users.Reader, ct), token)));
        }

        AddOptional(tasks, cancel, parts, SnapshotParts.CredentialReport, CredentialReportAsync);
        AddOptional(tasks, cancel, parts, SnapshotParts.PasswordPolicy, PasswordPolicyAsync);
        AddOptional(tasks, cancel, parts, SnapshotParts.AccountSummary, async ct => QueryXmlToJson.ResultDocument(await Gated(_session.Iam.GetAccountSummaryAsync, ct).ConfigureAwait(false), "GetAccountSummary"));
        AddOptional(tasks, cancel, parts, SnapshotParts.AccountAliases, async ct => QueryXmlToJson.ListDocument("AccountAliases", await Gated(_session.Iam.ListAccountAliasesAsync, ct).ConfigureAwait(false), "ListAccountAliases"));
        AddOptional(tasks, cancel, parts, SnapshotParts.IdentityProviders, IdentityProvidersAsync);
        AddOptional(tasks, cancel, parts, SnapshotParts.MfaDevices, async ct => QueryXmlToJson.ListDocument("VirtualMFADevices", await Gated(_session.Iam.ListVirtualMfaDevicesAsync, ct).ConfigureAwait(false), "ListVirtualMFADevices"));
        AddOptional(tasks, cancel, parts, SnapshotParts.ServerCertificates, async ct => QueryXmlToJson.ListDocument("ServerCertificateMetadataList", await Gated(_session.Iam.ListServerCertificatesAsync, ct).ConfigureAwait(false), "ListServerCertificates"));

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Report the failure that caused the others to be cancelled, not a cancellation.
            var cause = tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
            var failure = cause is AwsCaptureException aws ? aws.For(SnapshotParts.None, _target is { Length: 12 } id && id.All(char.IsAsciiDigit) ? id : null) : cause;
            Report(CaptureStage.Failed, failure?.Message ?? "cancelled");
            if (failure is not null)
            {
                throw failure;
            }

            throw;
        }

        var caller = await callerTask.ConfigureAwait(false);
        var metadata = new SnapshotMetadata
        {
            AccountId = caller.Account,
            Partition = _session.Partition.Name,
            CapturedAt = capturedAt,
            Source = AwsIamSnapshotSource.SourceName,
            ToolVersion = SnapshotFile.ToolVersion,
            Parts = SnapshotParts.None,
        };
        var parserWarnings = new List<SnapshotWarning>();
        var snapshot = OptionalPartsReader.Apply(_authorizationDetails.Build(metadata), _results, parserWarnings);
        foreach (var warning in parserWarnings)
        {
            Report(CaptureStage.PartCaptured, "warning: " + warning.Message);
        }

        var captured = new CapturedAccount(
            snapshot,
            _session.Partition,
            _results.ToImmutableSortedDictionary(),
            [.. _warnings.OrderBy(w => w.Part)],
            _authorizationDetails.Pages);
        Report(CaptureStage.Completed, $"captured {_authorizationDetails.Entities} entities in {_authorizationDetails.Pages} pages" + (_warnings.IsEmpty ? string.Empty : $", {_warnings.Count} part(s) left out"));
        return captured;
    }

    private async Task<CallerIdentity> GetCallerAsync(CancellationToken cancellationToken)
    {
        var caller = await _session.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
        _target = caller.Account;
        return caller;
    }

    private async Task AuthorizationDetailsAsync(ChannelWriter<string>? users, CancellationTokenSource cancel)
    {
        // Pages are fetched back to back; converting a page (XML to CLI JSON, policy documents decoded and
        // checked) runs on another task, so it never delays the request for the next page.
        var token = cancel.Token;
        var pages = Channel.CreateUnbounded<QueryPage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var converter = Task.Run(() => ConvertPagesAsync(pages.Reader, users, cancel), token);
        try
        {
            string? marker = null;
            var fetched = 0;
            do
            {
                var page = await _session.Iam.GetAccountAuthorizationDetailsPageAsync(marker, _options.AuthorizationDetailsPageSize, token).ConfigureAwait(false);
                fetched++;
                pages.Writer.TryWrite(page);
                marker = page.Marker;
                Report(CaptureStage.AuthorizationDetailsPage, $"authorization details: page {fetched}" + (marker is null ? ", last" : string.Empty), SnapshotParts.AuthorizationDetails, fetched);
            }
            while (marker is not null);

            pages.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            pages.Writer.TryComplete(ex);
            if (ex is OperationCanceledException)
            {
                // Cancelled because the converter rejected a page: that rejection is the failure to report.
                await ((Task)converter).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (converter.Exception?.InnerException is AwsCaptureException conversion)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(conversion);
                }
            }
            else
            {
                _ = converter.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            }

            throw ex is AwsCaptureException aws ? aws.For(SnapshotParts.AuthorizationDetails, null) : ex;
        }

        await converter.ConfigureAwait(false);
    }

    private async Task ConvertPagesAsync(ChannelReader<QueryPage> pages, ChannelWriter<string>? users, CancellationTokenSource cancel)
    {
        // Pages are independent, so several load at once; they are merged in page order at the end.
        Exception? failure = null;
        var loaded = new ConcurrentDictionary<int, AccountSnapshot>();
        try
        {
            var numbered = Number(pages.ReadAllAsync(cancel.Token));
            await Parallel.ForEachAsync(numbered, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel.Token }, (item, _) =>
            {
                var (page, names) = AuthorizationDetailsJsonBuilder.LoadPage(item.Page.Result, item.Number);
                loaded[item.Number] = page;
                foreach (var name in names)
                {
                    users?.TryWrite(name);
                }

                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);

            foreach (var (_, page) in loaded.OrderBy(p => p.Key))
            {
                _authorizationDetails.Add(page);
            }
        }
        catch (AwsCaptureException ex)
        {
            failure = ex.For(SnapshotParts.AuthorizationDetails, null);
            await cancel.CancelAsync().ConfigureAwait(false);
            throw failure;
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            users?.TryComplete(failure);
        }

        static async IAsyncEnumerable<(int Number, QueryPage Page)> Number(IAsyncEnumerable<QueryPage> source)
        {
            var number = 0;
            await foreach (var page in source.ConfigureAwait(false))
            {
                yield return (++number, page);
            }
        }
    }

    private async Task<byte[]> AccessKeysAsync(ChannelReader<string> users, CancellationToken cancellationToken)
    {
        var keys = new ConcurrentDictionary<string, IReadOnlyList<XElement>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            users.ReadAllAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelRequests, CancellationToken = cancellationToken },
            async (user, ct) =>
            {
                var members = await Gated(c => _session.Iam.ListAccessKeysAsync(user, c), ct).ConfigureAwait(false);
                if (members is not null)
                {
                    keys[user] = members;
                }
            }).ConfigureAwait(false);

        // Sorted by user so that two captures of an unchanged account write the same bytes.
        return QueryXmlToJson.ListDocument("AccessKeyMetadata", keys.OrderBy(k => k.Key, StringComparer.Ordinal).SelectMany(k => k.Value), "ListAccessKeys");
    }

    private async Task<byte[]> CredentialReportAsync(CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var deadline = time.GetUtcNow() + _options.CredentialReportTimeout;
        var polls = 0;
        while (true)
        {
            string state;
            try
            {
                state = await Gated(_session.Iam.GenerateCredentialReportAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCaptureException ex) when (ex.ErrorCode == "LimitExceeded")
            {
                // Too many generation requests at once (another tool, another capture): the report is on its way.
                state = "INPROGRESS";
            }

            if (state == "COMPLETE")
            {
                var result = await Gated(_session.Iam.GetCredentialReportAsync, cancellationToken).ConfigureAwait(false);
                if (result is not null)
                {
                    return QueryXmlToJson.ResultDocument(result, "GetCredentialReport");
                }
            }

            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                throw new AwsCaptureException(AwsFailureKind.Timeout, $"The credential report was not ready after {_options.CredentialReportTimeout} ({polls} polls; last state {state}).")
                {
                    Operation = "GenerateCredentialReport",
                    Part = SnapshotParts.CredentialReport,
                };
            }

            polls++;
            var delay = _options.CredentialReportPollInterval < deadline - now ? _options.CredentialReportPollInterval : deadline - now;
            Report(CaptureStage.CredentialReportWaiting, $"credential report {state}, asking again in {delay.TotalSeconds:0.#} s", SnapshotParts.CredentialReport, delay: delay);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<byte[]> PasswordPolicyAsync(CancellationToken cancellationToken)
    {
        var result = await Gated(_session.Iam.GetAccountPasswordPolicyAsync, cancellationToken).ConfigureAwait(false);
        if (result is not null)
        {
            return QueryXmlToJson.ResultDocument(result, "GetAccountPasswordPolicy");
        }

        // "No password policy" is a captured fact (IAM's defaults apply), distinct from an absent part.
        return """{"PasswordPolicy":null}"""u8.ToArray();
    }

    private async Task<byte[]> IdentityProvidersAsync(CancellationToken cancellationToken)
    {
        var samlTask = Gated(_session.Iam.ListSamlProvidersAsync, cancellationToken);
        var oidc = await Gated(_session.Iam.ListOpenIdConnectProvidersAsync, cancellationToken).ConfigureAwait(false);
        var arns = oidc.Select(p => p.ChildText("Arn")).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).Order(StringComparer.Ordinal).ToList();
        var details = await Task.WhenAll(arns.Select(arn => Gated(ct => _session.Iam.GetOpenIdConnectProviderAsync(arn, ct), cancellationToken))).ConfigureAwait(false);
        var saml = await samlTask.ConfigureAwait(false);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("OpenIDConnectProviderList");
            for (var i = 0; i < arns.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("Arn", arns[i]);
                QueryXmlToJson.WriteProperties(writer, details[i], "GetOpenIDConnectProvider");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("SAMLProviderList");
            var index = 0;
            foreach (var provider in saml)
            {
                index++;
                QueryXmlToJson.WriteValue(writer, provider, "ListSAMLProviders", $"/SAMLProviderList/member[{index}]");
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private void AddOptional(List<Task> tasks, CancellationTokenSource cancel, SnapshotParts requested, SnapshotParts part, Func<CancellationToken, Task<byte[]>> work)
    {
        if (requested.HasFlag(part))
        {
            tasks.Add(Guard(cancel, Optional(part, work, cancel.Token)));
        }
    }

    private async Task Optional(SnapshotParts part, Func<CancellationToken, Task<byte[]>> work, CancellationToken cancellationToken)
    {
        try
        {
            _results[part] = await work(cancellationToken).ConfigureAwait(false);
            Report(CaptureStage.PartCaptured, $"{part} captured", part);
        }
        catch (AwsCaptureException ex) when (ex.Kind == AwsFailureKind.AccessDenied && _options.AllowPartial)
        {
            _warnings.Enqueue(new CaptureWarning(part, ex.Operation ?? part.ToString(), ex.Message));
            Report(CaptureStage.PartSkipped, $"{part} left out: {ex.Message}", part);
        }
        catch (AwsCaptureException ex)
        {
            throw ex.For(part, null, $"{part}: ");
        }
    }

    private async Task<T> Gated<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<T> Guard<T>(CancellationTokenSource cancel, Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task Guard(CancellationTokenSource cancel, Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Report(CaptureStage stage, string message, SnapshotParts part = SnapshotParts.None, int pages = 0, TimeSpan? delay = null) =>
        _options.Progress?.Report(new CaptureProgress(_target, stage, message) { Part = part, PagesFetched = pages, Delay = delay });
}
