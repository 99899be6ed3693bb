using Sweep.Specs;
using Sweep.Actors.Cluster;
using Sweep.Actors.Workers;
using Sweep.Results;

namespace Sweep.Actors;

/// <summary>How <see cref="SweepRunner.RunAsync"/> runs a sweep.</summary>
public sealed record SweepRunOptions
{
    /// <summary>Run folder (created, resumed or extended per <see cref="Mode"/>).</summary>
    public required string OutputPath { get; init; }

    /// <summary>Worker slots in this process (one trial each, on its own thread); 0 = remote workers only.</summary>
    public int LocalSlots { get; init; } = Environment.ProcessorCount;

    /// <summary>Address to bind and advertise; workers on other machines need a name or IP they can reach.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Port workers join (<c>sweep-worker --join host:port</c>); 0 = any free port.</summary>
    public int Port { get; init; } = SweepDefaults.Port;

    public RunFolderMode Mode { get; init; } = RunFolderMode.New;

    /// <summary>Overrides the spec's stopping rule (Start-Sweep -Stopping, sweep-worker coordinate --stopping); null = the spec's.</summary>
    public StopRuleKind? Stopping { get; init; }

    /// <summary>Resume a folder that ran under another stopping rule (its pruned trials stay pruned); refused otherwise.</summary>
    public bool AllowStoppingChange { get; init; }

    /// <summary>
    /// Keeps the trials an earlier run committed as failed as they are. By default a run that continues a folder
    /// (resume, or new or extend over an existing one) runs them again, says so first, and their new rows supersede
    /// the failed ones; trials that completed, diverged or were pruned are never run again.
    /// </summary>
    public bool SkipFailed { get; init; }

    /// <summary>Allow more than SpecLimits.MaxTrialsWithoutForce trials.</summary>
    public bool Force { get; init; }

    /// <summary>Attempts per trial (failures, missed deadlines, lost workers) before it is recorded as failed.</summary>
    public int MaxAttempts { get; init; } = SweepDefaults.MaxAttempts;

    /// <summary>Deadline per attempt; null = none.</summary>
    public TimeSpan? TrialTimeout { get; init; }

    /// <summary>Give up (TimeoutException) when no worker has been connected for this long while trials wait; null = wait forever.</summary>
    public TimeSpan? NoWorkerTimeout { get; init; }

    public TlsOptions? Tls { get; init; }

    /// <summary>
    /// How long a trial that every connected worker declined (its dataset is on none of them) waits for a worker
    /// that can load it to join, before it is recorded as failed. Zero gives it up at once.
    /// </summary>
    public TimeSpan DeclineGrace { get; init; } = DefaultDeclineGrace;

    /// <summary>Default of <see cref="DeclineGrace"/>.</summary>
    public static readonly TimeSpan DefaultDeclineGrace = SweepDefaults.DeclineGrace;

    /// <summary>
    /// Test and benchmark hook: what local slots run instead of Trainer.Run (e.g. a no-op trial to
    /// measure dispatch overhead). Null = Trainer.Run. Remote workers always run Trainer.Run.
    /// </summary>
    internal TrialRunner? TrialRunner { get; init; }

    /// <summary>Test hook: the split-brain resolver's stable-after (default <see cref="ClusterConfig.DefaultStableAfter"/>).</summary>
    internal TimeSpan? StableAfter { get; init; }

    /// <summary>Test hook: HOCON that overrides the node's configuration (e.g. serialize-messages = on).</summary>
    internal string? ExtraHocon { get; init; }
}
