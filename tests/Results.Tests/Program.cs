namespace Sweep.Results.Tests;

/// <summary>
/// Entry point of this assembly when run as a process (<c>dotnet Sweep.Results.Tests.dll writer &lt;folder&gt;</c>):
/// the writer that <see cref="ProcessKillTests"/> starts and kills. The test runner never calls it.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["writer", string folder])
        {
            await KilledWriter.RunAsync(folder);
            return 0;
        }

        await Console.Error.WriteLineAsync("usage: Sweep.Results.Tests writer <run folder>");
        return 2;
    }
}
