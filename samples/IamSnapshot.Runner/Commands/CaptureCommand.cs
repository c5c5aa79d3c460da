using System.CommandLine;
using IamSnapshot.Aws;
using IamSnapshot.Aws.Stores;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Commands;

/// <summary>
/// <c>iamsnapshot capture (--output FILE | --store DIR|s3://bucket/prefix) …</c>: capture live accounts. Exit 3 when
/// any account failed (the others are still written).
/// </summary>
internal static class CaptureCommand
{
    public static Command Create(RunnerConsole console)
    {
        var output = new Option<string?>("--output", "-o") { Description = "The snapshot file to write (one account only)." };
        var store = new Option<string?>("--store") { Description = "A folder or s3://bucket/prefix; snapshots go to <account>/<yyyy>/<mm>/<dd>/<HHmmss>Z.json with a <account>/latest pointer." };
        var profile = new Option<string?>("--profile") { Description = "The AWS profile to take credentials from (default: the SDK's default chain)." };
        var region = new Option<string?>("--region") { Description = "The region (selects the partition and the STS endpoint)." };
        var roleArns = new Option<string[]>("--role-arn") { Description = "A role to assume; repeat for several accounts.", AllowMultipleArgumentsPerToken = false };
        var externalId = new Option<string?>("--external-id") { Description = "The external id the roles' trust policies require." };
        var endpointUrl = new Option<string?>("--endpoint-url") { Description = "Send every AWS call (IAM, STS, Organizations, S3) to this base URL." };
        var organizationRole = new Option<string?>("--organization-role") { Description = "Capture every active account of the organization through this role name." };
        var parallel = new Option<int>("--parallel") { Description = "How many accounts to capture at once.", DefaultValueFactory = _ => MultiAccountCapture.DefaultMaxParallelAccounts };
        var allowPartial = new Option<bool>("--allow-partial") { Description = "Leave out parts the caller may not read (access denied) instead of failing; they are reported." };
        var sse = new Option<string?>("--sse") { Description = "S3 server-side encryption: aws:kms, aws:kms:dsse or AES256." };
        var kmsKeyId = new Option<string?>("--kms-key-id") { Description = "The KMS key for --sse aws:kms." };
        var expectedOwner = new Option<string?>("--expected-bucket-owner") { Description = "The account that must own the S3 bucket." };
        var command = new Command("capture", "Capture live AWS accounts into snapshots (read-only; see docs/aws-capture.md for the IAM policy).")
        {
            output, store, profile, region, roleArns, externalId, endpointUrl, organizationRole, parallel, allowPartial, sse, kmsKeyId, expectedOwner,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputPath = parse.GetValue(output);
            var storeLocation = parse.GetValue(store);
            var roles = parse.GetValue(roleArns) ?? [];
            var orgRole = parse.GetValue(organizationRole);
            if ((outputPath is null) == (storeLocation is null))
            {
                throw new UsageException("give exactly one of --output FILE or --store DIR|s3://bucket/prefix");
            }

            if (orgRole is not null && roles.Length > 0)
            {
                throw new UsageException("--organization-role and --role-arn cannot be combined");
            }

            var multi = orgRole is not null || roles.Length > 1;
            if (multi && outputPath is not null)
            {
                throw new UsageException("several accounts need --store, not --output");
            }

            if (storeLocation is null && (parse.GetValue(sse) ?? parse.GetValue(kmsKeyId) ?? parse.GetValue(expectedOwner)) is not null)
            {
                throw new UsageException("--sse, --kms-key-id and --expected-bucket-owner apply to an s3:// --store only");
            }

            Uri? endpoint = null;
            if (parse.GetValue(endpointUrl) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out endpoint))
            {
                throw new UsageException($"--endpoint-url: \"{url}\" is not an absolute URL");
            }

            var options = new AwsCaptureOptions
            {
                Profile = parse.GetValue(profile),
                Region = parse.GetValue(region),
                RoleArn = multi ? null : roles.SingleOrDefault(),
                ExternalId = parse.GetValue(externalId),
                EndpointUrl = endpoint,
                AllowPartial = parse.GetValue(allowPartial),
                Progress = new ProgressWriter(console.Error),
            };

            try
            {
                if (!multi)
                {
                    options.Validate();
                }

                using var snapshotStore = storeLocation is null ? null : await OpenStoreAsync(storeLocation, parse.GetValue(sse), parse.GetValue(kmsKeyId), parse.GetValue(expectedOwner), options, cancellationToken).ConfigureAwait(false);
                if (!multi)
                {
                    var result = await new AwsIamSnapshotSource(options).CaptureAsync(cancellationToken).ConfigureAwait(false);
                    var where = await WriteAsync(result, outputPath, snapshotStore, cancellationToken).ConfigureAwait(false);
                    await ReportAsync(console, result, where).ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                var capture = orgRole is not null
                    ? MultiAccountCapture.ForOrganization(options, orgRole, parse.GetValue(parallel))
                    : MultiAccountCapture.ForRoles(options, roles, parse.GetValue(parallel));
                var outcome = await capture.CaptureAsync(
                    async (result, token) => await ReportAsync(console, result, await WriteAsync(result, null, snapshotStore, token).ConfigureAwait(false)).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                foreach (var failed in outcome.Failed)
                {
                    await console.Error.WriteLineAsync($"error: account {failed.AccountId} ({failed.RoleArn}): {failed.Error!.Message}").ConfigureAwait(false);
                }

                await console.Error.WriteLineAsync($"Captured {outcome.Succeeded.Count()} of {outcome.Accounts.Length} accounts.").ConfigureAwait(false);
                return outcome.AllSucceeded ? ExitCodes.Success : ExitCodes.RunFailed;
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (AwsCaptureException ex)
            {
                await console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.RunFailed;
            }
            catch (Amazon.Runtime.AmazonServiceException ex)
            {
                // S3 store failures (AccessDenied, wrong bucket owner).
                await console.Error.WriteLineAsync($"error: S3 store: {ex.ErrorCode}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.RunFailed;
            }
        });
        return command;
    }

    private static async Task<ISnapshotStoreHandle> OpenStoreAsync(string location, string? sse, string? kmsKeyId, string? expectedOwner, AwsCaptureOptions aws, CancellationToken cancellationToken)
    {
        if (!location.StartsWith("s3://", StringComparison.Ordinal))
        {
            if (sse is not null || kmsKeyId is not null || expectedOwner is not null)
            {
                throw new UsageException("--sse, --kms-key-id and --expected-bucket-owner apply to an s3:// --store only");
            }

            return new ISnapshotStoreHandle(new LocalSnapshotStore(location));
        }

        var options = S3SnapshotStoreOptions.Parse(location) with { ServerSideEncryption = sse, KmsKeyId = kmsKeyId, ExpectedBucketOwner = expectedOwner };
        options.Validate();
        return new ISnapshotStoreHandle(await S3SnapshotStore.CreateAsync(options, aws with { RoleArn = null, ExternalId = null }, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<string> WriteAsync(AwsCaptureResult result, string? outputPath, ISnapshotStoreHandle? store, CancellationToken cancellationToken)
    {
        if (outputPath is not null)
        {
            await SnapshotFile.SaveAsync(result.Snapshot, outputPath, cancellationToken).ConfigureAwait(false);
            return outputPath;
        }

        var stored = await store!.Store.SaveAsync(result.Snapshot, cancellationToken).ConfigureAwait(false);
        return stored.Location;
    }

    private static async Task ReportAsync(RunnerConsole console, AwsCaptureResult result, string where)
    {
        foreach (var warning in result.Warnings)
        {
            await console.Error.WriteLineAsync($"warning: account {result.AccountId}: {warning.Part} left out: {warning.Message}").ConfigureAwait(false);
        }

        var snapshot = result.Snapshot;
        await console.Error.WriteLineAsync($"Captured account {result.AccountId}: {snapshot.Users.Length} users, {snapshot.Groups.Length} groups, {snapshot.Roles.Length} roles, {snapshot.Policies.Length} managed policies into {where}").ConfigureAwait(false);
    }

    /// <summary>Owns a store that may hold an S3 client.</summary>
    private sealed class ISnapshotStoreHandle(ISnapshotStore store) : IDisposable
    {
        public ISnapshotStore Store { get; } = store;

        public void Dispose() => (Store as IDisposable)?.Dispose();
    }

    /// <summary>Writes the capture's progress to standard error, one line per event worth telling.</summary>
    private sealed class ProgressWriter(TextWriter error) : IProgress<CaptureProgress>
    {
        public void Report(CaptureProgress value)
        {
            if (value.Stage is CaptureStage.AuthorizationDetailsPage or CaptureStage.CredentialReportWaiting or CaptureStage.Retrying or CaptureStage.PartSkipped or CaptureStage.Started)
            {
                lock (error)
                {
                    error.WriteLine($"[{value.Target}] {value.Message}");
                }
            }
        }
    }
}
