using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Sweep.PsModule.Running;

namespace Sweep.PsModule.Tests.Running;

/// <summary>
/// Runs a small cmdlet that relays writes from thread-pool threads through <see cref="PipelineRelay{TProgress}"/>
/// in a hosted runspace, as Start-Sweep does with the runner's callbacks.
/// </summary>
public sealed class PipelineRelayTests
{
    [Fact]
    public void Writes_posted_from_many_threads_all_arrive_on_the_pipeline_thread()
    {
        using var shell = Shell();
        shell.AddCommand("Test-Relay").AddParameter("Count", 2000);

        var output = shell.Invoke();

        Assert.Equal(2000, output.Count);
        Assert.All(output, o => Assert.True((bool)o.Properties["OnPipelineThread"].Value));
        Assert.Equal(Enumerable.Range(0, 2000), output.Select(o => (int)o.Properties["Index"].Value).Order());
    }

    [Fact]
    public void Stopping_the_pipeline_cancels_the_work_and_waits_for_it_to_end()
    {
        using var started = new ManualResetEventSlim();
        using var ended = new ManualResetEventSlim();
        using var shell = Shell();
        shell.AddCommand("Test-Relay").AddParameter("Count", 3).AddParameter("Started", started).AddParameter("Ended", ended);

        var invocation = shell.BeginInvoke();
        Assert.True(started.Wait(TimeSpan.FromMinutes(1)), "the cmdlet did not start");
        shell.Stop();

        Assert.True(ended.IsSet, "Stop returned before the work ended");
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(invocation));
    }

    [Fact]
    public void An_exception_of_the_work_reaches_the_cmdlet()
    {
        using var shell = Shell();
        shell.AddCommand("Test-Relay").AddParameter("Count", 1).AddParameter("Fail", true);

        var error = Assert.Throws<CmdletInvocationException>(() => shell.Invoke());

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal("work failed", error.InnerException!.Message);
    }

    private static PowerShell Shell()
    {
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Test-Relay", typeof(TestRelayCommand), null));
        return PowerShell.Create(state);
    }
}

/// <summary>Posts <see cref="Count"/> writes from parallel threads; with <see cref="Started"/> it then runs until stopped.</summary>
[Cmdlet(VerbsDiagnostic.Test, "Relay")]
public sealed class TestRelayCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    [Parameter] public int Count { get; set; }
    [Parameter] public ManualResetEventSlim? Started { get; set; }
    [Parameter] public ManualResetEventSlim? Ended { get; set; }
    [Parameter] public SwitchParameter Fail { get; set; }

    protected override void ProcessRecord()
    {
        var pipelineThread = Environment.CurrentManagedThreadId;
        using var relay = new PipelineRelay<string>();
        var token = _cancellation.Token;
        var work = Task.Run(async () =>
        {
            try
            {
                Parallel.For(0, Count, i => relay.Post(cmdlet => cmdlet.WriteObject(new PSObject(new
                {
                    Index = i,
                    OnPipelineThread = Environment.CurrentManagedThreadId == pipelineThread,
                }))));
                relay.SetProgress("posted");
                if (Fail)
                {
                    throw new InvalidOperationException("work failed");
                }

                if (Started is not null)
                {
                    Started.Set();
                    await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                }

                return Count;
            }
            finally
            {
                Ended?.Set();
            }
        }, CancellationToken.None);

        relay.Run(work, this, _cancellation, progress =>
            WriteProgress(new ProgressRecord(1, "relay", progress ?? "done") { RecordType = progress is null ? ProgressRecordType.Completed : ProgressRecordType.Processing }));
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();
}
