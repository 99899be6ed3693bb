using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling;

/// <summary>A trial that has not been published yet: its id (TrialId.Of) and canonical config.</summary>
internal sealed record PendingTrial(TrialId TrialId, TrialConfig Config);
