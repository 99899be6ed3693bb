using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling;

/// <summary>A trial that will not be retried: record it as failed with <see cref="Error"/>.</summary>
internal sealed record TrialGaveUp(TrialId TrialId, TrialConfig Config, int Attempts, string Error);
