using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Analysis;

public sealed partial class SweepAnalysis
{
    /// <summary>
    /// Reads a run folder: every committed trial with its curve, and (unless
    /// <see cref="AnalysisOptions.LoadLayers"/> is off) the layer statistics of each trial's last
    /// evaluation point, which the flags need. <see cref="LayersOf"/> reads a trial's full layer
    /// history from the folder when asked. The spec's ranking settings apply unless the options
    /// override them.
    /// </summary>
    public static SweepAnalysis Load(RunFolder folder, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var ranking = folder.Spec.Ranking;
        options ??= new AnalysisOptions();
        options = options with
        {
            TargetLoss = options.TargetLoss ?? ranking.TargetLoss,
            DefaultRankBy = options.DefaultRankBy ?? ranking.By,
        };

        var reader = folder.CreateReader();
        // The three tables are independent files: read them side by side.
        var curvesTask = Task.Run(() => Curves(reader));
        var layersTask = options.LoadLayers ? Task.Run(() => LastLayers(reader)) : Task.FromResult(new Dictionary<TrialId, List<LayerPoint>>());
        var rows = reader.ReadTrials().ToList();
        var curves = curvesTask.GetAwaiter().GetResult();
        var lastLayers = layersTask.GetAwaiter().GetResult();
        var trials = rows.Select(row =>
        {
            var curve = curves.TryGetValue(row.TrialId, out var points) ? points : [];
            curve.Sort((a, b) => a.Step.CompareTo(b.Step));
            return new TrialData(row.TrialId, row.Config, row.Status, row.Summary, row.DurationSeconds, curve,
                lastLayers.TryGetValue(row.TrialId, out var layers) ? layers : [])
            {
                StopRule = row.StopRule,
                StopReason = row.StopReason,
            };
        }).ToList();

        return new SweepAnalysis(folder.Name, trials, options, id => [.. reader.ReadLayers([id]).Select(l => l.Point).OrderBy(p => p.Step).ThenBy(p => p.Layer)], folder.Spec);
    }

    private static Dictionary<TrialId, List<EvalPoint>> Curves(ResultsReader reader)
    {
        var curves = new Dictionary<TrialId, List<EvalPoint>>();
        foreach (var row in reader.ReadCurves())
        {
            if (!curves.TryGetValue(row.TrialId, out var points))
            {
                curves[row.TrialId] = points = [];
            }

            points.Add(row.Point);
        }

        return curves;
    }

    /// <summary>Per trial, the layer rows of its last evaluation step (memory stays one step per trial).</summary>
    private static Dictionary<TrialId, List<LayerPoint>> LastLayers(ResultsReader reader)
    {
        var last = new Dictionary<TrialId, List<LayerPoint>>();
        foreach (var row in reader.ReadLayers())
        {
            if (!last.TryGetValue(row.TrialId, out var points))
            {
                last[row.TrialId] = [row.Point];
            }
            else if (row.Point.Step > points[0].Step)
            {
                points.Clear();
                points.Add(row.Point);
            }
            else if (row.Point.Step == points[0].Step)
            {
                points.Add(row.Point);
            }
        }

        return last;
    }
}
