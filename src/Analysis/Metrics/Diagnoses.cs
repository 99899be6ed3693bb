namespace Sweep.Analysis;

/// <summary>
/// What a trial's curves say, in the words practitioners use: one diagnosis per trial, from the first rule that
/// applies in <see cref="All"/> order (the order follows from the definitions: a run that blew up is unstable
/// whatever its end looks like; a run that never learned is stalled, not converged). The rules and their thresholds
/// are in <see cref="CurveDiagnostics"/> and <see cref="AnalysisThresholds"/>. A configuration whose seeds disagree
/// takes the most frequent diagnosis, the earlier one in this order on a tie.
/// </summary>
public static class Diagnoses
{
    /// <summary>The trial threw (status failed); nothing to read.</summary>
    public const string Failed = "failed";
    /// <summary>The loss became NaN or infinite (the engine stopped the trial).</summary>
    public const string Diverged = "diverged";
    /// <summary>
    /// Stopped early by the sweep's stopping rule (status pruned) without having diverged: its curve is short because the
    /// rule judged it could no longer win, so it is not read as stalled, still learning or converged. It lost its race:
    /// the ranking puts it below every configuration that ran its budget and learned (see <see cref="Ranker"/>).
    /// </summary>
    public const string Pruned = "pruned";
    /// <summary>Finite but getting worse at the end: train (and validation) rising beyond their noise, well above the best reached.</summary>
    public const string Diverging = "diverging";
    /// <summary>Blew up at least once (several-fold above its running minimum), or ended above where it started; recovered or not.</summary>
    public const string Unstable = "unstable";
    /// <summary>Never learned: ended near the chance-level loss or barely below its initial loss.</summary>
    public const string Stalled = "stalled";
    /// <summary>Learned, and the validation loss rises (or the train/validation gap grows) over a sustained window.</summary>
    public const string Overfitting = "overfitting";
    /// <summary>Learned, and the train loss (or, with train flat, the validation loss) is still falling at the end, beyond its noise: more budget would help.</summary>
    public const string StillLearning = "still-learning";
    /// <summary>Learned, clearly below chance, and flat at the end within its noise.</summary>
    public const string Converged = "converged";

    /// <summary>Every diagnosis, in the order the rules are applied (most severe first).</summary>
    public static readonly IReadOnlyList<string> All =
        [Failed, Diverged, Pruned, Diverging, Unstable, Stalled, Overfitting, StillLearning, Converged];

    /// <summary>Diagnoses of runs that did not learn: they rank below every configuration that did.</summary>
    public static readonly IReadOnlySet<string> NotLearning = new HashSet<string>(StringComparer.Ordinal)
    {
        Failed, Diverged, Diverging, Unstable, Stalled,
    };

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

    /// <summary>
    /// Whether a trial with this diagnosis learned something by the end of its budget (ranks among the configurations
    /// that learned). A pruned trial did not run to the end of its budget, so it is neither: it ranks between the two.
    /// </summary>
    public static bool Learned(string diagnosis) => !NotLearning.Contains(diagnosis) && diagnosis != Pruned;
}
