using System.Collections.Concurrent;
using Sweep.Actors.Tests.Cluster;
using Sweep.Actors.Tls;

namespace Sweep.Actors.Tests.Tls;

/// <summary>
/// Mutual TLS between in-process nodes on 127.0.0.1 with certificates made by the test: the coordinator holds
/// a certificate from CA A and trusts CA A only. Workers run no-op trials.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TlsClusterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How long a refused worker may take to stop: the time bound of its join failures (counted from the first
    /// refusal) plus a generous allowance for the coordinator to come up and refuse it first and for the node to
    /// shut down, on a machine loaded far beyond its cores.
    /// </summary>
    private static readonly TimeSpan RefusedWorkerDeadline = JoinFailures.DefaultGiveUpAfter + TimeSpan.FromSeconds(120);
    private readonly string _folder = TestSweeps.TempFolder();
    private readonly TestCertificates _certificates = new();
    private readonly ConcurrentQueue<string> _workerLog = new();

    public void Dispose()
    {
        TestSweeps.DeleteFolder(_folder);
        _certificates.Dispose();
    }

    [Fact]
    public async Task Nodes_holding_certificates_from_the_trusted_ca_complete_a_sweep()
    {
        int port = Ports.Free();
        using var stop = new CancellationTokenSource();
        var sweep = StartSweep(port, new RecordingObserver(), CancellationToken.None);
        var worker = StartWorker(port, _certificates.Options(_certificates.WorkerA, _certificates.CaA), stop.Token);
        try
        {
            var summary = await sweep.WaitAsync(Patience);

            Assert.Equal(2, summary.Completed);
            Assert.Equal(2, TestSweeps.ReadTrials(_folder).Count);
        }
        finally
        {
            stop.Cancel();
            await worker.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        // who, what the worker's error says, what the coordinator's warnings say ("" = nothing to check)
        { "stranger", "does not trust this node's certificate", "certificate 'CN=stranger' (issued by 'CN=stranger') does not chain" },
        { "other-ca", "does not trust this node's certificate", "(issued by 'CN=Sweep Test CA B') does not chain" },
        { "no-tls", "if the coordinator uses TLS, give this worker a certificate", "" },
        { "distrusts-coordinator", "certificate 'CN=coordinator' (issued by 'CN=Sweep Test CA A') does not chain", "" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_worker_without_mutual_trust_gets_no_work_and_stops_saying_why(string who, string workerSays, string coordinatorSays)
    {
        int port = Ports.Free();
        var observer = new RecordingObserver();
        using var stopSweep = new CancellationTokenSource();
        var sweep = StartSweep(port, observer, stopSweep.Token);
        var tls = who switch
        {
            "stranger" => _certificates.Options(_certificates.Stranger, _certificates.CaA),
            "other-ca" => _certificates.Options(_certificates.WorkerB, _certificates.CaA),
            "distrusts-coordinator" => _certificates.Options(_certificates.WorkerA, _certificates.CaB),
            _ => null,
        };
        using var stopWorker = new CancellationTokenSource();
        var worker = StartWorker(port, tls, stopWorker.Token);
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                try
                {
                    await worker.WaitAsync(RefusedWorkerDeadline);
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"the worker did not stop within {RefusedWorkerDeadline}; its log:\n{string.Join("\n", _workerLog)}");
                }
            });

            string log = string.Join("\n", _workerLog);
            Assert.True(refused.Message.Contains(workerSays, StringComparison.Ordinal), refused.Message + "\n" + log);
            // Three refusals, or (on a loaded machine) fewer within the attempt and time bounds after the first.
            Assert.Matches($@"^cannot work for the coordinator at 127\.0\.0\.1:{port}: joining failed \d+ times .*although the coordinator is up", refused.Message);
            if (coordinatorSays.Length > 0)
            {
                Assert.Contains(observer.Messages, m => m.StartsWith("TLS: refused the peer", StringComparison.Ordinal) && m.Contains(coordinatorSays, StringComparison.Ordinal));
            }
        }
        finally
        {
            stopWorker.Cancel();
            stopSweep.Cancel();
            var summary = await sweep.WaitAsync(Patience);
            Assert.Equal(0, summary.Completed);
            Assert.Empty(TestSweeps.ReadTrials(_folder));
        }
    }

    /// <summary>Refused connections (nobody listens yet) are not join failures: the worker waits, then works.</summary>
    [Fact]
    public async Task A_worker_started_long_before_its_coordinator_waits_for_it_and_works()
    {
        int port = Ports.Free();
        using var stop = new CancellationTokenSource();
        var worker = StartWorker(port, _certificates.Options(_certificates.WorkerA, _certificates.CaA), stop.Token);
        try
        {
            // Three join attempts (2 s apart) would have given up if a refused connection counted.
            await Task.WhenAny(worker, Task.Delay(TimeSpan.FromSeconds(8)));
            Assert.False(worker.IsCompleted, string.Join("\n", _workerLog));

            var summary = await StartSweep(port, new RecordingObserver(), CancellationToken.None).WaitAsync(Patience);

            Assert.Equal(2, summary.Completed);
        }
        finally
        {
            stop.Cancel();
            await worker.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private Task<SweepSummary> StartSweep(int port, ISweepObserver observer, CancellationToken cancellationToken) => SweepRunner.RunAsync(
        TestSweeps.Spec(lrs: 1, seeds: 2),
        new SweepRunOptions
        {
            OutputPath = _folder, LocalSlots = 0, Port = port, Tls = _certificates.Options(_certificates.CoordinatorA, _certificates.CaA),
        },
        observer,
        cancellationToken);

    private Task StartWorker(int port, TlsOptions? tls, CancellationToken cancellationToken) => WorkerNode.RunAsync(
        new WorkerOptions { Join = $"127.0.0.1:{port}", Slots = 1, Tls = tls, TrialRunner = TestSweeps.NoOp }, _workerLog.Enqueue, cancellationToken);
}
