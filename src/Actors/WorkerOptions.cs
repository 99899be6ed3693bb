using Sweep.Actors.Cluster;
using Sweep.Actors.Tls;
using Sweep.Actors.Workers;

namespace Sweep.Actors;

/// <summary>How <see cref="WorkerNode.RunAsync"/> joins a sweep.</summary>
public sealed record WorkerOptions
{
    /// <summary>The coordinator's "host:port" (the machine running Start-Sweep; port 4053 by default).</summary>
    public required string Join { get; init; }

    /// <summary>Trials run at once on this machine, one per slot thread.</summary>
    public int Slots { get; init; } = Environment.ProcessorCount;

    /// <summary>Address this node binds and advertises: other machines must reach it under this name.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>0 = any free port.</summary>
    public int Port { get; init; }

    /// <summary>
    /// This worker's name in results and logs (<see cref="WorkerIdentity"/>): one word of at most 100 characters; null =
    /// machine name and process id. Restarting a worker under the same name keeps its <c>worker</c> value.
    /// </summary>
    public string? Name { get; init; }

    public TlsOptions? Tls { get; init; }

    /// <summary>
    /// Attempts to join a running coordinator that fail (it drops the connection: TLS refused on either end) after
    /// which the worker stops with the reason (<see cref="JoinFailures"/>). A coordinator not up yet is waited for.
    /// </summary>
    public int MaxJoinFailures { get; init; } = JoinFailures.DefaultLimit;

    /// <summary>
    /// Time after the coordinator first refused this worker in which it must join, else the worker stops with the
    /// reason; also bounds attempts the coordinator leaves unanswered after a refusal (<see cref="JoinFailures"/>).
    /// </summary>
    public TimeSpan JoinGiveUpAfter { get; init; } = JoinFailures.DefaultGiveUpAfter;

    /// <summary>Test and benchmark hook: what the slots run instead of Trainer.Run; null = Trainer.Run.</summary>
    internal TrialRunner? TrialRunner { get; init; }

    /// <summary>Test hook: whether this node has a trial's dataset, instead of looking for the file; null = look.</summary>
    internal DatasetCheck? DatasetCheck { get; init; }

    /// <summary>Test hook: the split-brain resolver's stable-after (default <see cref="ClusterConfig.DefaultStableAfter"/>).</summary>
    internal TimeSpan? StableAfter { get; init; }
}
