using Sweep.Actors.Tests.Cluster;

namespace Sweep.Actors.Tests.WorkerHost;

/// <summary>The sweep-worker console host's argument errors: exit code 2 and a message naming the option.</summary>
[Collection(ClusterCollection.Name)]
public class ProgramTests
{
    [Theory]
    [InlineData("--join 127.0.0.1", "--join: expected host:port")]
    [InlineData("--join 127.0.0.1:99999", "port must be a number 1..65535")]
    [InlineData("--join 127.0.0.1:4053 --slots 0", "--slots must be a whole number from 1")]
    [InlineData("--join 127.0.0.1:4053 --colour red", "unknown option --colour")]
    [InlineData("coordinate --output x", "--spec is required")]
    [InlineData("--slots 2", "--join is required")]
    public async Task Bad_arguments_exit_with_code_2_and_name_the_problem(string args, string expected)
    {
        using var process = SweepProcess.Start(args.Split(' '));

        int exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains(process.Lines, l => l.Contains(expected, StringComparison.Ordinal));
    }
}
