using System.Diagnostics;
using Sweep.Engine.Config;
using Sweep.Engine.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Training;

public class TrainingSessionTests
{
    [Theory]
    [InlineData("momentum", "none", false, "relu", 0.0)]
    [InlineData("adam", "batchnorm", true, "gelu", 1.0)]
    [InlineData("adamw", "layernorm", true, "tanh", 0.0)]
    [InlineData("rmsprop", "batchnorm", false, "sigmoid", 0.0)]
    [InlineData("adadelta", "none", true, "leaky-relu", 0.5)]
    [InlineData("adagrad", "layernorm", false, "relu", 0.0)]
    [InlineData("nesterov", "none", false, "relu", 0.0)]
    public void A_training_step_allocates_nothing_after_warm_up(string optimizer, string norm, bool residual, string activation, double clip)
    {
        var config = new TrialConfig
        {
            Optimizer = optimizer, Norm = norm, Residual = residual, Activation = activation, ClipNorm = clip, ClipValue = clip,
            Depth = 3, Width = 24, BatchSize = 8, Epochs = 10_000, Seed = 5,
        };
        var session = new TrainingSession(config, TestDatasets.Blobs(train: 40));
        int t = 0;
        for (; t < 10; t++)
        {
            session.Step(t, measureUpdate: t % 2 == 0);
        }

        // Tiered compilation allocates on this thread while it promotes the step's methods (call counting,
        // on-stack replacement), for longer the busier the machine is. A step that allocates does so in every
        // window, so the assertion is on the steady state: some window of steps, within the deadline, allocates nothing.
        const int Window = 100;
        var deadline = Stopwatch.StartNew();
        long allocated;
        do
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int end = t + Window; t < end; t++)
            {
                session.Step(t, measureUpdate: t % 2 == 0);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        while (allocated != 0 && deadline.Elapsed < TimeSpan.FromSeconds(60) && t + Window <= session.TotalSteps);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Each_epoch_visits_every_row_once_in_a_seeded_order()
    {
        var data = TestDatasets.Blobs(train: 30);
        var session = new TrainingSession(new TrialConfig { BatchSize = 10, Epochs = 2, Seed = 9 }, data);
        Assert.Equal(3, session.StepsPerEpoch);
        Assert.Equal(6, session.TotalSteps);

        // the same seed reproduces the batches, another seed reorders them
        var again = new TrainingSession(new TrialConfig { BatchSize = 10, Epochs = 2, Seed = 9 }, data);
        var other = new TrainingSession(new TrialConfig { BatchSize = 10, Epochs = 2, Seed = 10 }, data);
        double first = session.Step(0, false).Loss;
        Assert.Equal(first, again.Step(0, false).Loss);
        Assert.NotEqual(first, other.Step(0, false).Loss);
    }
}
