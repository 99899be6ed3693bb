using Sweep.Engine.Config;

namespace Sweep.Engine.Training;

/// <summary>
/// Collects a trial's steps and evaluation points and turns them into its <see cref="TrialSummary"/>.
/// Conventions: steps are counted from 1 (a point's Step is the number of optimizer steps taken);
/// Epoch is the 1-based epoch the point's last step belongs to; TrainLoss is the mean batch loss over
/// the steps since the previous point.
/// </summary>
internal sealed class TrialRecorder(TrialConfig config, long totalSteps, int batchSize, double chanceLoss)
{
    private const double LossFloor = 1e-12;

    private readonly List<EvalPoint> _curve = [];
    private readonly List<LayerPoint> _layers = [];
    private readonly List<double> _vanishingRatios = [];
    private readonly ConvergenceDetector _convergence = new(config.Tol, config.Patience);
    private double _lossSum;
    private int _lossCount;
    private long _clippedSteps;
    private double? _initialLoss;

    public long StepsRun { get; private set; }
    public long? DivergedAtStep { get; private set; }
    public bool StoppedEarly { get; private set; }
    public IReadOnlyList<EvalPoint> Curve => _curve;
    public List<LayerPoint> Layers => _layers;

    /// <summary>The mean batch loss since the last point, for progress reports.</summary>
    public double RecentLoss => _lossCount > 0 ? _lossSum / _lossCount : double.NaN;

    public void AddStep(double loss, bool clipped)
    {
        _initialLoss ??= loss;
        StepsRun++;
        _lossSum += loss;
        _lossCount++;
        _clippedSteps += clipped ? 1 : 0;
    }

    /// <summary>
    /// Records the diverged step as a last point (its non-finite train loss shows the blow-up;
    /// validation is not measured).
    /// </summary>
    public void AddDivergence(long step, int epoch, double wallSeconds, double learningRate, StepResult result, double weightNorm)
    {
        _initialLoss ??= result.Loss;
        StepsRun++;
        DivergedAtStep = step;
        _lossSum += result.Loss;
        _lossCount++;
        AddPoint(new EvalPoint(step, epoch, step * batchSize, wallSeconds, learningRate, RecentLoss, double.NaN, double.NaN,
            result.GradNorm, false, weightNorm, double.NaN));
    }

    /// <summary>
    /// Records an evaluation point whose layer points were already added; returns true when the trial
    /// should stop because it converged and early_stop is on.
    /// </summary>
    public bool AddEvaluation(long step, int epoch, double wallSeconds, double learningRate, StepResult last,
        double valLoss, double valAccuracy, double weightNorm, int layerPointsAdded)
    {
        double trainLoss = RecentLoss;
        AddPoint(new EvalPoint(step, epoch, step * batchSize, wallSeconds, learningRate, trainLoss, valLoss, valAccuracy,
            last.GradNorm, last.Clipped, weightNorm, last.UpdateRatio));

        // first hidden layer's gradient norm over the last hidden layer's
        int first = _layers.Count - layerPointsAdded;
        int lastHidden = _layers.Count - 2;
        // An exactly zero gradient counts: none anywhere is as vanished as can be (ratio 0), none at the last hidden
        // layer while the first has one is growth toward the input (infinite ratio).
        if (layerPointsAdded >= 2)
        {
            double firstNorm = _layers[first].GradNorm, lastNorm = _layers[lastHidden].GradNorm;
            _vanishingRatios.Add(lastNorm > 0 ? firstNorm / lastNorm : firstNorm > 0 ? double.PositiveInfinity : 0);
        }

        bool converged = _convergence.Observe(step, trainLoss);
        StoppedEarly = converged && config.EarlyStop;
        return StoppedEarly;
    }

    private void AddPoint(EvalPoint point)
    {
        _curve.Add(point);
        _lossSum = 0;
        _lossCount = 0;
    }

    public TrialSummary Summarize()
    {
        var last = _curve.Count > 0 ? _curve[^1] : default;
        var finiteTrain = Finite(_curve.Select(p => p.TrainLoss));
        var validation = Finite(_curve.Select(p => p.ValLoss));
        var accuracy = Finite(_curve.Select(p => p.ValAccuracy));
        var gradNorms = Finite(_curve.Select(p => p.GradNorm));
        double gradMedian = Median(gradNorms);
        var logNormsAfterWarmup = Finite(_curve.Where(p => p.Step > config.WarmupSteps).Select(p => Math.Log(p.GradNorm)));
        long lastLayerStep = _layers.Count > 0 ? _layers[^1].Step : 0;
        var hiddenLast = _layers.Where(l => l.Step == lastLayerStep && l.Kind != "head").ToList();

        return new TrialSummary
        {
            StepsRun = StepsRun,
            ExamplesSeen = StepsRun * batchSize,
            InitialTrainLoss = _initialLoss,
            FinalTrainLoss = _curve.Count > 0 ? last.TrainLoss : double.NaN,
            BestTrainLoss = finiteTrain.Count > 0 ? finiteTrain.Min() : double.NaN,
            BestTrainStep = finiteTrain.Count > 0 ? _curve.Where(p => double.IsFinite(p.TrainLoss)).MinBy(p => p.TrainLoss).Step : null,
            FinalTrainLossMedian = FinalMedian(_curve),
            ChanceLoss = chanceLoss,
            FinalValLoss = validation.Count > 0 && double.IsFinite(last.ValLoss) ? last.ValLoss : null,
            BestValLoss = validation.Count > 0 ? validation.Min() : null,
            FinalValAccuracy = accuracy.Count > 0 && double.IsFinite(last.ValAccuracy) ? last.ValAccuracy : null,
            BestValAccuracy = accuracy.Count > 0 ? accuracy.Max() : null,
            ConvergedAtStep = _convergence.ConvergedAtStep,
            DivergedAtStep = DivergedAtStep,
            StepsToTarget = config.TargetLoss is { } target ? ReachedAndHeld(_curve, target) : null,
            FirstStepToTarget = config.TargetLoss is { } first
                ? _curve.Where(p => p.TrainLoss <= first).Select(p => (long?)p.Step).FirstOrDefault()
                : null,
            AucLogTrainLoss = AreaUnderLogLoss(),
            GradNormMedian = gradMedian,
            GradSpikeRatio = gradNorms.Count > 0 && gradMedian > 0 ? gradNorms.Max() / gradMedian : double.NaN,
            GradLogCv = CoefficientOfVariation(logNormsAfterWarmup),
            VanishingRatio = _vanishingRatios.Count > 0 ? Median(_vanishingRatios) : double.NaN,
            ClippedFraction = StepsRun > 0 ? (double)_clippedSteps / StepsRun : 0,
            DeadFraction = hiddenLast.Count > 0 ? hiddenLast.Average(l => l.DeadFraction) : double.NaN,
            SaturatedFraction = hiddenLast.Count > 0 ? hiddenLast.Average(l => l.SaturatedFraction) : double.NaN,
        };
    }

    // Trapezoid rule over (step / budget, ln max(train loss, 1e-12)) at the finite points. A trial that
    // stopped early on convergence keeps its last loss to the end of the budget.
    private double AreaUnderLogLoss()
    {
        var points = _curve.Where(p => double.IsFinite(p.TrainLoss))
            .Select(p => (X: (double)p.Step / totalSteps, Y: Math.Log(Math.Max(p.TrainLoss, LossFloor))))
            .ToList();
        if (StoppedEarly && points.Count > 0 && points[^1].X < 1)
        {
            points.Add((1.0, points[^1].Y));
        }

        double area = 0;
        for (int i = 1; i < points.Count; i++)
        {
            area += (points[i].X - points[i - 1].X) * (points[i].Y + points[i - 1].Y) / 2;
        }

        return area;
    }

    /// <summary>The step of the first point from which every train loss to the end is at or below the target; null when the last is not.</summary>
    internal static long? ReachedAndHeld(IReadOnlyList<EvalPoint> curve, double target)
    {
        long? step = null;
        for (int i = curve.Count - 1; i >= 0 && curve[i].TrainLoss <= target; i--)
        {
            step = curve[i].Step;
        }

        return step;
    }

    /// <summary>The robust final train loss (<see cref="FinalLoss.Median"/> of the train losses).</summary>
    internal static double FinalMedian(IReadOnlyList<EvalPoint> curve) => FinalLoss.Median([.. curve.Select(p => p.TrainLoss)]);

    private static List<double> Finite(IEnumerable<double> values) => values.Where(double.IsFinite).ToList();

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    // std / |mean|; 0 with fewer than two values or a zero mean
    private static double CoefficientOfVariation(List<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return mean == 0 ? 0 : Math.Sqrt(variance) / Math.Abs(mean);
    }
}
