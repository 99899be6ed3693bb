using Sweep.WorkerHost;

namespace Sweep.Actors.Tests.WorkerHost;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(4, 0, 0, false, ExitCodes.Done)]
    [InlineData(2, 2, 0, false, ExitCodes.Done)]
    [InlineData(3, 0, 1, false, ExitCodes.SomeTrialsFailed)]
    [InlineData(0, 1, 3, false, ExitCodes.SomeTrialsFailed)]
    [InlineData(0, 0, 4, false, ExitCodes.AllTrialsFailed)]
    [InlineData(0, 0, 4, true, ExitCodes.Cancelled)]
    [InlineData(0, 0, 0, false, ExitCodes.Done)]
    public void A_coordinator_exits_by_how_its_trials_ended(long completed, long diverged, long failed, bool cancelled, int expected)
    {
        var summary = new SweepSummary("s", "out", completed + diverged + failed, 0, completed, diverged, failed, TimeSpan.Zero, cancelled);

        Assert.Equal(expected, ExitCodes.Of(summary));
    }
}
