namespace Sweep.Actors.Tests.Cluster;

/// <summary>
/// A coordinator and a worker on two "hosts" (network namespaces joined by a veth pair), as sweep-worker
/// processes. Needs root and iproute2; skipped with the reason otherwise.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NetworkNamespaceClusterTests : IDisposable
{
    private const int Trials = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private readonly string _folder = TestSweeps.TempFolder();
    private readonly string _specPath;
    private readonly List<SweepProcess> _processes = [];

    public NetworkNamespaceClusterTests()
    {
        _specPath = _folder + ".json";
        // About a second per trial on an idle core: the sweep outlasts the outage on the coordinator's one slot.
        File.WriteAllText(_specPath, TestSweeps.SpecJson(lrs: 6, seeds: 4, steps: 1000, name: "hosts"));
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
    /// Both hosts run trials; the worker's link goes down for 30 s mid-sweep: the coordinator re-queues the
    /// worker's trials and goes on; the link comes back and the sweep completes with every trial committed once.
    /// </summary>
    [NetworkNamespaceFact]
    public async Task A_worker_cut_off_for_30_s_mid_sweep_has_its_trials_requeued_and_every_trial_is_committed_once()
    {
        using var hosts = new NetworkNamespaces();
        try
        {
            var coordinator = Start(hosts.Coordinator,
                "coordinate", "--spec", _specPath, "--output", _folder, "--slots", "1", "--hostname", hosts.CoordinatorAddress,
                "--port", "4053", "--stable-after", "4", "--no-worker-timeout", "200");
            var worker = Start(hosts.Worker,
                "--join", $"{hosts.CoordinatorAddress}:4053", "--hostname", hosts.WorkerAddress, "--slots", "1", "--stable-after", "4");
            await worker.WaitUntilAsync(w => w.Lines.Any(l => l.Contains(" joining ", StringComparison.Ordinal)), Patience, "the worker to start");
            string workerName = worker.WorkerName()!;

            await coordinator.WaitUntilAsync(
                c => c.FinishedBy(workerName) >= 1 || worker.HasExited, Patience, "a trial finished by the worker");
            Assert.False(worker.HasExited, "the worker stopped:\n" + string.Join("\n", worker.Lines));
            hosts.SetWorkerLinkDown(true);
            await coordinator.WaitUntilAsync(
                c => c.Lines.Any(l => l.Contains($"worker {workerName} lost", StringComparison.Ordinal)), Patience, "the coordinator to give the worker up");
            await Task.Delay(Outage);
            hosts.SetWorkerLinkDown(false);
            int exit = await coordinator.WaitForExitAsync(Patience);

            string output = string.Join("\n", coordinator.Lines);
            Assert.True(exit == 0, output);
            var finished = coordinator.FinishedTrialIds();
            Assert.Equal(Trials, finished.Count);
            Assert.Equal(Trials, finished.Distinct().Count());
            Assert.True(coordinator.FinishedBy(workerName) >= 1, output);
            Assert.True(coordinator.FinishedWorkers().Count(w => w.Worker.EndsWith("(local)", StringComparison.Ordinal)) >= 1, output);
            // Each host is named by its own address, without the port.
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
