namespace Sweep.Analysis;

/// <summary>
/// What the train and validation curves say, in the words practitioners use. <see cref="All"/>
/// is ordered from most to least severe; a configuration whose seeds disagree takes the most
/// frequent diagnosis, the more severe one on a tie.
/// </summary>
public static class Diagnoses
{
    /// <summary>
    /// Both curves rising, a train loss that ended at more than twice its initial loss, a loss or gradient NaN, or the
    /// engine stopped it as diverged: bad architecture or hyper-parameters.
    /// </summary>
    public const string Diverging = "diverging";
    /// <summary>
    /// Train flat far above the target loss (more than <see cref="AnalysisThresholds.StallTargetRatio"/> times it):
    /// learning stopped short, e.g. units died after a too-large step, or the learning rate is far too small.
    /// </summary>
    public const string Stalled = "stalled";
    /// <summary>Train falling while validation is flat or rising.</summary>
    public const string Overfitting = "overfitting";
    /// <summary>Train flat while validation falls: the two splits do not look alike.</summary>
    public const string SuspectData = "suspect-data";
    /// <summary>Both falling: more budget would help.</summary>
    public const string StillLearning = "still-learning";
    /// <summary>Both flat.</summary>
    public const string Converged = "converged";
    /// <summary>The trial threw (status failed); nothing to read.</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Failed, Diverging, Stalled, Overfitting, SuspectData, StillLearning, Converged];

    /// <summary>Lower is more severe.</summary>
    public static int Severity(string diagnosis)
    {
        for (int i = 0; i < All.Count; i++)
        {
            if (All[i] == diagnosis)
            {
                return i;
            }
        }

        return All.Count;
    }
}
