namespace Sweep.Engine.Training;

/// <summary>
/// What one optimizer step measured. <see cref="Diverged"/>: the loss or the gradient norm was
/// not finite, and the update was not applied. <see cref="UpdateRatio"/> is NaN unless requested.
/// </summary>
internal readonly record struct StepResult(double Loss, double GradNorm, bool Clipped, bool Diverged, double UpdateRatio);
