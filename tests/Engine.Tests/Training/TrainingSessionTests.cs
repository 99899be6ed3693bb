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
            Depth = 3, Width = 24, BatchSize = 8, Epochs = 100, Seed = 5,
        };
        var session = new TrainingSession(config, TestDatasets.Blobs(train: 40));
        for (int t = 0; t < 10; t++)
        {
            session.Step(t, measureUpdate: t % 2 == 0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 10; t < 200; t++)
        {
            session.Step(t, measureUpdate: t % 2 == 0);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
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
