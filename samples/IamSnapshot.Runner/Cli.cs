using System.CommandLine;
using IamSnapshot.Runner.Commands;
using IamSnapshot.Sources;

namespace IamSnapshot.Runner;

/// <summary>Builds the command line and runs it, mapping every failure to a documented exit code.</summary>
internal static class Cli
{
    /// <summary>Builds the command tree (tests inspect it, e.g. to check the options the sample workflows use).</summary>
    public static RootCommand BuildRoot(RunnerConsole console)
    {
        var root = new RootCommand("IamSnapshot: audit AWS IAM by comparing snapshots. Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or input error, 3 run failed.");
        root.Subcommands.Add(DiffCommand.Create(console));
        root.Subcommands.Add(ImportCommand.Create(console));
        root.Subcommands.Add(CaptureCommand.Create(console));
        root.Subcommands.Add(ScanCommand.Create(console));
        root.Subcommands.Add(RulesCommand.Create(console));
        root.Subcommands.Add(HistoryCommand.Create(console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, RunnerConsole console, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run 'iamsnapshot --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InputError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (SnapshotFormatException ex)
        {
            await console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (IamSnapshot.Rules.Configuration.ConfigurationException ex)
        {
            await console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (UsageException ex)
        {
            await console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (RunFailedException ex)
        {
            await console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.RunFailed;
        }
        catch (IOException ex)
        {
            await console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (UnauthorizedAccessException ex)
        {
            await console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.InputError;
        }
    }
}
