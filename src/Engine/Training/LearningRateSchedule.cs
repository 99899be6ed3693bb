using Sweep.Engine.Config;

namespace Sweep.Engine.Training;

/// <summary>
/// The learning rate of each optimizer step t = 0, 1, ... of a budget of <c>totalSteps</c>.
/// Warm-up (W = warmup_steps &gt; 0): lr · (t+1)/W for t &lt; W, so it climbs from lr/W to lr.
/// After warm-up the schedule runs on s = t - W over S = totalSteps - W steps:
/// constant lr; step lr·γ^⌊s/k⌋; exponential lr·γ^(s/k) (k = lr_step_size, 0 meaning a third of the budget);
/// cosine lr_min + (lr - lr_min)(1 + cos(π s/S))/2.
/// </summary>
internal sealed class LearningRateSchedule
{
    private readonly string _kind;
    private readonly double _lr;
    private readonly double _gamma;
    private readonly double _minimum;
    private readonly long _warmup;
    private readonly long _stepSize;
    private readonly long _decaySteps;

    public LearningRateSchedule(TrialConfig config, long totalSteps)
    {
        _kind = config.LrSchedule;
        _lr = config.Lr;
        _gamma = config.LrGamma;
        _minimum = config.LrMin;
        _warmup = config.WarmupSteps;
        _stepSize = config.LrStepSize > 0 ? config.LrStepSize : Math.Max(1, totalSteps / 3);
        _decaySteps = Math.Max(1, totalSteps - _warmup);
    }

    /// <summary>Rate for step index t (0-based).</summary>
    public double At(long t)
    {
        if (t < _warmup)
        {
            return _lr * (t + 1) / _warmup;
        }

        long s = t - _warmup;
        return _kind switch
        {
            "step" => _lr * Math.Pow(_gamma, s / _stepSize),
            "exponential" => _lr * Math.Pow(_gamma, (double)s / _stepSize),
            "cosine" => _minimum + (_lr - _minimum) * (1 + Math.Cos(Math.PI * Math.Min(s, _decaySteps) / _decaySteps)) / 2,
            _ => _lr,
        };
    }
}
