namespace Sweep.Actors.Tests.Cluster;

/// <summary>
/// A coordinator and a worker on two "hosts" (network namespaces joined by a veth pair), as sweep-worker
/// processes. Needs root and iproute2; skipped with the reason otherwise.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NetworkNamespaceClusterTests : IDisposable
{
    private const int Trials = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private readonly string _folder = TestSweeps.TempFolder();
    private readonly string _specPath;
    private readonly List<SweepProcess> _processes = [];

    public NetworkNamespaceClusterTests()
    {
        _specPath = _folder + ".json";
        // The order of the steps below makes sure both hosts run some; the trials' length makes sure the worker is cut
        // off mid-sweep: 24 trials of 1,000 steps (a tenth of a second each on an idle core) were all finished by the
        // remote worker in the moment between its first result and the cut. 10,000 steps took a second or more once,
        // and under a fifth of a second (in process) once the engine got faster; a test polling every 100 ms on a busy
        // 2-core machine can see a result a second late (ProcessClusterTests did). Six trials of 60,000 steps take
        // 0.5-0.8 s each (in process, 2-core AMD EPYC), so the cut lands with trials to spare.
        File.WriteAllText(_specPath, TestSweeps.SpecJson(lrs: 3, seeds: 2, steps: 60000, name: "hosts"));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        TestSweeps.DeleteFolder(_folder);
        File.Delete(_specPath);
    }

    /// <summary>
    /// Both hosts run trials; the worker's link goes down for 30 s mid-sweep: the coordinator re-queues the worker's
    /// trials and goes on; the link comes back and the sweep completes with every trial committed once.
    /// The coordinator has no slots of its own: the remote worker is the only one until it has finished a trial and
    /// been cut off, and only then does a worker on the coordinator's host join and take the re-queued trials. Each
    /// step waits for the one before, so neither host can finish the sweep before the other has run a trial.
    /// </summary>
    [NetworkNamespaceFact]
    public async Task A_worker_cut_off_for_30_s_mid_sweep_has_its_trials_requeued_and_every_trial_is_committed_once()
    {
        using var hosts = new NetworkNamespaces();
        try
        {
            var coordinator = Start(hosts.Coordinator,
                "coordinate", "--spec", _specPath, "--output", _folder, "--slots", "0", "--hostname", hosts.CoordinatorAddress,
                "--port", "4053", "--stable-after", "4", "--no-worker-timeout", "200");
            var worker = Start(hosts.Worker,
                "--join", $"{hosts.CoordinatorAddress}:4053", "--hostname", hosts.WorkerAddress, "--slots", "1", "--stable-after", "4");
            await worker.WaitUntilAsync(w => w.Lines.Any(l => l.Contains(" joining ", StringComparison.Ordinal)), Patience, "the worker to start");
            string workerName = worker.WorkerName()!;

            await coordinator.WaitUntilAsync(
                c => c.FinishedBy(workerName) >= 1 || worker.HasExited || c.HasExited, Patience, "a trial finished by the worker");
            Assert.False(worker.HasExited, "the worker stopped:\n" + string.Join("\n", worker.Lines));
            hosts.SetWorkerLinkDown(true);
            await coordinator.WaitUntilAsync(
                c => c.Lines.Any(l => l.Contains($"worker {workerName} lost", StringComparison.Ordinal)), Patience, "the coordinator to give the worker up");
            Assert.True(coordinator.FinishedBy(workerName) < Trials, string.Join("\n", coordinator.Lines));
            Start(hosts.Coordinator,
                "--join", $"{hosts.CoordinatorAddress}:4053", "--hostname", hosts.CoordinatorAddress, "--slots", "1", "--stable-after", "4");
            await Task.Delay(Outage);
            hosts.SetWorkerLinkDown(false);
            int exit = await coordinator.WaitForExitWhileProgressingAsync(c => c.FinishedTrialIds().Count, Patience);

            string output = string.Join("\n", coordinator.Lines);
            Assert.True(exit == 0, output);
            var finished = coordinator.FinishedTrialIds();
            Assert.Equal(Trials, finished.Count);
            Assert.Equal(Trials, finished.Distinct().Count());
            Assert.True(coordinator.FinishedBy(workerName) >= 1, output);
            // The worker on the coordinator's host (started after the cut) ran the rest; each host is named by its own address, without the port.
            Assert.Contains(coordinator.FinishedWorkers(), w => w.Host.EndsWith("@" + hosts.CoordinatorAddress, StringComparison.Ordinal));
            Assert.Contains(coordinator.FinishedWorkers(), w => w.Worker == workerName && w.Host.EndsWith("@" + hosts.WorkerAddress, StringComparison.Ordinal));
            Assert.Contains(coordinator.Lines, l => l.Contains($"worker {workerName} lost", StringComparison.Ordinal) && l.Contains("re-queued", StringComparison.Ordinal));
            Assert.Equal(Trials, TestSweeps.ReadTrials(_folder).Select(r => r.TrialId).Distinct().Count());
            Assert.Equal(Trials, TestSweeps.ReadTrials(_folder).Count);
        }
        finally
        {
            foreach (var process in _processes)
            {
                process.Dispose();
            }
        }
    }

    private SweepProcess Start(string space, params string[] args)
    {
        var process = SweepProcess.StartInNamespace(space, args);
        _processes.Add(process);
        return process;
    }
}
