using System.Globalization;
using Akka.Actor;
using Sweep.Actors.Cluster;
using Sweep.Actors.Tls;
using Sweep.Actors.Workers;
using Sweep.Engine;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors;

/// <summary>
/// A worker node that joins a coordinator (<c>sweep-worker</c>, Start-SweepWorker). It keeps trying to
/// join until the coordinator is up, and when the coordinator is lost (finished, killed, unreachable) it
/// starts a fresh cluster node and joins again, so one long-lived worker serves sweep after sweep.
/// </summary>
public static class WorkerNode
{
    private static readonly TimeSpan RejoinDelay = TimeSpan.FromSeconds(2);

    /// <summary>Returns when <paramref name="cancellationToken"/> is cancelled (after leaving the cluster gracefully).</summary>
    /// <exception cref="ArgumentException">Bad options; the message names the option.</exception>
    /// <exception cref="InvalidOperationException">
    /// The coordinator refused this worker (e.g. another engine version), or TLS handshakes with it kept failing
    /// (<see cref="WorkerOptions.MaxJoinFailures"/>); also <see cref="TlsSetupException"/> for unusable TLS files.
    /// </exception>
    public static async Task RunAsync(WorkerOptions options, Action<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (host, port) = ParseJoin(options.Join);
        if (options.Slots < 1)
        {
            throw new ArgumentException($"slots: must be at least 1, not {options.Slots}", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"port: must be 0..65535, not {options.Port}", nameof(options));
        }

        var identity = WorkerIdentity.Of(options.Name, options.Hostname);
        log ??= _ => { };
        var failures = new JoinFailures(options.MaxJoinFailures, options.JoinGiveUpAfter);
        while (!cancellationToken.IsCancellationRequested)
        {
            var exit = await RunOnceAsync(options, identity, host, port, failures, log, cancellationToken).ConfigureAwait(false);
            if (exit is null)
            {
                return;
            }

            if (exit.Refused)
            {
                throw new InvalidOperationException($"cannot work for the coordinator at {options.Join}: {exit.Reason}");
            }

            log($"rejoining {options.Join} in {RejoinDelay.TotalSeconds:0} s");
            try
            {
                await Task.Delay(RejoinDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>"host:port" -> its parts; a clear error otherwise.</summary>
    public static (string Host, int Port) ParseJoin(string join)
    {
        int colon = join?.LastIndexOf(':') ?? -1;
        if (join is null || colon <= 0 || colon == join.Length - 1)
        {
            throw new ArgumentException($"join: expected host:port (e.g. 10.0.0.5:4053), not '{join}'", nameof(join));
        }

        string portText = join[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"join: port must be a number 1..65535, not '{portText}' in '{join}'", nameof(join));
        }

        return (join[..colon], port);
    }

    /// <summary>
    /// Enforces the time bound of <see cref="JoinFailures"/> when no further attempt fails to report it (e.g. the
    /// remoting stops retrying): checks once a second until <paramref name="stop"/>.
    /// </summary>
    private static async Task GiveUpWhenOverdueAsync(JoinFailures failures, TaskCompletionSource<WorkerExit> exit, CancellationToken stop)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await ticks.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (failures.Overdue() is { } giveUp)
                {
                    exit.TrySetResult(new WorkerExit(true, giveUp));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The membership ended otherwise.
        }
    }

    /// <summary>One membership: null when cancelled, else why the node left (refused, or coordinator lost).</summary>
    private static async Task<WorkerExit?> RunOnceAsync(
        WorkerOptions options, WorkerIdentity identity, string host, int port, JoinFailures failures, Action<string> log, CancellationToken cancellationToken)
    {
        var exit = new TaskCompletionSource<WorkerExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        failures.Joining();
        void Dropped(string reason) => Report(failures.Record(reason));
        void Unanswered(string reason) => Report(failures.Unanswered(reason));
        void Report(JoinFailure? failure)
        {
            if (failure is not null)
            {
                log(failure.Reason);
                if (failure.GiveUp is not null)
                {
                    exit.TrySetResult(new WorkerExit(true, failure.GiveUp));
                }
            }
        }

        string hint = options.Tls is null
            ? "if the coordinator uses TLS, give this worker a certificate it trusts (--tls-cert and --tls-trust)"
            : "most likely the coordinator does not trust this node's certificate (its log names the reason), or it does not use TLS";
        var coordinator = new Address(options.Tls is null ? "akka.tcp" : "akka.ssl.tcp", ClusterRoles.SystemName, host, port);
        var system = SweepRunner.StartNode(ClusterRoles.Worker, options.Hostname, options.Port, options.Tls, failures.Refused, options.StableAfter);
        try
        {
            var cluster = ClusterSystem.Get(system);
            cluster.RegisterOnMemberUp(failures.Joined);
            system.ActorOf(
                JoinWatchActor.Props(
                    coordinator,
                    reason => Dropped($"the coordinator at {host}:{port} dropped the connection before this node joined ({reason}); {hint}"),
                    reason => Unanswered($"the coordinator at {host}:{port} did not answer this node's association handshake ({reason})")),
                "join-failures");

            var settings = new WorkerSettings(
                options.Slots, identity, EngineInfo.Protocol, options.TrialRunner ?? EngineBindings.Train, options.DatasetCheck ?? EngineBindings.CanResolve, null, log, exit);
            system.ActorOf(WorkerActor.Props(settings), ClusterRoles.WorkerActorName);
            cluster.JoinSeedNodes([coordinator]);
            log($"worker {identity.Name} on {identity.Host} with {options.Slots} slot(s) joining {host}:{port}");

            var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
            using var overdue = new CancellationTokenSource();
            var watchdog = GiveUpWhenOverdueAsync(failures, exit, overdue.Token);
            var first = await Task.WhenAny(exit.Task, system.WhenTerminated, cancelled).ConfigureAwait(false);
            await overdue.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
            if (first == cancelled)
            {
                log("leaving the cluster");
                return null;
            }

            return first == exit.Task
                ? exit.Task.Result
                : new WorkerExit(false, "this node was removed from the cluster");
        }
        finally
        {
            await NodeShutdown.StopAsync(system, joinedItself: false).ConfigureAwait(false);
        }
    }
}
