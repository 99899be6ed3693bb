namespace Sweep.Engine.Training;

/// <summary>
/// Convergence as practitioners define it, over evaluation points: the train loss is smoothed by the
/// mean of the last <see cref="Window"/> points (fewer at the start), and its relative change between
/// consecutive points is |s - s_prev| / |s_prev|. The trial has converged once that change stays
/// below tol for <c>patience</c> points in a row; the converged step is the step of the point just
/// before that flat run (the step after which the loss stayed flat). A trailing window rather than an
/// exponential average: after a plateau begins the window is exactly flat within <see cref="Window"/>
/// points, where an average would keep drifting for tens of points.
/// Non-finite losses break a run and are left out of the window.
/// </summary>
internal sealed class ConvergenceDetector(double tolerance, int patience)
{
    public const int Window = 3;

    private readonly double[] _recent = new double[Window];
    private int _seen;
    private double _smoothed = double.NaN;
    private long _lastStep;
    private long _runStartStep;
    private int _flatPoints;

    /// <summary>Step the trial converged at, once it has.</summary>
    public long? ConvergedAtStep { get; private set; }

    /// <summary>Feeds one evaluation point; true exactly when this point completes the first flat run.</summary>
    public bool Observe(long step, double trainLoss)
    {
        long previousStep = _lastStep;
        _lastStep = step;
        if (!double.IsFinite(trainLoss))
        {
            _flatPoints = 0;
            return false;
        }

        _recent[_seen % Window] = trainLoss;
        _seen++;
        double previous = _smoothed;
        double sum = 0;
        int count = Math.Min(_seen, Window);
        for (int i = 0; i < count; i++)
        {
            sum += _recent[i];
        }

        _smoothed = sum / count;
        if (double.IsNaN(previous))
        {
            return false;
        }

        double change = Math.Abs(_smoothed - previous) / Math.Max(Math.Abs(previous), double.Epsilon);
        if (change >= tolerance)
        {
            _flatPoints = 0;
            return false;
        }

        if (_flatPoints == 0)
        {
            _runStartStep = previousStep;
        }

        _flatPoints++;
        if (ConvergedAtStep is null && _flatPoints >= patience)
        {
            ConvergedAtStep = _runStartStep;
            return true;
        }

        return false;
    }
}
