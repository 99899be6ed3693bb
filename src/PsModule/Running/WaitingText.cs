using System.Globalization;
using Sweep.Actors;

namespace Sweep.PsModule.Running;

/// <summary>Why trials wait (every connected worker declined them), in one line for Get-SweepStatus.</summary>
internal static class WaitingText
{
    /// <summary>
    /// "2 trials wait for a worker that can load their dataset (dataset file '/data/x.csv' not found); the first is given
    /// up at 12:00:30 UTC unless one joins"; empty when none waits.
    /// </summary>
    public static string Of(IReadOnlyList<WaitingTrial> waiting)
    {
        if (waiting.Count == 0)
        {
            return "";
        }

        string reasons = string.Join("; ", waiting.Select(w => w.Reason).Distinct(StringComparer.Ordinal).Take(3));
        var first = waiting.Min(w => w.GivenUpAtUtc);
        return waiting.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"1 trial waits for a worker that can load its dataset ({reasons}); given up at {first:HH:mm:ss} UTC unless one joins")
            : string.Create(CultureInfo.InvariantCulture, $"{waiting.Count} trials wait for a worker that can load their dataset ({reasons}); the first is given up at {first:HH:mm:ss} UTC unless one joins");
    }
}
