using Sweep.Actors.Workers;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Coordination;

/// <summary>
/// Puts finished trials back together from the <see cref="TrialResultPart"/>s sent before their
/// <see cref="TrialFinished"/>. Parts arrive in index order (Akka keeps the order between two actors); part 0
/// starts a trial over, so a re-send or a new attempt replaces what came before. A part that does not extend
/// the parts held (out of order, a gap, another attempt) is dropped; the finished message then finds its
/// result incomplete and is dropped too: the worker re-sends the whole result until it is acknowledged.
/// </summary>
internal sealed class ResultAssembly
{
    private readonly Dictionary<TrialId, PartialResult> _partials = [];

    /// <summary>Trials with parts held and no finished message yet.</summary>
    public int Incomplete => _partials.Count;

    public void Add(TrialResultPart part)
    {
        if (part.Index == 0)
        {
            _partials[part.TrialId] = new PartialResult(part.Attempt);
        }

        if (_partials.TryGetValue(part.TrialId, out var partial) && partial.Attempt == part.Attempt && partial.Parts.Count == part.Index)
        {
            partial.Parts.Add(part);
        }
    }

    /// <summary>
    /// The whole result of <paramref name="finished"/>, or null when its parts are not all here for its attempt.
    /// Either way the parts held for the trial are released.
    /// </summary>
    public (IReadOnlyList<EvalPoint> Curve, IReadOnlyList<LayerPoint> Layers)? Complete(TrialFinished finished)
    {
        IReadOnlyList<TrialResultPart> parts = [];
        if (finished.PartsBefore > 0)
        {
            if (!_partials.Remove(finished.TrialId, out var partial)
                || partial.Attempt != finished.Attempt
                || partial.Parts.Count != finished.PartsBefore)
            {
                return null;
            }

            parts = partial.Parts;
        }

        return ResultChunks.Join(parts, finished);
    }

    private sealed class PartialResult(int attempt)
    {
        public int Attempt { get; } = attempt;
        public List<TrialResultPart> Parts { get; } = [];
    }
}
