using System.Text.Json;
using Sweep.Engine.Config;
using Sweep.Engine.Optimizers;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Optimizers;

public class OptimizerTests
{
    public static TheoryData<int> OptimizerCases() => [.. Enumerable.Range(0, Cases("optimizers.json").Count)];

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Five_step_trajectories_match_pytorch(int index)
    {
        var c = Cases("optimizers.json")[index];
        var config = ConfigFor(c);
        var parameters = Floats(c.GetProperty("param0"));
        var optimizer = Optimizer.Create(config, parameters.Length);
        var grads = c.GetProperty("grads").EnumerateArray().ToList();
        var expected = c.GetProperty("params_after_each_step").EnumerateArray().ToList();
        for (int step = 0; step < grads.Count; step++)
        {
            optimizer.Step(parameters, Floats(grads[step]), config.Lr);
            Close.All(Doubles(expected[step]), parameters, 1e-4, 1e-6, $"{config.Optimizer} {c.GetProperty("hyper")} step {step + 1}");
        }
    }

    [Theory]
    [InlineData("sgd", 0.0)]
    [InlineData("momentum", 0.01)]
    [InlineData("nesterov", 0.0)]
    [InlineData("adagrad", 0.01)]
    [InlineData("rmsprop", 0.0)]
    [InlineData("adadelta", 0.01)]
    [InlineData("adam", 0.01)]
    [InlineData("adamw", 0.01)]
    public void Vector_loop_agrees_with_the_scalar_rule_on_odd_sizes(string name, double weightDecay)
    {
        var config = new TrialConfig { Optimizer = name, WeightDecay = weightDecay, Lr = 0.05, Momentum = name == "rmsprop" ? 0.5 : null };
        const int count = 101;
        var fast = Close.RandomFloats(count, 1);
        var reference = (float[])fast.Clone();
        var fastOptimizer = Optimizer.Create(config, count);
        var referenceOptimizer = Optimizer.Create(config, count);
        for (int step = 0; step < 4; step++)
        {
            var gradients = Close.RandomFloats(count, 10 + step);
            fastOptimizer.Step(fast, gradients, config.Lr);
            referenceOptimizer.StepReference(reference, gradients, config.Lr);
        }

        Close.All(reference, fast, 1e-6, 1e-7, name);
        Assert.NotEqual(Close.RandomFloats(count, 1), fast);
    }

    // Clipping inside the step (block by block) against the whole-buffer passes it replaces, bit for bit:
    // every rule, each clipping alone and both, a size that spans several blocks and ends in a vector tail.
    [Theory]
    [InlineData("sgd", 0.5, 0.0)]
    [InlineData("momentum", 20.0, 0.02)]
    [InlineData("nesterov", 0.0, 0.02)]
    [InlineData("adagrad", 20.0, 0.02)]
    [InlineData("rmsprop", 0.5, 0.0)]
    [InlineData("adadelta", 0.0, 0.02)]
    [InlineData("adam", 20.0, 0.02)]
    [InlineData("adamw", 0.5, 0.02)]
    public void Clipping_inside_the_step_gives_the_bits_of_clipping_the_whole_buffer_first(string name, double maxNorm, double maxValue)
    {
        var config = new TrialConfig { Optimizer = name, WeightDecay = 0.01, Lr = 0.05, Momentum = name == "rmsprop" ? 0.5 : null };
        const int count = 3 * Optimizer.BlockLength + 37;
        var fused = Close.RandomFloats(count, 1);
        var separate = (float[])fused.Clone();
        var fusedOptimizer = Optimizer.Create(config, count);
        var separateOptimizer = Optimizer.Create(config, count);
        for (int step = 0; step < 3; step++)
        {
            // Gradients of norm ~ 32 and magnitudes up to 0.5 (0.05 in the last step, where only the norm clips).
            var fusedGradients = Close.RandomFloats(count, 10 + step, step == 2 ? 0.05 : 0.5);
            var separateGradients = (float[])fusedGradients.Clone();
            double norm = GradientClipping.GlobalNorm(fusedGradients);

            var clipping = GradientClipping.Plan(fusedGradients, norm, maxNorm, maxValue);
            fusedOptimizer.Step(fused, fusedGradients, config.Lr, clipping);

            bool clipped = maxNorm > 0 && GradientClipping.ClipByNorm(separateGradients, norm, maxNorm);
            clipped |= maxValue > 0 && GradientClipping.ClipByValue(separateGradients, maxValue);
            separateOptimizer.Step(separate, separateGradients, config.Lr);

            Assert.True(clipped);
            Assert.Equal(clipped, clipping.Clips);
            Assert.Equal(separateGradients, fusedGradients);
            Assert.Equal(separate, fused);
        }

        Assert.NotEqual(Close.RandomFloats(count, 1), fused);
    }

    [Fact]
    public void A_step_without_clipping_leaves_the_gradients_alone_through_either_entry_point()
    {
        var config = new TrialConfig { Optimizer = "momentum", Lr = 0.05 };
        const int count = Optimizer.BlockLength + 5;
        var viaPlan = Close.RandomFloats(count, 1);
        var plain = (float[])viaPlan.Clone();
        var gradients = Close.RandomFloats(count, 2, 0.01);
        var copy = (float[])gradients.Clone();
        var clipping = GradientClipping.Plan(gradients, GradientClipping.GlobalNorm(gradients), maxNorm: 100, maxValue: 1);

        Assert.False(clipping.Clips);
        Optimizer.Create(config, count).Step(viaPlan, gradients, config.Lr, clipping);
        Optimizer.Create(config, count).Step(plain, copy, config.Lr);
        Assert.Equal(copy, gradients);
        Assert.Equal(plain, viaPlan);
    }

    [Fact]
    public void Gradients_are_read_not_modified()
    {
        var config = new TrialConfig { Optimizer = "adam", WeightDecay = 0.1 };
        var parameters = Close.RandomFloats(33, 3);
        var gradients = Close.RandomFloats(33, 4);
        var copy = (float[])gradients.Clone();
        Optimizer.Create(config, 33).Step(parameters, gradients, 0.01);
        Assert.Equal(copy, gradients);
    }

    private static TrialConfig ConfigFor(JsonElement c)
    {
        var hyper = c.GetProperty("hyper");
        double Get(string name, double fallback) => hyper.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
        var config = new TrialConfig
        {
            Optimizer = c.GetProperty("optimizer").GetString()!,
            Lr = Get("lr", 0.01),
            WeightDecay = Get("weight_decay", 0),
            Alpha = Get("alpha", 0.99),
            Rho = Get("rho", 0.9),
        };
        if (hyper.TryGetProperty("momentum", out var momentum))
        {
            config = config with { Momentum = momentum.GetDouble() };
        }

        if (hyper.TryGetProperty("eps", out var eps))
        {
            config = config with { Eps = eps.GetDouble() };
        }

        if (hyper.TryGetProperty("betas", out var betas))
        {
            config = config with { Beta1 = betas[0].GetDouble(), Beta2 = betas[1].GetDouble() };
        }

        return config;
    }
}
