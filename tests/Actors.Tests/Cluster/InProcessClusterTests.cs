using System.Collections.Concurrent;
using Akka.Actor;
using Sweep.Actors.Cluster;
using Sweep.Actors.Workers;
using Sweep.Engine;
using static Sweep.Actors.Protocol.SweepProtocol;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors.Tests.Cluster;

/// <summary>Several actor systems in this process on 127.0.0.1 forming one cluster: a coordinator and joined worker nodes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InProcessClusterTests : IDisposable
{
    private readonly string _folder = TestSweeps.TempFolder();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose() => TestSweeps.DeleteFolder(_folder);

    /// <summary>Each worker's first trial waits until both workers have joined, so both provably take work.</summary>
    [Fact]
    public async Task Two_joined_worker_nodes_share_the_sweep_and_every_trial_finishes_once()
    {
        var spec = TestSweeps.Spec(lrs: 4, seeds: 3);
        int port = Ports.Free();
        using var bothJoined = new ManualResetEventSlim();
        int joined = 0;
        var observer = new JoinWatchingObserver(() =>
        {
            if (Interlocked.Increment(ref joined) == 2)
            {
                bothJoined.Set();
            }
        });
        TrialRunner gated = (config, token, progress) =>
        {
            bothJoined.Wait(token);
            return TestSweeps.NoOp(config, token, progress);
        };

        var (summary, _) = await RunWithWorkers(spec, port, observer, null, gated, gated);

        Assert.Equal(12, summary.Completed);
        var rows = TestSweeps.ReadTrials(_folder);
        Assert.Equal(12, rows.Count);
        Assert.Equal(12, rows.Select(r => r.TrialId).Distinct().Count());
        // Two worker nodes in this process: two default names, one host without port.
        Assert.Equal(2, rows.Select(r => r.Worker).Distinct().Count());
        Assert.All(rows, r => Assert.StartsWith(WorkerIdentity.DefaultName, r.Worker, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal(Environment.MachineName + "@127.0.0.1", r.WorkerHost));
    }

    [Fact]
    public async Task A_worker_with_another_engine_version_is_refused_with_both_versions_named()
    {
        var spec = TestSweeps.Spec(lrs: 1, seeds: 1);
        int port = Ports.Free();
        using var cancel = new CancellationTokenSource();
        using var release = new ManualResetEventSlim();
        var sweep = SweepRunner.RunAsync(
            spec,
            new SweepRunOptions
            {
                OutputPath = _folder, LocalSlots = 1, Port = port,
                TrialRunner = (c, t, p) => { release.Wait(t); return TestSweeps.NoOp(c, t, p); },
            },
            new RecordingObserver(), cancel.Token);
        var system = ActorSystem.Create(ClusterRoles.SystemName, ClusterConfig.Build(ClusterRoles.Worker, "127.0.0.1", 0, null));
        try
        {
            var coordinator = new Address("akka.tcp", ClusterRoles.SystemName, "127.0.0.1", port);
            ClusterSystem.Get(system).JoinSeedNodes([coordinator]);
            var selection = system.ActorSelection(new RootActorPath(coordinator) / "user" / ClusterRoles.CoordinatorActorName);

            var reply = await RetryAsk(selection, new RegisterWorker("old-box", 1, "0.0.1+old"));

            var refused = Assert.IsType<WorkerRefused>(reply);
            Assert.Contains("0.0.1+old", refused.Reason);
            Assert.Contains(EngineInfo.Version, refused.Reason);
        }
        finally
        {
            release.Set();
            await system.Terminate();
            await sweep;
        }
    }

    /// <summary>
    /// The only worker at the start lacks the dataset and declines every trial; the trials wait (the status says
    /// why) and go to a worker with the dataset that joins later.
    /// </summary>
    [Fact]
    public async Task Trials_every_worker_declines_wait_for_a_worker_with_the_dataset_that_joins_later()
    {
        var spec = TestSweeps.Spec(lrs: 2, seeds: 2);
        int port = Ports.Free();
        var observer = new RecordingObserver();
        using var stopWorkers = new CancellationTokenSource();
        var sweep = SweepRunner.RunAsync(
            spec,
            new SweepRunOptions { OutputPath = _folder, LocalSlots = 0, Port = port, DeclineGrace = TimeSpan.FromSeconds(120) },
            observer);
        var without = WorkerNode.RunAsync(
            new WorkerOptions { Join = $"127.0.0.1:{port}", Slots = 1, TrialRunner = TestSweeps.NoOp, DatasetCheck = _ => "no dataset on this box" },
            _log.Enqueue, stopWorkers.Token);
        Task? with = null;
        try
        {
            await WaitUntil(() => observer.Messages.Count(n => n.Contains("waits for a worker that can load its dataset", StringComparison.Ordinal)) >= 4,
                "every trial declined and waiting");
            // The progress (what Get-SweepStatus and the console show) says which trials wait, why, and until when.
            await WaitUntil(() => observer.Progress.Any(p => p.Waiting.Count == 4), "the progress to show four waiting trials");
            var waiting = observer.Progress.Last(p => p.Waiting.Count == 4).Waiting;
            Assert.All(waiting, w => Assert.Equal("no dataset on this box", w.Reason));
            Assert.All(waiting, w => Assert.InRange(w.GivenUpAtUtc, DateTime.UtcNow.AddSeconds(30), DateTime.UtcNow.AddSeconds(121)));
            Assert.Empty(observer.Finished);
            with = WorkerNode.RunAsync(
                new WorkerOptions { Join = $"127.0.0.1:{port}", Slots = 1, TrialRunner = TestSweeps.NoOp, DatasetCheck = _ => null },
                _log.Enqueue, stopWorkers.Token);

            var summary = await sweep.WaitAsync(TimeSpan.FromSeconds(90));

            Assert.Equal(4, summary.Completed);
            Assert.Equal(0, summary.Failed);
            Assert.Equal(4, TestSweeps.ReadTrials(_folder).Select(r => r.TrialId).Distinct().Count());
        }
        finally
        {
            stopWorkers.Cancel();
            await Task.WhenAll(with is null ? [without] : [without, with]).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited 90 s for {what}");
            }

            await Task.Delay(50);
        }
    }

    private async Task<(SweepSummary Summary, IReadOnlyCollection<string> Log)> RunWithWorkers(
        Specs.SweepSpec spec, int port, ISweepObserver observer, TlsOptions? tls, params TrialRunner[] workers)
    {
        using var stopWorkers = new CancellationTokenSource();
        var sweep = SweepRunner.RunAsync(
            spec, new SweepRunOptions { OutputPath = _folder, LocalSlots = 0, Port = port, Tls = tls, NoWorkerTimeout = TimeSpan.FromSeconds(60) },
            observer);
        var nodes = workers
            .Select(runner => WorkerNode.RunAsync(
                new WorkerOptions { Join = $"127.0.0.1:{port}", Slots = 1, Tls = tls, TrialRunner = runner }, _log.Enqueue, stopWorkers.Token))
            .ToList();
        try
        {
            return (await sweep.WaitAsync(TimeSpan.FromSeconds(90)), _log);
        }
        finally
        {
            stopWorkers.Cancel();
            await Task.WhenAll(nodes).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<object> RetryAsk(ActorSelection selection, object message)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await selection.Ask<object>(message, TimeSpan.FromSeconds(2));
            }
            catch (AskTimeoutException) when (attempt < 15)
            {
            }
        }
    }

    private sealed class JoinWatchingObserver(Action onJoined) : ISweepObserver
    {
        public void OnTrialFinished(Results.TrialRecord record)
        {
        }

        public void OnProgress(SweepProgress progress)
        {
        }

        public void OnMessage(string message)
        {
        }

        public void OnNotice(string notice)
        {
            if (notice.Contains(" joined with ", StringComparison.Ordinal))
            {
                onJoined();
            }
        }
    }
}
