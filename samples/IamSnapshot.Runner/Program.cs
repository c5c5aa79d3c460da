using IamSnapshot.Runner;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await Cli.RunAsync(args, RunnerConsole.System(), cancellation.Token);
