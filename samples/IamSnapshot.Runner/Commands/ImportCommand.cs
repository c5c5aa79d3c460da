using System.CommandLine;
using System.Globalization;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner.Commands;

/// <summary><c>iamsnapshot import INPUT --output FILE</c>: turn AWS CLI output into a saved snapshot.</summary>
internal static class ImportCommand
{
    public static Command Create(RunnerConsole console)
    {
        var input = new Argument<string>("input") { Description = "get-account-authorization-details output (AWS CLI or boto3), a folder of AWS CLI outputs (authorization details, credential report, password policy, account summary...), or a saved snapshot." };
        var output = new Option<string>("--output", "-o") { Description = "The snapshot file to write (atomically).", Required = true };
        var capturedAt = new Option<string?>("--captured-at") { Description = "When the input was captured (ISO 8601, e.g. 2026-12-01T06:00:00Z); otherwise the credential report's generation time, else recorded as unknown." };
        var command = new Command("import", "Import AWS CLI output into the saved snapshot format (deterministic JSON).") { input, output, capturedAt };
        command.SetAction(async (parse, cancellationToken) =>
        {
            DateTimeOffset? captured = null;
            if (parse.GetValue(capturedAt) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    throw new UsageException($"--captured-at: \"{text}\" is not a date and time such as 2026-12-01T06:00:00Z");
                }

                captured = parsed;
            }

            var inputPath = parse.GetValue(input)!;
            var snapshot = await SnapshotFile.LoadAsync(inputPath, new ImportOptions { CapturedAt = captured, OnWarning = w => console.Error.WriteLine("warning: " + w) }, cancellationToken).ConfigureAwait(false);
            var outputPath = parse.GetValue(output)!;
            await SnapshotFile.SaveAsync(snapshot, outputPath, cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync($"Imported {snapshot.Users.Length} users, {snapshot.Groups.Length} groups, {snapshot.Roles.Length} roles, {snapshot.Policies.Length} managed policies (account {snapshot.Metadata.AccountId ?? "unknown"}) into {outputPath}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
