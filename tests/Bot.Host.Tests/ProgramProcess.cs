using System.Diagnostics;

namespace Bot.Host.Tests;

/// <summary>The real program (<c>dotnet Bot.Host.dll</c>) as a child process, with empty standard input.</summary>
internal static class ProgramProcess
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.Host.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The child runs as Production, whatever environment the test runner has.
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
