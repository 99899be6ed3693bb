using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Sweep.Actors.Cluster;
using Sweep.Actors.Coordination;
using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Actors.Tls;
using Sweep.Actors.Workers;
using Sweep.Engine;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors;

/// <summary>
/// Runs a sweep: opens the run folder, starts this process's cluster node (the seed, role coordinator)
/// with the coordinator and <see cref="SweepRunOptions.LocalSlots"/> local slots, and returns when every
/// trial of the spec has a durable result (or on cancellation, with everything finished published and
/// the folder resumable). Remote workers join at Hostname:Port at any time.
/// </summary>
public static class SweepRunner
{
    /// <exception cref="SpecException">More than SpecLimits.MaxTrialsWithoutForce trials without Force; a race override without a target.</exception>
    /// <exception cref="RunFolderException">The output folder cannot be used (see its Reason).</exception>
    /// <exception cref="TimeoutException">No worker was connected for NoWorkerTimeout while trials waited.</exception>
    public static async Task<SweepSummary> RunAsync(
        SweepSpec spec, SweepRunOptions options, ISweepObserver observer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        Validate(options);
        SpecLimits.EnsureWithinLimit(spec, options.Force);
        if (options.Stopping is { } rule)
        {
            spec = spec.WithStoppingRule(rule);
        }

        var folder = RunFolder.Open(options.OutputPath, spec, options.Mode, options.AllowStoppingChange);
        var committed = folder.CommittedTrialStatuses();
        var retried = options.SkipFailed ? [] : FailedTrialsOf(spec, committed);
        var stopping = StoppingReplay.Decider(spec, folder, committed.Count, retried);
        var sync = StoppingReplay.Sync(spec, folder, committed.Count, retried);
        long total = spec.CountTrials();
        var trials = DispatchOrder.For(spec)
            .Select(config => new PendingTrial(TrialId.Of(config), config))
            .Where(trial => !committed.ContainsKey(trial.TrialId) || retried.Contains(trial.TrialId));
        if (retried.Count > 0)
        {
            observer.OnMessage(RetryingFailedMessage(retried.Count));
        }

        await using var writer = folder.CreateWriter();
        var system = StartNode(
            ClusterRoles.Coordinator, options.Hostname, options.Port, options.Tls, observer.OnMessage, options.StableAfter, options.ExtraHocon);
        try
        {
            var cluster = ClusterSystem.Get(system);
            cluster.Join(cluster.SelfAddress);
            string joinAddress = $"{cluster.SelfAddress.Host}:{cluster.SelfAddress.Port}";
            var done = new TaskCompletionSource<SweepSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
            var settings = new CoordinatorSettings(
                folder.SweepId, folder.Path, total, Math.Min(committed.Count - retried.Count, total), trials,
                options.MaxAttempts, options.TrialTimeout, options.NoWorkerTimeout, options.DeclineGrace, EngineInfo.Protocol, joinAddress,
                observer, done, stopping, sync);
            var coordinator = system.ActorOf(CoordinatorActor.Props(settings, writer), ClusterRoles.CoordinatorActorName);
            if (options.LocalSlots > 0)
            {
                var local = new WorkerSettings(
                    options.LocalSlots, WorkerIdentity.Local(options.Hostname), EngineInfo.Protocol,
                    options.TrialRunner ?? EngineBindings.Train, EngineBindings.CanResolve, coordinator, _ => { }, null);
                system.ActorOf(WorkerActor.Props(local), ClusterRoles.WorkerActorName);
            }

            using var cancel = cancellationToken.Register(() => coordinator.Tell(CancelSweep.Instance));
            return await done.Task.ConfigureAwait(false);
        }
        finally
        {
            await NodeShutdown.StopAsync(system, joinedItself: true).ConfigureAwait(false);
        }
    }

    /// <summary>What a sweep that reruns failed trials says first; the front ends name their own switch for <c>--skip-failed</c>.</summary>
    public static string RetryingFailedMessage(long count) =>
        $"retrying {count} failed trial{(count == 1 ? "" : "s")} of the earlier run; --skip-failed to keep {(count == 1 ? "it" : "them")} as failed";

    /// <summary>
    /// The trials of <paramref name="spec"/> committed as failed: a resume runs them again (their new rows supersede the
    /// failed ones). An extended folder may hold failed trials of its earlier spec: those stay as they are.
    /// </summary>
    private static HashSet<TrialId> FailedTrialsOf(SweepSpec spec, IReadOnlyDictionary<TrialId, TrialStatus> committed)
    {
        var failed = committed.Where(p => p.Value == TrialStatus.Failed).Select(p => p.Key).ToHashSet();
        if (failed.Count > 0)
        {
            failed.IntersectWith(spec.EnumerateTrials().Select(TrialId.Of));
        }

        return failed;
    }

    /// <summary>
    /// Creates a node's actor system; a port that cannot be bound becomes an error naming it. With TLS,
    /// <paramref name="onTlsRefused"/> hears each peer whose certificate this node refused, and why.
    /// </summary>
    /// <exception cref="TlsSetupException">The TLS files cannot be used (the message says which and why).</exception>
    internal static ActorSystem StartNode(
        string role, string hostname, int port, TlsOptions? tls, Action<string> onTlsRefused, TimeSpan? stableAfter, string? extraHocon = null)
    {
        var config = ClusterConfig.Build(role, hostname, port, tls, strictSerialization: true, stableAfter);
        if (extraHocon is not null)
        {
            config = ConfigurationFactory.ParseString(extraHocon).WithFallback(config);
        }

        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        var setup = tls is null ? ActorSystemSetup.Create(bootstrap) : bootstrap.And(NodeTls.Load(tls).Setup(onTlsRefused));
        try
        {
            return ActorSystem.Create(ClusterRoles.SystemName, setup);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string hint = port == 0 ? "" : "; is another sweep or worker using it? choose another port, or 0 for any";
            throw new InvalidOperationException($"cannot listen on {hostname}:{port}: {e.GetBaseException().Message}{hint}", e);
        }
    }

    private static void Validate(SweepRunOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OutputPath))
        {
            throw new ArgumentException("SweepRunOptions.OutputPath: a run folder path is required", nameof(options));
        }

        if (options.LocalSlots < 0)
        {
            throw new ArgumentException($"SweepRunOptions.LocalSlots: must be 0 (remote workers only) or more, not {options.LocalSlots}", nameof(options));
        }

        if (options.MaxAttempts < 1)
        {
            throw new ArgumentException($"SweepRunOptions.MaxAttempts: must be at least 1, not {options.MaxAttempts}", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"SweepRunOptions.Port: must be 0..65535, not {options.Port}", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Hostname))
        {
            throw new ArgumentException("SweepRunOptions.Hostname: a host name or IP address is required", nameof(options));
        }

        if (options.DeclineGrace < TimeSpan.Zero)
        {
            throw new ArgumentException($"SweepRunOptions.DeclineGrace: must be zero or positive, not {options.DeclineGrace}", nameof(options));
        }

        if (options.TrialTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SweepRunOptions.TrialTimeout: must be positive, not {timeout}", nameof(options));
        }
    }
}
