using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling;

/// <summary>A trial given to a slot. <see cref="Attempt"/> counts from 1; DateTime.MaxValue means no deadline.</summary>
internal sealed record Assignment(SlotKey Slot, TrialId TrialId, int Attempt, DateTime DeadlineUtc, TrialConfig Config);
