using Sweep.Engine.Training;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Workers;

/// <summary>
/// Splits a finished trial into messages that each fit Akka's 128,000-byte frame: a serialized eval
/// point takes 85 bytes and a layer point about 75, so a slice holds at most 1,000 points of
/// both kinds together (under 90,000 bytes with headers), curve points first; the last slice
/// rides in <see cref="TrialFinished"/> itself, so a typical trial is one message.
/// </summary>
internal static class ResultChunks
{
    public const int MaxPointsPerSlice = 1000;

    public static (List<TrialResultPart> Parts, TrialFinished Finished) Split(TrialFinished whole)
    {
        if (whole.Curve.Count + whole.Layers.Count <= MaxPointsPerSlice)
        {
            return ([], whole with { PartsBefore = 0 });
        }

        // Slice k covers points [k * Max, (k + 1) * Max) of the curve followed by the layers.
        var slices = new List<(IReadOnlyList<EvalPoint> Curve, IReadOnlyList<LayerPoint> Layers)>();
        int total = whole.Curve.Count + whole.Layers.Count;
        for (int start = 0; start < total; start += MaxPointsPerSlice)
        {
            int end = Math.Min(total, start + MaxPointsPerSlice);
            int curveEnd = Math.Min(end, whole.Curve.Count);
            var curve = Slice(whole.Curve, start, curveEnd);
            var layers = Slice(whole.Layers, Math.Max(0, start - whole.Curve.Count), end - whole.Curve.Count);
            slices.Add((curve, layers));
        }

        var parts = slices.Take(slices.Count - 1)
            .Select((s, index) => new TrialResultPart(whole.TrialId, whole.Attempt, index, s.Curve, s.Layers))
            .ToList();
        var last = slices[^1];
        return (parts, whole with { PartsBefore = parts.Count, Curve = last.Curve, Layers = last.Layers });
    }

    /// <summary>Puts a trial back together from its parts (in index order) and its finished message.</summary>
    public static (IReadOnlyList<EvalPoint> Curve, IReadOnlyList<LayerPoint> Layers) Join(IReadOnlyList<TrialResultPart> parts, TrialFinished finished)
    {
        var curve = parts.SelectMany(p => p.Curve).Concat(finished.Curve).ToArray();
        var layers = parts.SelectMany(p => p.Layers).Concat(finished.Layers).ToArray();
        return (curve, layers);
    }

    /// <summary>Items [start, end) of the list, clamped to it (empty when the range misses it).</summary>
    private static T[] Slice<T>(IReadOnlyList<T> list, int start, int end)
    {
        start = Math.Max(0, start);
        end = Math.Min(list.Count, end);
        if (end <= start)
        {
            return [];
        }

        var slice = new T[end - start];
        for (int i = 0; i < slice.Length; i++)
        {
            slice[i] = list[start + i];
        }

        return slice;
    }
}
