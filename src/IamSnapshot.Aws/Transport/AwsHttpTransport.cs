using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace IamSnapshot.Aws.Transport;

/// <summary>
/// Sends signed requests to AWS: one <see cref="HttpClient"/> whose handler chain is Core's
/// <see cref="SigV4SigningHandler"/> over the shared transport handler, wrapped in a Polly pipeline (retry with
/// jittered exponential backoff around a per-attempt timeout). The retry sits outside the signer, so every attempt
/// is signed afresh. Thread-safe.
/// </summary>
internal sealed class AwsHttpTransport : IDisposable
{
    private static readonly HttpRequestOptionsKey<string> ServiceKey = new(SigV4SigningHandler.ServiceOptionKey);
    private static readonly HttpRequestOptionsKey<string> RegionKey = new(SigV4SigningHandler.RegionOptionKey);
    private static readonly ProductInfoHeaderValue UserAgent = new("iamsnapshot", typeof(AwsHttpTransport).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Creates a transport.</summary>
    /// <param name="credentials">The credentials to sign with; resolved (and refreshed) on every attempt.</param>
    /// <param name="innerHandler">The handler that sends the bytes; shared, never disposed here.</param>
    /// <param name="endpoints">Where each service lives.</param>
    /// <param name="retry">Retry settings.</param>
    /// <param name="timeProvider">The clock Polly waits on.</param>
    /// <param name="onRetry">Told about each retry (operation, reason, delay), or null.</param>
    public AwsHttpTransport(AWSCredentials credentials, HttpMessageHandler innerHandler, EndpointResolver endpoints, RetrySettings retry, TimeProvider timeProvider, Action<string, string, TimeSpan>? onRetry)
    {
        Endpoints = endpoints;
        Credentials = credentials;
        // The default region and service are placeholders: every request sets its own through request options.
        var signer = new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, "iam", innerHandler);
        _http = new HttpClient(signer, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _pipeline = BuildPipeline(retry, timeProvider, onRetry);
    }

    /// <summary>Where each service lives.</summary>
    public EndpointResolver Endpoints { get; }

    /// <summary>The credentials requests are signed with.</summary>
    public AWSCredentials Credentials { get; }

    /// <summary>
    /// Sends one operation, retrying transient failures, and returns the body of the 2xx response. The content is
    /// created afresh for each attempt.
    /// </summary>
    /// <param name="service">The service.</param>
    /// <param name="operation">The operation name, for errors and retries.</param>
    /// <param name="createContent">Creates the request body.</param>
    /// <param name="headers">Extra headers (for example <c>X-Amz-Target</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response body.</returns>
    /// <exception cref="AwsCaptureException">AWS answered with an error, or the call failed after every retry.</exception>
    public async Task<byte[]> SendAsync(AwsService service, string operation, Func<HttpContent> createContent, IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        var endpoint = Endpoints.Resolve(service);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Self.SendOnceAsync(state.Endpoint, state.Operation, state.CreateContent, state.Headers, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        // ExecuteOutcomeAsync expects the callback to return failures, not throw them.
                        return Outcome.FromException<byte[]>(ex);
                    }
                },
                context,
                (Self: this, Endpoint: endpoint, Operation: operation, CreateContent: createContent, Headers: headers)).ConfigureAwait(false);

            if (outcome.Exception is null)
            {
                return outcome.Result!;
            }

            throw outcome.Exception switch
            {
                AwsCaptureException aws => aws,
                TimeoutRejectedException timeout => new AwsCaptureException(AwsFailureKind.Timeout, $"{operation} did not answer within the attempt timeout, on every attempt.", timeout) { Operation = operation, IsTransient = true },
                OperationCanceledException canceled => canceled,
                _ => new AwsCaptureException(AwsFailureKind.Network, $"{operation} failed: {outcome.Exception.Message}", outcome.Exception) { Operation = operation, IsTransient = true },
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Releases the client; the shared transport handler stays alive.</summary>
    public void Dispose() => _http.Dispose();

    private async Task<byte[]> SendOnceAsync(ServiceEndpoint endpoint, string operation, Func<HttpContent> createContent, IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = createContent() };
        request.Options.Set(ServiceKey, endpoint.SigningName);
        request.Options.Set(RegionKey, endpoint.SigningRegion);
        request.Headers.UserAgent.Add(UserAgent);
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                throw AwsErrorParser.FromResponse(
                    operation,
                    response.StatusCode,
                    body,
                    FirstHeader(response, "x-amzn-ErrorType"),
                    FirstHeader(response, "x-amzn-RequestId") ?? FirstHeader(response, "x-amz-request-id"));
            }
        }
        catch (HttpRequestException ex)
        {
            // Connection refused or reset, or a body cut short: worth another attempt. The message of an
            // HttpRequestException names the host and the socket error, never request headers.
            throw new AwsCaptureException(AwsFailureKind.Network, $"{operation} failed: {ex.Message}", ex) { Operation = operation, IsTransient = true, StatusCode = ex.StatusCode };
        }
        catch (IOException ex)
        {
            throw new AwsCaptureException(AwsFailureKind.Network, $"{operation} failed while reading the response: {ex.Message}", ex) { Operation = operation, IsTransient = true };
        }
        catch (AmazonClientException ex)
        {
            // Raised by the signer when the credentials cannot be resolved or refreshed.
            throw new AwsCaptureException(AwsFailureKind.Credentials, $"{operation} could not be signed: {ex.Message}", ex) { Operation = operation };
        }
    }

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static ResiliencePipeline BuildPipeline(RetrySettings settings, TimeProvider timeProvider, Action<string, string, TimeSpan>? onRetry)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (settings.MaxRetryAttempts == 0)
        {
            // Polly's retry needs at least one retry; no retries means no retry strategy.
            return builder.AddTimeout(settings.AttemptTimeout).Build();
        }

        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = settings.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.BaseDelay,
            MaxDelay = settings.MaxDelay,
            ShouldHandle = new PredicateBuilder()
                .Handle<AwsCaptureException>(ex => ex.IsTransient)
                .Handle<TimeoutRejectedException>(),
            OnRetry = args =>
            {
                if (onRetry is not null)
                {
                    var reason = args.Outcome.Exception switch
                    {
                        AwsCaptureException aws => aws.ErrorCode ?? aws.StatusCode?.ToString() ?? aws.Kind.ToString(),
                        TimeoutRejectedException => "attempt timeout",
                        { } other => other.GetType().Name,
                        null => "unknown",
                    };
                    onRetry(args.Context.OperationKey ?? "request", reason, args.RetryDelay);
                }

                return default;
            },
        });
        builder.AddTimeout(settings.AttemptTimeout);
        return builder.Build();
    }
}
